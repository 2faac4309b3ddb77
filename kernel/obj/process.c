/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * process.c -- the Process capability: full access to a process through
 * its root node.
 *
 * Every order works on the root node's slots, so it works whether or not
 * the process is loaded: a loaded process is written back first and
 * re-read afterwards (proc_reload), so the table never disagrees with
 * the root.  START on a process that waits for a reply that may never
 * come ends that wait: the outstanding Resume capability is voided (call
 * count bumped) and the CALL returns RC_VOID.
 *
 * A process that is running is always loaded (the checkpoint's run list
 * is built from the process table), so an order that may make a process
 * run loads it before the commit point; if it cannot be loaded (the
 * table is full of running processes, or the root is not a well-formed
 * process) the order fails and changes nothing.
 */
#include "kernel/invoke.h"
#include "kernel/proc.h"

static uint32_t
state_word(const ck_node_t *n, unsigned i)
{
	const cap_t *c = &n->slot[PR_SLOT_STATE];
	return cap_type(c) == CT_NUMBER ? cap_num(c, i) : 0;
}

static void
set_state(ck_node_t *n, uint32_t state, uint32_t code, uint32_t addr)
{
	n->slot[PR_SLOT_STATE] = cap_number(state, code, addr);
}

static bool
swappable(uint32_t slot)
{
	return slot == PR_SLOT_SPACE || slot == PR_SLOT_KEEPER ||
	       slot == PR_SLOT_CAPREGS || slot == PR_SLOT_BRAND ||
	       slot == PR_SLOT_ANNEX || slot == PR_SLOT_SCHED || slot == PR_SLOT_NAME;
}

static int
decode(const struct inv *inv)
{
	switch (inv->order) {
	case OC_PROCESS_STATE:
	case OC_PROCESS_START:
	case OC_PROCESS_HALT:
	case OC_PROCESS_MAKE_START:
	case OC_PROCESS_RESUME_FAULT:
		return inv->order == OC_PROCESS_MAKE_START && inv->w[0] > CAP_BADGE_MASK ?
		       RC_BAD_ARG : RC_OK;
	case OC_PROCESS_SWAP_SLOT:
		return swappable(inv->w[0]) && inv->nc >= 1 ? RC_OK : RC_BAD_ARG;
	case OC_PROCESS_GET_REGS:
	case OC_PROCESS_SET_REGS:
		return inv->w[0] < 4 ? RC_OK : RC_BAD_ARG;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}

static void
start(ck_node_t *n, struct inv *inv)
{
	cap_t *regs2 = &n->slot[PR_SLOT_REGS2];

	if (state_word(n, 0) == PRS_WAITING) {
		n->call_count++;                 /* the Resume capability dies */
		cap_t r0 = n->slot[PR_SLOT_REGS0];
		cap_set_num(&r0, 0, RC_VOID);
		n->slot[PR_SLOT_REGS0] = r0;
	}
	if (inv->w[0] && cap_type(regs2) == CT_NUMBER)
		cap_set_num(regs2, 2, inv->w[0]);
	if (inv->w[1] && cap_type(regs2) == CT_NUMBER)
		cap_set_num(regs2, 1, inv->w[1]);
	set_state(n, PRS_RUNNING, PF_NONE, 0);
}

static void
perform(struct inv *inv, ck_node_t *n)
{
	switch (inv->order) {
	case OC_PROCESS_STATE:
		for (unsigned i = 0; i < 3; i++)
			inv->rw[i] = state_word(n, i);
		inv->rw[3] = cap_num(&n->slot[PR_SLOT_REGS2], 2);
		break;
	case OC_PROCESS_START:
		start(n, inv);
		break;
	case OC_PROCESS_HALT:
		set_state(n, PRS_HALTED, PF_NONE, 0);
		break;
	case OC_PROCESS_RESUME_FAULT:
		if (state_word(n, 0) == PRS_FAULTED)
			set_state(n, PRS_RUNNING, PF_NONE, 0);
		break;
	case OC_PROCESS_SWAP_SLOT: {
		cap_t old = n->slot[inv->w[0]];
		n->slot[inv->w[0]] = inv->c[0];
		inv_reply_cap(inv, old);
		break;
	}
	case OC_PROCESS_MAKE_START:
		inv_reply_cap(inv, cap_to(inv->obj, CT_START, 0, inv->w[0]));
		break;
	case OC_PROCESS_GET_REGS: {
		const cap_t *c = &n->slot[PR_SLOT_REGS0 + inv->w[0]];
		for (unsigned i = 0; i < 3; i++)
			inv->rw[i] = cap_type(c) == CT_NUMBER ? cap_num(c, i) : 0;
		break;
	}
	case OC_PROCESS_SET_REGS:
		n->slot[PR_SLOT_REGS0 + inv->w[0]] = cap_number(inv->w[1], inv->w[2], inv->w[3]);
		break;
	}
}

/* Orders that only read the root: the loaded process is written back
 * first but not re-read (re-reading takes it off the queue it waits on,
 * which would make it execute its trap again for nothing). */
static bool
reads_only(uint32_t order)
{
	return order == OC_PROCESS_STATE || order == OC_PROCESS_GET_REGS ||
	       order == OC_PROCESS_MAKE_START;
}

/* Orders after which the process may be running. */
static bool
may_run(uint32_t order)
{
	return order == OC_PROCESS_START || order == OC_PROCESS_RESUME_FAULT;
}

/* Does this order end what the loaded process p waits for?  START and
 * RESUME_FAULT cut short a sleep and send a stalled process or one
 * blocked on a forwarder back to retry its trap at once (so a watchdog's
 * START always gets a process moving).  A wait for the checkpoint -- for
 * a commit it asked for, whose generation is already in its registers,
 * or for log room -- always ends by itself within one commit, and the
 * answer is true only then: it is left alone, unless START gives a new
 * PC and the process starts over.  (HALT needs nothing here: a process
 * that is not running is on no queue; proc_reload sees to that.) */
static bool
ends_wait(const struct inv *inv, const struct proc *p)
{
	if (!may_run(inv->order))
		return false;
	return p->queue != PQ_CKPT || (inv->order == OC_PROCESS_START && inv->w[0]);
}

int
process_invoke(struct inv *inv)
{
	int rc = decode(inv);
	struct proc *p = inv->obj->proc;

	if (rc)
		return rc;
	if (!p && may_run(inv->order)) {
		p = proc_load(inv->obj, &rc);    /* a cache fill, not a change */
		if (!p)
			return rc;
	}
	if (p)
		proc_writeback(p);
	/* commit point */
	if (reads_only(inv->order))
		return perform(inv, obj_node(inv->obj)), RC_OK;
	obj_will_modify(inv->obj);
	perform(inv, obj_node(inv->obj));
	if (p && ends_wait(inv, p))
		sched_forget(p);
	if (p)
		proc_reload(p);    /* otherwise a waiting process keeps waiting */
	return RC_OK;
}
