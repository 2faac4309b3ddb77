/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_space.c -- in-kernel tests of Space trees (space.c) and the
 * mapping cache (mapcache.c, arch/i386/mmu.c).
 *
 * Trees are built the way a program builds them: objects created
 * through the Range capability, Space capabilities made with
 * OC_NODE_MAKE, slots filled with OC_NODE_WRITE.  Each test takes fresh
 * OIDs from the top of the store (test.map's objects are at the
 * bottom), so rescinds in one test cannot disturb another.
 *
 * The tests need a store to create objects in and one that nothing else
 * scribbles on: the disk tests of "all" overwrite store blocks.  So they
 * are explicit, run in their own boot by tests/system/test_space.py with
 * test=space_* (under -icount, so the rdtsc figures they print are
 * instruction counts).
 *
 * The hardware tests allocate a context, fault addresses into it,
 * activate it and read and write through user virtual addresses from
 * kernel mode (the PTEs are user pages, which the kernel may touch;
 * never a missing one: a kernel page fault halts the machine, so
 * absence is checked with mapctx_probe).  The kernel's own page
 * directory is restored after every test, failed or not (with_ctx).
 */
#include "kernel/ktest.h"
#include "kernel/test/ktobj.h"
#include "kernel/invoke.h"
#include "ckpt/objstore.h"
#include "kernel/space.h"
#include "kernel/hal.h"

/* ------------------------------------------------------------ helpers */

static uint32_t taken_nodes, taken_pages;

/* A fresh object index, from the top of the store down, away from the
 * objects test.map builds at the bottom. */
static uint32_t
fresh_index(unsigned kind)
{
	return kt_top_index(kind, kind == CK_OID_KIND_NODE ? taken_nodes++ : taken_pages++);
}

static int
call(cap_t *cap, uint32_t order, uint32_t w0, uint32_t w1, const cap_t *c0, cap_t *out)
{
	struct inv inv;
	int rc = kt_invoke(cap, order, w0, w1, c0, &inv);

	if (out)
		*out = inv.nrc ? inv.rc[0] : cap_void();
	return rc;
}

/* A fresh object of the given kind, through Range. */
static cap_t
create(unsigned kind)
{
	uint32_t index = fresh_index(kind);
	int rc;
	cap_t c = kt_create(kind, index, &rc);

	if (rc)
		ktest_fail(__FILE__, __LINE__, "Range create %u/%u: rc %d", kind, index, rc);
	return c;
}

static cap_t
new_page(void)
{
	return create(CK_OID_KIND_PAGE);
}

/* A Space capability of height h to a fresh node. */
static cap_t
new_space(unsigned h)
{
	cap_t n = create(CK_OID_KIND_NODE), s;
	int rc = call(&n, OC_NODE_MAKE, CT_SPACE, h, NULL, &s);

	if (rc)
		ktest_fail(__FILE__, __LINE__, "make Space h=%u: rc %d", h, rc);
	return s;
}

/* A capability to a page that stays clean (faulted in, never written). */
static cap_t
clean_page(void)
{
	struct obj_ret r = objcache_get(ck_oid_make(CK_OID_KIND_PAGE, fresh_index(CK_OID_KIND_PAGE)));

	if (!r.obj) {
		ktest_fail(__FILE__, __LINE__, "objcache_get: %s", obj_strerror(r.err));
		return cap_void();
	}
	return cap_to(r.obj, CT_PAGE, 0, 0);
}

static int
set_slot(cap_t node, unsigned slot, cap_t c)
{
	return call(&node, OC_NODE_WRITE, slot, 0, &c, NULL);
}

static cap_t
get_slot(cap_t node, unsigned slot)
{
	cap_t c;

	call(&node, OC_NODE_READ, slot, 0, NULL, &c);
	return c;
}

static struct obj *
obj_of(cap_t c)
{
	return cap_target(&c).obj;
}

