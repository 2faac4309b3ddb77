/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * act_fwd.c -- the workload's forwarder actions: make a revocable copy
 * of echo's Start capability, use it, block and unblock it, revoke it.
 *
 * Forwarder i keeps its handle in slot i of the D_FWD node and a stash
 * of its opaque capability in slot WL_FWDS + i.  The stash is never
 * invoked itself (record.c probes a copy of it), so after a revocation it
 * keeps the old allocation count: only a persisted rescind makes it void.
 * Indices are reused round-robin, and only once revoked, so a revoked
 * forwarder stays on record for many generations.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "cairn/fwd.h"
#include "domains/crash-workload/wl.h"
#include "domains/utest-ipc/proto.h"

static void
count_fwd(uint32_t i, int delta)
{
	if (wl.fwd_sub[i])
		wl.sub_nodes += (uint32_t)delta;
	else
		wl.own_nodes += (uint32_t)delta;
}

/* A forwarder to echo, paid for by the workload's bank or its sub-bank. */
int
act_fwd_make(void)
{
	uint32_t i = wl.fwd_next % WL_FWDS;
	int sub = wl.sub_id && wl_rand(3) == 0;
	int rc;

	if (wl.fwd[i] == FS_LIVE || wl.fwd[i] == FS_BLOCKED)
		return 0;
	wl.fwd_next++;
	if ((rc = revocable_copy(sub ? D_SUB : D_BANK, D_ECHO, D_T0, D_T1)) ||
	    (rc = node_write(D_FWD, i, D_T1)) || (rc = node_write(D_FWD, WL_FWDS + i, D_T0)))
		return rc;
	wl_forget(0, (int)i);
	wl.fwd[i] = FS_LIVE;
	wl.fwd_sub[i] = (uint8_t)sub;
	count_fwd(i, 1);
	return 0;
}

/* A random forwarder in state want, or -1. */
static int
pick(uint8_t want1, uint8_t want2)
{
	uint32_t i = wl_rand(WL_FWDS);
	return wl.fwd[i] == want1 || wl.fwd[i] == want2 ? (int)i : -1;
}

/* Call echo through a live forwarder (a copy of its stash). */
int
act_fwd_use(void)
{
	int i = pick(FS_LIVE, FS_LIVE);
	uint32_t x = wl_rand(1000);
	cairn_msg_t m = CAIRN_MSG(ECHO_WORDS, x);
	int rc;

	if (i < 0)
		return 0;
	if ((rc = node_read(D_FWD, WL_FWDS + (uint32_t)i, D_T0)) || (rc = cairn_call(D_T0, &m)))
		return rc;
	return m.w[0] == x + 1 ? 0 : RC_BAD_ARG;
}

/* Block a live forwarder, or unblock a blocked one. */
int
act_fwd_toggle(void)
{
	int i = pick(FS_LIVE, FS_BLOCKED);
	int rc;

	if (i < 0)
		return 0;
	if ((rc = node_read(D_FWD, (uint32_t)i, D_T1)))
		return rc;
	int block = wl.fwd[i] == FS_LIVE;
	if ((rc = block ? fwd_block(D_T1) : fwd_unblock(D_T1)))
		return rc;
	wl.fwd[i] = block ? FS_BLOCKED : FS_LIVE;
	return 0;
}

/* Revoke a live or blocked forwarder through the workload's bank (the
 * parent frees a sub-bank's forwarder too); its handle goes to the grave. */
int
act_fwd_revoke(void)
{
	int i = pick(FS_LIVE, FS_BLOCKED);
	int rc;

	if (i < 0)
		return 0;
	if ((rc = node_read(D_FWD, (uint32_t)i, D_T1)) || (rc = wl_bury(D_T1)) ||
	    (rc = revoke(D_BANK, D_T1)))
		return rc;
	wl.fwd[i] = FS_REVOKED;
	wl_forget(0, i);
	count_fwd((uint32_t)i, -1);
	return 0;
}
