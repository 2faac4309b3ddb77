/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcfast.c -- the fast path of the two invocations that matter most:
 * CALL of a Start capability and RETURN through a Resume capability,
 * words only.
 *
 * A words-only CALL of a simple kernel object (fast_kernel) is the third.
 *
 * It is straight-line code over a handful of checks.  When any check
 * fails it returns false and the trap goes the slow way (ipc.c), which
 * handles every case, including every error: the fast path never
 * reports an error itself.  It is taken when
 *
 *   CALL    no descriptor, blocking; a Start capability without the
 *           no-call restriction; the target is loaded, available, not
 *           the caller, and receives with the default spec
 *   RETURN  no descriptor; a Resume capability (not a fault resume) to
 *           the process that called this one last, still waiting with
 *           the default spec; nobody is stalled on the returner
 *
 * and does exactly what the slow path would: the same registers, the
 * same Resume capability, the same call-count bump, the same states.
 * Instead of hashing the target's OID it uses hints kept in the process
 * table (fast_target, fast_caller), each validated against the
 * capability (same 16 bytes, the target still loaded from the same root
 * with the same count) before use.
 */
#include "proc.h"
#include "ipcfast.h"
#include "ipc.h"
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

static inline bool
fast_call(struct proc *p, cap_t *c)
{
	struct proc *t = p->fast_target;

	if ((cap_restr(c) & CAP_R_NOCALL) || !t ||
	    !cap_equal(c, &p->fast_cap) || !t->in_use || t == p ||
	    t->root->oid != c->oid || obj_node(t->root)->alloc_count != c->count ||
	    t->state != PRS_AVAILABLE || t->rspec != RSPEC_DEFAULT)
		return false;
	/* commit point */
	copy_words(t, p, p->regs.ebx, cap_badge(c));
	ck_node_t *root = obj_node(p->root);
	obj_will_modify(t->capregs);
	obj_node(t->capregs)->slot[CR_REPLY] =
		cap_make(CT_RESUME, 0, 0, root->call_count, p->root->oid);
	p->state = PRS_WAITING;
	p->rspec = RSPEC_DEFAULT;     /* rbuf, rmax: unused without a descriptor */
	t->state = PRS_RUNNING;
	t->fast_caller = p;
	sched_yield_to(t);
}

static inline bool
fast_return(struct proc *p, cap_t *c)
{
	struct proc *w = p->fast_caller;

	if (cap_type(c) != CT_RESUME || cap_badge(c) != 0 || !w || !w->in_use ||
	    w->root->oid != c->oid || w->state != PRS_WAITING ||
	    obj_node(w->root)->call_count != c->count ||
	    w->rspec != RSPEC_DEFAULT || p->stall_head)
		return false;
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
 * which this calls the same handler as.  None of them can unload the
 * invoker, so it goes straight back.  (Sleep blocks; Range may rescind
 * the invoker's own root; objects that designate nodes or pages may be
 * process roots: those go the slow way.)
 */
static const bool fast_kernel_type[CT_COUNT] = {
	[CT_VOID] = true, [CT_NUMBER] = true, [CT_CONSOLE] = true,
	[CT_DISCRIM] = true, [CT_SYSINFO] = true,
};

static inline bool
fast_kernel(struct proc *p, cap_t *c)
{
	unsigned type = cap_type(c);
	struct inv inv;

	if (type >= CT_COUNT || !fast_kernel_type[type] || !p->slice ||
	    (cap_restr(c) & CAP_R_NOCALL))
		return false;
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
	ipc_reply_words(p, &inv, invoke_kernel(&inv));
	hal_resume_user(&p->regs);   /* p is on the CPU: no switch */
}

bool
ipc_fast(struct proc *p)
{
	uint32_t iw = p->regs.eax;
	cap_t *c = &obj_node(p->capregs)->slot[iw & INV_REG_MASK];

	switch (iw & INV_FAST_MASK) {
	case INV_CALL << INV_TYPE_SHIFT:
		if (cap_type(c) == CT_START)
			return fast_call(p, c);
		return fast_kernel(p, c);
	case INV_RETURN << INV_TYPE_SHIFT:
		return fast_return(p, c);
	default:
		return false;
	}
}
