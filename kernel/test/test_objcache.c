/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_objcache.c -- in-kernel tests of the single-level store: objects
 * fault in from the image cairn-mkimage built (disk-image/test.map, whose
 * OIDs arrive through build/test-map.h), capabilities validate lazily,
 * rescind voids every copy in O(1), restrictions hold, the cache evicts
 * under a small pool, and damaged objects are refused.
 */
#include "kernel/ktest.h"
#include "kernel/invoke.h"
#include "ckpt/objstore.h"
#include "kernel/hal.h"
#include "kernel/space.h"
#include "kernel/ipcstr.h"
#include "kernel/proc.h"
#include "kernel/test/ktobj.h"
#include "test-map.h"

/* ------------------------------------------------------------ helpers */

static cap_t
node_cap_of(uint64_t oid)
{
	struct obj_ret r = objcache_get(oid);
	return r.obj ? cap_to(r.obj, CT_NODE, 0, 0) : cap_void();
}

/* A fresh object from the top of its range (the map fills from 0). */
static cap_t
fresh(unsigned kind, uint32_t from_top)
{
	return kt_create(kind, kt_top_index(kind, from_top), NULL);
}

static int
write_slot(cap_t *node, unsigned slot, cap_t c)
{
	struct inv inv;
	return kt_invoke(node, OC_NODE_WRITE, slot, 0, &c, &inv);
}

static cap_t
read_slot(cap_t *node, unsigned slot)
{
	struct inv inv;
	if (kt_invoke(node, OC_NODE_READ, slot, 0, NULL, &inv) != RC_OK)
		return cap_make(0xff, 0, 0, 0, 0);   /* no such type: fails checks */
	return inv.rc[0];
}

/* -------------------------------------------------------------- tests */

TEST(store_open, "the test image's store has a valid generation-0 root")
{
	const ck_root_t *r = objstore_root();

	KT_CHECK(r != NULL);
	KT_CHECK_EQ(r->generation, 0);
	KT_CHECK(r->geo.node_count > 1000 && r->geo.page_count > 1000);
}

TEST(fault_in_matches_map, "objects fault in with the slots and bytes the map gave them")
{
	cap_t n = node_cap_of(MAP_OID_t_node);
	cap_t c;

	KT_CHECK(cap_type(&n) == CT_NODE);
	c = read_slot(&n, 0);
	KT_CHECK(cap_type(&c) == CT_NUMBER);
	KT_CHECK(cap_num(&c, 0) == 1 && cap_num(&c, 1) == 2 && cap_num(&c, 2) == 3);
	c = read_slot(&n, 1);
	KT_CHECK(cap_type(&c) == CT_PAGE && c.oid == MAP_OID_t_page);
	c = read_slot(&n, 2);
	KT_CHECK(cap_type(&c) == CT_NODE && c.oid == MAP_OID_t_child);
	KT_CHECK_EQ(cap_restr(&c), CAP_R_RO);
	c = read_slot(&n, 3);
	KT_CHECK(cap_type(&c) == CT_START && cap_badge(&c) == 42);
	c = read_slot(&n, 4);
	KT_CHECK(cap_type(&c) == CT_VOID);

	cap_t p = read_slot(&n, 1);
	struct inv inv;
	uint8_t buf[32];
	memset(&inv, 0, sizeof inv);
	inv.cap = &p;
	inv.order = OC_PAGE_READ;
	inv.w[1] = 16;
	inv.rs = buf;
	inv.rs_max = sizeof buf;
	KT_CHECK_EQ(invoke_kernel(&inv), RC_OK);
	KT_CHECK_EQ(inv.rslen, 16);
	KT_CHECK(memcmp(buf, "Cairn test page\n", 16) == 0);
	KT_CHECK(check_consistency("fault_in_matches_map") > 0);
}

TEST(capability_copy_and_validation, "a copy is 16 bytes; every copy is valid until rescind")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 0);
	cap_t holder = fresh(CK_OID_KIND_NODE, 0);
	cap_t copy = page;           /* copying is a bit copy */

	KT_CHECK(cap_type(&page) == CT_PAGE && cap_type(&holder) == CT_NODE);
	KT_CHECK(cap_valid(&copy));
	KT_CHECK_EQ(write_slot(&holder, 7, page), RC_OK);
	cap_t back = read_slot(&holder, 7);
	KT_CHECK(cap_equal(&back, &page));
	KT_CHECK_EQ(kt_rescind(&page), RC_OK);
	KT_CHECK(!cap_valid(&copy));
	KT_CHECK(cap_type(&copy) == CT_VOID);       /* voided in place */
	back = read_slot(&holder, 7);
	KT_CHECK(!cap_valid(&back));
	/* A fresh capability after rescind carries the new count. */
	cap_t again = fresh(CK_OID_KIND_PAGE, 0);
	KT_CHECK(cap_valid(&again) && again.count == page.count + 1);
}

