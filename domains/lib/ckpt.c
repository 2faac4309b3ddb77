/* SPDX-License-Identifier: BSD-2-Clause */
/* ckpt.c -- wrappers for the Checkpoint orders (cairn/kobj.h). */
#include "kcall.h"

static uint64_t
u64(uint32_t lo, uint32_t hi)
{
	return lo | (uint64_t)hi << 32;
}

int
ckpt_take(capreg_t ck, uint64_t *gen)
{
	cairn_msg_t m = CAIRN_MSG(OC_CKPT_TAKE);
	int rc = kcall_words(ck, &m);

	if (rc == RC_OK)
		*gen = u64(m.w[0], m.w[1]);
	return rc;
}

int
ckpt_status(capreg_t ck, struct ckpt_status *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_CKPT_STATUS);
	int rc = kcall_words(ck, &m);

	if (rc != RC_OK)
		return rc;
	out->generation = u64(m.w[0], m.w[1]);
	out->log_used = m.w[2];
	out->log_blocks = m.w[3];
	m = (cairn_msg_t)CAIRN_MSG(OC_CKPT_TIMES);
	rc = kcall_words(ck, &m);
	if (rc != RC_OK)
		return rc;
	out->pause_us = m.w[0];
	out->write_us = m.w[1];
	out->dirty_kib = m.w[2];
	out->period_ms = m.w[3];
	return RC_OK;
}

int
ckpt_set_period(capreg_t ck, uint32_t ms)
{
	cairn_msg_t m = CAIRN_MSG(OC_CKPT_SET_PERIOD, ms);
	return kcall_words(ck, &m);
}

int
ckpt_uptime(capreg_t ck, uint64_t *ms, uint32_t *restarts)
{
	cairn_msg_t m = CAIRN_MSG(OC_CKPT_UPTIME);
	int rc = kcall_words(ck, &m);

	if (rc == RC_OK) {
		*ms = u64(m.w[0], m.w[1]);
		*restarts = m.w[2];
	}
	return rc;
}

int
ckpt_last(capreg_t ck, uint64_t *restart_gen, uint64_t *committed_ms)
{
	cairn_msg_t m = CAIRN_MSG(OC_CKPT_LAST);
	int rc = kcall_words(ck, &m);

	if (rc == RC_OK) {
		*restart_gen = u64(m.w[0], m.w[1]);
		*committed_ms = u64(m.w[2], m.w[3]);
	}
	return rc;
}
