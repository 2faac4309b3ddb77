/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-pause -- the pause and the write of checkpoints against how much
 * is dirty: 1, 2, 4, 8 and 16 MiB of dirty pages (disk-image/
 * ckpt-pause.map; tests/system/test_ckpt2.py and make bench,
 * tests/bench.py, which draws the curve).
 *
 * A first take commits what the boot dirtied.  Then, ROUNDS times, for
 * each size S: one word in each of the first S MiB of pages of a 16 MiB
 * array is written and taken ("committed g=G (S MiB)"), and the program
 * sleeps SETTLE_MS so that the migration of what was just committed is
 * over before the next size is dirtied: every size starts from the same
 * quiet machine (a 16 MiB take right after an 8 MiB one would otherwise
 * pause beside the 8 MiB migration).  The kernel's
 * line for each generation (boot option ckpt.verbose) says its pause and
 * write time; the test and the bench read them.  At the end: "pause:
 * done R rounds, N of 4096 pages hold their word".
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8 };

#define PAGES 4096u
#define PAGES_PER_MIB 256u
#define ROUNDS 5u
#define SETTLE_MS 500u
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
	for (uint32_t r = 1; r <= ROUNDS; r++)
		for (uint32_t mib = 1; mib <= PAGES / PAGES_PER_MIB; mib *= 2) {
			char suffix[16];
			snprintf(suffix, sizeof suffix, " (%u MiB)", mib);
			dirty(mib * PAGES_PER_MIB, r);
			cmd_take(R_CKPT, suffix);
			sleep_ms(CR_SLEEP, SETTLE_MS);
		}
	printf("pause: done %u rounds, %u of %u pages hold their word\n", ROUNDS,
	       holding(ROUNDS), PAGES);
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}
