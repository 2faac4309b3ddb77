/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clock.c -- the default image's proof of persistence.
 *
 * It counts its own starts in a static variable -- an ordinary word of
 * one of its pages, which the kernel checkpoints like every other page --
 * and otherwise sleeps.  A restart from a checkpoint ends its sleep with
 * RC_RESTART (the kernel cannot know how long a crash lasted), so each
 * boot of the image wakes it once: it prints one line with what it
 * remembers, what the kernel says about persistent time and the last
 * committed generation, and goes back to sleep.
 *
 * Capability registers: CR_CONSOLE, C_SLEEP (Sleep), C_CKPT (Checkpoint).
 */
#include "cairn/cairn.h"

enum { C_SLEEP = 4, C_CKPT = 5 };

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
		int rc = sleep_ms(C_SLEEP, NAP_MS);
		wakeups++;
		report(rc == RC_RESTART ? "back after a restart" : "a day passed");
	}
}