#define COPIES 10000u

static uint64_t
timed_rescind(const cap_t *c, int *rc)
{
	uint64_t t0 = hal_rdtsc();
	*rc = kt_rescind(c);
	return hal_rdtsc() - t0;
}

TEST(rescind_is_o1, "rescind voids 10,000 stored copies at the cost of rescinding one")
{
	cap_t one = fresh(CK_OID_KIND_PAGE, 1), many = fresh(CK_OID_KIND_PAGE, 2);
	unsigned holders = (COPIES + CK_NODE_SLOTS - 1) / CK_NODE_SLOTS;
	int rc1, rc2;

	cap_t h0 = fresh(CK_OID_KIND_NODE, 1);
	KT_CHECK_EQ(write_slot(&h0, 0, one), RC_OK);
	for (unsigned i = 0, k = 0; i < holders; i++) {
		cap_t h = fresh(CK_OID_KIND_NODE, 2 + i);
		for (unsigned s = 0; s < CK_NODE_SLOTS && k < COPIES; s++, k++)
			KT_CHECK_EQ(write_slot(&h, s, many), RC_OK);
	}
	uint64_t cost1 = timed_rescind(&one, &rc1);
	uint64_t cost2 = timed_rescind(&many, &rc2);
	KT_CHECK(rc1 == RC_OK && rc2 == RC_OK);
	kprintf("KTEST rescind cost: 1 copy %llu instructions, %u copies %llu instructions\n",
		(unsigned long long)cost1, COPIES, (unsigned long long)cost2);
	unsigned voided = 0;
	for (unsigned i = 0; i < holders; i++) {
		cap_t h = fresh(CK_OID_KIND_NODE, 2 + i);
		for (unsigned s = 0; s < CK_NODE_SLOTS; s++) {
			cap_t c = read_slot(&h, s);
			voided += cap_type(&c) == CT_PAGE && !cap_valid(&c);
		}
	}
	kprintf("KTEST rescind voided %u of %u copies\n", voided, COPIES);
	KT_CHECK_EQ(voided, COPIES);
	cap_t c0 = read_slot(&h0, 0);
	KT_CHECK(!cap_valid(&c0));
	if (hal_option("icount")) {   /* rdtsc counts instructions: compare */
		uint64_t d = cost1 > cost2 ? cost1 - cost2 : cost2 - cost1;
		KT_CHECK(d * 20 <= cost1);
	}
}

TEST(rescind_reaches_evicted_copies, "copies in nodes evicted to disk are void when faulted back")
{
	static const uint64_t holders[] = { MAP_OID_ev_holder0, MAP_OID_ev_holder1 };
	struct obj_ret t = objcache_get(MAP_OID_ev_target);

	KT_CHECK(t.obj != NULL);
	cap_t tcap = cap_to(t.obj, CT_PAGE, 0, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(holders); i++) {
		struct obj_ret h = objcache_get(holders[i]);
		KT_CHECK(h.obj != NULL);
		KT_CHECK(cap_equal(&obj_node(h.obj)->slot[31], &tcap));
		KT_CHECK(objcache_evict(h.obj));            /* clean: goes */
		KT_CHECK(objcache_lookup(holders[i]) == NULL);
	}
	KT_CHECK_EQ(kt_rescind(&tcap), RC_OK);
	for (unsigned i = 0; i < ARRAY_SIZE(holders); i++) {
		cap_t h = node_cap_of(holders[i]);          /* faults in again */
		for (unsigned s = 0; s < CK_NODE_SLOTS; s++) {
			cap_t c = read_slot(&h, s);
			KT_CHECK(cap_type(&c) == CT_PAGE);   /* stale on disk ... */
			KT_CHECK(!cap_valid(&c));            /* ... and void in use */
		}
	}
}

