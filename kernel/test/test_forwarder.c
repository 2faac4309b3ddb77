/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_forwarder.c -- in-kernel tests of forwarders (REVOCABLE COPY)
 * with kernel-object targets: forwarding, restrictions, replies that
 * would reveal the target, chains and loops, blocking, and revocation
 * by rescinding the forwarder node.  Objects come from the top of the
 * store's OID ranges, away from what test.map made.
 */
#include "kernel/ktest.h"
#include "kernel/invoke.h"
#include "ckpt/objstore.h"
#include "kernel/test/ktobj.h"

static int
inv2(cap_t *cap, uint32_t order, uint32_t w0, const cap_t *c0, struct inv *inv)
{
	return kt_invoke(cap, order, w0, 0, c0, inv);
}

static cap_t
fresh(unsigned kind, uint32_t from_top)
{
	return kt_create(kind, kt_top_index(kind, from_top), NULL);
}

/* A forwarder (from node `top`) to target: *handle and the opaque cap. */
static cap_t
make_fwd(uint32_t top, cap_t target, cap_t *handle)
{
	cap_t node = fresh(CK_OID_KIND_NODE, top);
	struct inv inv;

	if (inv2(&node, OC_NODE_MAKE, CT_FORWARDER, NULL, &inv) != RC_OK)
		return cap_void();
	*handle = inv.rc[0];
	inv.w[1] = 0;
	if (inv2(handle, OC_FWD_SWAP_TARGET, 0, &target, &inv) != RC_OK ||
	    inv2(handle, OC_FWD_MAKE_OPAQUE, 0, NULL, &inv) != RC_OK)
		return cap_void();
	return inv.rc[0];
}

static int
read_page(cap_t *c, uint8_t *buf, uint32_t len)
{
	struct inv inv;
	memset(&inv, 0, sizeof inv);
	inv.cap = c;
	inv.order = OC_PAGE_READ;
	inv.w[1] = len;
	inv.rs = buf;
	inv.rs_max = len;
	return invoke_kernel(&inv);
}

static int
write_page(cap_t *c, const char *s)
{
	struct inv inv;
	memset(&inv, 0, sizeof inv);
	inv.cap = c;
	inv.order = OC_PAGE_WRITE;
	inv.s = (const uint8_t *)s;
	inv.slen = (uint32_t)strlen(s);
	return invoke_kernel(&inv);
}

TEST(fwd_forwards, "an opaque forwarder forwards to its target as if the target were invoked")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 40), handle;
	cap_t opaque = make_fwd(600, page, &handle);
	uint8_t buf[8];

	KT_CHECK(cap_type(&opaque) == CT_FORWARDER && (cap_restr(&opaque) & CAP_R_OPAQUE));
	KT_CHECK_EQ(write_page(&opaque, "through"), RC_OK);
	KT_CHECK_EQ(read_page(&page, buf, 7), RC_OK);
	KT_CHECK(memcmp(buf, "through", 7) == 0);
}

TEST(fwd_restrictions_apply, "the opaque capability's restrictions are added to the target's")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 41), handle;
	cap_t opaque = make_fwd(601, page, &handle);
	struct inv inv;

	KT_CHECK_EQ(inv2(&handle, OC_FWD_MAKE_OPAQUE, CAP_R_RO, NULL, &inv), RC_OK);
	cap_t ro = inv.rc[0];
	KT_CHECK_EQ(write_page(&ro, "no"), RC_NO_ACCESS);
	KT_CHECK_EQ(write_page(&opaque, "yes"), RC_OK);
}

