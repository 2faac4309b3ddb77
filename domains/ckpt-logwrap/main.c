/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-logwrap -- many checkpoints in a row through a small log
 * (disk-image/ckpt-logwrap.map; tests/system/test_ckpt.py).
 *
 * Round r (1..ROUNDS) writes r into one word of each of PAGES pages and
 * takes a checkpoint: "committed g=G round=R".  The log is small, so
 * it fills and the kernel must migrate generations home and wrap around
 * it several times.  The program starts with "logwrap: log L blocks"
 * and ends with "logwrap: done R rounds, pages hold round R", then
 * idles.  A restart from the last generation returns from the last take
 * once more and prints the end again, with the pages read back.
 *
 * Registers: R_CKPT the Checkpoint capability; R_PARAMS a Number
 * { rounds, pages } (0: the defaults).
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8, R_PARAMS = 9 };

#define ROUNDS_DEFAULT 60u
#define PAGES_MAX 32u
#define PAGES_DEFAULT 8u
#define WORDS_PER_PAGE (4096u / sizeof(uint32_t))

static uint32_t area[PAGES_MAX][WORDS_PER_PAGE] __attribute__((aligned(4096)));

/* Do the pages hold round r? */
static int
pages_hold(uint32_t pages, uint32_t r)
{
	for (uint32_t p = 0; p < pages; p++)
		if (area[p][r % WORDS_PER_PAGE] != r)
			return 0;
	return 1;
}

int
main(void)
{
	uint32_t prm[3] = { 0, 0, 0 }, r;
	struct ckpt_status st;
	char suffix[24];

	number_read(R_PARAMS, prm);
	uint32_t rounds = prm[0] ? prm[0] : ROUNDS_DEFAULT;
	uint32_t pages = prm[1] && prm[1] <= PAGES_MAX ? prm[1] : PAGES_DEFAULT;
	if (ckpt_status(R_CKPT, &st) == RC_OK)
		printf("logwrap: log %u blocks, %u pages a round\n", st.log_blocks, pages);
	for (r = 1; r <= rounds; r++) {
		for (uint32_t p = 0; p < pages; p++)
			area[p][r % WORDS_PER_PAGE] = r;
		snprintf(suffix, sizeof suffix, " round=%u", r);
		cmd_take(R_CKPT, suffix);
	}
	printf("logwrap: done %u rounds, pages %s round %u\n", rounds,
	       pages_hold(pages, rounds) ? "hold" : "DO NOT hold", rounds);
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}
