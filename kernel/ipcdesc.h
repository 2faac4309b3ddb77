/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcdesc.h -- a descriptor's capabilities and the receive spec: the
 * checks, the gathering, the encoding and the delivery that the slow
 * path (ipc.c) and the fast path (ipcfast.c) share, so that the two
 * cannot differ.
 *
 * A descriptor names capability registers in bytes (abi/invoke.h):
 * four to send, four to receive into, one for the Resume capability.
 * They are checked and counted four at a time, as a word, every byte at
 * once without carries between bytes (SWAR); the receive spec a
 * descriptor asks for is packed from that word the same way, and only
 * the fields of a spec that name a register cost anything at delivery.
 */
#ifndef CAIRN_IPCDESC_H
#define CAIRN_IPCDESC_H

#include "proc.h"
#include "ipcstr.h"
#include "abi/invoke.h"
#include "abi/rc.h"

_Static_assert(IPC_NO_CAP == 0xff && PROC_CAPREGS == 32 && IPC_MAX_CAPS == 4, "ipcdesc");

/* The capabilities a message carries: c[0..n) (a hole in it is Void). */
struct ipc_caps {
	cap_t c[IPC_MAX_CAPS];
	unsigned n;
};

/* A descriptor's four register bytes (snd_cap or rcv_cap) as a word,
 * byte i at bits 8i..8i+7. */
static inline uint32_t
desc_regs(const uint8_t *b)
{
	uint32_t w;

	__builtin_memcpy(&w, b, sizeof w);
	return w;
}

/* Is each byte of w a register (< PROC_CAPREGS) or IPC_NO_CAP?  b + 1
 * bytewise maps IPC_NO_CAP to 0 and a register to 1..32; a byte >= 33
 * then sets its top bit in ((x & 0x7f) + (0x80 - 33)) | x. */
static inline bool
regs_ok(uint32_t w)
{
	uint32_t inc = ((w & 0x7f7f7f7fu) + 0x01010101u) ^ (w & 0x80808080u);

	return !((((inc & 0x7f7f7f7fu) + 0x5f5f5f5fu) | inc) & 0x80808080u);
}

/* How many capabilities w sends: 1 + the last byte that is not IPC_NO_CAP
 * (the top bit of each byte of ~w that is not 0, then the highest). */
static inline unsigned
regs_count(uint32_t w)
{
	uint32_t x = ~w, nz = (((x & 0x7f7f7f7fu) + 0x7f7f7f7fu) | x) & 0x80808080u;

	return nz ? (32u - (unsigned)__builtin_clz(nz)) / 8u : 0;
}

/* The checks of descriptor d but its string's: RC_OK or RC_BAD_ARG. */
static inline int
desc_check(const struct ipc_desc *d)
{
	if (!regs_ok(desc_regs(d->snd_cap)) || !regs_ok(desc_regs(d->rcv_cap)))
		return RC_BAD_ARG;
	if (d->snd_len > IPC_MAX_STRING || d->rcv_max > IPC_MAX_STRING * 16)
		return RC_BAD_ARG;
	if (d->rcv_reply != IPC_NO_CAP && d->rcv_reply >= PROC_CAPREGS)
		return RC_BAD_ARG;
	return RC_OK;
}

/* The capabilities checked descriptor d sends from p's registers. */
static const cap_t ipc_hole;   /* Void, where a message has no capability */

static inline void
caps_gather(struct ipc_caps *m, struct proc *p, const struct ipc_desc *d)
{
	const cap_t *regs = obj_node(p->capregs)->slot;

	m->n = regs_count(desc_regs(d->snd_cap));
	for (unsigned i = 0; i < m->n; i++) {
		unsigned r = d->snd_cap[i];
		m->c[i] = *(r == IPC_NO_CAP ? &ipc_hole : &regs[r & 31]);
	}
}

/*
 * The receive spec checked descriptor d asks for.  Field i is the low
 * five bits of its register byte (IPC_NO_CAP's are RSPEC_DROP), and a
 * byte that names register 31 sets RSPEC_REG31(i).  Four bytes at once:
 * the fields are packed from the rcv_cap word in two steps (pairs, then
 * halves); bytewise, (b & 0x7f) + 1 has bit 5 set for 31 alone (a
 * register 0..30 gives 1..31, IPC_NO_CAP 0x80), and a multiplication
 * gathers the four bits 5, 13, 21, 29 into bits 21..24 (its partial
 * products land on distinct bits: no carries).
 */
_Static_assert(RSPEC_CAP_SHIFT(1) == 5 && RSPEC_FIELD_MASK == 0x1f && RSPEC_DROP == 31 &&
	       (IPC_NO_CAP & RSPEC_FIELD_MASK) == RSPEC_DROP && RSPEC_REG31(0) == 1u << 26 &&
	       RSPEC_REG31(RSPEC_REPLY_FIELD) == 0x20u << 25 && RSPEC_REPLY_SHIFT == 20,
	       "rspec_of");

