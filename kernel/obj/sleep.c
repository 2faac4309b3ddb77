/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sleep.c -- the Sleep capability.  A sleep blocks the invoker in the
 * kernel's sleep queue; the saved result is RC_RESTART until the sleep
 * ends normally, so a process restarted from a checkpoint taken during
 * the sleep sees RC_RESTART instead of sleeping again.
 */
#include "kernel/invoke.h"
#include "kernel/proc.h"

#define MS_PER_TICK (1000u / HAL_TICK_HZ)

int
sleep_invoke(struct inv *inv)
{
	uint64_t t;

	switch (inv->order) {
	case OC_SLEEP_MS:
		if (!inv->invoker)
			return RC_BAD_ARG;
		sched_sleep(inv->invoker, (inv->w[0] + MS_PER_TICK - 1) / MS_PER_TICK);
		inv->blocked = true;
		return RC_OK;
	case OC_SLEEP_TICKS:
		t = hal_ticks();
		inv->rw[0] = (uint32_t)t;
		inv->rw[1] = (uint32_t)(t >> 32);
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
