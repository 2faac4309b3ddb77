/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcfast.S -- the invocation trap's entry, and the fast path of its
 * three commonest shapes in assembly, with no C frame and no call:
 *
 *   CALL    of a Start capability to the process this one called last
 *           (the hint fast_target), which is available and receives
 *           with the default spec; the switch needs no new slice, no
 *           context cleared, no change of CR0.TS, and the callee's
 *           capability registers are dirty already
 *   RETURN  through the Resume capability to the process that called
 *           this one last (fast_caller), waiting with the default spec,
 *           no fault to clear, nobody stalled on the returner; the
 *           same switch conditions, its root dirty already
 *   CALL    of Void: RC_VOID at once
 *
 * all words only (no descriptor), blocking.  It does exactly what the
 * C fast path (kernel/ipcfast.c) does for the same invocation -- the
 * same checks, the same registers, Resume capability, call count and
 * states -- and where any check fails, or anything rarer is to be done
 * (a clean object to mark dirty, a fault code to clear, a slice to
 * renew, a context to clear, CR0 to write, a checkpoint due, a staller's
 * turn), it has changed nothing and goes to kern_syscall: the C fast
 * path, then the slow path.  The two must agree; the C one is the
 * reference and handles every case this one handles.
 *
 * Registers: esp is the invoker p (its frame, built in its process
 * table entry; interrupts are off, nothing is pushed), eax the
 * invocation word, ebx the capability invoked less N_SLOT (its slot in
 * the capability-register node), ebp the partner; esi and edi hold data
 * words 2 and 3 throughout and go to the partner as they are; the rest
 * are reloaded from p's frame at the end.  The partner's frame is not
 * written: a process's frame is dead while it runs, and the next trap
 * builds it afresh.
 *
 * The hints are never NULL (a process's own entry until the slow path
 * sets them) and may point to a free entry, whose state is PRS_HALTED
 * (proc.c), so the state test comes first and in_use is not tested.
 * idling needs no clearing: it is false while any process runs.
 *
 * Offsets and values are in kernel/ipcfast_layout.h, checked against the
 * structures by static asserts.
 */
#include "arch/i386/layout.h"
#include "arch/i386/frame.h"
#include "kernel/ipcfast_layout.h"

#define SEL_UDATA 0x23
#define REPLY_SLOT (N_SLOT + 16 * V_CR_REPLY)

/* After the invocation's shape (anything else has gone to kern_syscall
 * at once): to kern_syscall if a checkpoint is due at trap entry or p is
 * a staller's retry; else ebx, the invocation word, becomes the
 * capability it names less N_SLOT. */
.macro DECODE
	cmpb $0, ckpt_due
	jne fast_out
	cmpl $0, P_TURN_OF(%esp)
	jne fast_out
	andl $V_INV_REG_MASK, %ebx
	shll $4, %ebx
	movl P_CAPREGS(%esp), %ecx
	addl OBJ_BODY(%ecx), %ebx
.endm

/* Fall to kern_syscall unless the node whose body is at eax is the one
 * the capability at ebx names: its OID, and its field \count (the
 * allocation count, or the call count of a Resume capability) equal to
 * the capability's count.  Uses ecx. */
.macro NAMED_OR_OUT count
	movl N_SLOT+C_OID(%ebx), %ecx
	cmpl %ecx, N_OID(%eax)
	jne fast_out
	movl N_SLOT+C_OID+4(%ebx), %ecx
	cmpl %ecx, N_OID+4(%eax)
	jne fast_out
	movl N_SLOT+C_COUNT(%ebx), %ecx
	cmpl %ecx, \count(%eax)
	jne fast_out
.endm

/* Fall to kern_syscall unless obj \o (a register) is dirty in the
 * generation being accumulated (obj_will_modify's test); \b: a byte
 * register to use. */
.macro DIRTY_OR_OUT o, b
	movb obj_dirty_bit, \b
	testb \b, OBJ_FLAGS(\o)
	jz fast_out
.endm

/* Fall to kern_syscall unless switching to ebp is sched_yield_to's quick
 * case: a slice left, a ready context (left in eax), CR0.TS stays set
 * (the FPU's owner is not ebp; fpu_ts == 0 only while the owner runs).
 * Uses ecx. */
