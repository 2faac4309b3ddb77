/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bankcap.c -- bank capabilities that die with their bank.
 *
 * A bank id is only an index into the bank table and is reused once its
 * bank is destroyed, so a capability must not be just "a Start
 * capability with the id in its badge": a stale one would reach the
 * bank that gets the id next.  Instead every bank capability the bank
 * hands out is an opaque forwarder (docs/forwarders.md):
 *
 *   holder's register --opaque Forwarder (OID F, count c)--> node F
 *        node F (forwarder form, data word = id | BANK_R_* bits, delivered)
 *          slot 0: Start capability to the bank process, badge 0
 *
 * The kernel delivers F's data word as the request's badge.  Destroying
 * the bank rescinds F through the Range: count c + 1, and every copy of
 * every capability to that bank, wherever it is, is Void for good --
 * whoever gets the id next has new forwarders.  No kernel mechanism is
 * needed beyond the forwarder; the cost is one node per capability kind.
 *
 * A bank has one forwarder per set of BANK_R_* bits that was asked for
 * (at most 16), kept on its fwd list (format.h) with the bits in the
 * record's flags; RESTRICT reuses the one with the same bits.  The nodes
 * are the bank's own cost (like its tables), counted in no usage.  The
 * unbadged Start capability (R_START0) never leaves the bank process;
 * badge 0 names no bank (BANK_ID_FREE), so a request through it would
 * be refused anyway.  The prime bank's capability in a map is a plain
 * Start capability with badge 2: the prime bank is never destroyed.
 */
#include "spacebank/sb.h"
#include "cairn/fwd.h"

/* The forwarder of bank id with exactly the bits restr: its index + 1,
 * or 0. */
static uint32_t
bankcap_find(uint32_t id, uint32_t restr)
{
	for (uint32_t i = sb_bank(id)->fwd; i; i = sb_rec(SB_NODE, i - 1u)->next)
		if (SB_RF_RESTR(sb_rec(SB_NODE, i - 1u)->flags) == restr)
			return i;
	return 0;
}

/* Turn the node in register to into a forwarder with this badge; to
 * receives a handle (a non-opaque Forwarder capability). */
static int
bankcap_make(uint32_t badge, capreg_t to)
{
	int rc = node_make(to, CT_FORWARDER, 0, to);

	if (rc == RC_OK)
		rc = fwd_swap_target(to, R_START0, IPC_NO_CAP);
	if (rc == RC_OK)
		rc = fwd_set_data(to, badge, 1);
	return rc;
}

/* A new forwarder for (id, restr), on the bank's fwd list. */
static int
bankcap_new(uint32_t id, uint32_t restr, capreg_t to)
{
	struct mem_ret r = mem_make(SB_NODE, BANK_ID_SELF, to, MEM_TO_REG);

	if (r.rc != RC_OK)
		return r.rc;
	int rc = bankcap_make(id | restr, to);
	if (rc != RC_OK) {
		rec_rescind(SB_NODE, r.idx);
		return rc;
	}
	rec_unlink(SB_NODE, r.idx);
	sb_rec(SB_NODE, r.idx)->flags = (uint16_t)(SB_RF_FWD | restr);
	rec_link(SB_NODE, r.idx, id);
	return RC_OK;
}

/* An opaque capability to bank id with the bits restr, into to. */
int
bankcap_give(uint32_t id, uint32_t restr, capreg_t to)
{
	uint32_t f = bankcap_find(id, restr);
	int rc;

	if (f) {
		rc = range_create(R_RANGE, BANK_KIND_NODE, f - 1u, to);
		if (rc == RC_OK)
			rc = node_make(to, CT_FORWARDER, 0, to);
	} else {
		rc = bankcap_new(id, restr, to);
	}
	return rc == RC_OK ? fwd_make_opaque(to, 0, to) : rc;
}

/* Every capability to bank id is Void from now on. */
void
bankcap_revoke(uint32_t id)
{
	while (sb_bank(id)->fwd)
		rec_rescind(SB_NODE, sb_bank(id)->fwd - 1u);
}

/* First start: the unbadged Start capability the forwarders point to. */
int
bankcap_init(void)
{
	return process_make_start(CR_SELF, 0, R_START0);
}
