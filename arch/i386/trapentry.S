/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trapentry.S -- one stub per vector, all funnelling into trap_common,
 * which builds a struct hal_uregs (kernel/hal.h) and calls trap_dispatch().
 * Vectors that push no error code push a zero so the frame is uniform.
 * The table of stub addresses (trap_stubs) is read by idt.c.
 */
#include "arch/i386/layout.h"

#define SEL_KDATA 0x10

.macro STUB n, has_err
	.text
	.align 16
stub_\n:
	.if \has_err == 0
	pushl $0
	.endif
	pushl $\n
	jmp trap_common
	.section .rodata
	.long stub_\n
.endm

	.section .rodata
	.align 4
	.globl trap_stubs
trap_stubs:

/* Exceptions: 8, 10-14, 17, 21 push an error code. */
STUB 0,0;  STUB 1,0;  STUB 2,0;  STUB 3,0;  STUB 4,0;  STUB 5,0;  STUB 6,0;  STUB 7,0
STUB 8,1;  STUB 9,0;  STUB 10,1; STUB 11,1; STUB 12,1; STUB 13,1; STUB 14,1; STUB 15,0
STUB 16,0; STUB 17,1; STUB 18,0; STUB 19,0; STUB 20,0; STUB 21,1; STUB 22,0; STUB 23,0
STUB 24,0; STUB 25,0; STUB 26,0; STUB 27,0; STUB 28,0; STUB 29,0; STUB 30,0; STUB 31,0
/* IRQs 0-15 from the PICs. */
STUB 32,0; STUB 33,0; STUB 34,0; STUB 35,0; STUB 36,0; STUB 37,0; STUB 38,0; STUB 39,0
STUB 40,0; STUB 41,0; STUB 42,0; STUB 43,0; STUB 44,0; STUB 45,0; STUB 46,0; STUB 47,0
/* The invocation trap: its own entry (below). */
	.section .rodata
	.long syscall_entry

	.text
	.globl trap_common, trap_return
/*
 * From user mode the CPU has already switched to TSS esp0, which points
 * just past the current process's struct hal_uregs, so the frame is
 * built inside the process table entry.  We then move to the one kernel
 * stack; trap_dispatch() never returns for a user trap (it ends in
 * hal_resume_user or hal_idle).  From kernel mode (an IRQ while idle, or
 * a kernel fault) the frame is on the kernel stack and we return through
 * trap_return as usual.
 */
#define FRAME_CS 60
trap_common:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movw $SEL_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movl %esp, %eax
	testl $3, FRAME_CS(%esp)
	jz 1f
	movl $boot_stack_top, %esp
1:	pushl %eax
	call trap_dispatch
	addl $4, %esp
trap_return:
	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp      /* vector, error code */
	iret

/*
 * The invocation trap, int $0x80.  Its gate has DPL 3 and the kernel
 * never invokes, so it always comes from user mode: build the frame in
 * the process (as trap_common does), move to the kernel stack and go
 * straight to kern_syscall(), which never returns.  This skips the
 * generic dispatch on the hottest path in the system.
 */
	.globl syscall_entry
	.align 16
syscall_entry:
	pushl $0
	pushl $0x80
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movw $SEL_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movl %esp, %eax
	movl $boot_stack_top, %esp
	pushl %eax
	call kern_syscall

/* void trap_resume(struct hal_uregs *r): load r and iret to user. */
	.globl trap_resume
trap_resume:
	movl 4(%esp), %esp
	jmp trap_return

/* void hal_idle(void): a fresh kernel stack, interrupts on, halt. */
	.globl hal_idle
hal_idle:
	movl $boot_stack_top, %esp
2:	sti
	hlt
	jmp 2b
