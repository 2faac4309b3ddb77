/* SPDX-License-Identifier: BSD-2-Clause */
/* test_heap.c -- malloc grows the address space from a bank, and stops at its limit. */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

#define HEAP_PAGES 6u

TEST(heap_past_limit, "malloc returns NULL when the heap's bank is at its limit, then recovers after free")
{
	struct heap_config cfg = { R_SUB3, R_MYSPACE, UB_SPACE_HEIGHT,
				   { R_HEAP0, R_HEAP0 + 1, R_HEAP0 + 2 } };
	static void *blk[64];
	struct bank_usage u;
	unsigned n = 0;

	CHECK(malloc(10) == NULL);                       /* no heap yet */
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB3), RC_OK);
	CHECK_RC(bank_set_limit(R_SUB3, BANK_KIND_PAGE, HEAP_PAGES), RC_OK);
	heap_setup(&cfg);
	while (n < 64 && (blk[n] = malloc(1000)) != NULL) {
		memset(blk[n], (int)n, 1000);
		n++;
	}
	CHECK(n >= 4 * HEAP_PAGES - 4 && n < 64);        /* 4 blocks a page */
	CHECK_EQ(heap_mapped(), HEAP_PAGES * 4096u);
	CHECK_RC(bank_usage(R_SUB3, &u), RC_OK);
	CHECK_EQ(u.pages, HEAP_PAGES);
	CHECK(u.nodes >= 1 && u.nodes <= 3);             /* Space nodes for the heap */
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(((unsigned char *)blk[i])[999], i & 0xff);
	CHECK(malloc(8000) == NULL);
	for (unsigned i = 0; i < n; i++)
		free(blk[i]);
	void *big = malloc(HEAP_PAGES * 4096u - 64);     /* all merged into one block */
	CHECK(big != NULL);
	free(big);
	printf("heap: %u blocks of 1000 bytes in %u pages before the limit\n", n, HEAP_PAGES);
}
