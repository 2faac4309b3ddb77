/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_readcheck.c -- the in-kernel side of the read-check tests
 * (tests/system/test_readcheck.py): the host damages an image on
 * purpose, boots it, and these tests touch exactly the objects it names.
 *
 *   readcheck_commit   changes test.map's rc_node0..7 and rc_page0..1
 *                      and commits them in a checkpoint, so that the
 *                      next boot finds their current versions in the log
 *                      (the host stops QEMU there: a crashed image);
 *   readcheck_read     read.bad=OID,... must each be refused as damaged
 *                      -- no object in the cache, and an invocation of a
 *                      capability to it answers RC_IO_ERROR -- while
 *                      read.good=OID,... fault in and answer as usual.
 *
 * OIDs are written as cairn-dump prints them (n:5, p:12) or in hex.
 * The console line that names the damage is the object store's; the
 * host checks it.
 */
#include "kernel/ktest.h"
#include "kernel/invoke.h"
#include "kernel/checkpoint.h"
#include "kernel/hal.h"
#include "ckpt/objstore.h"
#include "kernel/test/ktobj.h"
#include "test-map.h"

static const uint64_t rc_nodes[] = {
	MAP_OID_rc_node0, MAP_OID_rc_node1, MAP_OID_rc_node2, MAP_OID_rc_node3,
	MAP_OID_rc_node4, MAP_OID_rc_node5, MAP_OID_rc_node6, MAP_OID_rc_node7,
};
static const uint64_t rc_pages[] = { MAP_OID_rc_page0, MAP_OID_rc_page1 };

/* What readcheck_commit writes to slot 1 of rc_nodeI: number RC_MARK I 0. */
#define RC_MARK 0x676f6cu   /* "log" */

/* A capability to oid with its current count (Void if it cannot be read). */
static cap_t
cap_of(uint64_t oid)
{
	struct obj_ret r = objcache_get(oid);
	unsigned type = ck_oid_kind(oid) == CK_OID_KIND_NODE ? CT_NODE : CT_PAGE;

	return r.obj ? cap_to(r.obj, type, 0, 0) : cap_void();
}

static int
page_write(cap_t *page, const char *s)
{
	struct inv inv;

	memset(&inv, 0, sizeof inv);
	inv.cap = page;
	inv.order = OC_PAGE_WRITE;
	inv.s = (const uint8_t *)s;
	inv.slen = (uint32_t)strlen(s);
	return invoke_kernel(&inv);
}

TEST_EXPLICIT(readcheck_commit, "rc_node0..7 and rc_page0..1 change and a checkpoint commits them")
{
	static char text[] = "rc_page0 in the log\n";
	uint64_t g = ckpt_generation();
	struct inv inv;

	for (uint32_t i = 0; i < ARRAY_SIZE(rc_nodes); i++) {
		cap_t n = cap_of(rc_nodes[i]), v = cap_number(RC_MARK, i, 0);
		KT_CHECK(cap_type(&n) == CT_NODE);
		KT_CHECK_EQ(kt_invoke(&n, OC_NODE_WRITE, 1, 0, &v, &inv), RC_OK);
	}
	for (uint32_t i = 0; i < ARRAY_SIZE(rc_pages); i++) {
		cap_t p = cap_of(rc_pages[i]);
		text[7] = (char)('0' + i);
		KT_CHECK(cap_type(&p) == CT_PAGE);
		KT_CHECK_EQ(page_write(&p, text), RC_OK);
	}
	ckpt_request_take(NULL);
	ckpt_run_due();
	KT_CHECK_EQ(ckpt_generation(), g + 1);
	kprintf("KTEST readcheck: generation %llu committed\n", (unsigned long long)(g + 1));
}

/* One OID of a list (n:I, p:I or 0xHEX) at *s; advances past a comma. */
static uint64_t
parse_oid(const char **s)
{
	const char *p = *s;
	unsigned base = 10;
	uint64_t v = 0;

	if ((p[0] == 'n' || p[0] == 'p') && p[1] == ':') {
		v = (uint64_t)(p[0] == 'n' ? CK_OID_KIND_NODE : CK_OID_KIND_PAGE) << CK_OID_KIND_SHIFT;
		p += 2;
	} else if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	}
	uint64_t n = 0;
	for (;; p++) {
		unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0') :
			     *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10) : 99;
		if (d >= base)
			break;
		n = n * base + d;
	}
	*s = *p == ',' ? p + 1 : p + strlen(p);   /* junk ends the list */
	return v | n;
}

/* Invoke a harmless read of oid's object through a capability. */
static int
read_through_cap(uint64_t oid)
{
	bool node = ck_oid_kind(oid) == CK_OID_KIND_NODE;
	cap_t c = cap_make(node ? CT_NODE : CT_PAGE, 0, 0, 0, oid);
	struct obj *o = objcache_lookup(oid);
	uint8_t buf[16];
	struct inv inv;

	if (o)
		c = cap_to(o, node ? CT_NODE : CT_PAGE, 0, 0);
	memset(&inv, 0, sizeof inv);
	inv.cap = &c;
	inv.order = node ? OC_NODE_READ : OC_PAGE_READ;
	inv.w[1] = node ? 0 : sizeof buf;
	inv.rs = buf;
	inv.rs_max = sizeof buf;
	return invoke_kernel(&inv);
}

static void
check_bad(uint64_t oid)
{
	struct obj_ret r = objcache_get(oid);

	kprintf("KTEST readcheck: %#llx %s\n", (unsigned long long)oid,
		r.obj ? "read (should have been refused)" : "refused");
	KT_CHECK(r.obj == NULL);
	KT_CHECK_EQ(r.err, OBJ_ERR_DAMAGED);
	KT_CHECK(objcache_lookup(oid) == NULL);
	KT_CHECK_EQ(read_through_cap(oid), RC_IO_ERROR);
}

static void
check_good(uint64_t oid)
{
	struct obj_ret r = objcache_get(oid);

	kprintf("KTEST readcheck: %#llx %s\n", (unsigned long long)oid,
		r.obj ? "read" : "refused (should have been read)");
	KT_CHECK(r.obj != NULL);
	KT_CHECK_EQ(read_through_cap(oid), RC_OK);
}

/* Run check on every OID of boot option key; returns how many. */
static unsigned
each_oid(const char *key, void (*check)(uint64_t))
{
	static char list[128];   /* hal_option's value is overwritten by its next call */
	const char *v = hal_option(key);
	unsigned n = 0;

	if (!v)
		return 0;
	memcpy(list, v, strlen(v) + 1);
	for (const char *p = list; *p && !ktest_failed(); n++)
		check(parse_oid(&p));
	return n;
}

TEST_EXPLICIT(readcheck_read, "objects in read.bad= are refused as damaged; those in read.good= read")
{
	unsigned n = each_oid("read.bad", check_bad);

	n += each_oid("read.good", check_good);
	KT_CHECK(n > 0);
}
