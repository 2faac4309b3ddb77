/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-scribbler -- a self-checking scribbler for copy-on-write
 * (disk-image/ckpt-scribbler.map, ckpt-logfull.map; tests/system/
 * test_ckpt2.py).
 *
 * Sweep s (1, 2, ...) writes s into the first word of each of PAGES
 * pages, in order, each page first checked to hold s - 1, and the sweep
 * number and page index live in registers.  Checkpoints come from the
 * kernel (the map's period) while it runs, so a snapshot may fall
 * anywhere in a sweep: pages before the index hold s, the rest s - 1.
 * Whatever the kernel restores after a crash, registers and pages must
 * agree: the loop goes on checking from the restored index, and between
 * sweeps the program asks for the restart count; when it has changed,
 * it checks every page against the restored sweep number at once:
 *
 *   scribbler: restarted in sweep S; all N pages hold S
 *   scribbler: page P holds X, expected Y (sweep S)        and stops
 *   scribbler: sweep S at T ms                             every PRINT sweeps
 *                                                          (persistent time)
 *
 * Registers: R_CKPT the Checkpoint capability; R_PARAMS a Number
 * { pages, print every, 0 } (0: the defaults).
 */
#include "cairn/cairn.h"

enum { R_CKPT = 8, R_PARAMS = 9 };

#define PAGES_MAX 4096u
#define WORDS_PER_PAGE (4096u / sizeof(uint32_t))

static uint32_t area[PAGES_MAX][WORDS_PER_PAGE] __attribute__((aligned(4096)));

static void __attribute__((noreturn))
stop(uint32_t page, uint32_t got, uint32_t want, uint32_t sweep)
{
	printf("scribbler: page %u holds %u, expected %u (sweep %u)\n", page, got, want, sweep);
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}

/* After a restart in sweep s, now complete: every page holds s. */
static void
check_all(uint32_t pages, uint32_t s)
{
	for (uint32_t p = 0; p < pages; p++)
		if (area[p][0] != s)
			stop(p, area[p][0], s, s);
	printf("scribbler: restarted in sweep %u; all %u pages hold %u\n", s, pages, s);
}

static uint64_t uptime_ms;

static uint32_t
restarts(void)
{
	uint32_t n = 0;

	ckpt_uptime(R_CKPT, &uptime_ms, &n);
	return n;
}

int
main(void)
{
	uint32_t prm[3] = { 0, 0, 0 };

	number_read(R_PARAMS, prm);
	uint32_t pages = prm[0] && prm[0] <= PAGES_MAX ? prm[0] : PAGES_MAX;
	uint32_t every = prm[1] ? prm[1] : 10;
	uint32_t seen = restarts();
	printf("scribbler: %u pages\n", pages);
	for (uint32_t s = 1;; s++) {
		for (uint32_t p = 0; p < pages; p++) {
			if (area[p][0] != s - 1)
				stop(p, area[p][0], s - 1, s);
			area[p][0] = s;
		}
		uint32_t r = restarts();
		if (r != seen) {
			check_all(pages, s);
			seen = r;
		}
		if (s % every == 0)
			printf("scribbler: sweep %u at %llu ms\n", s, (unsigned long long)uptime_ms);
	}
}
