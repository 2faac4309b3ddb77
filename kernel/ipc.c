/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc.c -- the invocation trap: CALL, SEND, RETURN, RECEIVE.
 *
 * Every invocation goes through here (abi/invoke.h has the register
 * convention).  It is decode -> commit point -> perform:
 *
 *   decode   read the invocation word, the descriptor (through the
 *            invoker's mapping or a walk of its space, never by
 *            dereferencing a user address: ipcstr.c), the capabilities,
 *            and check the string to send; check every index and
 *            length.  Any failure returns an error code to the invoker
 *            and changes nothing.  (The string itself is copied at
 *            delivery, straight into the receiver's buffer.)
 *            (The descriptor's checks, the capabilities' gathering and
 *            delivery and the receive spec are ipcdesc.h's, which the
 *            fast path, ipcfast.c, shares.)
 *   commit   from here on nothing fails.
 *   perform  deliver: to a kernel object (invoke_kernel), to a process
 *            through a Start capability, or to a waiting caller through
 *            a Resume capability.
 *
 * Processes.  A process receives only while available (it executed
 * RETURN or RECEIVE).  An invoker of a busy process stalls: its eip is
 * backed up over the trap instruction and it waits, in order, on the
 * target's stall queue; when the target becomes available the first
 * staller is given the turn -- made ready to execute its trap again --
 * and the others stay queued: only one message can be delivered.  If the
 * one with the turn does not deliver (its trap went elsewhere, it was
 * halted or dropped), the turn passes to the next (ipc_turn_done).  So a
 * process that keeps becoming available costs each staller one retry
 * per delivery, not one per availability.  Nothing about a stall is
 * persistent, and nothing needs to be: after a restart the invoker is
 * running at the trap instruction and retries.
 *
 * CALL gives the callee a Resume capability carrying the caller's call
 * count.  The reply bumps the call count, so every copy of that Resume
 * capability is void afterwards: a Resume capability works once.  A
 * caller whose reply can never come (the callee dropped or lost the
 * Resume capability) stays waiting until someone holding its Process
 * capability (its keeper, its creator) starts it again: OC_PROCESS_START
 * on a waiting process voids the outstanding Resume capability and
 * completes the CALL with RC_VOID (kernel/obj/process.c).
 */
#include "proc.h"
#include "invoke.h"
#include "ipc.h"
#include "forwarder.h"
#include "ipcstr.h"
#include "ipcdesc.h"
#include "abi/invoke.h"


/* A message in flight. */
struct msg {
	uint32_t order;            /* order code, or result code of a reply */
	uint32_t w[4];
	struct ipc_caps caps;      /* capabilities named by the sender */
	uint32_t slen;             /* string bytes ... */
	struct proc *sfrom;        /* ... at sva of sfrom's space (ipcstr.c) */
	uint32_t sva;
};

static uint8_t ipc_sbuf[IPC_MAX_STRING];   /* string sent to a kernel object */
static uint8_t ipc_rbuf[IPC_MAX_STRING];   /* string a kernel object returns */

static void
set_result(struct proc *p, int rc)
{
	p->regs.eax = (uint32_t)rc;
}

/* A RETURN or RECEIVE that fails before it receives: eax is the error,
 * and the info word says so (an order code could have that value). */
static void
receive_failed(struct proc *p, int rc)
{
	p->regs.eax = (uint32_t)rc;
	p->regs.ebx = INV_INFO_ERROR;
}

/* ------------------------------------------------------------ decode */

static int
read_desc(struct proc *p, struct ipc_desc *d)
{
	return ipcstr_read_desc(p, p->regs.ebp, d);
}

/* Gather the message p sends: words from registers, the rest from d. */
static int
gather(struct proc *p, const struct ipc_desc *d, struct msg *m)
{
	m->order = p->regs.ebx;
	m->w[0] = p->regs.ecx;
	m->w[1] = p->regs.edx;
	m->w[2] = p->regs.esi;
	m->w[3] = p->regs.edi;
	m->caps.n = 0;
	m->slen = 0;
	if (!d)
		return RC_OK;
	int rc = desc_check(d);
	if (rc)
		return rc;           /* RC_BAD_ARG */
	caps_gather(&m->caps, p, d);
	rc = d->snd_len ? ipcstr_check(p, d->snd_str, d->snd_len) : RC_OK;
	if (rc)
		return rc;           /* RC_BAD_ADDRESS */
	m->slen = d->snd_len;
	m->sfrom = p;
	m->sva = d->snd_str;
	return RC_OK;
}

/* ----------------------------------------------------------- deliver */

static void
deliver(struct proc *p, const struct msg *m, uint32_t badge)
{
	p->regs.eax = m->order;
	p->regs.ebx = (badge & INV_INFO_BADGE_MASK) | m->caps.n << INV_INFO_NCAPS_SHIFT;
	p->regs.ecx = m->w[0];
	p->regs.edx = m->w[1];
	p->regs.esi = m->w[2];
	p->regs.edi = m->w[3];
	caps_deliver(p, &m->caps);
	string_deliver(p, m->slen, m->sfrom, m->sva);
}

/* p becomes available to receive; its stalled invokers retry. */
static void
become_available(struct proc *p, const struct ipc_desc *d)
{
	set_rspec(p, d);
	p->state = PRS_AVAILABLE;
	ipc_wake_next(p);
}

static void
stall_on(struct proc *caller, struct proc *target)
{
	struct proc **pp = &target->stall_head;

	sched_forget(caller);
	caller->queue = PQ_STALL;
	caller->stall_on = target;
	caller->qnext = NULL;
	while (*pp)
		pp = &(*pp)->qnext;      /* in order: the first to stall goes first */
	*pp = caller;
}

/* The invoker of a busy process will execute its trap again. */
void
ipc_stall(struct proc *caller, struct proc *target)
{
	caller->regs.eip -= INT80_LEN;
	stall_on(caller, target);
}

static uint32_t stall_woken;

uint32_t
ipc_stall_wakeups(void)
{
	return stall_woken;
}

static void
wake_first(struct proc *target)
{
	struct proc *p = target->stall_head;

	target->stall_head = p->qnext;
	p->queue = PQ_NONE;
	p->qnext = NULL;
	p->stall_on = NULL;
	stall_woken++;
	sched_ready(p);
}

void
ipc_wake_next(struct proc *target)
{
	if (target->turn || !target->stall_head || target->state != PRS_AVAILABLE)
		return;
	struct proc *p = target->stall_head;
	wake_first(target);
	target->turn = p;
	p->turn_of = target;
}

struct proc *
ipc_turn_take(struct proc *p)
{
	struct proc *t = p->turn_of;

	if (t) {
		t->turn = NULL;
		p->turn_of = NULL;
	}
	return t;
}

void
ipc_turn_done(struct proc *target)
{
	if (target && target->in_use)
		ipc_wake_next(target);
}

void
ipc_wake_stalled(struct proc *target)
{
	if (target->turn)
		ipc_turn_take(target->turn);
	while (target->stall_head)
		wake_first(target);
}

/* ----------------------------------------------------- to a process */

/* Load the process a Start or Resume capability designates. */
static struct proc *
target_proc(cap_t *c, int *rc)
{
	struct cap_ret t = cap_target(c);

	if (!t.obj) {
		*rc = t.rc;
		return NULL;
	}
	return proc_load(t.obj, rc);
}

/*
 * Perform the delivery of a CALL from p to the available process t: t
 * gets m and a Resume capability to p (badge resume_badge) and runs; p
 * waits for the reply.
 */
static void
call_deliver(struct proc *p, struct proc *t, const struct msg *m, unsigned badge,
	     unsigned resume_badge)
{
	deliver(t, m, badge);
	t->state = PRS_RUNNING;
	unsigned reply = rspec_reg(t->rspec, RSPEC_REPLY_FIELD);
	if (reply != IPC_NO_CAP) {
		obj_will_modify(t->capregs);
		*proc_capreg(t, reply) = cap_to(p->root, CT_RESUME, 0, resume_badge);
	}
	p->state = PRS_WAITING;
	sched_set_current(t);
}

static void
send_to_process(struct proc *p, cap_t *cap, const struct msg *m, unsigned type,
		bool nonblock, const struct ipc_desc *d, unsigned badge)
{
	int rc = RC_OK;
	struct proc *t = target_valid(p->fast_target, cap) ? p->fast_target :
			 target_proc(cap, &rc);

	if (!t)
		return set_result(p, rc);
	if (t->state != PRS_AVAILABLE) {
		if (nonblock || t == p)
			return set_result(p, RC_BUSY);
		return ipc_stall(p, t);
	}
	/* commit point */
	if (type == INV_SEND) {
		deliver(t, m, badge);
		t->state = PRS_RUNNING;
		set_result(p, RC_OK);
		sched_ready(t);
		return;
	}
	set_rspec(p, d);
	p->fast_target = t;          /* hints for the fast path */
	t->fast_caller = p;
	call_deliver(p, t, m, badge, 0);
}

/* Reply m through Resume capability cap (hint: the caller it likely
 * names); returns the woken caller. */
static struct proc *
reply_to(cap_t *cap, const struct msg *m, struct proc *hint)
{
	int rc = RC_OK;
	struct proc *c = caller_valid(hint, cap) ? hint : target_proc(cap, &rc);

	if (!c || c->state != PRS_WAITING)
		return NULL;
	if (cap_badge(cap) != RESUME_BADGE_FAULT)
		deliver(c, m, 0);
	c->fault_code = PF_NONE;
	c->fault_addr = 0;
	obj_will_modify(c->root);
	obj_node(c->root)->call_count++;      /* every copy of cap dies */
	c->state = PRS_RUNNING;
	return c;
}

/* ---------------------------------------------------- kernel objects */

static void
return_results(struct proc *p, const struct inv *inv, const struct ipc_desc *d, int rc)
{
	ipc_reply_words(p, inv, rc);
	if (!d)
		return;
	#pragma GCC unroll 4
	for (unsigned i = 0; i < IPC_MAX_CAPS && rc == RC_OK; i++) {
		if (d->rcv_cap[i] != IPC_NO_CAP) {
			obj_will_modify(p->capregs);
			*proc_capreg(p, d->rcv_cap[i]) = i < inv->nrc ? inv->rc[i] : cap_void();
		}
	}
	uint32_t n = inv->rslen < d->rcv_max ? inv->rslen : d->rcv_max;
	if (n && ipcstr_copy_out(p, d->rcv_str, ipc_rbuf, n))
		n = 0;
	ipcstr_write_word(p, p->regs.ebp + offsetof(struct ipc_desc, rcv_len), n);
}

/* Invoke a kernel object; fwd is the opaque forwarder invoked to reach
 * it, or NULL. */
static void
invoke_object(struct proc *p, cap_t *cap, const struct msg *m, const struct ipc_desc *d,
	      const cap_t *fwd)
{
	struct inv inv;

	/* The handler reads the string from the kernel's buffer (checked in
	 * gather, so this fails only if the cache cannot take a page back:
	 * RC_NO_SPACE). */
	int rc = m->slen ? ipcstr_copy_in(p, m->sva, ipc_sbuf, m->slen) : RC_OK;
	if (rc)
		return set_result(p, rc);
	/* Field by field: handlers read c[i] only below nc, and this is the
	 * path of every kernel invocation. */
	inv.cap = cap;
	inv.order = m->order;
	for (unsigned i = 0; i < INV_WORDS; i++) {
		inv.w[i] = m->w[i];
		inv.rw[i] = 0;
	}
	for (unsigned i = 0; i < m->caps.n; i++)
		inv.c[i] = m->caps.c[i];
	inv.nc = m->caps.n;
	inv.blocked = false;
	inv.via_fwd = fwd != NULL;
	inv.s = ipc_sbuf;
	inv.slen = m->slen;
	inv.rs = ipc_rbuf;
	inv.rs_max = d ? (d->rcv_max < IPC_MAX_STRING ? d->rcv_max : IPC_MAX_STRING) : 0;
	inv.invoker = p;
	rc = invoke_kernel(&inv);
	if (!p->in_use || p->root->proc != p)
		return;            /* the invoker destroyed itself */
	if (fwd)
		fwd_filter_reply(&inv, cap, fwd);
	return_results(p, &inv, d, rc);
	if (inv.blocked)
		p->regs.eax = RC_RESTART; /* what a restart during the block sees */
}

/* ------------------------------------------------------------- entry */

static void
ipc_invoke(struct proc *p, unsigned reg, unsigned type, bool nonblock,
	   const struct ipc_desc *d)
{
	struct msg m;
	int rc = gather(p, d, &m);
	cap_t *cap = proc_capreg(p, reg), *fwd = NULL;
	struct fwd_ret fr;

	if (rc)
		return set_result(p, rc);
	if (cap_type(cap) == CT_FORWARDER && (cap_restr(cap) & CAP_R_OPAQUE)) {
		fr = fwd_resolve(cap, &p->fast_fwd);
		if (fr.rc == RC_BUSY && !nonblock) {
			p->regs.eip -= INT80_LEN;     /* invoke again once unblocked */
			return fwd_wait(p, fr.blocked);
		}
		if (fr.rc)
			return set_result(p, fr.rc);
		fwd = cap;
		cap = &fr.cap;
	}
	if (type == INV_CALL && (cap_restr(cap) & CAP_R_NOCALL))
		return set_result(p, RC_NO_ACCESS);
	switch (cap_type(cap)) {
	case CT_START:
		return send_to_process(p, cap, &m, type, nonblock, d,
				       fwd && fr.has_badge ? fr.badge : cap_badge(cap));
	case CT_RESUME: {
		if (type == INV_CALL)
			return set_result(p, RC_BAD_ARG);
		struct proc *c = reply_to(cap, &m, p->fast_caller);
		set_result(p, c ? RC_OK : RC_VOID);
		if (c)
			sched_ready(c);
		return;
	}
	default:
		return invoke_object(p, cap, &m, d, fwd);
	}
}

static void
ipc_return(struct proc *p, unsigned reg, const struct ipc_desc *d)
{
	struct msg m;
	int rc = gather(p, d, &m);

	if (rc)
		return receive_failed(p, rc);
	cap_t *cap = proc_capreg(p, reg);
	struct proc *c = cap_type(cap) == CT_RESUME ? reply_to(cap, &m, p->fast_caller) : NULL;
	/* commit point passed in reply_to; now receive */
	become_available(p, d);
	if (c) {
		sched_forget(c);
		sched_set_current(c);
	}
}

void
ipc_syscall(struct proc *p)
{
	uint32_t iw = p->regs.eax;
	unsigned reg = iw & INV_REG_MASK;
	unsigned type = (iw >> INV_TYPE_SHIFT) & INV_TYPE_MASK;
	struct ipc_desc desc, *d = NULL;

	if (iw & INV_F_DESC) {
		int rc = read_desc(p, &desc);
		if (rc)
			return type >= INV_RETURN ? receive_failed(p, rc) : set_result(p, rc);
		d = &desc;
	}
	switch (type) {
	case INV_CALL:
	case INV_SEND:
		return ipc_invoke(p, reg, type, iw & INV_F_NONBLOCK, d);
	case INV_RETURN:
		return ipc_return(p, reg, d);
	default: {
		struct msg m;
		int rc = gather(p, d, &m);   /* validate the descriptor */
		if (rc)
			return receive_failed(p, rc);
		return become_available(p, d);
	}
	}
}

/* ------------------------------------------------------------ faults */

static void
stop_faulted(struct proc *p)
{
	char label[PROC_LABEL_MAX];

	kprintf("process %s faulted: code %u at %#x (eip %#x), no keeper\n",
		proc_label(p->root, label), p->fault_code, p->fault_addr, p->regs.eip);
	p->state = PRS_FAULTED;
	proc_writeback(p);
}

void
ipc_fault(struct proc *p, unsigned code, uint32_t addr, uint32_t info)
{
	cap_t *k = &obj_node(p->root)->slot[PR_SLOT_KEEPER];
	int rc = RC_OK;
	struct proc *t = cap_type(k) == CT_START ? target_proc(k, &rc) : NULL;

	p->fault_code = (uint8_t)code;
	p->fault_addr = addr;
	if (!t || t == p)
		return stop_faulted(p);
	if (t->state != PRS_AVAILABLE)
		return stall_on(p, t);     /* retried: faults again, then asks */
	struct msg m = { .order = OC_KEEPER_FAULT + code, .w = { addr, p->regs.eip, info, 0 },
			 .caps = { .c = { cap_to(p->root, CT_PROCESS, 0, 0) }, .n = 1 } };
	call_deliver(p, t, &m, cap_badge(k), RESUME_BADGE_FAULT);
}
