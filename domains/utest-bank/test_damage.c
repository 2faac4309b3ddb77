/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_damage.c -- a damaged object costs only the requests that need
 * it.  tests/system/test_bank.py runs this suite on a copy of the image
 * in which it flipped a byte of the node in R_VICTIM and of a free node
 * and a free page the bank will reach (spacebank/mem.c retires those);
 * on the intact image the test says so and checks nothing more.  The
 * bank retires all three when it meets them: the victim while adopting
 * the image's objects at its first start, the others at its high-water
 * mark.
 */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

#define DMG_ROUNDS 200u

TEST(damaged_objects, "on a store with damaged objects the bank serves every request but those that need them")
{
	struct node_info ni;
	uint32_t problems = ~0u, unreadable = 0;
	int yes = 0, rc = node_info(R_VICTIM, &ni);

	if (rc == RC_OK) {
		printf("BANK damage: none (the victim node reads)\n");
		return;
	}
	CHECK_RC(rc, RC_IO_ERROR);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	for (unsigned i = 0; i < DMG_ROUNDS; i++) {      /* past the damaged free ones */
		CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
		CHECK_RC(bank_alloc_page(R_SUB1, R_P), RC_OK);
		CHECK_RC(bank_alloc_node(R_SUB1, R_B), RC_OK);
		CHECK_RC(node_write(R_B, 0, R_P), RC_OK);
		CHECK_RC(bank_free(R_SUB1, R_A), RC_OK);
	}
	CHECK_RC(bank_free(CR_BANK, R_VICTIM), RC_IO_ERROR);    /* needs the damaged node */
	CHECK_RC(bank_verify(CR_BANK, R_VICTIM, &yes), RC_IO_ERROR);
	CHECK_RC(bank_alloc_node(CR_BANK, R_A), RC_OK);          /* and nothing else */
	CHECK_RC(bank_free(CR_BANK, R_A), RC_OK);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK_RC(bank_check_all(CR_BANK, &problems, &unreadable), RC_OK);
	CHECK_EQ(problems, 0);
	CHECK_EQ(unreadable, 0);        /* all three retired (the victim at first start) */
	printf("BANK damage: %u rounds of allocate and free served; freeing the damaged node: "
	       "RC_IO_ERROR; check: %u problems, %u unreadable\n", DMG_ROUNDS, problems, unreadable);
}
