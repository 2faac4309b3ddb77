/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/ipc.h -- the invocation stubs: CALL, SEND, RETURN, RECEIVE over
 * the one trap (int 0x80, kernel/abi/invoke.h).
 *
 * A message is a cairn_msg_t, the registers of the trap laid out in
 * memory.  It is used in place, in and out, the way the registers are:
 *
 *   field   going in                        coming back
 *   code    order (CALL, SEND), result      result code (CALL's reply), or
 *           code (RETURN)                   order (message received by
 *                                           RETURN / RECEIVE)
 *   info    -                               badge (bits 0-15) and number of
 *                                           capabilities received (16-18)
 *   w[4]    data words                      data words
 *   desc    NULL, or a struct ipc_desc:     its rcv_len is filled in
 *           capabilities and string to
 *           send, where received ones go
 *
 * A server loop is therefore
 *
 *     cairn_receive(&m);
 *     for (;;) { ...handle m, set m.code and m.w...; cairn_return(CR_REPLY, &m); }
 *
 * Two paths, one meaning:
 *   - without a descriptor, cairn_call / cairn_return are inline and
 *     load the six registers straight from the message (this is the
 *     path the CALL+RETURN benchmark measures);
 *   - with one, they go through cairn_invoke (ipc.S), which also loads
 *     ebp with the descriptor's address.  ebp cannot be an operand of
 *     inline asm while it is the frame pointer, hence the split.
 * SEND reports only the result of the send itself; the message is not
 * changed.  Nothing here keeps state between calls.
 */
#ifndef CAIRN_IPC_H
#define CAIRN_IPC_H

/* Offsets of cairn_msg_t for ipc.S; checked against the struct below. */
#define CAIRN_MSG_CODE 0
#define CAIRN_MSG_INFO 4
#define CAIRN_MSG_W 8
#define CAIRN_MSG_DESC 24

#ifndef __ASSEMBLY__
#include <stdint.h>
#include <stddef.h>
#include "kernel/abi/invoke.h"
#include "kernel/abi/rc.h"

/* A capability register number, 0 .. PROC_CAPREGS - 1. */
typedef unsigned capreg_t;

typedef struct cairn_msg {
	uint32_t code;
	uint32_t info;
	uint32_t w[4];
	struct ipc_desc *desc;
} cairn_msg_t;

_Static_assert(offsetof(cairn_msg_t, code) == CAIRN_MSG_CODE, "cairn_msg_code");
_Static_assert(offsetof(cairn_msg_t, info) == CAIRN_MSG_INFO, "cairn_msg_info");
_Static_assert(offsetof(cairn_msg_t, w) == CAIRN_MSG_W, "cairn_msg_w");
_Static_assert(offsetof(cairn_msg_t, desc) == CAIRN_MSG_DESC, "cairn_msg_desc");

/* A message with an order (or result) and up to four words. */
#define CAIRN_MSG(code_, ...) ((cairn_msg_t){ .code = (code_), .w = { __VA_ARGS__ } })

/* The general stub (ipc.S): load the registers from m (ebp = m->desc),
 * trap with invocation word inv, store eax..edi back into m; returns
 * eax.  Use it for INV_F_NONBLOCK and other uncommon forms. */
uint32_t cairn_invoke(uint32_t inv, cairn_msg_t *m);

static inline unsigned
cairn_msg_badge(const cairn_msg_t *m)
{
	return m->info & INV_INFO_BADGE_MASK;
}

/* A RETURN or RECEIVE failed before anything arrived: m->code is its
 * error, not an order (INV_INFO_ERROR). */
static inline int
cairn_msg_failed(const cairn_msg_t *m)
{
	return (m->info & INV_INFO_ERROR) != 0;
}

static inline unsigned
cairn_msg_ncaps(const cairn_msg_t *m)
{
	return (m->info >> INV_INFO_NCAPS_SHIFT) & INV_INFO_NCAPS_MASK;
}

/* A descriptor that sends nothing, drops received capabilities and
 * strings, and puts a Resume capability in CR_REPLY. */
static inline void
cairn_desc_init(struct ipc_desc *d)
{
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++) {
		d->snd_cap[i] = IPC_NO_CAP;
		d->rcv_cap[i] = IPC_NO_CAP;
	}
	d->snd_str = d->snd_len = 0;
	d->rcv_str = d->rcv_max = d->rcv_len = 0;
	d->rcv_reply = CR_REPLY;
	d->reserved[0] = d->reserved[1] = d->reserved[2] = 0;
}

