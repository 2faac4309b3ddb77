/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc_fpu.c -- a process's FPU/SSE state, kept in its annex page.
 *
 * The arch layer switches the FPU lazily (arch/i386/fpu.c; hal.h): the
 * registers hold the state of one process, the owner, and any other
 * process traps on its first FPU or SSE instruction.  This file is the
 * generic half: where a process's state is kept when it is not in the
 * CPU, and what the trap does.
 *
 * The state is kept in the page named by the root's annex slot
 * (PR_SLOT_ANNEX; layout in kernel/abi/process.h), so a checkpoint of
 * pages is a checkpoint of FPU state and the kernel allocates nothing
 * for it: a process whose annex slot holds no valid, writable Page
 * capability cannot use the FPU -- its first FPU instruction is a fault
 * (PF_EXCEPTION, vector 7) for its keeper, which may give it an annex
 * and restart it.
 *
 *   #NM from p:  p->annex := the annex page, pinned (first time only)
 *                save the owner's state into the owner's annex
 *                load p's from p's annex; p is the owner; retry
 *
 * Invariants:
 *   - the owner is a loaded process whose annex is pinned (p->annex);
 *   - p->annex, once set, is pinned until proc_fpu_detach(), which runs
 *     before the entry is freed (proc_drop), when the annex slot no
 *     longer names that page (proc_reload) and when the page is
 *     rescinded (proc_annex_gone); if p is the owner, detach saves its
 *     state first (unload, reload) or lets it go (drop, rescind), so no
 *     stale owner remains;
 *   - every write into an annex page is preceded by obj_will_modify() of
 *     that page.
 */
#include "proc.h"
#include "cap.h"

/* The page the annex slot names, if the kernel may save into it. */
static struct obj *
annex_lookup(struct proc *p)
{
	cap_t *c = &obj_node(p->root)->slot[PR_SLOT_ANNEX];

	if (cap_type(c) != CT_PAGE || (cap_restr(c) & CAP_R_RO))
		return NULL;
	return cap_target(c).obj;
}

/* Does the annex slot still name p->annex, writable?  (Faults nothing in.) */
static bool
annex_unchanged(const struct proc *p)
{
	const cap_t *c = &obj_node(p->root)->slot[PR_SLOT_ANNEX];

	return cap_type(c) == CT_PAGE && !(cap_restr(c) & CAP_R_RO) &&
	       c->oid == p->annex->oid && c->count == p->annex->page_count;
}

void
proc_fpu_writeback(void)
{
	struct hal_uregs *r = hal_fpu_owner();

	if (!r)
		return;
	struct obj *annex = proc_of_regs(r)->annex;
	require(annex);                /* the owner's annex is pinned */
	obj_will_modify(annex);        /* before the write */
	hal_fpu_save(annex->body);
}

bool
proc_fpu_trap(struct proc *p)
{
	if (!p->annex) {
		p->annex = annex_lookup(p);
		if (!p->annex)
			return false;
		objcache_pin(p->annex);
	}
	proc_fpu_writeback();
	return hal_fpu_load(p->annex->body, &p->regs);
}

void
proc_fpu_detach(struct proc *p, bool save)
{
	if (!p->annex)
		return;
	if (hal_fpu_owner() == &p->regs) {
		if (save)
			proc_fpu_writeback();
		hal_fpu_forget();
	}
	objcache_unpin(p->annex);
	p->annex = NULL;
}

void
proc_fpu_reload(struct proc *p)
{
	if (p->annex && !annex_unchanged(p))
		proc_fpu_detach(p, true);
}