.macro SWITCH_OR_OUT
	cmpl $0, P_SLICE(%ebp)
	je fast_out
	movl P_CTX(%ebp), %eax
	testl %eax, %eax
	jz fast_out
	movl CTX_GEN(%eax), %ecx
	cmpl mapcache_gen, %ecx
	jne fast_out
	movl CTX_GEN+4(%eax), %ecx
	cmpl mapcache_gen+4, %ecx
	jne fast_out
	cmpb $0, fpu_ts
	je fast_out
	cmpl %ebp, fpu_owner
	je fast_out
.endm

/* Make ebp, whose context is in eax, the running process: its address
 * space, the scheduler's current, its frame for the next trap. */
.macro SWITCH_TO
	movl %eax, mapctx_active
	movl CTX_PD(%eax), %eax
	subl $KERNBASE, %eax
	movl %eax, %cr3
	movl %ebp, sched_cur
	leal FRAME_SIZE(%ebp), %eax
	movl %eax, arch_tss+TSS_ESP0
.endm

/* Return to user mode in ebp, with eax and ebx set and data words 0
 * and 1 from p's frame. */
.macro EXIT_TO
	movl FRAME_ECX(%esp), %ecx
	movl FRAME_EDX(%esp), %edx
	leal FRAME_EIP(%ebp), %esp
	movl FRAME_EBP-FRAME_EIP(%esp), %ebp
	iret
.endm

/* CALL of the Start capability at ebx + N_SLOT (the badge the callee
 * gets: what \badge leaves in ebx).  Uses every register but esi, edi. */
.macro CALL_START badge:vararg
	testb $V_CAP_R_NOCALL, N_SLOT+C_RESTR(%ebx)
	jnz fast_out
	movl P_FAST_TARGET(%esp), %ebp
	cmpb $V_PRS_AVAILABLE, P_STATE(%ebp)   /* (the caller is running) */
	jne fast_out
	cmpl $V_RSPEC_DEFAULT, P_RSPEC(%ebp)
	jne fast_out
	movl P_ROOT(%ebp), %eax
	movl OBJ_BODY(%eax), %eax               /* still the capability's root */
	NAMED_OR_OUT N_ALLOC                    /* not stale */
	\badge                                  /* ebx: the callee's info word */
	SWITCH_OR_OUT
	movl P_CAPREGS(%ebp), %ecx
	DIRTY_OR_OUT %ecx, %dl
	/* commit point */
	SWITCH_TO
	movl OBJ_BODY(%ecx), %ecx
	movl P_ROOT(%esp), %edx
	movl OBJ_BODY(%edx), %edx
	movl $V_CT_RESUME, REPLY_SLOT+C_TYPE(%ecx)     /* restr 0, badge 0 */
	movl N_CALL(%edx), %eax
	movl %eax, REPLY_SLOT+C_COUNT(%ecx)
	movl N_OID(%edx), %eax
	movl %eax, REPLY_SLOT+C_OID(%ecx)
	movl N_OID+4(%edx), %eax
	movl %eax, REPLY_SLOT+C_OID+4(%ecx)
	movb $V_PRS_WAITING, P_STATE(%esp)
	movl $V_RSPEC_DEFAULT, P_RSPEC(%esp)   /* rbuf, rmax: unused */
	movb $V_PRS_RUNNING, P_STATE(%ebp)
	movl %esp, P_FAST_CALLER(%ebp)
	movl FRAME_EBX(%esp), %eax              /* the order */
	EXIT_TO
.endm

	.text
/*
 * int $0x80.  Its gate has DPL 3 and the kernel never invokes, so it
 * always comes from user mode: build the frame in the process (as
 * trap_common does, but without the segment registers, vector and
 * error code, which nothing reads for an invocation).  sysenter_entry
 * (trapentry.S) joins at ipcfast_entry with the same registers.
 */
	.globl syscall_entry, ipcfast_entry
	.align 16
syscall_entry:
	subl $FRAME_MID, %esp
	pushal
	movl $SEL_UDATA, %ebp     /* ds, es: see trapentry.S */
	movl %ebp, %ds
	movl %ebp, %es
ipcfast_entry:
#ifdef CAIRN_TEST
	movl %esp, %ebp           /* the per-trap bound of the test kernel */
	movl $boot_stack_top, %esp
	cld
	call ckpt_trap_begin
	movl %ebp, %esp
	movl FRAME_EAX(%esp), %eax
#endif
	movl %eax, %ebx
	andl $V_INV_FAST_MASK, %eax   /* CALL, RETURN: words only, blocking */
	jnz fast_return
	DECODE
	cmpb $V_CT_START, N_SLOT+C_TYPE(%ebx)
	jne fast_call_other

