/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc.S -- cairn_invoke(inv, m): the general invocation stub.
 *
 * Loads every register of the trap from the cairn_msg_t m (eax = inv,
 * ebx = code, ecx edx esi edi = w[0..3], ebp = desc), executes int 0x80,
 * and stores eax (code), ebx (info) and the four words back into m.
 * The kernel leaves ebp unchanged (invoke.h).  ebx, esi, edi and ebp are
 * callee-saved in the i386 System V ABI, so they are saved here.
 *
 *   stack after the four pushes:  16(%esp) return address
 *                                 20(%esp) inv
 *                                 24(%esp) m
 */
#include "cairn/ipc.h"

	.text
	.globl cairn_invoke
	.type cairn_invoke, @function
cairn_invoke:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 24(%esp), %eax
	movl CAIRN_MSG_CODE(%eax), %ebx
	movl CAIRN_MSG_W+0(%eax), %ecx
	movl CAIRN_MSG_W+4(%eax), %edx
	movl CAIRN_MSG_W+8(%eax), %esi
	movl CAIRN_MSG_W+12(%eax), %edi
	movl CAIRN_MSG_DESC(%eax), %ebp
	movl 20(%esp), %eax
	int $0x80
	pushl %eax                      /* m is now at 28(%esp) */
	movl 28(%esp), %eax
	movl %ebx, CAIRN_MSG_INFO(%eax)
	movl %ecx, CAIRN_MSG_W+0(%eax)
	movl %edx, CAIRN_MSG_W+4(%eax)
	movl %esi, CAIRN_MSG_W+8(%eax)
	movl %edi, CAIRN_MSG_W+12(%eax)
	popl %ecx
	movl %ecx, CAIRN_MSG_CODE(%eax)
	movl %ecx, %eax
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size cairn_invoke, . - cairn_invoke