/* The six registers a trap returns, into m; returns eax. */
static inline uint32_t
cairn_msg_set(cairn_msg_t *m, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
	      uint32_t s, uint32_t di)
{
	m->code = a;
	m->info = b;
	m->w[0] = c;
	m->w[1] = d;
	m->w[2] = s;
	m->w[3] = di;
	return a;
}

/* Words only: the six registers in, six out.  No descriptor, so ebp is
 * neither an input nor changed. */
static inline uint32_t
cairn_trap_words(uint32_t inv, cairn_msg_t *m)
{
	uint32_t a = inv, b = m->code, c = m->w[0], d = m->w[1];
	uint32_t s = m->w[2], di = m->w[3];

	__asm__ volatile("int $0x80"
			 : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di)
			 : : "memory", "cc");
	return cairn_msg_set(m, a, b, c, d, s, di);
}

/*
 * The same by sysenter (kernel/abi/invoke.h): data words 0 and 1 go on
 * the stack, ecx and edx carry esp and the address to resume at, and
 * the reply comes back in the registers as from int $0x80, with the two
 * words popped.  The int $0x80 right before the resume address is the
 * re-entry: a process the kernel backs up over its trap (a stall, a
 * checkpoint at trap entry) executes it with the registers of an int
 * $0x80 invocation, which is the same invocation.
 */
static inline uint32_t
cairn_sysenter_words(uint32_t inv, cairn_msg_t *m)
{
	uint32_t a = inv, b = m->code, c = m->w[0], d = m->w[1];
	uint32_t s = m->w[2], di = m->w[3];

	__asm__ volatile("pushl %%edx\n\t"
			 "pushl %%ecx\n\t"
			 "movl %%esp, %%ecx\n\t"
			 "movl $1f, %%edx\n\t"
			 "sysenter\n\t"
			 "int $0x80\n"
			 "1:"
			 : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di)
			 : : "memory", "cc");
	return cairn_msg_set(m, a, b, c, d, s, di);
}

static inline uint32_t
cairn_trap(capreg_t reg, unsigned type, cairn_msg_t *m)
{
	if (!m->desc)
		return cairn_trap_words(INV_WORD(reg, type, 0), m);
	return cairn_invoke(INV_WORD(reg, type, INV_F_DESC), m);
}

/* CALL capability register reg; m becomes the reply.  Returns its rc. */
static inline int
cairn_call(capreg_t reg, cairn_msg_t *m)
{
	return (int)cairn_trap(reg, INV_CALL, m);
}

/* SEND: does not wait, does not change m.  Returns the send's rc. */
static inline int
cairn_send(capreg_t reg, const cairn_msg_t *m)
{
	cairn_msg_t t = *m;
	return (int)cairn_trap(reg, INV_SEND, &t);
}

/* RETURN m through the Resume capability in reg, then wait; m becomes
 * the next message received.  Returns its order code. */
static inline uint32_t
cairn_return(capreg_t reg, cairn_msg_t *m)
{
	return cairn_trap(reg, INV_RETURN, m);
}

/* Become available and wait; m (code, w, desc = receive spec) becomes
 * the message received.  Returns its order code. */
static inline uint32_t
cairn_receive(cairn_msg_t *m)
{
	return cairn_trap(CR_VOID, INV_RECEIVE, m);
}

/* The words-only forms, for loops that must not even test m->desc
 * (the CALL+RETURN benchmark): m->desc is ignored and not sent. */
static inline int
cairn_call_words(capreg_t reg, cairn_msg_t *m)
{
	return (int)cairn_trap_words(INV_WORD(reg, INV_CALL, 0), m);
}

static inline uint32_t
cairn_return_words(capreg_t reg, cairn_msg_t *m)
{
	return cairn_trap_words(INV_WORD(reg, INV_RETURN, 0), m);
}

#endif /* !__ASSEMBLY__ */
#endif /* CAIRN_IPC_H */