/* CALL of a Start capability. */
	CALL_START movzwl N_SLOT+C_BADGE(%ebx), %ebx

/* CALL of anything else: Void, or an opaque forwarder whose one hop
 * leads to a Start capability (fast_call_fwd); only with a slice left. */
fast_call_other:
	cmpb $V_CT_VOID, N_SLOT+C_TYPE(%ebx)
	je fast_call_void
	cmpb $V_CT_FORWARDER, N_SLOT+C_TYPE(%ebx)
	jne fast_out                            /* a kernel object: the C path, at once */
	cmpl $0, P_SLICE(%esp)
	je fast_out
	movb N_SLOT+C_RESTR(%ebx), %al
	andb $V_CAP_R_OPAQUE | V_CAP_R_NOCALL, %al   /* its no-call passes on */
	cmpb $V_CAP_R_OPAQUE, %al
	jne fast_out
	movl P_FAST_FWD(%esp), %eax             /* the node, if the hint holds */
	testl %eax, %eax
	jz fast_out
	movl N_SLOT+C_OID(%ebx), %ecx
	cmpl %ecx, OBJ_OID(%eax)
	jne fast_out
	movl N_SLOT+C_OID+4(%ebx), %ecx
	cmpl %ecx, OBJ_OID+4(%eax)
	jne fast_out
	movl N_SLOT+C_COUNT(%ebx), %ecx
	movl OBJ_BODY(%eax), %ebx               /* the node: the target in slot 0 */
	cmpl %ecx, N_ALLOC(%ebx)
	jne fast_out
	cmpb $V_NK_FORWARDER, N_KIND(%ebx)
	jne fast_out
	movl N_DATA(%ebx), %ecx
	testl $V_FWD_F_BLOCKED, %ecx
	jnz fast_out
	movzwl N_SLOT+C_BADGE(%ebx), %edx       /* the target's badge, */
	testl $V_FWD_F_DATA, %ecx
	jz 1f
	movzwl N_SLOT+16+C_COUNT(%ebx), %edx    /* or the forwarder's data word */
1:	cmpb $V_CT_START, N_SLOT+C_TYPE(%ebx)
	jne fast_out
	CALL_START movl %edx, %ebx

/* CALL of Void: the process goes on. */
fast_call_void:
	cmpl $0, P_SLICE(%esp)
	je fast_out
fast_void:
	movl $V_RC_VOID, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	movl FRAME_EBP(%esp), %ebp
	addl $FRAME_EIP, %esp
	iret

/* RETURN through a Resume capability. */
fast_return:
	cmpl $V_INV_RETURN_W, %eax
	jne fast_out
	DECODE
	cmpb $V_CT_RESUME, N_SLOT+C_TYPE(%ebx)
	jne fast_out
	cmpw $0, N_SLOT+C_BADGE(%ebx)           /* not a fault resume */
	jne fast_out
	movl P_FAST_CALLER(%esp), %ebp
	cmpb $V_PRS_WAITING, P_STATE(%ebp)
	jne fast_out
	cmpl $V_RSPEC_DEFAULT, P_RSPEC(%ebp)
	jne fast_out
	cmpb $0, P_FAULT_CODE(%ebp)
	jne fast_out
	cmpl $0, P_STALL_HEAD(%esp)
	jne fast_out
	movl P_ROOT(%ebp), %edx
	movl OBJ_BODY(%edx), %eax               /* still the capability's root */
	NAMED_OR_OUT N_CALL                     /* not used up */
	SWITCH_OR_OUT
	DIRTY_OR_OUT %edx, %cl
	/* commit point */
	SWITCH_TO
	movl OBJ_BODY(%edx), %ecx
	incl N_CALL(%ecx)                       /* the Resume capability is used up */
	movb $V_PRS_RUNNING, P_STATE(%ebp)
	movb $V_PRS_AVAILABLE, P_STATE(%esp)
	movl $V_RSPEC_DEFAULT, P_RSPEC(%esp)
	movl FRAME_EBX(%esp), %eax              /* the result code */
	xorl %ebx, %ebx                         /* info: no badge, no capabilities */
	EXIT_TO

/* Everything else: the C fast path and the slow path, on the kernel
 * stack, from the frame (nothing above has changed anything). */
fast_out:
	cld                       /* C code assumes DF = 0 */
	movl %esp, %eax
	movl $boot_stack_top, %esp
	call kern_syscall         /* regparm(1): eax = the frame; never returns */