static inline uint32_t
rspec_of(const struct ipc_desc *d)
{
	uint32_t w = desc_regs(d->rcv_cap), r = d->rcv_reply;
	uint32_t x = w & 0x1f1f1f1fu, y = ((w & 0x7f7f7f7fu) + 0x01010101u) & 0x20202020u;
	uint32_t pairs = (x & 0x001f001fu) | (x >> 3 & 0x03e003e0u);

	return RSPEC_HAS_DESC | (pairs & 0x3ffu) | (pairs >> 6 & 0xffc00u) |
	       ((y >> 5) * 0x204081u & 0x1e00000u) << 5 |
	       (r & RSPEC_FIELD_MASK) << RSPEC_REPLY_SHIFT | (((r & 0x7fu) + 1u) & 0x20u) << 25;
}

/* The register field i of spec names, or IPC_NO_CAP: drop. */
static inline unsigned
rspec_reg(uint32_t spec, unsigned i)
{
	unsigned r = (spec >> RSPEC_SHIFT(i)) & RSPEC_FIELD_MASK;

	return r == RSPEC_DROP && !(spec & RSPEC_REG31(i)) ? IPC_NO_CAP : r;
}

/* p receives next as descriptor d asks (the defaults without one).
 * The spec is made once for the register bytes p gives every time. */
static inline __attribute__((always_inline)) void
set_rspec(struct proc *p, const struct ipc_desc *d)
{
	p->rspec = RSPEC_DEFAULT;
	p->rbuf = p->rmax = 0;
	if (d) {
		uint32_t w = desc_regs(d->rcv_cap), r = d->rcv_reply | 0x100u;
		if (unlikely(w != p->rspec_memo_cap || r != p->rspec_memo_reply)) {
			p->rspec_memo = rspec_of(d);
			p->rspec_memo_cap = w;
			p->rspec_memo_reply = r;
		}
		p->rspec = p->rspec_memo;
		p->rbuf = d->rcv_str;
		p->rmax = d->rcv_max > IPC_MAX_STRING ? IPC_MAX_STRING : d->rcv_max;
	}
}

/* The bits of a spec about capabilities, and their value when every
 * field drops. */
#define RSPEC_CAPS_BITS (0xfffffu | RSPEC_REG31(0) | RSPEC_REG31(1) | RSPEC_REG31(2) | \
			 RSPEC_REG31(3))
#define RSPEC_CAPS_NONE 0xfffffu

/* The capabilities of m into p's registers as its receive spec says
 * (Void for one m does not carry), when at least one field names a
 * register. */
static void __attribute__((noinline))
caps_deliver_fields(struct proc *p, const struct ipc_caps *m)
{
	uint32_t spec = p->rspec;

	obj_will_modify(p->capregs);
	cap_t *regs = obj_node(p->capregs)->slot;
	#pragma GCC unroll 4
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++) {
		unsigned r = rspec_reg(spec, i);
		if (r != IPC_NO_CAP)
			regs[r & 31] = *(i < m->n ? &m->c[i] : &ipc_hole);
	}
}

/* The capabilities of m into p's registers as its receive spec says. */
static inline __attribute__((always_inline)) void
caps_deliver(struct proc *p, const struct ipc_caps *m)
{
	if ((p->rspec & RSPEC_CAPS_BITS) != RSPEC_CAPS_NONE)
		caps_deliver_fields(p, m);   /* else, commonly, every field drops */
}

/* Up to p's rmax of the slen bytes at sva of sfrom's space into p's
 * buffer: how many, 0 if the buffer is bad (then it gets nothing). */
static uint32_t __attribute__((noinline))
string_copy(struct proc *p, uint32_t slen, struct proc *sfrom, uint32_t sva)
{
	uint32_t n = slen < p->rmax ? slen : p->rmax;

	return n && ipcstr_copy(p, p->rbuf, sfrom, sva, n) ? 0 : n;
}

/* The string part of a delivery to p, if it received with a descriptor:
 * the string (slen bytes at sva of sfrom's space), and rcv_len. */
static inline __attribute__((always_inline)) void
string_deliver(struct proc *p, uint32_t slen, struct proc *sfrom, uint32_t sva)
{
	if (!(p->rspec & RSPEC_HAS_DESC))
		return;
	uint32_t n = slen ? string_copy(p, slen, sfrom, sva) : 0;
	ipcstr_write_word(p, p->regs.ebp + offsetof(struct ipc_desc, rcv_len), n);
}

#endif
