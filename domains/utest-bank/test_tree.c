/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tree.c -- sub-banks, limits, destroy, foreign objects, restriction. */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

TEST(limits_chain, "limits along a chain of three sub-banks count every descendant's objects")
{
	struct bank_usage u, p0, p1;
	const capreg_t to[3] = { R_A, R_B, R_C };

	CHECK_RC(bank_usage(CR_BANK, &p0), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_create_sub(R_SUB1, R_SUB2), RC_OK);
	CHECK_RC(bank_create_sub(R_SUB2, R_SUB3), RC_OK);
	CHECK_RC(bank_set_limit(R_SUB1, BANK_KIND_NODE, 5), RC_OK);
	CHECK_RC(bank_set_limit(R_SUB2, BANK_KIND_PAGE, 2), RC_OK);
	CHECK_RC(bank_alloc(R_SUB3, BANK_KIND_NODE, 3, to), RC_OK);
	CHECK_RC(bank_alloc(R_SUB3, BANK_KIND_NODE, 3, to), RC_NO_SPACE);  /* 6 > 5 */
	CHECK_RC(bank_alloc(R_SUB3, BANK_KIND_NODE, 2, to), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB3, R_X), RC_NO_SPACE);
	CHECK_RC(bank_alloc_node(R_SUB2, R_X), RC_NO_SPACE);
	CHECK_RC(bank_alloc_node(R_SUB1, R_X), RC_NO_SPACE);
	CHECK_RC(bank_usage(R_SUB1, &u), RC_OK);
	CHECK(u.nodes == 5 && u.own_nodes == 0);
	CHECK_RC(bank_usage(R_SUB3, &u), RC_OK);
	CHECK(u.nodes == 5 && u.own_nodes == 5);
	CHECK_RC(bank_alloc_page(R_SUB3, R_P), RC_OK);
	CHECK_RC(bank_alloc_page(R_SUB2, R_P), RC_OK);
	CHECK_RC(bank_alloc_page(R_SUB3, R_P), RC_NO_SPACE);   /* sub2's limit */
	CHECK_RC(bank_alloc_page(R_SUB1, R_P), RC_OK);         /* above it: none */
	CHECK_RC(bank_free(R_SUB1, R_A), RC_OK);    /* an ancestor frees a descendant's */
	CHECK_RC(bank_alloc_node(R_SUB2, R_X), RC_OK);
	CHECK_RC(bank_usage(CR_BANK, &p1), RC_OK);
	CHECK(p1.nodes == p0.nodes + 5 && p1.pages == p0.pages + 3);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK_RC(bank_usage(R_SUB3, &u), RC_VOID);
	CHECK_RC(bank_alloc_node(R_SUB2, R_X), RC_VOID);
	CHECK_RC(bank_usage(CR_BANK, &p1), RC_OK);
	CHECK(p1.nodes == p0.nodes && p1.pages == p0.pages);
	CHECK_EQ(ub_bank_problems(), 0);
}

TEST(destroy_space_graph, "destroy with space: nodes holding each other, held by others, are all void")
{
	uint32_t voids = 0, held = 0;

	CHECK_RC(ub_hold(HOLD_RESET, IPC_NO_CAP, NULL, NULL), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_create_sub(R_SUB1, R_SUB2), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_B), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB2, R_C), RC_OK);
	CHECK_RC(bank_alloc_page(R_SUB2, R_P), RC_OK);
	CHECK_RC(node_write(R_A, 0, R_B), RC_OK);
	CHECK_RC(node_write(R_B, 0, R_C), RC_OK);
	CHECK_RC(node_write(R_C, 0, R_A), RC_OK);
	CHECK_RC(node_write(R_A, 1, R_P), RC_OK);
	CHECK_RC(bank_alloc_node(CR_BANK, R_X), RC_OK);    /* another bank's node */
	CHECK_RC(node_write(R_X, 0, R_A), RC_OK);
	capreg_t give[4] = { R_A, R_B, R_C, R_P };
	for (unsigned i = 0; i < 4; i++)
		CHECK_RC(ub_hold(HOLD_PUT, give[i], NULL, NULL), RC_OK);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK_RC(ub_hold(HOLD_CHECK, IPC_NO_CAP, &voids, &held), RC_OK);
	CHECK_EQ(held, 4);
	CHECK_EQ(voids, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK(ub_is_void(give[i]));
	CHECK_RC(node_read(R_X, 0, R_Y), RC_OK);
	CHECK(ub_is_void(R_Y));
	CHECK_RC(bank_free(CR_BANK, R_X), RC_OK);
}

TEST(destroy_to_parent, "destroy without space hands the objects to the parent bank")
{
	struct node_info ni;
	struct bank_usage p0, p1;
	struct bank_ident id;
	int yes = 0;

	CHECK_RC(bank_usage(CR_BANK, &p0), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_create_sub(R_SUB1, R_SUB2), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB2, R_B), RC_OK);
	CHECK_RC(bank_destroy(R_SUB1), RC_OK);
	CHECK_RC(node_info(R_A, &ni), RC_OK);
	CHECK_RC(node_info(R_B, &ni), RC_OK);
	CHECK_RC(bank_usage(R_SUB1, &p1), RC_VOID);
	CHECK_RC(bank_identify(R_SUB2, &id), RC_VOID);
	CHECK_RC(bank_verify(CR_BANK, R_B, &yes), RC_OK);
	CHECK(yes);
	CHECK_RC(bank_usage(CR_BANK, &p1), RC_OK);
	CHECK_EQ(p1.own_nodes, p0.own_nodes + 2);
	CHECK_RC(bank_free(CR_BANK, R_A), RC_OK);
	CHECK_RC(bank_free(CR_BANK, R_B), RC_OK);
	CHECK_EQ(ub_bank_problems(), 0);
}

