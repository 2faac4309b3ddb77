/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * usertrap.c -- where every trap from user mode ends up (called by the
 * arch layer with the registers it saved in the current process).
 *
 * Invocations go to ipc.c (the fast paths first: the arch's assembly
 * one, which comes here only when it cannot finish, then ipcfast.c);
 * they come by int $0x80 or by sysenter, whose entry (arch) makes its
 * frame look like that of an int $0x80, so nothing here tells the two
 * apart.  A page fault is first offered to the mapping
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

void
ipc_trap_done(struct proc *turn)
{
	ipc_turn_done(turn);      /* a staller's turn passes on unless it delivered */
	if (unlikely(ckpt_due))
		ckpt_run_due();   /* the trap is done: a boundary (take(), I/O) */
	sched_continue();
}

/* Everything of an invocation but the fast path: kept out of line, so
 * that the fast path pays for none of its stack frame. */
static void NORETURN __attribute__((noinline))
syscall_slow(struct proc *p, struct proc *turn)
{
	ipc_syscall(p);
	ipc_trap_done(turn);
}

/* The invocation trap has its own entry (arch: ipcfast.S, whose
 * assembly fast path comes here whenever it cannot finish the trap),
 * without the dispatch below. */
void HAL_REGPARM
kern_syscall(struct hal_uregs *r)
{
	struct proc *p = proc_of_regs(r);

	if (unlikely(ckpt_due))
		ckpt_at_entry(p, INT80_LEN, true);
#ifdef CAIRN_TEST
	ckpt_trap_begin();
#endif
	/* A staller's retry (ipc.c), which holds a turn, goes the slow way. */
	if (likely(!p->turn_of))
		ipc_fast(p);      /* returns only if the slow path must work */
	syscall_slow(p, ipc_turn_take(p));
}

/*
 * A sysenter whose two words (data words 0 and 1, on the user's stack
 * at ecx) the entry could not read through the hardware mapping: read
 * them by walking the space, as any user memory is read.  If they are
 * not there the invocation fails with RC_BAD_ADDRESS (INV_INFO_ERROR
 * in the info word), the words skipped as if they had been read.
 */
void HAL_REGPARM
kern_sysenter_slow(struct hal_uregs *r)
{
	struct proc *p = proc_of_regs(r);
	uint32_t w[2];

	if (r->ecx <= HAL_USER_TOP - sizeof w &&
	    space_copy_in(proc_space(p), r->ecx, w, sizeof w) == 0) {
		r->ecx = w[0];
		r->edx = w[1];
		r->esp += sizeof w;
		kern_syscall(r);
	}
	r->esp += sizeof w;
	r->eax = RC_BAD_ADDRESS;
	r->ebx = INV_INFO_ERROR;
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
