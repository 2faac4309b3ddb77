/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-pause -- the pause and the write of checkpoints of 1 MiB and of
 * 16 MiB of dirty pages (disk-image/ckpt-pause.map; tests/system/
 * test_ckpt2.py).
 *
 * A first take commits what the boot dirtied.  Then, ROUNDS times: one
 * word in each of the first 256 pages of a 16 MiB array is written and
 * taken ("committed g=G (1 MiB)"), then one word in each of its 4096
 * pages ("committed g=G (16 MiB)").  The kernel's line for each
 * generation (boot option ckpt.verbose) says its pause and write time;
 * the test compares them.  At the end: "pause: done R rounds, N of 4096
 * pages hold their word".
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8 };

#define PAGES 4096u
#define SMALL 256u
#define ROUNDS 5u
#define WORDS_PER_PAGE (4096u / sizeof(uint32_t))

static uint32_t big[PAGES * WORDS_PER_PAGE] __attribute__((aligned(4096)));

static void
dirty(uint32_t pages, uint32_t round)
{
	for (uint32_t i = 0; i < pages; i++)
		big[i * WORDS_PER_PAGE + i % WORDS_PER_PAGE] = round << 16 | i;
}

static uint32_t
holding(uint32_t round)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < PAGES; i++)
		n += big[i * WORDS_PER_PAGE + i % WORDS_PER_PAGE] == (round << 16 | i);
	return n;
}

int
main(void)
{
	cmd_take(R_CKPT, " (boot state)");
	for (uint32_t r = 1; r <= ROUNDS; r++) {
		dirty(SMALL, r);
		cmd_take(R_CKPT, " (1 MiB)");
		dirty(PAGES, r);
		cmd_take(R_CKPT, " (16 MiB)");
	}
	printf("pause: done %u rounds, %u of %u pages hold their word\n", ROUNDS,
	       holding(ROUNDS), PAGES);
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}
