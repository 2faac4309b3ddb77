/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utest-bank -- in-guest tests of the space bank (spacebank/,
 * docs/spacebank.md): allocation and free, sub-banks and limits,
 * destroy with and without space, foreign objects, restricted banks,
 * the heap, and 10,000 nodes revoked at once.  bank-holder takes part
 * (proto.h).  Each test makes its own sub-banks and destroys them, so
 * the order in which utest_run finds the tests does not matter.
 */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

TEST(adopted, "the prime bank adopted the image's objects at first start")
{
	struct bank_usage u;
	struct bank_ident id;
	int yes = 0;

	CHECK_RC(bank_identify(CR_BANK, &id), RC_OK);
	CHECK_EQ(id.id, BANK_ID_PRIME);
	CHECK_RC(bank_usage(CR_BANK, &u), RC_OK);
	CHECK(u.nodes >= 10 && u.pages >= 10);
	CHECK_RC(bank_verify(CR_BANK, R_MAPPAGE, &yes), RC_OK);
	CHECK(yes);
	CHECK_RC(bank_verify(CR_BANK, R_MYSPACE, &yes), RC_OK);
	CHECK(yes);
}

TEST(alloc_free_node, "a node allocated and freed: usage goes up and back, the capability is void")
{
	struct bank_usage u0, u1, u2;
	struct node_info ni;

	CHECK_RC(bank_usage(CR_BANK, &u0), RC_OK);
	CHECK_RC(bank_alloc_node(CR_BANK, R_A), RC_OK);
	CHECK_RC(node_write(R_A, 0, CR_CONSOLE), RC_OK);
	CHECK_RC(bank_usage(CR_BANK, &u1), RC_OK);
	CHECK_EQ(u1.nodes, u0.nodes + 1);
	CHECK_RC(node_read(R_A, 0, R_B), RC_OK);
	CHECK_RC(bank_free(CR_BANK, R_A), RC_OK);
	CHECK_RC(node_info(R_A, &ni), RC_VOID);
	CHECK(ub_is_void(R_A));
	CHECK_RC(bank_usage(CR_BANK, &u2), RC_OK);
	CHECK_EQ(u2.nodes, u0.nodes);
	CHECK_RC(bank_free(CR_BANK, R_A), RC_VOID);     /* stale now */
	CHECK_RC(bank_free(CR_BANK, CR_VOID), RC_VOID);
}

TEST(alloc_free_page, "a page allocated, written, freed; the next one comes back zeroed")
{
	static char buf[16];
	struct page_info pi;

	CHECK_RC(bank_alloc_page(CR_BANK, R_P), RC_OK);
	CHECK_RC(page_write(R_P, 100, "persistent", 10), RC_OK);
	CHECK_RC(page_read(R_P, 100, buf, 10), RC_OK);
	CHECK(memcmp(buf, "persistent", 10) == 0);
	CHECK_RC(bank_free(CR_BANK, R_P), RC_OK);
	CHECK_RC(page_info(R_P, &pi), RC_VOID);
	CHECK_RC(bank_alloc_page(CR_BANK, R_P), RC_OK);  /* the free list's head */
	CHECK_RC(page_read(R_P, 100, buf, 10), RC_OK);
	for (unsigned i = 0; i < 10; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_RC(bank_free(CR_BANK, R_P), RC_OK);
}

TEST(alloc_three, "three objects at once are three distinct objects; four is a bad argument")
{
	const capreg_t to[3] = { R_A, R_B, R_C };
	cairn_msg_t m = CAIRN_MSG(OC_BANK_ALLOC, BANK_KIND_NODE, 4);
	int same = 1;

	CHECK_RC(bank_alloc(CR_BANK, BANK_KIND_NODE, 3, to), RC_OK);
	CHECK_RC(discrim_compare(CR_DISCRIM, R_A, R_B, &same), RC_OK);
	CHECK(!same);
	CHECK_RC(discrim_compare(CR_DISCRIM, R_B, R_C, &same), RC_OK);
	CHECK(!same);
	for (unsigned i = 0; i < 3; i++)
		CHECK_RC(bank_free(CR_BANK, to[i]), RC_OK);
	CHECK_RC(cairn_call(CR_BANK, &m), RC_BAD_ARG);
	m = CAIRN_MSG(OC_BANK_ALLOC, 7, 1);
	CHECK_RC(cairn_call(CR_BANK, &m), RC_BAD_ARG);
	m = CAIRN_MSG(99);
	CHECK_RC(cairn_call(CR_BANK, &m), RC_UNKNOWN_REQUEST);
}

int
main(void)
{
	return utest_run();
}