static uint32_t *
body_word(cap_t page, uint32_t off)
{
	struct obj *o = obj_of(page);

	return o ? (uint32_t *)((uint8_t *)o->body + off) : NULL;
}

static int
rescind(cap_t c)
{
	return kt_rescind(&c);
}

static uint32_t
va_of(uint32_t s4, uint32_t s3, uint32_t s2, uint32_t s1, uint32_t off)
{
	return s4 << 27 | s3 << 22 | s2 << 17 | s1 << 12 | off;
}

/* Walk for a page; NULL with the fault in *pf. */
static struct obj *
walk(cap_t *space, uint32_t va, bool write, int *pf, bool *writable)
{
	struct space_walk w = space_walk(space, va, write);

	if (pf)
		*pf = w.fault;
	if (writable)
		*writable = w.writable;
	return w.page;
}

static uint32_t
flushes(void)
{
	struct mapcache_stats s;

	mapcache_stats(&s);
	return s.flushes;
}

/* --------------------------------------------------------- tree walks */

TEST_EXPLICIT(space_walk_heights, "walks at heights 1..4 find pages at the right offsets; holes and spans give not-present")
{
	KT_CHECK(objstore_is_open());
	cap_t root = new_space(4), h3 = new_space(3), h1 = new_space(1);
	cap_t p1 = new_page(), p2 = new_page();
	int pf;

	KT_CHECK_EQ(set_slot(root, 3, h3), RC_OK);
	KT_CHECK_EQ(set_slot(h3, 1, h1), RC_OK);       /* smaller child: start of the 4 MiB */
	KT_CHECK_EQ(set_slot(h1, 2, p1), RC_OK);
	KT_CHECK_EQ(set_slot(h3, 5, p2), RC_OK);       /* page straight in a 4 MiB slot */
	KT_CHECK(walk(&root, va_of(3, 1, 0, 2, 0x123), false, NULL, NULL) == obj_of(p1));
	KT_CHECK(walk(&root, va_of(3, 1, 0, 2, 0xfff), true, NULL, NULL) == obj_of(p1));
	KT_CHECK(!walk(&root, va_of(3, 1, 0, 3, 0), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);          /* void slot */
	KT_CHECK(!walk(&root, va_of(3, 1, 1, 2, 0), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);          /* beyond the h1 child's 128 KiB */
	KT_CHECK(walk(&root, va_of(3, 5, 0, 0, 8), false, NULL, NULL) == obj_of(p2));
	KT_CHECK(!walk(&root, va_of(3, 5, 0, 1, 0), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);          /* a page covers 4 KiB only */
	KT_CHECK(!walk(&root, va_of(4, 1, 0, 2, 0), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	/* h1 as a root spans 128 KiB; h2 as a root 4 MiB. */
	KT_CHECK(walk(&h1, va_of(0, 0, 0, 2, 4), false, NULL, NULL) == obj_of(p1));
	KT_CHECK(!walk(&h1, va_of(0, 0, 1, 2, 4), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	cap_t h2 = new_space(2);
	KT_CHECK_EQ(set_slot(h2, 31, h1), RC_OK);
	KT_CHECK(walk(&h2, va_of(0, 0, 31, 2, 0), false, NULL, NULL) == obj_of(p1));
	KT_CHECK(!walk(&h2, va_of(0, 1, 31, 2, 0), false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	/* A Page capability is a one-page space at 0; Void is empty. */
	KT_CHECK(walk(&p2, 0xffc, false, NULL, NULL) == obj_of(p2));
	KT_CHECK(!walk(&p2, 0x1000, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	cap_t v = cap_void();
	KT_CHECK(!walk(&v, 0, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	/* The last byte of a height-4 space. */
	KT_CHECK_EQ(set_slot(root, 31, h3), RC_OK);
	KT_CHECK_EQ(set_slot(h3, 31, h2), RC_OK);
	KT_CHECK_EQ(set_slot(h2, 30, h1), RC_OK);
	KT_CHECK(!walk(&root, 0xffffffffu, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	KT_CHECK_EQ(set_slot(h2, 31, h1), RC_OK);
	KT_CHECK_EQ(set_slot(h1, 31, p2), RC_OK);
	KT_CHECK(walk(&root, 0xffffffffu, false, NULL, NULL) == obj_of(p2));
}

TEST_EXPLICIT(space_walk_read_only, "a read-only or weak capability anywhere on the path makes the page read-only")
{
	KT_CHECK(objstore_is_open());
	cap_t root = new_space(3), mid = new_space(2), leaf = new_space(1);
	cap_t page = new_page();
	bool w;
	int pf;

	KT_CHECK_EQ(set_slot(root, 0, mid), RC_OK);
	KT_CHECK_EQ(set_slot(mid, 0, leaf), RC_OK);
	KT_CHECK_EQ(set_slot(leaf, 0, page), RC_OK);
	KT_CHECK_EQ(set_slot(leaf, 1, cap_with_restr(page, CAP_R_RO)), RC_OK);
	KT_CHECK_EQ(set_slot(mid, 1, cap_with_restr(leaf, CAP_R_WEAK)), RC_OK);
	KT_CHECK(walk(&root, 0, true, NULL, &w) == obj_of(page) && w);
	KT_CHECK(walk(&root, 0x1000, false, NULL, &w) == obj_of(page) && !w);
	KT_CHECK(!walk(&root, 0x1000, true, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_READ_ONLY);
	KT_CHECK(walk(&root, 1u << 17, false, NULL, &w) == obj_of(page) && !w);
	KT_CHECK(!walk(&root, 1u << 17, true, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_READ_ONLY);
	cap_t ro_root = cap_with_restr(root, CAP_R_RO);
	KT_CHECK(walk(&ro_root, 0, false, NULL, &w) == obj_of(page) && !w);
	KT_CHECK(!walk(&ro_root, 0, true, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_READ_ONLY);
	/* No-call and opaque do not restrict mapping. */
	cap_t other = cap_with_restr(root, CAP_R_NOCALL | CAP_R_OPAQUE);
	KT_CHECK(walk(&other, 0, true, NULL, &w) == obj_of(page) && w);
}

TEST_EXPLICIT(space_walk_malformed, "bad heights, wrong types, cycles and stale capabilities end the walk with a fault code")
{
	KT_CHECK(objstore_is_open());
	cap_t root = new_space(3), same = new_space(3), page = new_page();
	cap_t node = create(CK_OID_KIND_NODE);
	int pf;

	KT_CHECK_EQ(set_slot(root, 0, same), RC_OK);                 /* equal height */
	KT_CHECK_EQ(set_slot(root, 1, new_space(4)), RC_OK);         /* greater height */
	KT_CHECK_EQ(set_slot(root, 2, node), RC_OK);                 /* plain Node */
	KT_CHECK_EQ(set_slot(root, 3, cap_number(1, 2, 3)), RC_OK);  /* Number */
	cap_t bad0 = cap_make(CT_SPACE, 0, 0, root.count, root.oid);
	cap_t bad5 = cap_make(CT_SPACE, 0, 5, root.count, root.oid);
	KT_CHECK_EQ(set_slot(root, 4, bad0), RC_OK);                 /* height 0 */
	KT_CHECK_EQ(set_slot(root, 5, bad5), RC_OK);                 /* height 5 */
	for (unsigned s = 0; s < 6; s++) {
		KT_CHECK(!walk(&root, s << 22, false, &pf, NULL));
		KT_CHECK_EQ(pf, PF_BAD_SPACE);
	}
	KT_CHECK(!walk(&bad5, 0, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_BAD_SPACE);
	KT_CHECK(!walk(&node, 0, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_BAD_SPACE);
	/* A node on its own path at a smaller height is legal, and the
	 * cycle ends when the heights run out. */
	cap_t self = cap_make(CT_SPACE, 0, 2, root.count, root.oid);
	KT_CHECK_EQ(set_slot(root, 6, self), RC_OK);
	KT_CHECK(!walk(&root, 6u << 22, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_BAD_SPACE);         /* root(h3) -> root(h2) -> slot 0: h3 */
	/* A stale capability on the path is voided where it lies. */
	cap_t leaf = new_space(1);
	KT_CHECK_EQ(set_slot(root, 7, leaf), RC_OK);
	KT_CHECK_EQ(set_slot(leaf, 0, page), RC_OK);
	KT_CHECK(walk(&root, 7u << 22, false, NULL, NULL) == obj_of(page));
	KT_CHECK_EQ(rescind(leaf), RC_OK);
	KT_CHECK(!walk(&root, 7u << 22, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	cap_t now = get_slot(root, 7);
	KT_CHECK_EQ(cap_type(&now), CT_VOID);
	/* A stale root is voided too. */
	cap_t stale = leaf;
	KT_CHECK(!walk(&stale, 0, false, &pf, NULL));
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	KT_CHECK_EQ(cap_type(&stale), CT_VOID);
}

/* -------------------------------------------------------------- copies */

TEST_EXPLICIT(space_copy_in_out, "copies cross page boundaries; unmapped, read-only and wrapping ranges are refused whole")
{
	KT_CHECK(objstore_is_open());
	cap_t sp = new_space(1), a = new_page(), b = new_page(), ro = new_page();
	cap_t clean = clean_page();
	uint8_t out[64], in[64];

	KT_CHECK_EQ(set_slot(sp, 0, a), RC_OK);
	KT_CHECK_EQ(set_slot(sp, 1, b), RC_OK);                /* slot 2 stays void */
	KT_CHECK_EQ(set_slot(sp, 3, cap_with_restr(ro, CAP_R_RO)), RC_OK);
	KT_CHECK_EQ(set_slot(sp, 4, clean), RC_OK);
	for (unsigned i = 0; i < sizeof out; i++)
		out[i] = (uint8_t)(i * 5 + 1);
	KT_CHECK_EQ(space_copy_out(&sp, 0x1000 - 20, out, 40), RC_OK);
	KT_CHECK(memcmp((uint8_t *)obj_of(a)->body + 0xfec, out, 20) == 0);
	KT_CHECK(memcmp(obj_of(b)->body, out + 20, 20) == 0);
	memset(in, 0, sizeof in);
	KT_CHECK_EQ(space_copy_in(&sp, 0x1000 - 20, in, 40), RC_OK);
	KT_CHECK(memcmp(in, out, 40) == 0);
	/* Into the hole at slot 2: refused, and nothing written before it. */
	uint32_t before = *body_word(b, 0xffc);
	KT_CHECK_EQ(space_copy_out(&sp, 0x2000 - 4, out, 8), RC_BAD_ADDRESS);
	KT_CHECK_EQ(*body_word(b, 0xffc), before);
	KT_CHECK_EQ(space_copy_in(&sp, 0x2000 - 4, in, 8), RC_BAD_ADDRESS);
	/* Read-only page: readable, not writable. */
	*body_word(ro, 0) = 0xfeedf00d;
	KT_CHECK_EQ(space_copy_in(&sp, 0x3000, in, 4), RC_OK);
	KT_CHECK_EQ(*(uint32_t *)in, 0xfeedf00d);
	KT_CHECK_EQ(space_copy_out(&sp, 0x3000, out, 4), RC_BAD_ADDRESS);
	KT_CHECK_EQ(*body_word(ro, 0), 0xfeedf00d);
	/* Beyond the span, wrapping, and empty. */
	KT_CHECK_EQ(space_copy_in(&sp, 0x20000, in, 1), RC_BAD_ADDRESS);
	KT_CHECK_EQ(space_copy_in(&sp, 0xfffffff0u, in, 32), RC_BAD_ADDRESS);
	KT_CHECK_EQ(space_copy_out(&sp, 0x5000, out, 0), RC_OK);
	/* Copy-out dirties what it writes. */
	KT_CHECK(!obj_dirty(obj_of(clean)));
	KT_CHECK_EQ(space_copy_in(&sp, 0x4000, in, 8), RC_OK);
	KT_CHECK(!obj_dirty(obj_of(clean)));
	KT_CHECK_EQ(space_copy_out(&sp, 0x4000, out, 8), RC_OK);
	KT_CHECK(obj_dirty(obj_of(clean)));
}

/* ------------------------------------------------------- mapping cache */

/* Run body with a fresh context; restore the kernel's directory after,
 * and check every cached object (a clean page whose bytes changed
 * through a PTE would fail its CRC here: check_consistency panics). */
static void
with_ctx(void (*body)(struct mapctx *))
{
	KT_CHECK(objstore_is_open());
	struct mapctx *ctx = mapctx_alloc();
	KT_CHECK(ctx);
	body(ctx);
	mapctx_activate(NULL);
	mapctx_free(ctx);
	check_consistency("space test");
}

static volatile uint32_t *
uva(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

/* A height-4 tree with page at va_of(s4, s3, s2, s1, 0). */
static cap_t
tree4(uint32_t s4, uint32_t s3, uint32_t s2, uint32_t s1, cap_t page, cap_t *nodes)
{
	cap_t n[4] = { new_space(4), new_space(3), new_space(2), new_space(1) };

	set_slot(n[0], s4, n[1]);
	set_slot(n[1], s3, n[2]);
	set_slot(n[2], s2, n[3]);
	set_slot(n[3], s1, page);
	if (nodes)
		memcpy(nodes, n, sizeof n);
	return n[0];
}

static void
map_access(struct mapctx *ctx)
{
	cap_t page = clean_page(), ro = new_page();
	cap_t root = tree4(2, 3, 4, 5, page, NULL);
	uint32_t va = va_of(2, 3, 4, 5, 0), va_ro = va_of(2, 3, 4, 6, 0);

	set_slot(get_slot(get_slot(get_slot(root, 2), 3), 4), 6, cap_with_restr(ro, CAP_R_RO));
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RO);          /* read fault: read-only */
	KT_CHECK(!obj_dirty(obj_of(page)));
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va + 0x10, true), PF_NONE);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RW);
	KT_CHECK(obj_dirty(obj_of(page)));
	mapctx_activate(ctx);
	uva(va)[3] = 0x12345678;                                 /* through the PTE */
	KT_CHECK_EQ(*body_word(page, 12), 0x12345678);
	*body_word(page, 0x800) = 0xcafe;
	KT_CHECK_EQ(uva(va)[0x200], 0xcafe);
	/* Read-only page: maps for reading, refuses a write fault. */
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va_ro, true), PF_PAGE_READ_ONLY);
	KT_CHECK_EQ(mapctx_probe(ctx, va_ro), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va_ro, false), PF_NONE);
	KT_CHECK_EQ(mapctx_probe(ctx, va_ro), MAPCTX_RO);
	*body_word(ro, 0) = 0xabad1dea;
	KT_CHECK_EQ(uva(va_ro)[0], 0xabad1dea);
	/* Holes, and the kernel's part of the address space. */
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va + 0x2000, false), PF_PAGE_NOT_PRESENT);
	KT_CHECK_EQ(mapctx_probe(ctx, va + 0x2000), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, HAL_USER_TOP, false), PF_PAGE_NOT_PRESENT);
}

TEST_EXPLICIT(space_map_access, "faults install user PTEs (read-only until a write fault); accesses through them reach the page")
{
	with_ctx(map_access);
}

/* Instruction counts (rdtsc under -icount shift=0): a warm fault of a
 * height-4 tree, a flush, and a flush with many tables in use. */
static void
map_costs(struct mapctx *ctx)
{
	cap_t page = new_page(), n[4];
	cap_t root = tree4(1, 2, 3, 4, page, n);
	uint32_t va = va_of(1, 2, 3, 4, 0);
	enum { N = 16 };
	uint64_t flush = 0, fresh = 0, present = 0;

	KT_CHECK_EQ(set_slot(n[3], 5, page), RC_OK);
	mapctx_activate(ctx);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);  /* objects cached */
	for (unsigned i = 0; i < N; i++) {
		uint64_t t0 = hal_rdtsc();
		mapcache_flush_all();
		uint64_t t1 = hal_rdtsc();
		int pf1 = mapcache_fault(ctx, &root, va, false);
		uint64_t t2 = hal_rdtsc();
		int pf2 = mapcache_fault(ctx, &root, va + 0x1000, false);
		uint64_t t3 = hal_rdtsc();
		KT_CHECK(pf1 == PF_NONE && pf2 == PF_NONE);
		flush += t1 - t0;
		fresh += t2 - t1;
		present += t3 - t2;
	}
	KT_CHECK_EQ(mapctx_probe(ctx, va + 0x1000), MAPCTX_RO);
	kprintf("KTEST INFO mapcache_fault height 4, objects cached, new page table: %llu instructions\n",
		(unsigned long long)(fresh / N));
	kprintf("KTEST INFO mapcache_fault height 4, objects cached, table present: %llu instructions\n",
		(unsigned long long)(present / N));
	kprintf("KTEST INFO mapcache_flush_all, active context holding 1 table: %llu instructions\n",
		(unsigned long long)(flush / N));
	/* What the larger set costs a process: a flush, then refaulting
	 * its working set (here N pages under one page table). */
	for (unsigned i = 0; i < N; i++)
		KT_CHECK_EQ(set_slot(n[3], i, page), RC_OK);
	uint64_t t0 = hal_rdtsc();
	mapcache_flush_all();
	for (unsigned i = 0; i < N; i++)
		KT_CHECK_EQ(mapcache_fault(ctx, &root, va_of(1, 2, 3, i, 0), false), PF_NONE);
	uint64_t t1 = hal_rdtsc();
	kprintf("KTEST INFO mapcache flush + refault of %u pages under one table: %llu instructions\n",
		N, (unsigned long long)(t1 - t0));
}

TEST_EXPLICIT(space_map_costs, "prints the instruction cost of a height-4 fault and of a full flush")
{
	with_ctx(map_costs);
}

static void
map_slot_change(struct mapctx *ctx)
{
	cap_t page = new_page(), other = new_page(), n[4];
	cap_t root = tree4(0, 1, 2, 3, page, n);
	cap_t unrelated = new_space(1);
	uint32_t va = va_of(0, 1, 2, 3, 0);

	*body_word(page, 0) = 0x11111111;
	*body_word(other, 0) = 0x22222222;
	mapctx_activate(ctx);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	KT_CHECK_EQ(uva(va)[0], 0x11111111);
	/* A node no mapping came from: nothing is dropped. */
	uint32_t f = flushes();
	KT_CHECK_EQ(set_slot(unrelated, 0, page), RC_OK);
	KT_CHECK_EQ(flushes(), f);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RO);
	for (unsigned level = 0; level < 4; level++) {
		/* Filling a Void slot of a node on the path: no mapping
		 * can have come through it, so nothing is dropped. */
		KT_CHECK_EQ(set_slot(n[level], 30, page), RC_OK);
		KT_CHECK_EQ(flushes(), f + level);
		KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RO);
		/* Overwriting a Page or Space slot of a node on the path
		 * drops the mapping, even off the path (the larger set). */
		KT_CHECK_EQ(set_slot(n[level], 30, cap_void()), RC_OK);
		KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_NONE);
		KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	}
	/* The leaf slot now names another page: the refault sees it. */
	KT_CHECK_EQ(set_slot(n[3], 3, other), RC_OK);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	KT_CHECK_EQ(uva(va)[0], 0x22222222);
	KT_CHECK_EQ(flushes(), f + 5);
}

TEST_EXPLICIT(space_map_slot_change, "overwriting a Space/Page slot of a node a mapping came from drops it; filling a Void slot or writing other nodes does not")
{
	with_ctx(map_slot_change);
}

static void
map_rescind(struct mapctx *ctx)
{
	cap_t page = new_page(), n[4];
	cap_t root = tree4(5, 6, 7, 8, page, n);
	uint32_t va = va_of(5, 6, 7, 8, 0);
	int pf;

	mapctx_activate(ctx);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, true), PF_NONE);
	uva(va)[0] = 0x5a5a5a5a;
	KT_CHECK_EQ(rescind(page), RC_OK);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_NONE);
	struct obj *po = objcache_lookup(page.oid);
	KT_CHECK(po && *(uint32_t *)po->body == 0);          /* rescind zeroed it */
	pf = mapcache_fault(ctx, &root, va, false);
	KT_CHECK_EQ(pf, PF_PAGE_NOT_PRESENT);
	/* A node on the path, rescinded. */
	cap_t p2 = new_page();
	KT_CHECK_EQ(set_slot(n[3], 9, p2), RC_OK);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va + 0x1000, false), PF_NONE);
	KT_CHECK_EQ(rescind(n[2]), RC_OK);
	KT_CHECK_EQ(mapctx_probe(ctx, va + 0x1000), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va + 0x1000, false), PF_PAGE_NOT_PRESENT);
}

TEST_EXPLICIT(space_map_rescind, "rescinding a mapped page or a node on its path drops the mapping; the refault finds nothing")
{
	with_ctx(map_rescind);
}

static void
map_evict(struct mapctx *ctx)
{
	cap_t page = clean_page(), bystander = clean_page();
	cap_t root = tree4(9, 10, 11, 12, page, NULL);
	uint32_t va = va_of(9, 10, 11, 12, 0);
	struct obj *o = obj_of(page);

	mapctx_activate(ctx);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	KT_CHECK_EQ(uva(va)[0], 0);
	KT_CHECK(o && !o->pins && !(o->flags & OF_DIRTY_ANY));
	/* Evicting an object no mapping came from flushes nothing. */
	uint32_t f = flushes();
	KT_CHECK(objcache_evict(obj_of(bystander)));
	KT_CHECK_EQ(flushes(), f);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RO);
	/* Evicting the mapped page drops its PTE before the frame is reused. */
	KT_CHECK(objcache_evict(o));
	KT_CHECK(objcache_lookup(page.oid) == NULL);
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_NONE);
	KT_CHECK_EQ(flushes(), f + 1);
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, false), PF_NONE);
	KT_CHECK_EQ(uva(va)[0], 0);
	/* A writable mapping makes the page dirty, so it cannot be evicted. */
	KT_CHECK_EQ(mapcache_fault(ctx, &root, va, true), PF_NONE);
	KT_CHECK(!objcache_evict(obj_of(page)));
	KT_CHECK_EQ(mapctx_probe(ctx, va), MAPCTX_RW);
}

