/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcfast.c -- the fast path of the invocations that matter most: CALL
 * of a Start capability and RETURN through a Resume capability, with
 * words only or with a descriptor, and CALL of a simple kernel object
 * with words only.
 *
 * It is straight-line code over a handful of checks.  When any check
 * fails it returns and the trap goes the slow way (ipc.c), which handles
 * every case, including every error: the fast path never reports an
 * error itself, and what it does is exactly what the slow path would do
 * -- the same registers, the same capabilities delivered, the same
 * rcv_len, the same Resume capability, the same call-count bump, the
 * same states.  It is taken when
 *
 *   CALL    blocking; a Start capability without the no-call
 *           restriction, or an opaque Forwarder capability whose one hop
 *           leads to one (below); the target is loaded, available, not
 *           the caller
 *   RETURN  a Resume capability (not a fault resume) to the process
 *           that called this one last, still waiting; nobody is stalled
 *           on the returner
 *   CALL    no descriptor; Void, or a kernel object that answers words
 *           with words and never blocks (fast_kernel_type)
 *
 * and, for the first two, either no descriptor or one that is good (the
 * slow path's checks, ipcdesc.h), aligned and on one mapped page, read
 * in place (fast_desc).  Capabilities, a string and rcv_len are
 * delivered by the slow path's own functions (ipcdesc.h), into a
 * receiver with any receive spec.  Descriptor-less messages to a
 * receiver with the default spec take the shortest way (the assembly's).
 *
 * Instead of hashing the target's OID it uses hints kept in the process
 * table (fast_target, fast_caller, fast_fwd), each validated against the
 * capability before use: the target is still loaded from the root the
 * capability names (same OID) with the count the capability carries;
 * the forwarder node is still cached under the capability's OID with
 * its count.  The slow path sets the process hints whenever it completes
 * a CALL; the fast path sets the forwarder hint.  The process hints are
 * never NULL (a process's own entry at first: proc.c).
 *
 * In front of it is a subset in assembly (arch/i386/ipcfast.S): CALL of
 * Start (directly or through an opaque forwarder), RETURN through
 * Resume and CALL of Void when none of the rare cases below apply
 * (marking an object dirty, clearing a fault code, a switch that is
 * not sched_yield_to's quick one).  It must do exactly what this does;
 * every invocation it declines comes here through kern_syscall, so this
 * stays complete on its own.  The static asserts below check the
 * offsets it uses (ipcfast_layout.h).  tests/system/test_ipc.py keeps
 * bounds on the instruction counts (docs/processes.md gives the figures
 * and where they go).
 */
#include "proc.h"
#include "ipcfast.h"
#include "ipc.h"
#include "ipcdesc.h"
#include "checkpoint.h"
#include "forwarder.h"
#include "ipcfast_layout.h"
#include "abi/invoke.h"
#include "abi/rc.h"

#define INV_FAST_MASK (INV_TYPE_MASK << INV_TYPE_SHIFT | INV_F_DESC | INV_F_NONBLOCK)

/* What the assembly fast path (ipcfast.S) knows of the structures. */
_Static_assert(offsetof(struct proc, root) == P_ROOT, "p_root");
_Static_assert(offsetof(struct proc, capregs) == P_CAPREGS, "p_capregs");
_Static_assert(offsetof(struct proc, ctx) == P_CTX, "p_ctx");
_Static_assert(offsetof(struct proc, state) == P_STATE, "p_state");
_Static_assert(offsetof(struct proc, fault_code) == P_FAULT_CODE, "p_fault_code");
_Static_assert(offsetof(struct proc, rspec) == P_RSPEC, "p_rspec");
_Static_assert(offsetof(struct proc, slice) == P_SLICE, "p_slice");
_Static_assert(offsetof(struct proc, stall_head) == P_STALL_HEAD, "p_stall_head");
_Static_assert(offsetof(struct proc, turn_of) == P_TURN_OF, "p_turn_of");
_Static_assert(offsetof(struct proc, fast_target) == P_FAST_TARGET, "p_fast_target");
_Static_assert(offsetof(struct proc, fast_caller) == P_FAST_CALLER, "p_fast_caller");
_Static_assert(offsetof(struct proc, fast_fwd) == P_FAST_FWD, "p_fast_fwd");
_Static_assert(sizeof(((struct proc *)0)->state) == 1, "p_state_size");
_Static_assert(sizeof(((struct proc *)0)->fault_code) == 1, "p_fault_code_size");
_Static_assert(offsetof(struct obj, oid) == OBJ_OID, "obj_oid");
_Static_assert(offsetof(struct obj, body) == OBJ_BODY, "obj_body");
_Static_assert(offsetof(struct obj, flags) == OBJ_FLAGS, "obj_flags");
_Static_assert(offsetof(ck_node_t, oid) == N_OID, "n_oid");
_Static_assert(offsetof(ck_node_t, alloc_count) == N_ALLOC, "n_alloc");
_Static_assert(offsetof(ck_node_t, call_count) == N_CALL, "n_call");
_Static_assert(offsetof(ck_node_t, slot) == N_SLOT && sizeof(cap_t) == 16, "n_slot");
_Static_assert(offsetof(ck_node_t, kind) == N_KIND && offsetof(ck_node_t, data) == N_DATA, "n_kind");
_Static_assert(CAP_TYPE_SHIFT == 8 * C_TYPE && CAP_RESTR_SHIFT == 8 * C_RESTR &&
	       CAP_BADGE_SHIFT == 8 * C_BADGE, "c_w0");
_Static_assert(offsetof(cap_t, count) == C_COUNT && offsetof(cap_t, oid) == C_OID, "c_fields");
_Static_assert(PRS_HALTED == V_PRS_HALTED && PRS_RUNNING == V_PRS_RUNNING &&
	       PRS_AVAILABLE == V_PRS_AVAILABLE && PRS_WAITING == V_PRS_WAITING, "v_prs");
_Static_assert(RSPEC_DEFAULT == V_RSPEC_DEFAULT, "v_rspec");
_Static_assert(CT_VOID == V_CT_VOID && CT_START == V_CT_START && CT_RESUME == V_CT_RESUME, "v_ct");
_Static_assert(RC_VOID == V_RC_VOID && CR_REPLY == V_CR_REPLY, "v_rc");
_Static_assert(CAP_R_NOCALL == V_CAP_R_NOCALL && INV_REG_MASK == V_INV_REG_MASK, "v_bits");
_Static_assert(CT_FORWARDER == V_CT_FORWARDER && CAP_R_OPAQUE == V_CAP_R_OPAQUE &&
	       CK_NK_FORWARDER == V_NK_FORWARDER && FWD_F_BLOCKED == V_FWD_F_BLOCKED &&
	       FWD_F_DATA == V_FWD_F_DATA && FWD_SLOT_TARGET == 0 && FWD_SLOT_DATA == 1 &&
	       (FWD_PASSED_RESTR & CAP_R_NOCALL), "v_fwd");
_Static_assert(INV_FAST_MASK == V_INV_FAST_MASK && INV_CALL == 0 &&
	       INV_RETURN << INV_TYPE_SHIFT == V_INV_RETURN_W, "v_inv");

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

/* Run q after a delivery that may have marked objects dirty (a string,
 * capabilities, rcv_len): a checkpoint that came due runs first, as at
 * the end of the slow path's trap (ipc_trap_done). */
static inline __attribute__((always_inline)) void NORETURN
fast_switch(struct proc *q)
{
	if (unlikely(ckpt_due)) {
		sched_set_current(q);
		ipc_trap_done(NULL);
	}
	sched_yield_to(q);
}

/*
 * The delivery of a CALL from p to t (available, not p) as call_deliver
 * (ipc.c) does it: the words, with badge and the number of capabilities
 * in the info word; capabilities, string and rcv_len as t's receive
 * spec says; the Resume capability; p waits, receiving next as its
 * descriptor d (or none) says.  Then t runs.
 */
static void NORETURN __attribute__((noinline))
fast_call_deliver(struct proc *p, struct proc *t, unsigned badge, const struct ipc_caps *m,
		  const struct ipc_desc *d)
{
	uint32_t slen = d ? d->snd_len : 0, sva = d ? d->snd_str : 0;

	set_rspec(p, d);             /* d is read before anything is written */
	copy_words(t, p, p->regs.ebx, badge | m->n << INV_INFO_NCAPS_SHIFT);
	caps_deliver(t, m);
	string_deliver(t, slen, p, sva);
	unsigned reply = rspec_reg(t->rspec, RSPEC_REPLY_FIELD);
	if (reply != IPC_NO_CAP) {
		obj_will_modify(t->capregs);
		*proc_capreg(t, reply) = cap_to(p->root, CT_RESUME, 0, 0);
	}
	p->state = PRS_WAITING;
	t->state = PRS_RUNNING;
	t->fast_caller = p;
	fast_switch(t);
}

/*
 * CALL of Start capability c (badge: what the callee sees).  fwd is the
 * opaque forwarder invoked to reach c, or NULL: a forwarder's
 * restrictions add to the target's, and its no-call bit too.  d: the
 * caller's descriptor (checked, its string too), or NULL; m its
 * capabilities.
 */
static inline __attribute__((always_inline)) void
fast_call(struct proc *p, const cap_t *c, unsigned badge, unsigned restr,
	  const struct ipc_caps *m, const struct ipc_desc *d)
{
	struct proc *t = p->fast_target;

	/* (t == p fails the state check: the caller is running.) */
	if (unlikely(restr & CAP_R_NOCALL))
		return;
	if (unlikely(!target_valid(t, c) || t->state != PRS_AVAILABLE))
		return;
	/* commit point */
	if (d || t->rspec != RSPEC_DEFAULT)
		fast_call_deliver(p, t, badge, m, d);
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
fast_call_fwd(struct proc *p, cap_t *c, const struct ipc_caps *m, const struct ipc_desc *d)
{
	struct obj *o = p->fast_fwd;
	bool has_badge = false;
	unsigned badge = 0;

	if (!(cap_restr(c) & CAP_R_OPAQUE))
		return;
	if (unlikely(!fwd_hint_valid(o, c))) {
		if (d)
			return;   /* a lookup may evict the page d may be on */
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
		  cap_restr(t) | (cap_restr(c) & FWD_PASSED_RESTR), m, d);
}

/* RETURN through Resume capability c; d: the returner's descriptor
 * (checked, its string too), or NULL; m its capabilities. */
static inline __attribute__((always_inline)) void
fast_return(struct proc *p, const cap_t *c, const struct ipc_caps *m, const struct ipc_desc *d)
{
	struct proc *w = p->fast_caller;

	if (unlikely(cap_type(c) != CT_RESUME || cap_badge(c) != 0 || !caller_valid(w, c) ||
		     w->state != PRS_WAITING || p->stall_head))
		return;
	/* commit point */
	uint32_t slen = 0, sva = 0;
	if (d) {
		slen = d->snd_len, sva = d->snd_str;
		set_rspec(p, d);     /* d is read before anything is written */
	} else {
		p->rspec = RSPEC_DEFAULT;
	}
	copy_words(w, p, p->regs.ebx, m->n << INV_INFO_NCAPS_SHIFT);
	if (unlikely(w->rspec != RSPEC_DEFAULT)) {
		caps_deliver(w, m);
		string_deliver(w, slen, p, sva);
	}
	obj_will_modify(w->root);
	obj_node(w->root)->call_count++;
	if (unlikely(w->fault_code))
		w->fault_code = PF_NONE, w->fault_addr = 0;
	w->state = PRS_RUNNING;
	p->state = PRS_AVAILABLE;
	fast_switch(w);
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

/*
 * CALL or RETURN with a descriptor (shape: the invocation word's type
 * and flags less INV_F_DESC) of a Start capability (directly or through
 * an opaque forwarder) or through a Resume capability.  The descriptor
 * is read where it is, in the invoker's page: it is read whole before
 * anything that could map a page (and so evict another) -- checking a
 * string to send, a forwarder lookup, the delivery -- or it is copied
 * first (a string), or the fast path declines (a lookup).
 */
static void __attribute__((noinline))
fast_desc(struct proc *p, uint32_t shape, cap_t *c)
{
	unsigned type = cap_type(c);
	const struct ipc_desc *d;
	struct ipc_desc copy;
	struct ipc_caps m;

	if (shape == INV_CALL << INV_TYPE_SHIFT) {
		if (type != CT_START && (type != CT_FORWARDER || !(cap_restr(c) & CAP_R_OPAQUE) ||
					 !p->slice))
			return;      /* not to a process (kernel objects: the slow path) */
	} else if (shape != INV_RETURN << INV_TYPE_SHIFT || type != CT_RESUME) {
		return;
	}
	if (!(d = ipcstr_desc_at(p, p->regs.ebp)) || desc_check(d))
		return;
	caps_gather(&m, p, d);
	if (d->snd_len) {
		copy = *d;           /* checking the string may map pages, evict d's */
		d = &copy;
		if (ipcstr_check(p, d->snd_str, d->snd_len))
			return;
	}
	if (shape == INV_RETURN << INV_TYPE_SHIFT)
		fast_return(p, c, &m, d);
	else if (type == CT_START)
		fast_call(p, c, cap_badge(c), cap_restr(c), &m, d);
	else
		fast_call_fwd(p, c, &m, d);
}

void
ipc_fast(struct proc *p)
{
	static const struct ipc_caps none;
	uint32_t iw = p->regs.eax;
	cap_t *c = &obj_node(p->capregs)->slot[iw & INV_REG_MASK];
	unsigned type = cap_type(c);

	if ((iw & INV_FAST_MASK) == INV_CALL << INV_TYPE_SHIFT) {
		if (type == CT_START)
			fast_call(p, c, cap_badge(c), cap_restr(c), &none, NULL);
		else if (!p->slice)
			return;      /* preempted: the slow path's sched_continue */
		else if (invoke_is_void(type))
			ipc_reply_void(p), hal_resume_user(&p->regs);
		else if (type == CT_FORWARDER)
			fast_call_fwd(p, c, &none, NULL);
		else
			fast_kernel(p, iw & INV_REG_MASK);
	} else if ((iw & INV_FAST_MASK) == INV_RETURN << INV_TYPE_SHIFT) {
		fast_return(p, c, &none, NULL);
	} else if ((iw & INV_FAST_MASK & ~INV_F_DESC) != (iw & INV_FAST_MASK)) {
		fast_desc(p, iw & INV_FAST_MASK & ~INV_F_DESC, c);
	}
}
