/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-dirty16 -- a checkpoint of 16 MiB of dirty pages
 * (disk-image/ckpt-dirty16.map; tests/system/test_ckpt.py).
 *
 * A first take makes everything the boot dirtied clean.  Then one word
 * in each of the 4096 pages of a 16 MiB array is written and a second
 * take commits them: the kernel's line for that generation says
 * "16 MiB dirty" and how long the pause and the write took.  After every
 * return from that take -- the first, and the one after a restart from
 * it -- the program counts the pages that hold their word:
 * "dirty16: 4096 of 4096 pages hold their word".
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8 };

#define DIRTY_PAGES 4096u
#define WORDS_PER_PAGE (4096u / sizeof(uint32_t))

static uint32_t big[DIRTY_PAGES * WORDS_PER_PAGE] __attribute__((aligned(4096)));

static uint32_t
word_of(uint32_t page)
{
	return 0xd1700000u + page;
}

static uint32_t
pages_holding(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < DIRTY_PAGES; i++)
		n += big[i * WORDS_PER_PAGE + i % WORDS_PER_PAGE] == word_of(i);
	return n;
}

int
main(void)
{
	cmd_take(R_CKPT, " (boot state)");
	printf("dirty16: writing one word in each of %u pages\n", DIRTY_PAGES);
	for (uint32_t i = 0; i < DIRTY_PAGES; i++)
		big[i * WORDS_PER_PAGE + i % WORDS_PER_PAGE] = word_of(i);
	cmd_take(R_CKPT, " (16 MiB)");
	printf("dirty16: %u of %u pages hold their word\n", pages_holding(), DIRTY_PAGES);
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}
