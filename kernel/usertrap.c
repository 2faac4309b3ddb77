/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * usertrap.c -- where every trap from user mode ends up (called by the
 * arch layer with the registers it saved in the current process).
 *
 * Invocations go to ipc.c (the fast path first: ipcfast.c).  A page fault is first offered to the mapping
 * cache, which builds the missing page-table entry from the process's
 * Space tree if the tree has the page; otherwise, and for every other
 * CPU exception, the fault goes to the process's keeper (ipc_fault).
 * The first FPU instruction of a process whose state is not in the CPU
 * traps too: proc_fpu.c loads its state from its annex page, and only
 * a process without a usable annex page faults.
 * Then the scheduler returns to user mode: to the same process when it
 * may go on, otherwise to the next ready one.
 */
#include "proc.h"
#include "ipc.h"
#include "ipcfast.h"
#include "checkpoint.h"

#define PFERR_WRITE 0x2
#define VEC_PAGE_FAULT 14

static void
user_page_fault(struct proc *p, uint32_t addr, uint32_t err)
{
	int code = PF_PAGE_NOT_PRESENT;

	if (addr < HAL_USER_TOP) {
		code = mapcache_fault(p->ctx, proc_space(p), addr, err & PFERR_WRITE);
		if (code == 0)
			return;          /* mapped: retry the instruction */
	}
	ipc_fault(p, (unsigned)code, addr, VEC_PAGE_FAULT << 16 | err);
}

/* The invocation trap has its own entry, without the dispatch below. */
void
kern_syscall(struct hal_uregs *r)
{
	struct proc *p = proc_of_regs(r);

	if (unlikely(ckpt_due))
		ckpt_at_entry(p, INT80_LEN, true);
#ifdef CAIRN_TEST
	ckpt_trap_begin();
#endif
	struct proc *turn = ipc_turn_take(p);   /* a staller's retry: ipc.c */
	ipc_fast(p);          /* returns only if the slow path must work */
	ipc_syscall(p);
	ipc_turn_done(turn);
	if (unlikely(ckpt_due))
		ckpt_run_due();   /* the trap is done: a boundary (take(), I/O) */
	sched_continue();
}

void
kern_user_trap(struct hal_uregs *r, enum hal_trap_kind kind)
{
	struct proc *p = proc_of_regs(r);

	require(p == sched_current());
	if (unlikely(ckpt_due) && kind != HAL_TRAP_SYSCALL)
		ckpt_at_entry(p, 0, kind != HAL_TRAP_IRQ);  /* eip: the instruction to retry */
#ifdef CAIRN_TEST
	ckpt_trap_begin();
#endif
	/* A staller given the turn that traps any other way (a faulter
	 * retrying for its keeper, or one that no longer needs to) passes
	 * it on unless it delivered. */
	struct proc *turn = kind == HAL_TRAP_SYSCALL ? NULL : ipc_turn_take(p);
	switch (kind) {
	case HAL_TRAP_SYSCALL:
		kern_syscall(r);
	case HAL_TRAP_PAGE_FAULT:
		user_page_fault(p, hal_fault_address(), r->err);
		break;
	case HAL_TRAP_FPU:
		if (proc_fpu_trap(p))
			break;           /* p owns the FPU now: retry */
		__attribute__((fallthrough));  /* no usable annex page: a fault */
	case HAL_TRAP_EXCEPTION:
		ipc_fault(p, PF_EXCEPTION, r->vector, r->vector << 16 | r->err);
		break;
	case HAL_TRAP_IRQ:
		break;
	}
	ipc_turn_done(turn);
	sched_continue();
}
