/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the crash-consistency workload (docs/crash-testing.md):
 * its capability registers, the peer's protocol and the record it prints
 * after every committed checkpoint.  disk-image/crash.map wires the
 * programs together:
 *
 *   crash-workload  the driver: a seeded random walk over counters in
 *                   pages, capability shuffles between node slots, bank
 *                   allocations and frees, a sub-bank made and destroyed
 *                   with its space, forwarders made, used, blocked,
 *                   unblocked and revoked, and calls to the peer; then a
 *                   checkpoint (take) and the record of what that
 *                   generation must contain
 *   crash-peer      holds a running sum in a page, in x87 ST0 and in the
 *                   four lanes of XMM0 (its annex keeps the FPU state),
 *                   and calls echo on every addition
 *   ipc-echo        the target behind every forwarder
 *
 * Only the driver ever runs on its own: the others answer its calls.  So
 * the machine's state at every take() is a function of the seed and the
 * number of steps, and two runs with the same seed print the same record
 * for the same generation -- before a crash, after a restart from it, or
 * in another run altogether.  The crash harness (tests/lib/crashrun.py)
 * relies on exactly that.
 *
 * The record, one line per generation:
 *
 *   CRASH commit g=G step=S ctr=H shuf=H pool=H grave=N/A fwd=F
 *         bank=ID:N,P,ON,OP sub=ID chk=K peer=C,X,H,E bad=B
 *
 * "commit" after take() returned in the run that took it, "found" when
 * take() returned after a restart from G (the same line, computed afresh
 * from what the restart found).  Every field is measured from the
 * objects, not remembered: ctr hashes the counter pages; shuf the 32
 * slots of the shuffle node (type, OID, count, numbers); pool the
 * objects allocated from the workload's bank (and each page's contents);
 * grave is how many capabilities to freed objects are kept and how many
 * of them are not void (must be 0); fwd one letter per forwarder, from
 * invoking a stashed copy that is otherwise never used: o works, b
 * blocked (RC_BUSY), v void, . none yet; bank the workload bank's id and
 * usage as the bank reports it; sub the live sub-bank's id or 0; chk the
 * problems the prime bank finds in its own tables; peer its sum in the
 * page, in ST0, a hash of XMM0 and its own count of disagreements; bad
 * how many of these measurements differ from what the driver's memory
 * says they must be (its memory is part of the same generation, so
 * anything but 0 is a mixture of generations).
 */
#ifndef CAIRN_CRASH_PROTO_H
#define CAIRN_CRASH_PROTO_H

#include <stdint.h>

/* The driver's capability registers. */
enum {
	D_CKPT = 8,       /* checkpoint */
	D_ARGS = 9,       /* number { seed, 0, 0 }: the harness sets it in a store copy */
	D_PEER = 10,      /* start crash_peer */
	D_ECHO = 11,      /* start echo badge 5 */
	D_BANK = 12,      /* the workload's bank: a sub-bank of the prime bank */
	D_SHUF = 13,      /* node: the slots capability shuffles work on */
	D_POOL = 14,      /* node: objects allocated from D_BANK */
	D_GRAVE = 15,     /* node: capabilities to freed objects, a ring */
	D_FWD = 16,       /* node: forwarder handles 0..15, stashed opaque copies 16..31 */
	D_CTR = 17,       /* node: the counter pages in slots 0..3 */
	D_SUB = 18,       /* a sub-bank of D_BANK, while one lives */
	D_SUBPOOL = 19,   /* node: objects of the sub-bank */
	D_T0 = 20,        /* scratch */
	D_T1 = 21,
	D_T2 = 22,
};

#define WL_CTR_PAGES 4u
#define WL_SHUF_SLOTS 32u
#define WL_POOL_SLOTS 16u
#define WL_GRAVE_SLOTS 32u
#define WL_FWDS 16u
#define WL_SUB_SLOTS 8u
#define WL_ECHO_BADGE 5u

/* The peer's registers and orders. */
enum {
	P_ECHO = 8,       /* start echo */
};

enum peer_order {
	PEER_ADD = 1,     /* w0 k: add k to the sum -> w0 the sum */
	PEER_REPORT = 2,  /* -> w0 sum in the page, w1 ST0, w2 hash of XMM0, w3 disagreements */
};

/* PEER_REPORT's hash of XMM0's four 32-bit lanes. */
static inline uint32_t
crash_lanes_hash(const uint32_t lane[4])
{
	uint32_t h = lane[0];

	for (int i = 1; i < 4; i++) {
		h ^= h >> 16;
		h *= 0x85ebca6bu;
		h ^= h >> 13;
		h *= 0xc2b2ae35u;
		h ^= h >> 16;
		h ^= lane[i];
	}
	return h;
}

#endif