TEST(foreign_objects, "a bank refuses to free or vouch for objects it did not allocate")
{
	int yes = 1;

	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB2), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
	CHECK_RC(bank_free(R_SUB2, R_A), RC_NOT_FOUND);
	CHECK_RC(bank_verify(R_SUB2, R_A, &yes), RC_OK);
	CHECK(!yes);
	CHECK_RC(bank_verify(R_SUB1, R_A, &yes), RC_OK);
	CHECK(yes);
	CHECK_RC(bank_free(R_SUB1, R_MAPPAGE), RC_NOT_FOUND);  /* the prime bank's */
	CHECK_RC(bank_free(R_SUB1, CR_CONSOLE), RC_BAD_ARG);   /* no object */
	CHECK_RC(bank_free(R_SUB1, R_HOLDER), RC_BAD_ARG);
	CHECK_RC(bank_destroy_with_space(R_SUB2), RC_OK);
	CHECK_RC(node_write(R_A, 0, CR_CONSOLE), RC_OK);       /* sibling untouched */
	CHECK_RC(bank_free(R_SUB2, R_A), RC_VOID);             /* destroyed bank */
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK(ub_is_void(R_A));
}

TEST(exhaust, "a bank with a page limit of 10 gives exactly 10 pages, then RC_NO_SPACE")
{
	struct bank_usage u;
	unsigned n = 0;
	int rc;

	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_set_limit(R_SUB1, BANK_KIND_PAGE, 10), RC_OK);
	while ((rc = bank_alloc_page(R_SUB1, R_P)) == RC_OK && n < 100)
		n++;
	CHECK_RC(rc, RC_NO_SPACE);
	CHECK_EQ(n, 10);
	CHECK_RC(bank_usage(R_SUB1, &u), RC_OK);
	CHECK_EQ(u.pages, 10);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);    /* nodes are not limited */
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
}

TEST(restricted, "restricted bank capabilities refuse what their bits forbid, and only add bits")
{
	struct bank_ident id;
	struct bank_limits l;
	struct bank_usage u;

	CHECK_RC(bank_restrict(CR_BANK, BANK_R_NOALLOC, R_RESTR), RC_OK);
	CHECK_RC(bank_alloc_node(R_RESTR, R_A), RC_NO_ACCESS);
	CHECK_RC(bank_create_sub(R_RESTR, R_A), RC_NO_ACCESS);
	CHECK_RC(bank_usage(R_RESTR, &u), RC_OK);
	CHECK_RC(bank_restrict(R_RESTR, BANK_R_NOLIMIT, R_RESTR), RC_OK);
	CHECK_RC(bank_identify(R_RESTR, &id), RC_OK);
	CHECK(id.id == BANK_ID_PRIME && id.restr == (BANK_R_NOALLOC | BANK_R_NOLIMIT));
	CHECK_RC(bank_set_limit(R_RESTR, BANK_KIND_NODE, 1), RC_NO_ACCESS);
	CHECK_RC(bank_restrict(R_RESTR, 1, R_RESTR), RC_BAD_ARG);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOFREE | BANK_R_NODESTROY, R_RESTR), RC_OK);
	CHECK_RC(bank_free(R_RESTR, R_A), RC_NO_ACCESS);
	CHECK_RC(bank_destroy(R_RESTR), RC_NO_ACCESS);
	CHECK_RC(bank_alloc_node(R_RESTR, R_B), RC_OK);
	CHECK_RC(bank_limits(R_RESTR, &l), RC_OK);
	CHECK_EQ(l.nodes, BANK_NO_LIMIT);
	CHECK_RC(bank_destroy(CR_BANK), RC_NO_ACCESS);          /* not the prime bank */
	CHECK_RC(bank_check(R_SUB1, &(uint32_t){ 0 }), RC_NO_ACCESS);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK(ub_is_void(R_A) && ub_is_void(R_B));
}

TEST(exhaust_store, "a bank without a limit runs the store out of pages: RC_NO_SPACE, then all is well again")
{
	struct bank_usage p0, p1;
	unsigned n = 0;
	int rc;

	CHECK_RC(bank_usage(CR_BANK, &p0), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	while ((rc = bank_alloc_page(R_SUB1, R_P)) == RC_OK && n < 1000000u)
		n++;
	CHECK_RC(rc, RC_NO_SPACE);
	CHECK(n > 1000);
	CHECK_RC(bank_alloc_page(CR_BANK, R_P), RC_NO_SPACE);  /* every bank: store is full */
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);         /* nodes are another range */
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK_RC(bank_alloc_page(CR_BANK, R_P), RC_OK);
	CHECK_RC(bank_free(CR_BANK, R_P), RC_OK);
	CHECK_RC(bank_usage(CR_BANK, &p1), RC_OK);
	CHECK(p1.nodes == p0.nodes && p1.pages == p0.pages);
	CHECK_EQ(ub_bank_problems(), 0);
	printf("store full after %u pages from one sub-bank\n", n);
}