TEST_EXPLICIT(space_map_evict, "evicting a mapped page drops its mapping; evicting unrelated objects does not")
{
	with_ctx(map_evict);
}

/* One h4 node whose 24 user slots all hold one h3 node whose slots all
 * hold one page: 768 distinct page tables' worth of addresses. */
static void
map_exhaustion(struct mapctx *ctx)
{
	cap_t root = new_space(4), h3 = new_space(3), page = new_page();
	struct mapcache_stats s0, s1;
	const uint32_t n = 300;

	*body_word(page, 4) = 0x77777777;
	for (unsigned i = 0; i < 24; i++)
		KT_CHECK_EQ(set_slot(root, i, h3), RC_OK);
	for (unsigned i = 0; i < 32; i++)
		KT_CHECK_EQ(set_slot(h3, i, page), RC_OK);
	mapctx_activate(ctx);
	mapcache_stats(&s0);
	KT_CHECK(n > s0.table_pool);
	for (uint32_t i = 0; i < n; i++)
		KT_CHECK_EQ(mapcache_fault(ctx, &root, i << 22, false), PF_NONE);
	mapcache_stats(&s1);
	KT_CHECK(s1.exhaustions > s0.exhaustions);
	KT_CHECK_EQ(mapctx_probe(ctx, (n - 1) << 22), MAPCTX_RO);
	KT_CHECK_EQ(mapctx_probe(ctx, 0), MAPCTX_NONE);      /* went with the flush */
	KT_CHECK_EQ(uva((n - 1) << 22)[1], 0x77777777);
	KT_CHECK_EQ(uva((n - 2) << 22)[1], 0x77777777);
	/* The cost of flushing a context that holds a full pool's tables. */
	for (uint32_t i = 0; s1.tables_used < s1.table_pool; i++) {
		KT_CHECK_EQ(mapcache_fault(ctx, &root, i << 22, false), PF_NONE);
		mapcache_stats(&s1);
	}
	uint64_t t0 = hal_rdtsc();
	mapcache_flush_all();
	uint64_t t1 = hal_rdtsc();
	kprintf("KTEST INFO mapcache_flush_all, active context holding %u tables: %llu instructions\n",
		s1.table_pool, (unsigned long long)(t1 - t0));
}

