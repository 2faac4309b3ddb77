/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint.c -- the Checkpoint capability (kernel/checkpoint.c does
 * the work).
 *
 * TAKE answers before the checkpoint runs: the invoker's reply (RC_OK
 * and the generation about to be written) is in its registers when the
 * snapshot saves them, and the checkpoint runs at the end of this very
 * trap.  So the program sees "committed g" both when g commits and,
 * after a crash, when the machine restarts from g; if g fails to commit,
 * the kernel changes the reply to RC_IO_ERROR before the invoker runs.
 */
#include "kernel/invoke.h"
#include "kernel/checkpoint.h"
#include "kernel/proc.h"

/* A 64-bit result in reply words i and i + 1 (low, high). */
static void
reply64(struct inv *inv, unsigned i, uint64_t v)
{
	inv->rw[i] = (uint32_t)v;
	inv->rw[i + 1] = (uint32_t)(v >> 32);
}

static int
take(struct inv *inv)
{
	if (!inv->invoker)
		return RC_BAD_ARG;
	ckpt_request_take(inv->invoker);
	reply64(inv, 0, ckpt_generation() + 1);
	return RC_OK;
}

int
checkpoint_invoke(struct inv *inv)
{
	struct ckpt_stats s;

	ckpt_stats(&s);
	switch (inv->order) {
	case OC_CKPT_TAKE:
		return take(inv);
	case OC_CKPT_STATUS:
		reply64(inv, 0, ckpt_generation());
		inv->rw[2] = s.log_used;
		inv->rw[3] = s.log_blocks;
		return RC_OK;
	case OC_CKPT_SET_PERIOD:
		ckpt_set_period(inv->w[0]);
		return RC_OK;
	case OC_CKPT_TIMES:
		inv->rw[0] = s.pause_us;
		inv->rw[1] = s.write_us;
		inv->rw[2] = s.dirty_kib;
		inv->rw[3] = ckpt_period();
		return RC_OK;
	case OC_CKPT_UPTIME:
		reply64(inv, 0, ckpt_uptime_ms());
		inv->rw[2] = ckpt_restarts();
		return RC_OK;
	case OC_CKPT_LAST:
		reply64(inv, 0, ckpt_restart_generation());
		reply64(inv, 2, ckpt_committed_ms());
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
