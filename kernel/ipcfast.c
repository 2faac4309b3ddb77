/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcfast.c -- the fast path of the invocations that matter most: CALL
 * of a Start capability, RETURN through a Resume capability, and CALL of
 * a simple kernel object, all words only.
 *
 * It is straight-line code over a handful of checks.  When any check
 * fails it returns and the trap goes the slow way (ipc.c), which handles
 * every case, including every error: the fast path never reports an
 * error itself, and what it does is exactly what the slow path would do
 * -- the same registers, the same Resume capability, the same call-count
 * bump, the same states.  It is taken when
 *
 *   CALL    no descriptor, blocking; a Start capability without the
 *           no-call restriction, or an opaque Forwarder capability whose
 *           one hop leads to one (below); the target is loaded,
 *           available, not the caller, and receives with the default
 *           spec
 *   RETURN  no descriptor; a Resume capability (not a fault resume) to
 *           the process that called this one last, still waiting with
 *           the default spec; nobody is stalled on the returner
 *   CALL    no descriptor; Void, or a kernel object that answers words
 *           with words and never blocks (fast_kernel_type)
 *
 * Instead of hashing the target's OID it uses hints kept in the process
 * table (fast_target, fast_caller, fast_fwd), each validated against the
 * capability before use: the target is still loaded from the root the
 * capability names (same OID) with the count the capability carries;
 * the forwarder node is still cached under the capability's OID with
 * its count.  The slow path sets the process hints whenever it completes
 * a CALL; the fast path sets the forwarder hint.
 *
 * Cost: with the lean entry and exit of trapentry.S this is the whole
 * kernel side of the null invocation and of each half of a round trip;
 * tests/system/test_ipc.py keeps bounds on the instruction counts
 * (docs/processes.md gives the figures).
 */
#include "proc.h"
#include "ipcfast.h"
#include "ipc.h"
#include "forwarder.h"
#include "abi/invoke.h"

#define INV_FAST_MASK (INV_TYPE_MASK << INV_TYPE_SHIFT | INV_F_DESC | INV_F_NONBLOCK)

static inline void
copy_words(struct proc *to, const struct proc *from, uint32_t code, uint32_t info)
{
	to->regs.eax = code;
	to->regs.ebx = info;
	to->regs.ecx = from->regs.ecx;
	to->regs.edx = from->regs.edx;
	to->regs.esi = from->regs.esi;
	to->regs.edi = from->regs.edi;
}

/*
 * CALL of Start capability c (badge: what the callee sees).  fwd is the
 * opaque forwarder invoked to reach c, or NULL: a forwarder's
 * restrictions add to the target's, and its no-call bit too.
 */
static inline __attribute__((always_inline)) void
fast_call(struct proc *p, const cap_t *c, unsigned badge, unsigned restr)
{
	struct proc *t = p->fast_target;

	/* (t == p fails the state check: the caller is running.) */
	if (unlikely(restr & CAP_R_NOCALL))
		return;
	if (unlikely(!target_valid(t, c) || t->state != PRS_AVAILABLE ||
		     t->rspec != RSPEC_DEFAULT))
		return;
	/* commit point */
	copy_words(t, p, p->regs.ebx, badge);
	obj_will_modify(t->capregs);
	obj_node(t->capregs)->slot[CR_REPLY] =
		cap_make(CT_RESUME, 0, 0, obj_node(p->root)->call_count, p->root->oid);
	p->state = PRS_WAITING;
	p->rspec = RSPEC_DEFAULT;     /* rbuf, rmax: unused without a descriptor */
	t->state = PRS_RUNNING;
	t->fast_caller = p;
	sched_yield_to(t);
}

/*
 * CALL through an opaque forwarder: one hop (fwd_step, as fwd_resolve
 * takes it) to a Start capability, the forwarder not blocked; its
 * restrictions add to the target's, its data word may be the badge.
 * The node is found through the hint fast_fwd, or looked up (and the
 * hint set) as the slow path would.  Chains, blocked forwarders and
 * other targets go the slow way.
 */
