/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint.c -- the Checkpoint capability (kernel/checkpoint.c does
 * the work).
 *
 * TAKE answers before the checkpoint runs: the invoker's reply (RC_OK
 * and the generation that will hold its state) is in its registers when
 * the snapshot saves them, and the invoker then waits until that
 * generation is committed (the snapshot runs at the end of this very
 * trap if the writer is free, else as soon as it is).  So the program
 * sees "committed g" both when g commits and, after a crash, when the
 * machine restarts from g; if g fails to commit, the kernel changes the
 * reply to RC_IO_ERROR before the invoker runs.
 */
#include "kernel/invoke.h"
#include "kernel/checkpoint.h"
#include "kernel/proc.h"

static int
take(struct inv *inv)
{
	if (!inv->invoker)
		return RC_BAD_ARG;
	uint64_t g = ckpt_request_take(inv->invoker);
	if (!g)
		return RC_IO_ERROR;        /* no store */
	inv->rw[0] = (uint32_t)g;
	inv->rw[1] = (uint32_t)(g >> 32);
	return RC_OK;
}

int
checkpoint_invoke(struct inv *inv)
{
	struct ckpt_stats s;
	uint64_t g, t;

	switch (inv->order) {
	case OC_CKPT_TAKE:
		return take(inv);
	case OC_CKPT_STATUS:
		ckpt_stats(&s);
		g = ckpt_generation();
		inv->rw[0] = (uint32_t)g;
		inv->rw[1] = (uint32_t)(g >> 32);
		inv->rw[2] = s.log_used;
		inv->rw[3] = s.log_blocks;
		return RC_OK;
	case OC_CKPT_SET_PERIOD:
		ckpt_set_period(inv->w[0]);
		return RC_OK;
	case OC_CKPT_TIMES:
		ckpt_stats(&s);
		inv->rw[0] = s.pause_us;
		inv->rw[1] = s.write_us;
		inv->rw[2] = s.dirty_kib;
		inv->rw[3] = ckpt_period();
		return RC_OK;
	case OC_CKPT_UPTIME:
		t = ckpt_uptime_ms();
		inv->rw[0] = (uint32_t)t;
		inv->rw[1] = (uint32_t)(t >> 32);
		inv->rw[2] = ckpt_restarts();
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
