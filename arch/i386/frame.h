/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * frame.h -- offsets into struct hal_uregs (kernel/hal.h) for the trap
 * entry and exit code of trapentry.S.  trap.c checks every one against
 * the struct with a named static assert, so they cannot drift apart.
 *
 *    0 edi  4 esi  8 ebp  12 (esp of pushal)  16 ebx  20 edx  24 ecx  28 eax
 *   32 gs  36 fs  40 es  44 ds  48 vector  52 err
 *   56 eip  60 cs  64 eflags  68 esp  72 ss            76 bytes in all
 */
#ifndef CAIRN_ARCH_FRAME_H
#define CAIRN_ARCH_FRAME_H

#define FRAME_EBP    8
#define FRAME_EBX    16
#define FRAME_EDX    20
#define FRAME_ECX    24
#define FRAME_EAX    28
#define FRAME_GS     32     /* first field above the pushal block */
#define FRAME_EIP    56
#define FRAME_CS     60
#define FRAME_EFLAGS 64
#define FRAME_ESP    68
#define FRAME_SIZE   76
/* Bytes between the pushal block and eip: gs fs es ds vector err. */
#define FRAME_MID    (FRAME_EIP - FRAME_GS)

#define TSS_ESP0     4      /* struct tss (arch.h) */

#endif
