/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-counter -- the simplest proof of persistence (tests/system/
 * test_ckpt.py, disk-image/ckpt-counter.map).
 *
 * A counter in the program's own data page goes up by one every few
 * milliseconds and is printed ("counter C").  Every TAKE_EVERY-th value
 * it takes a checkpoint and prints "committed g=G counter=C".  The take
 * is the program's only commit point: after a crash and a restart from
 * generation G the take returns once more, the same line is printed
 * again, and counting goes on at C + 1 -- never past C before that line,
 * since nothing after the take was committed.
 *
 * Registers: R_CKPT the Checkpoint capability; R_PARAMS a Number
 * { sleep ms, take every } (0 means the default).
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8, R_PARAMS = 9 };

#define SLEEP_MS_DEFAULT 20u
#define TAKE_EVERY_DEFAULT 10u

static uint32_t counter;        /* .bss: a page of the store like any other */

static uint32_t
param(const uint32_t *p, unsigned i, uint32_t dflt)
{
	return p[i] ? p[i] : dflt;
}

int
main(void)
{
	uint32_t p[3] = { 0, 0, 0 };
	char suffix[32];

	number_read(R_PARAMS, p);       /* Void: the defaults */
	uint32_t ms = param(p, 0, SLEEP_MS_DEFAULT), every = param(p, 1, TAKE_EVERY_DEFAULT);
	for (;;) {
		counter++;
		printf("counter %u\n", counter);
		if (counter % every == 0) {
			snprintf(suffix, sizeof suffix, " counter=%u", counter);
			cmd_take(R_CKPT, suffix);
		}
		int rc = sleep_ms(CR_SLEEP, ms);
		if (rc != RC_OK)
			printf("counter: sleep returned %s\n", rc_name(rc));
	}
}