static void __attribute__((noinline))
fast_call_fwd(struct proc *p, cap_t *c)
{
	struct obj *o = p->fast_fwd;
	bool has_badge = false;
	unsigned badge = 0;

	if (!(cap_restr(c) & CAP_R_OPAQUE))
		return;
	if (unlikely(!fwd_hint_valid(o, c))) {
		struct cap_ret r = fwd_node(c);
		if (!r.obj)
			return;
		o = p->fast_fwd = r.obj;
	}
	const ck_node_t *f = obj_node(o);
	if (f->data & FWD_F_BLOCKED)
		return;
	const cap_t *t = fwd_step(f, &has_badge, &badge);
	if (cap_type(t) != CT_START)
		return;
	fast_call(p, t, has_badge ? badge : cap_badge(t),
		  cap_restr(t) | (cap_restr(c) & FWD_PASSED_RESTR));
}

static inline __attribute__((always_inline)) void
fast_return(struct proc *p, const cap_t *c)
{
	struct proc *w = p->fast_caller;

	if (unlikely(cap_type(c) != CT_RESUME || cap_badge(c) != 0 || !caller_valid(w, c) ||
		     w->state != PRS_WAITING || w->rspec != RSPEC_DEFAULT || p->stall_head))
		return;
	/* commit point */
	copy_words(w, p, p->regs.ebx, 0);
	obj_will_modify(w->root);
	obj_node(w->root)->call_count++;
	if (unlikely(w->fault_code))
		w->fault_code = PF_NONE, w->fault_addr = 0;
	w->state = PRS_RUNNING;
	p->state = PRS_AVAILABLE;
	p->rspec = RSPEC_DEFAULT;
	sched_yield_to(w);
}

/*
 * Kernel objects that answer words with words and never block: invoked
 * without a descriptor they get no capabilities and no string, and any
 * capability they return is dropped -- exactly as on the slow path,
 * which this calls the same handler as.  Only the Range can unload the
 * invoker (a rescind of its own root: the space bank's free and a
 * revoke take this path); then, as on the slow path, nothing is written
 * back and the next process runs.  (Sleep blocks; objects that
 * designate nodes or pages may be process roots: those go the slow
 * way.)  Void needs no handler at all.
 */
static const bool fast_kernel_type[CT_COUNT] = {
	[CT_NUMBER] = true, [CT_CONSOLE] = true,
	[CT_DISCRIM] = true, [CT_SYSINFO] = true, [CT_RANGE] = true,
};

static void __attribute__((noinline))
fast_kernel(struct proc *p, unsigned reg)
{
	cap_t *c = proc_capreg(p, reg);
	struct inv inv;

	if (!fast_kernel_type[cap_type(c)] || (cap_restr(c) & CAP_R_NOCALL))
		return;

	inv.cap = c;
	inv.order = p->regs.ebx;
	inv.w[0] = p->regs.ecx;
	inv.w[1] = p->regs.edx;
	inv.w[2] = p->regs.esi;
	inv.w[3] = p->regs.edi;
	inv.rw[0] = inv.rw[1] = inv.rw[2] = inv.rw[3] = 0;
	inv.nc = 0;
	inv.slen = inv.rs_max = 0;
	inv.s = inv.rs = NULL;
	inv.invoker = p;
	inv.blocked = false;
	inv.via_fwd = false;
	/* commit point: from here on this is the slow path's perform */
	int rc = invoke_kernel(&inv);
	if (unlikely(!p->in_use || p->root->proc != p))
		ipc_trap_done(NULL); /* the invoker destroyed itself (invoke_object) */
	ipc_reply_words(p, &inv, rc);
	hal_resume_user(&p->regs);   /* p is on the CPU: no switch */
}

void
ipc_fast(struct proc *p)
{
	uint32_t iw = p->regs.eax;
	cap_t *c = &obj_node(p->capregs)->slot[iw & INV_REG_MASK];
	unsigned type = cap_type(c);

	if ((iw & INV_FAST_MASK) == INV_CALL << INV_TYPE_SHIFT) {
		if (type == CT_START)
			fast_call(p, c, cap_badge(c), cap_restr(c));
		else if (!p->slice)
			return;      /* preempted: the slow path's sched_continue */
		else if (invoke_is_void(type))
			ipc_reply_void(p), hal_resume_user(&p->regs);
		else if (type == CT_FORWARDER)
			fast_call_fwd(p, c);
		else
			fast_kernel(p, iw & INV_REG_MASK);
	} else if ((iw & INV_FAST_MASK) == INV_RETURN << INV_TYPE_SHIFT) {
		fast_return(p, c);
	}
}