TEST(restrictions, "read-only, weak and opaque capabilities limit what their holder can do")
{
	cap_t n = fresh(CK_OID_KIND_NODE, 400), p = fresh(CK_OID_KIND_PAGE, 3);
	struct inv inv;

	KT_CHECK_EQ(write_slot(&n, 0, p), RC_OK);
	KT_CHECK_EQ(kt_invoke(&n, OC_NODE_RESTRICT, CAP_R_RO, 0, NULL, &inv), RC_OK);
	cap_t ro = inv.rc[0];
	KT_CHECK_EQ(write_slot(&ro, 1, p), RC_NO_ACCESS);
	cap_t got = read_slot(&ro, 0);
	KT_CHECK(cap_equal(&got, &p));                   /* RO reads full caps */
	KT_CHECK_EQ(kt_invoke(&n, OC_NODE_RESTRICT, CAP_R_WEAK, 0, NULL, &inv), RC_OK);
	cap_t weak = inv.rc[0];
	got = read_slot(&weak, 0);
	KT_CHECK_EQ(cap_restr(&got), CAP_R_RO | CAP_R_WEAK);   /* weakened */
	KT_CHECK_EQ(kt_invoke(&n, OC_NODE_RESTRICT, CAP_R_OPAQUE, 0, NULL, &inv), RC_OK);
	cap_t opaque = inv.rc[0];
	KT_CHECK_EQ(kt_invoke(&opaque, OC_NODE_READ, 0, 0, NULL, &inv), RC_NO_ACCESS);
	KT_CHECK_EQ(kt_invoke(&opaque, OC_NODE_INFO, 0, 0, NULL, &inv), RC_NO_ACCESS);
	/* Restrictions only accumulate. */
	KT_CHECK_EQ(kt_invoke(&ro, OC_NODE_RESTRICT, 0, 0, NULL, &inv), RC_OK);
	KT_CHECK_EQ(cap_restr(&inv.rc[0]), CAP_R_RO);
	/* Read-only page capability refuses writes. */
	KT_CHECK_EQ(kt_invoke(&p, OC_PAGE_RESTRICT, CAP_R_RO, 0, NULL, &inv), RC_OK);
	cap_t rop = inv.rc[0];
	memset(&inv, 0, sizeof inv);
	inv.cap = &rop;
	inv.order = OC_PAGE_WRITE;
	inv.s = (const uint8_t *)"x";
	inv.slen = 1;
	KT_CHECK_EQ(invoke_kernel(&inv), RC_NO_ACCESS);
	/* Bad arguments are errors, not crashes. */
	KT_CHECK_EQ(kt_invoke(&n, OC_NODE_READ, 32, 0, NULL, &inv), RC_BAD_ARG);
	KT_CHECK_EQ(kt_invoke(&n, 999, 0, 0, NULL, &inv), RC_UNKNOWN_REQUEST);
	cap_t v = cap_void();
	KT_CHECK_EQ(kt_invoke(&v, OC_NODE_READ, 0, 0, NULL, &inv), RC_VOID);
}

TEST(discrim_and_number, "Discrim classifies and compares; Number returns its bits")
{
	cap_t d = cap_make(CT_DISCRIM, 0, 0, 0, 0);
	cap_t p = fresh(CK_OID_KIND_PAGE, 4), num = cap_number(7, 8, 9);
	struct inv inv;

	KT_CHECK_EQ(kt_invoke(&d, OC_DISCRIM_CLASSIFY, 0, 0, &p, &inv), RC_OK);
	KT_CHECK_EQ(inv.rw[0], CT_PAGE);
	memset(&inv, 0, sizeof inv);
	inv.cap = &d;
	inv.order = OC_DISCRIM_COMPARE;
	inv.c[0] = p;
	inv.c[1] = cap_with_restr(p, CAP_R_RO);
	inv.nc = 2;
	KT_CHECK_EQ(invoke_kernel(&inv), RC_OK);
	KT_CHECK_EQ(inv.rw[0], 1);
	KT_CHECK_EQ(kt_rescind(&p), RC_OK);
	KT_CHECK_EQ(kt_invoke(&d, OC_DISCRIM_CLASSIFY, 0, 0, &p, &inv), RC_OK);
	KT_CHECK_EQ(inv.rw[0], CT_VOID);
	KT_CHECK_EQ(kt_invoke(&num, OC_NUMBER_READ, 0, 0, NULL, &inv), RC_OK);
	KT_CHECK(inv.rw[0] == 7 && inv.rw[1] == 8 && inv.rw[2] == 9);
}