TEST(fwd_hides_target, "nothing reached through an opaque forwarder yields the target itself")
{
	cap_t node = fresh(CK_OID_KIND_NODE, 602), handle;
	cap_t opaque = make_fwd(603, node, &handle);
	cap_t d = cap_make(CT_DISCRIM, 0, 0, 0, 0);
	struct inv inv;

	/* A restricted "capability to itself" comes back as the forwarder. */
	KT_CHECK_EQ(inv2(&opaque, OC_NODE_RESTRICT, CAP_R_RO, NULL, &inv), RC_OK);
	KT_CHECK(cap_equal(&inv.rc[0], &opaque));
	KT_CHECK_EQ(inv2(&opaque, OC_NODE_MAKE, CT_START, NULL, &inv), RC_OK);
	KT_CHECK(cap_equal(&inv.rc[0], &opaque));
	/* Discrim says "forwarder" and nothing more. */
	KT_CHECK_EQ(inv2(&d, OC_DISCRIM_CLASSIFY, 0, &opaque, &inv), RC_OK);
	KT_CHECK_EQ(inv.rw[0], CT_FORWARDER);
	/* The management orders are not reachable through an opaque cap:
	 * GET_TARGET is forwarded, and the target node answers it as
	 * NODE_READ of its slot 0 (Void), not with itself. */
	KT_CHECK_EQ(OC_FWD_GET_TARGET, OC_NODE_READ);
	KT_CHECK_EQ(inv2(&opaque, OC_FWD_GET_TARGET, 0, NULL, &inv), RC_OK);
	KT_CHECK(cap_type(&inv.rc[0]) == CT_VOID);
}

TEST(fwd_chains_and_loops, "chains are followed; a loop or an over-long chain is RC_LOOP")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 42), h1, h2, hl;
	cap_t f1 = make_fwd(604, page, &h1);
	cap_t f2 = make_fwd(605, f1, &h2);
	uint8_t buf[4];
	struct inv inv;

	KT_CHECK_EQ(write_page(&f2, "abc"), RC_OK);
	KT_CHECK_EQ(read_page(&page, buf, 3), RC_OK);
	KT_CHECK(memcmp(buf, "abc", 3) == 0);
	cap_t loop = make_fwd(606, cap_void(), &hl);
	KT_CHECK_EQ(inv2(&hl, OC_FWD_SWAP_TARGET, 0, &loop, &inv), RC_OK);  /* to itself */
	KT_CHECK_EQ(read_page(&loop, buf, 1), RC_LOOP);
	cap_t c = page, h;
	for (unsigned i = 0; i < FWD_CHAIN_MAX + 1; i++)
		c = make_fwd(610 + i, c, &h);
	KT_CHECK_EQ(read_page(&c, buf, 1), RC_LOOP);
}

TEST(fwd_blocked, "a blocked forwarder refuses in-kernel invokers with RC_BUSY until unblocked")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 43), handle;
	cap_t opaque = make_fwd(620, page, &handle);
	uint8_t buf[1];
	struct inv inv;

	KT_CHECK_EQ(inv2(&handle, OC_FWD_BLOCK, 0, NULL, &inv), RC_OK);
	KT_CHECK_EQ(read_page(&opaque, buf, 1), RC_BUSY);
	KT_CHECK_EQ(inv2(&handle, OC_FWD_INFO, 0, NULL, &inv), RC_OK);
	KT_CHECK_EQ(inv.rw[0] & FWD_F_BLOCKED, FWD_F_BLOCKED);
	KT_CHECK_EQ(inv2(&handle, OC_FWD_UNBLOCK, 0, NULL, &inv), RC_OK);
	KT_CHECK_EQ(read_page(&opaque, buf, 1), RC_OK);
}

TEST(fwd_revoke, "rescinding the forwarder node voids every opaque copy; the target lives on")
{
	cap_t page = fresh(CK_OID_KIND_PAGE, 44), handle;
	cap_t opaque = make_fwd(621, page, &handle), copy = opaque;
	cap_t range = kt_range();
	uint8_t buf[1];
	struct inv inv;

	KT_CHECK_EQ(inv2(&range, OC_RANGE_IDENTIFY, 0, &handle, &inv), RC_OK);
	KT_CHECK_EQ(kt_rescind(&handle), RC_OK);
	KT_CHECK_EQ(read_page(&copy, buf, 1), RC_VOID);
	KT_CHECK(!cap_valid(&opaque));
	KT_CHECK_EQ(read_page(&page, buf, 1), RC_OK);
}
