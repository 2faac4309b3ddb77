/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clock.c -- the example program of docs/first-program.md: a program
 * that remembers.
 *
 * It counts how often it was woken in a static variable -- an ordinary
 * word of one of its pages, which the kernel checkpoints like every other
 * page -- and otherwise sleeps.  A restart from a checkpoint ends its
 * sleep with RC_RESTART (the kernel cannot know how long the machine was
 * off), so each boot wakes it once: it prints one line with what it
 * remembers, what the kernel says about persistent time and the last
 * committed generation, and goes back to sleep.  Its map is
 * disk-image/examples/clock.map: `make run MAP=disk-image/examples/clock.map`.
 *
 * Capability registers: CR_CONSOLE, CR_SLEEP, C_CKPT (Checkpoint).
 */
#include "cairn/cairn.h"

enum { C_CKPT = CR_FIRST_FREE };

#define NAP_MS (24u * 3600u * 1000u)   /* a day: it sleeps until a restart */

static uint32_t wakeups;    /* persistent: lives in a checkpointed page */

static void
report(const char *what)
{
	struct ckpt_status st;
	uint64_t ms = 0;
	uint32_t restarts = 0;

	ckpt_uptime(C_CKPT, &ms, &restarts);
	if (ckpt_status(C_CKPT, &st) != RC_OK)
		st.generation = 0;
	printf("clock: %s: up %llu s since the image was made, %u restarts, "
	       "last committed generation %llu, woken %u times\n", what,
	       (unsigned long long)(ms / 1000), restarts,
	       (unsigned long long)st.generation, wakeups);
	printf_flush();
}

int
main(void)
{
	report("first start");
	for (;;) {
		int rc = sleep_ms(CR_SLEEP, NAP_MS);
		wakeups++;
		report(rc == RC_RESTART ? "back after a restart" : "a day passed");
	}
}