TEST_EXPLICIT(space_map_exhaustion, "running out of page tables flushes and the fault still succeeds")
{
	with_ctx(map_exhaustion);
}

static void
map_contexts(struct mapctx *a)
{
	struct mapctx *b = mapctx_alloc();
	cap_t pa = new_page(), pb = new_page();
	cap_t ra = tree4(0, 0, 0, 1, pa, NULL), rb = tree4(0, 0, 0, 1, pb, NULL);
	uint32_t va = va_of(0, 0, 0, 1, 0);

	KT_CHECK(b);
	*body_word(pa, 0) = 0xaaaa;
	*body_word(pb, 0) = 0xbbbb;
	KT_CHECK_EQ(mapcache_fault(a, &ra, va, false), PF_NONE);
	KT_CHECK_EQ(mapcache_fault(b, &rb, va, false), PF_NONE);
	mapctx_activate(a);
	KT_CHECK_EQ(uva(va)[0], 0xaaaa);
	mapctx_activate(b);
	KT_CHECK_EQ(uva(va)[0], 0xbbbb);
	/* A flush with b active clears b now and a when next used. */
	mapcache_flush_all();
	KT_CHECK_EQ(mapctx_probe(b, va), MAPCTX_NONE);
	KT_CHECK_EQ(mapctx_probe(a, va), MAPCTX_NONE);
	KT_CHECK_EQ(mapcache_fault(a, &ra, va, false), PF_NONE);
	mapctx_activate(a);
	KT_CHECK_EQ(uva(va)[0], 0xaaaa);
	mapctx_free(b);
	/* Contexts run out cleanly and come back. */
	struct mapctx *all[64];
	unsigned n = 0;
	while (n < 64 && (all[n] = mapctx_alloc()) != NULL)
		n++;
	KT_CHECK(n > 0 && n < 64);
	while (n > 0)
		mapctx_free(all[--n]);
	KT_CHECK((b = mapctx_alloc()) != NULL);
	KT_CHECK_EQ(mapctx_probe(b, va), MAPCTX_NONE);       /* a fresh context is empty */
	mapctx_free(b);
}

TEST_EXPLICIT(space_map_contexts, "two contexts map the same address to different pages; flushes reach both; the pool runs out cleanly")
{
	with_ctx(map_contexts);
}
