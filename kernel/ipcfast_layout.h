/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcfast_layout.h -- the offsets and constants of kernel structures
 * that the assembly fast path (arch/i386/ipcfast.S) reads and writes.
 * Usable from C and assembly; ipcfast.c checks every one against the
 * structures (mapcache.c those of struct mapctx) with a named static
 * assert, so they cannot drift apart.
 */
#ifndef CAIRN_IPCFAST_LAYOUT_H
#define CAIRN_IPCFAST_LAYOUT_H

/* struct proc (proc.h); the trap frame is at offset 0 (frame.h) */
#define P_ROOT        76
#define P_CAPREGS     80
#define P_CTX         88
#define P_STATE       92    /* uint8_t */
#define P_FAULT_CODE  94    /* uint8_t */
#define P_RSPEC       100
#define P_SLICE       112
#define P_STALL_HEAD  140
#define P_TURN_OF     156
#define P_FAST_TARGET 164
#define P_FAST_CALLER 168
#define P_FAST_FWD    172

/* struct obj (obj.h) */
#define OBJ_OID       0     /* uint64_t */
#define OBJ_BODY      12
#define OBJ_FLAGS     17    /* uint8_t */

/* ck_node_t (ckpt/format.h) and cap_t (abi/cap.h) */
#define N_OID         0
#define N_ALLOC       8
#define N_CALL        12
#define N_KIND        16    /* uint8_t */
#define N_DATA        20
#define N_SLOT        32    /* slot i at N_SLOT + 16 * i */
#define C_TYPE        0     /* uint8_t */
#define C_RESTR       1     /* uint8_t */
#define C_BADGE       2     /* uint16_t */
#define C_COUNT       4
#define C_OID         8

/* struct mapctx (mapcache.c) */
#define CTX_PD        0
#define CTX_GEN       4     /* uint64_t */

/* Values (process.h, invoke.h, captype.def, rc.h) */
#define V_PRS_HALTED    0
#define V_PRS_RUNNING   1
#define V_PRS_AVAILABLE 2
#define V_PRS_WAITING   3
#define V_RSPEC_DEFAULT 0x1fffff
#define V_CT_VOID       0
#define V_CT_START      6
#define V_CT_RESUME     7
#define V_CT_FORWARDER  8
#define V_RC_VOID       3
#define V_CR_REPLY      1
#define V_CAP_R_NOCALL  0x04
#define V_CAP_R_OPAQUE  0x08
#define V_NK_FORWARDER  1       /* CK_NK_FORWARDER */
#define V_FWD_F_BLOCKED 0x1
#define V_FWD_F_DATA    0x2     /* badge: slot FWD_SLOT_DATA (1)'s count; target in slot 0 */
#define V_INV_REG_MASK  0x1f
#define V_INV_FAST_MASK 0xf00   /* type, descriptor, non-blocking */
#define V_INV_RETURN_W  0x200   /* INV_RETURN in the type field */

#endif
