/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * invoke.h -- the user/kernel invocation ABI (the one trap, int 0x80).
 *
 * On entry (user -> kernel):
 *   eax  invocation word:
 *          bits 0-4   capability register invoked (0..31)
 *          bits 8-9   INV_CALL, INV_SEND, INV_RETURN or INV_RECEIVE
 *          bit  10    INV_F_DESC: ebp points to a struct ipc_desc
 *          bit  11    INV_F_NONBLOCK: fail with RC_BUSY instead of waiting
 *   ebx  order code (CALL/SEND) or result code (RETURN)
 *   ecx, edx, esi, edi   data words 0..3
 *   ebp  struct ipc_desc * (if INV_F_DESC)
 *
 * On return to user (kernel -> user), after CALL's reply arrives or when
 * a RETURN/RECEIVE receives the next message:
 *   eax  the result code (a CALL's reply) or the order code (a message
 *        received by RETURN/RECEIVE)
 *   ebx  info word: bits 0-15 the badge of the Start capability the
 *        sender invoked (0 for a reply); bits 16-18 how many
 *        capabilities arrived
 *   ecx, edx, esi, edi   data words 0..3
 *   ebp  unchanged; the descriptor's rcv_len says how much string arrived
 * SEND returns at once with eax = result code of the send itself.
 *
 * Receiving: a process that executes RETURN or RECEIVE becomes
 * available; the next CALL or SEND to one of its Start capabilities is
 * delivered to it.  A CALL also delivers a Resume capability, into the
 * capability register named by the receive spec (CR_REPLY by default).
 * The receive spec is taken from the descriptor of the RETURN/RECEIVE
 * (or the defaults when it has none) and kept in the process root
 * (PR_SLOT_RECV), so a waiting server survives a restart.
 */
#ifndef CAIRN_ABI_INVOKE_H
#define CAIRN_ABI_INVOKE_H

#include <stdint.h>
#include <stddef.h>

#define INV_VECTOR 0x80

enum inv_type {
	INV_CALL = 0,     /* send, then wait for the reply */
	INV_SEND = 1,     /* send, do not wait */
	INV_RETURN = 2,   /* reply through a Resume capability, then receive */
	INV_RECEIVE = 3,  /* just receive (the invoked register is ignored) */
};

#define INV_REG_MASK    0x1fu
#define INV_TYPE_SHIFT  8
#define INV_TYPE_MASK   0x3u
#define INV_F_DESC      0x400u
#define INV_F_NONBLOCK  0x800u

#define INV_WORD(reg, type, flags) \
	((uint32_t)(reg) | (uint32_t)(type) << INV_TYPE_SHIFT | (uint32_t)(flags))

#define INV_INFO_BADGE_MASK 0xffffu
#define INV_INFO_NCAPS_SHIFT 16
#define INV_INFO_NCAPS_MASK 0x7u

#define IPC_MAX_CAPS 4
#define IPC_MAX_STRING 4096
#define IPC_NO_CAP 0xffu

/* Conventional capability registers (cairn-mkimage fills them). */
enum {
	CR_VOID = 0,      /* kept Void by convention */
	CR_REPLY = 1,     /* default register for a received Resume capability */
	CR_SELF = 2,      /* this process's Process capability */
	CR_CONSOLE = 3,
	CR_BANK = 4,      /* the process's space bank */
	CR_SYSINFO = 5,
	CR_DISCRIM = 6,
	CR_SLEEP = 7,
	CR_FIRST_FREE = 8
};

/*
 * The descriptor: capabilities and a string to send, and where received
 * ones go.  All addresses are user addresses.  A bad address or length
 * makes the invocation fail with RC_BAD_ADDRESS / RC_BAD_ARG before
 * anything is sent.
 */
struct ipc_desc {
	uint8_t snd_cap[IPC_MAX_CAPS];  /* registers to send, IPC_NO_CAP = none */
	uint8_t rcv_cap[IPC_MAX_CAPS];  /* registers to receive into, IPC_NO_CAP = drop */
	uint32_t snd_str;               /* string to send */
	uint32_t snd_len;               /* its length, <= IPC_MAX_STRING */
	uint32_t rcv_str;               /* buffer for a received string */
	uint32_t rcv_max;               /* its size */
	uint32_t rcv_len;               /* out: bytes received */
	uint8_t rcv_reply;              /* register for a Resume capability */
	uint8_t reserved[3];
};

_Static_assert(sizeof(struct ipc_desc) == 32, "ipc_desc_size");
_Static_assert(offsetof(struct ipc_desc, snd_str) == 8, "ipc_desc_snd_str");
_Static_assert(offsetof(struct ipc_desc, rcv_len) == 24, "ipc_desc_rcv_len");
_Static_assert(offsetof(struct ipc_desc, rcv_reply) == 28, "ipc_desc_rcv_reply");

/*
 * The receive spec word kept in PR_SLOT_RECV word 0: four receive
 * registers (5 bits each, 31 = drop unless its RSPEC_REG31 bit is set)
 * and the reply register.
 */
#define RSPEC_CAP_SHIFT(i) (5 * (i))
#define RSPEC_REPLY_SHIFT 20
#define RSPEC_FIELD_MASK 0x1fu
#define RSPEC_DROP 31u
#define RSPEC_HAS_DESC (1u << 25) /* receiver gave a descriptor: rcv_len is written back */
/* Field i (0..3: capability i, 4: the Resume capability) names register
 * 31 when it holds 31 and this bit is set; 31 without it is "drop" (as in
 * every spec kept before the bit existed). */
#define RSPEC_REPLY_FIELD 4
#define RSPEC_REG31(i) (1u << (26 + (i)))
/* The spec of a receive without a descriptor: drop capabilities, no
 * string, Resume capability into CR_REPLY. */
#define RSPEC_DEFAULT (0xfffffu | (uint32_t)CR_REPLY << RSPEC_REPLY_SHIFT)

#endif /* CAIRN_ABI_INVOKE_H */
