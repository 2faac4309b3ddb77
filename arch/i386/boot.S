/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * boot.S -- multiboot entry.
 *
 * GRUB (or QEMU's -kernel loader) enters here in 32-bit protected mode,
 * paging off, eax = multiboot magic, ebx = physical address of the
 * multiboot information.  The kernel is linked at KERNBASE + 1 MiB but
 * loaded at 1 MiB, so until paging is on every address is converted with
 * V2P.  We build a boot page directory of 4 MiB pages that maps the
 * first BOOT_MAP_MB of physical memory both at 0 (so the next
 * instruction still runs) and at KERNBASE, turn paging on, move to the
 * high stack and call kmain(magic, info).  arch_paging_init() later
 * replaces the directory and drops the identity map.
 */
#include "arch/i386/layout.h"

#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003 /* page-aligned modules, memory map */

#define V2P(x) ((x) - KERNBASE)

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.align 4096
	.globl boot_pgdir
boot_pgdir:
	.space 4096
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.space KSTACK_SIZE
boot_stack_top:

	.section .text.boot, "ax"
	.globl _start
_start:
	cli
	cld
	movl %eax, %esi            /* keep multiboot magic */
	movl %ebx, %edi            /* and info pointer */

	/* Boot page directory: PDEs 0.. and KERNBASE>>22.. -> 4 MiB pages. */
	movl $V2P(boot_pgdir), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $22, %eax
	orl $0x83, %eax            /* present, writable, 4 MiB */
	movl %eax, (%ebx,%ecx,4)
	movl %eax, (KERNBASE >> 20)(%ebx,%ecx,4)
	incl %ecx
	cmpl $(BOOT_MAP_MB / 4), %ecx
	jne 1b

	movl %cr4, %eax
	orl $0x10, %eax            /* CR4.PSE */
	movl %eax, %cr4
	movl %ebx, %cr3
	movl %cr0, %eax
	orl $0x80010001, %eax      /* PG | WP | PE */
	movl %eax, %cr0
	lea 2f, %eax
	jmp *%eax
2:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp
	pushl %edi
	pushl %esi
	call kmain
3:	cli
	hlt
	jmp 3b
