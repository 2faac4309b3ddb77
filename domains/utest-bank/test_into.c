/* SPDX-License-Identifier: BSD-2-Clause */
/* test_into.c -- OC_BANK_ALLOC_INTO: a reserve filled in one request. */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

TEST(alloc_into, "ALLOC_INTO writes n fresh nodes into a node; refuses what is no writable plain node, undoing")
{
	struct bank_usage u0, u1;
	struct node_info ni;

	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_X), RC_OK);
	CHECK_RC(bank_usage(R_SUB1, &u0), RC_OK);
	CHECK_RC(bank_alloc_into(R_SUB1, BANK_KIND_NODE, R_X, 4, 28), RC_OK);
	CHECK_RC(bank_usage(R_SUB1, &u1), RC_OK);
	CHECK_EQ(u1.own_nodes, u0.own_nodes + 28);
	CHECK_RC(node_read(R_X, 3, R_A), RC_OK);
	CHECK(ub_is_void(R_A));                                  /* slots before 4 untouched */
	CHECK_RC(node_read(R_X, 31, R_A), RC_OK);
	CHECK_RC(node_info(R_A, &ni), RC_OK);
	CHECK_RC(bank_alloc_into(R_SUB1, BANK_KIND_NODE, R_X, 4, 29), RC_BAD_ARG);    /* past slot 31 */
	CHECK_RC(bank_alloc_into(R_SUB1, BANK_KIND_NODE, R_HOLDER, 0, 1), RC_BAD_ARG); /* a process */
	CHECK_RC(node_restrict(R_X, CAP_R_RO, R_B), RC_OK);
	CHECK_RC(bank_alloc_into(R_SUB1, BANK_KIND_PAGE, R_B, 0, 3), RC_NO_ACCESS);   /* read-only */
	CHECK_RC(bank_usage(R_SUB1, &u0), RC_OK);
	CHECK(u0.own_nodes == u1.own_nodes && u0.own_pages == 0);                     /* undone */
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOALLOC, R_C), RC_OK);
	CHECK_RC(bank_alloc_into(R_C, BANK_KIND_NODE, R_X, 0, 1), RC_NO_ACCESS);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK(ub_is_void(R_A));
	CHECK_EQ(ub_bank_problems(), 0);
}
