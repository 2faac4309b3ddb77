/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shell -- the interactive shell on the serial console (shell.h lists
 * its modules; README.md walks through it).
 *
 * main() runs once, at the shell's first start: it makes the nodes and
 * sub-banks the shell keeps (banks.c) and then reads and runs lines for
 * ever.  It never runs again: after a crash the machine restarts from a
 * checkpoint, and the shell goes on from wherever it was then -- almost
 * always waiting for a key in line_read().
 *
 * Restarts.  The kernel counts them (Checkpoint UPTIME); the shell keeps
 * the count it has seen.  Whenever it waits for a key and after every
 * command it compares the two, and when they differ it says which
 * generation the system came back from (Checkpoint LAST).  Comparing
 * counts rather than waiting for Sleep's RC_RESTART also catches a
 * checkpoint taken while the shell was in some other trap.
 *
 * Durability.  The kernel checkpoints every few seconds, so a crash
 * loses at most those seconds.  A command that takes authority away
 * (revoke, block, dropbank) must not be undone by a crash once the shell
 * has said it is done, so it asks for a checkpoint first (sh_durable)
 * and says which generation holds it.
 */
#include "shell.h"
#include "cairn/bank.h"

#define POLL_MS 20

static uint32_t restarts_seen;     /* persistent, like everything here */

/* If the machine restarted since we last looked, say from where. */
static bool
sh_check_restart(void)
{
	uint64_t ms, gen, committed;
	uint32_t restarts;

	if (ckpt_uptime(R_CKPT, &ms, &restarts) != RC_OK || restarts == restarts_seen)
		return false;
	restarts_seen = restarts;
	if (ckpt_last(R_CKPT, &gen, &committed) != RC_OK)
		gen = 0;
	printf("\nshell: the system restarted from generation %llu (restart %u of this image); "
	       "the pairs, grants, banks and history are as they were then\n",
	       (unsigned long long)gen, (unsigned)restarts);
	return true;
}

bool
sh_idle(void)
{
	printf_flush();
	sleep_ms(CR_SLEEP, POLL_MS);    /* RC_RESTART is checked below */
	return sh_check_restart();
}

bool
sh_durable(uint64_t *gen)
{
	int rc = ckpt_take(R_CKPT, gen);

	if (sh_check_restart())
		return false;           /* the take returned again, after a crash */
	if (rc != RC_OK)
		out_error("the checkpoint failed (%s): not durable", rc_name(rc));
	return rc == RC_OK;
}

static void
sh_first_start(void)
{
	uint64_t ms;

	ckpt_uptime(R_CKPT, &ms, &restarts_seen);
	printf("\nCairn shell.  Everything here persists: the pairs you set, the grants you make,\n"
	       "the banks, this shell's history.  The kernel checkpoints every few seconds, and\n"
	       "after a crash the system carries on from the last checkpoint.  Type help.\n");
	if (banks_setup() != RC_OK)
		out_error("the shell could not set up its banks; set, grant and newbank will fail");
}

/* Void the scratch registers, so that what a command used does not stay
 * reachable from the shell (slot SH_VOID_SLOT of R_BANKS is never set). */
static void
sh_forget(void)
{
	for (capreg_t r = R_T0; r < R_T0 + R_SCRATCH; r++)
		node_read(R_BANKS, SH_VOID_SLOT, r);
}

int
main(void)
{
	sh_first_start();
	for (;;) {
		const char *l = line_read();
		if (l)
			cmds_run(l);
		sh_forget();
		sh_check_restart();
	}
}
