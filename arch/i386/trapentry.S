/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trapentry.S -- one stub per vector, all funnelling into trap_common,
 * which builds a struct hal_uregs (kernel/hal.h) and calls trap_dispatch().
 * Vectors that push no error code push a zero so the frame is uniform.
 * The table of stub addresses (trap_stubs) is read by idt.c.  The
 * invocation trap's entry (int $0x80) is in ipcfast.S, with the fast
 * path; sysenter's entry, below, joins it there.
 */
#include "arch/i386/layout.h"
#include "arch/i386/frame.h"

#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23

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
 *
 * Data segments: the kernel runs with ds = es = SEL_UDATA, the flat user
 * data segment (a DPL 3 data segment may be used at CPL 0; ss is the
 * kernel's), so that the way back to user mode, hal_resume_user, need
 * not reload them.  Every entry loads it: a user may have put anything
 * there.  The kernel never touches fs and gs.
 */

/* Complete the frame after vector and error code; eax = the frame. */
.macro SAVE_FRAME
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	cld
	movl $SEL_UDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %esp, %eax
.endm

trap_common:
	SAVE_FRAME
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

/* The invocation trap, int $0x80, has its own entry: syscall_entry in
 * ipcfast.S, with the fast path. */

/*
 * The invocation by sysenter (kernel/abi/invoke.h has the user's side).
 * The user passes its esp in ecx and the address to resume at in edx,
 * with data words 0 and 1 pushed on its stack ([ecx] and [ecx + 4]);
 * every other register as for int $0x80.  The entry turns this into the
 * frame int $0x80 would have built had the user executed it at the
 * resume address minus 2 with the words in ecx and edx: the words read
 * into ecx and edx, esp past them.  The user's stub puts an int $0x80
 * there, so anything that backs a process up over its trap (a stall, a
 * snapshot at trap entry) makes it execute that int with the same
 * registers: the same invocation.  From here on nothing in the kernel
 * knows how the process entered.
 *
 * sysenter loads esp from MSR SYSENTER_ESP (the kernel stack's top) and
 * clears only IF: the user's flags are saved first and replaced by clean
 * ones (DF, NT, AC and TF clear).  A user's TF makes the CPU trap once,
 * after the pushfl, on the kernel stack; trap.c clears TF in the frame of
 * that trap and lets the entry go on.  A fault reading the words (any
 * address the user gives) comes back at sysenter_slow, where the kernel
 * reads them the general way, by walking the space.  Returning is
 * hal_resume_user, as for every trap: sysexit would take ecx and edx,
 * which carry two of the four reply words.
 */
	.globl sysenter_entry, sysenter_db, sysenter_peek0, sysenter_peek1, sysenter_slow
	.align 16
sysenter_entry:
	pushfl
sysenter_db:                            /* where a single-step trap lands */
	pushl $2
	popfl
	movl %ss:arch_tss+TSS_ESP0, %esp  /* just past the current process's frame */
	pushl $SEL_UDATA                /* ss */
	pushl %ecx                      /* esp (the words are skipped below) */
	pushl %ss:boot_stack_top-4      /* eflags, as the user left them */
	pushl $SEL_UCODE                /* cs */
	pushl %edx                      /* eip: where the stub resumes */
	subl $FRAME_MID, %esp
	pushal
	movl $SEL_UDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %esp, %eax
	movl $boot_stack_top, %esp      /* from here on a fault is the kernel stack's */
	orl $0x200, FRAME_EFLAGS(%eax)  /* IF, which sysenter cleared */
	cmpl $(USER_TOP - 8), %ecx
	ja sysenter_slow
sysenter_peek0:
	movl (%ecx), %ebx
sysenter_peek1:
	movl 4(%ecx), %edx
	movl %ebx, FRAME_ECX(%eax)
	movl %edx, FRAME_EDX(%eax)
	addl $8, FRAME_ESP(%eax)
	movl %eax, %esp                 /* what ipcfast_entry expects: esp the */
	movl FRAME_EAX(%esp), %eax      /* frame, eax the invocation word */
	jmp ipcfast_entry
sysenter_slow:                          /* eax = the frame */
	call kern_sysenter_slow

/*
 * void hal_resume_user(struct hal_uregs *r), regparm(1): r in eax.
 * Load r and iret to user mode; the next trap from user mode builds its
 * frame in r again (TSS esp0).  ds and es already hold SEL_UDATA.
 */
	.globl hal_resume_user
	.align 16
hal_resume_user:
	leal FRAME_SIZE(%eax), %edx
	movl %edx, arch_tss+TSS_ESP0
	movl %eax, %esp
	popal
	addl $FRAME_MID, %esp
	iret

/* void hal_idle(void): a fresh kernel stack, interrupts on, halt. */
	.globl hal_idle
hal_idle:
	movl $boot_stack_top, %esp
2:	sti
	hlt
	jmp 2b