TEST_EXPLICIT(eviction_small_pool, "a small cache evicts clean objects and faults them back intact")
{
	struct objcache_stats s0, s1;
	objcache_stats(&s0);
	uint32_t n = s0.node_pool * 3;

	/* Read three pools' worth of distinct map-made nodes, twice. */
	for (unsigned round = 0; round < 2; round++) {
		for (uint32_t i = 0; i < n; i++) {
			uint64_t oid = ck_oid_make(CK_OID_KIND_NODE, i);
			struct obj_ret r = objcache_get(oid);
			KT_CHECK(r.obj != NULL);
			KT_CHECK(obj_node(r.obj)->oid == oid);
		}
	}
	objcache_stats(&s1);
	kprintf("KTEST eviction: pool %u nodes, %u faults, %u evictions\n",
		s1.node_pool, s1.faults - s0.faults, s1.evictions - s0.evictions);
	KT_CHECK(s1.evictions - s0.evictions >= n);
	KT_CHECK(s1.nodes_used <= s1.node_pool);
	check_consistency("eviction_small_pool");
}

TEST_EXPLICIT(dirty_objects_stay, "dirty objects are never evicted; a pool of dirty nodes says so")
{
	struct objcache_stats s;
	objcache_stats(&s);
	cap_t range = kt_range();
	struct inv inv;
	int rc = RC_OK;
	uint32_t made = 0;
	/* A loaded process whose space is a node the fill leaves out. */
	uint64_t away = ck_oid_make(CK_OID_KIND_NODE, 9000);
	cap_t space = cap_make(CT_SPACE, 0, 1, 0, away);
	struct obj *root = kt_proc_root(100);
	KT_CHECK(root != NULL);
	obj_node(root)->slot[PR_SLOT_SPACE] = space;
	struct proc *p = proc_load(root, &rc);
	KT_CHECK(p != NULL);

	/* Creating marks objects allocated, hence dirty. */
	for (uint32_t i = 0; i < s.node_pool + 1 && rc == RC_OK; i++) {
		rc = kt_invoke(&range, OC_RANGE_CREATE, CK_OID_KIND_NODE, 5000 + i, NULL, &inv);
		made += rc == RC_OK;
	}
	kprintf("KTEST dirty: pool %u nodes, %u created before rc=%d\n", s.node_pool, made, rc);
	KT_CHECK_EQ(rc, RC_NO_SPACE);
	KT_CHECK(made <= s.node_pool);
	objcache_stats(&s);
	KT_CHECK(s.dirty >= made);
	/* The same answer wherever a full cache is met (docs/objects.md):
	 * invoking an object that is not cached, copying through a space
	 * whose tree is not cached, or a process's string through it -- and
	 * a page fault is retried. */
	KT_CHECK(objcache_lookup(away) == NULL);
	cap_t node = cap_make(CT_NODE, 0, 0, 0, away);
	KT_CHECK_EQ(kt_invoke(&node, OC_NODE_READ, 0, 0, NULL, &inv), RC_NO_SPACE);
	KT_CHECK_EQ(cap_type(&node), CT_NODE);           /* not voided */
	uint8_t byte;
	KT_CHECK_EQ(space_walk(&space, 0, false).fault, SPACE_NO_ROOM);
	KT_CHECK_EQ(space_copy_in(&space, 0, &byte, 1), RC_NO_SPACE);
	KT_CHECK_EQ(ipcstr_copy_in(p, 0, &byte, 1), RC_NO_SPACE);      /* walked */
	struct mapctx *ctx = mapctx_alloc();
	KT_CHECK(ctx);
	KT_CHECK_EQ(mapcache_fault(ctx, &space, 0, false), PF_NONE);
	p->ctx = ctx;
	KT_CHECK_EQ(ipcstr_copy_in(p, 0, &byte, 1), RC_NO_SPACE);      /* through the mapping */
	KT_CHECK_EQ(ipcstr_copy_out(p, 0, &byte, 1), RC_NO_SPACE);
	p->ctx = NULL;
	mapctx_free(ctx);
	proc_unload(p);
}

TEST_EXPLICIT(damaged_object_refused, "a node whose record fails its CRC is reported and never used")
{
	struct obj_ret r = objcache_get(MAP_OID_t_damaged);

	KT_CHECK(r.obj == NULL);
	KT_CHECK_EQ(r.err, OBJ_ERR_DAMAGED);
	KT_CHECK(objcache_lookup(MAP_OID_t_damaged) == NULL);
	cap_t c = cap_make(CT_NODE, 0, 0, 0, MAP_OID_t_damaged);
	struct inv inv;
	KT_CHECK_EQ(kt_invoke(&c, OC_NODE_READ, 0, 0, NULL, &inv), RC_IO_ERROR);
}
