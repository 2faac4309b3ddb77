/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bank.h -- the space bank's protocol (spacebank/, docs/spacebank.md).
 *
 * The space bank is a user process, not a kernel object, but every
 * program speaks to it, so its orders live beside the kernel's.  A bank
 * capability is a Start capability to the bank process; its 16-bit badge
 * names the bank and carries restriction bits:
 *
 *    15         12 11                      0
 *   +-------------+-------------------------+
 *   | BANK_R_*    |  bank id (1..4095)      |
 *   +-------------+-------------------------+
 *
 * Ids 0 (the free list) and 1 (the bank's own storage) are never bank
 * capabilities; id 2 is the prime bank.  Restriction bits only
 * accumulate (OC_BANK_RESTRICT); a destroyed bank's capabilities answer
 * RC_VOID.  Each order lists w[] words and c[] capabilities sent, and
 * what returns with RC_OK.  Errors: RC_NO_ACCESS (restricted, or the
 * prime bank cannot be destroyed), RC_NO_SPACE (a limit of this bank or
 * an ancestor, or the store, is exhausted), RC_NOT_FOUND (the object
 * was not allocated from this bank or its descendants), RC_BAD_ARG
 * (kind, count, limit or capability type), RC_VOID (destroyed bank or
 * stale object capability).  Append only: values never change.
 */
#ifndef CAIRN_ABI_BANK_H
#define CAIRN_ABI_BANK_H

enum {
	OC_BANK_ALLOC = 1,        /* w0 kind, w1 count 1..3 -> c0..c2 fresh caps */
	OC_BANK_FREE = 2,         /* c0 node/page cap -> ; rescinded */
	OC_BANK_CREATE_SUB = 3,   /* -> c0 bank cap of a new child, w0 its id */
	OC_BANK_SET_LIMIT = 4,    /* w0 kind, w1 limit (BANK_NO_LIMIT = none) -> */
	OC_BANK_LIMITS = 5,       /* -> w0 node limit, w1 page limit */
	OC_BANK_USAGE = 6,        /* -> w0 nodes, w1 pages (with descendants), w2 nodes, w3 pages (own) */
	OC_BANK_DESTROY = 7,      /* -> ; bank and sub-banks gone, objects to the parent */
	OC_BANK_DESTROY_SPACE = 8,/* -> ; bank, sub-banks and all their objects gone */
	OC_BANK_VERIFY = 9,       /* c0 node/page cap -> w0 1 if from this bank or a descendant, w1 owner id */
	OC_BANK_RESTRICT = 10,    /* w0 BANK_R_* bits -> c0 restricted bank cap */
	OC_BANK_IDENTIFY = 11,    /* -> w0 bank id, w1 restriction bits, w2 parent id */
	OC_BANK_CHECK = 12,       /* prime bank only -> w0 problems found in the bank's tables,
				   * w1 objects the store could not read (not problems) */
	OC_BANK_ALLOC_INTO = 13,  /* w0 kind, w1 first slot, w2 count 1..32, c0 a node cap ->
				   * fresh caps written into the node's slots w1.. (a reserve) */
};

/* Object kinds (the same numbers as the store's OID kinds). */
enum {
	BANK_KIND_NODE = 1,
	BANK_KIND_PAGE = 2,
};

#define BANK_ALLOC_MAX 3u
#define BANK_ALLOC_INTO_MAX 32u   /* a node's slots */
#define BANK_NO_LIMIT 0xffffffffu

/* Badge layout. */
#define BANK_BADGE_ID_MASK 0x0fffu
#define BANK_R_NOALLOC   0x1000u  /* no OC_BANK_ALLOC, no OC_BANK_CREATE_SUB */
#define BANK_R_NOFREE    0x2000u  /* no OC_BANK_FREE */
#define BANK_R_NODESTROY 0x4000u  /* no OC_BANK_DESTROY, _DESTROY_SPACE */
#define BANK_R_NOLIMIT   0x8000u  /* no OC_BANK_SET_LIMIT */
#define BANK_R_ALL       0xf000u

#define BANK_ID_FREE  0u          /* owner of free objects (records only) */
#define BANK_ID_SELF  1u          /* the bank's own tables (records only) */
#define BANK_ID_PRIME 2u
#define BANK_ID_MAX   BANK_BADGE_ID_MASK

_Static_assert((BANK_BADGE_ID_MASK & BANK_R_ALL) == 0, "bank_badge_disjoint");
_Static_assert((BANK_BADGE_ID_MASK | BANK_R_ALL) == 0xffffu, "bank_badge_16_bits");

#endif
