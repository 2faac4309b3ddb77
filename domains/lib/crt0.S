/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crt0.S -- _start, the entry point of every user program.
 *
 * The image builder sets esp (and the process's registers) from the
 * map; bss needs no clearing because it is backed by fresh zero pages
 * (user.ld).  _start aligns the stack to 16 bytes as gcc expects at a
 * call, runs main(), and hands its result to cairn_exit(), which
 * flushes the console and halts this process through CR_SELF; it never
 * returns (exit.c).  ebp = 0 ends a debugger's backtrace here.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	andl $-16, %esp
	call main
	subl $12, %esp
	pushl %eax
	call cairn_exit
1:	jmp 1b
	.size _start, . - _start
