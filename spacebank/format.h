/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * format.h -- the space bank's persistent tables, as they lie in the
 * bank process's address space (and so in its pages on disk).  Shared
 * by the bank and cairn-dump, which finds them by walking the bank
 * process's Space tree: the header is at SB_VA_HEADER in every version.
 *
 *   SB_VA_HEADER   0x10000000  struct sb_header (one page)
 *   SB_VA_BANKS    0x10001000  struct sb_bank[id]   (grows a page at a time)
 *   SB_VA_NODEREC  0x18000000  struct sb_rec[node index]
 *   SB_VA_PAGEREC  0x20000000  struct sb_rec[page index]
 *
 * Every object the bank has ever handed out or adopted has a record,
 * and only those: indices below hwm[kind].  Objects at and above hwm
 * have never been allocated since the store was made.  A record is on
 * exactly one doubly linked list, that of its owner (a bank id, or
 * BANK_ID_FREE / BANK_ID_SELF); links are index + 1, 0 ends a list.
 * A node that is one of a bank's capabilities (a forwarder, bankcap.c)
 * has SB_RF_FWD and the capability's BANK_R_* bits in its flags, and is
 * on that bank's fwd list instead, counted by nfwd, not by owned[] or
 * usage[]: it is the bank's own cost, not something it allocated.
 * count is the object's allocation count as the bank last knew it: for
 * an owned object, the count of the capability the bank handed out; for
 * a free object, the count after its rescind.  Tables grow by whole
 * pages; mapped[] says how many bytes of each are backed.
 *
 * in_request is 1 while the bank serves a request: a checkpoint taken
 * then may catch the tables half-way through a change (cairn-dump's
 * check reports disagreements as warnings only, then).
 */
#ifndef CAIRN_SPACEBANK_FORMAT_H
#define CAIRN_SPACEBANK_FORMAT_H

#include <stdint.h>
#include <stddef.h>
#include "kernel/abi/bank.h"

#define SB_MAGIC "CairnSB"          /* 8 bytes with the NUL */
#define SB_VERSION 2u

#define SB_VA_HEADER  0x10000000u
#define SB_VA_BANKS   0x10001000u
#define SB_VA_NODEREC 0x18000000u
#define SB_VA_PAGEREC 0x20000000u
#define SB_VA_END     0x40000000u

#define SB_PAGE 4096u
#define SB_BANK_IDS (BANK_ID_MAX + 1u)

/* Kind index of the per-kind arrays: 0 nodes, 1 pages. */
enum { SB_NODE = 0, SB_PAGE_K = 1, SB_KINDS = 2 };

/* Regions: what grows page by page. */
enum { SB_RG_BANKS = 0, SB_RG_NODEREC = 1, SB_RG_PAGEREC = 2, SB_REGIONS = 3 };

struct sb_rec {
	uint16_t owner;         /* bank id, BANK_ID_FREE or BANK_ID_SELF */
	uint16_t flags;         /* SB_RF_* */
	uint32_t next, prev;    /* index + 1 on the owner's list; 0 = end */
	uint32_t count;         /* allocation count (see above) */
};

#define SB_RF_RETIRED 1u        /* count at its maximum: never reused */
#define SB_RF_FWD 2u            /* a forwarder that is a bank capability ... */
#define SB_RF_RESTR(f) ((f) & BANK_R_ALL)  /* ... with these BANK_R_* bits */

struct sb_bank {
	uint16_t parent;        /* bank id; 0 for the prime bank */
	uint16_t first_child;   /* 0 = none */
	uint16_t next_sibling;  /* 0 = none */
	uint16_t flags;         /* SB_BF_* */
	uint32_t limit[SB_KINDS];  /* BANK_NO_LIMIT = none */
	uint32_t usage[SB_KINDS];  /* objects of this bank and its descendants */
	uint32_t owned[SB_KINDS];  /* objects on this bank's own lists */
	uint32_t head[SB_KINDS];   /* list heads, index + 1 */
	uint32_t fwd;              /* head of the list of its capabilities' forwarders */
	uint32_t nfwd;             /* that list's length (at most 16: one per BANK_R_* set) */
};

#define SB_BF_LIVE 1u

struct sb_header {
	char magic[8];          /* SB_MAGIC */
	uint32_t version;       /* SB_VERSION */
	uint32_t header_size;   /* sizeof(struct sb_header) */
	uint32_t rec_size, bank_size;
	uint32_t capacity[SB_KINDS];  /* the store's node and page counts */
	uint32_t adopted[SB_KINDS];   /* the image's objects adopted at first start */
	uint32_t hwm[SB_KINDS];       /* records exist for indices below */
	uint32_t mapped[SB_REGIONS];  /* bytes backed, per region */
	uint32_t va[SB_REGIONS];      /* where each region starts */
	uint32_t bank_ids;            /* ids below this have a bank record */
	uint32_t next_id;             /* where the search for a free id starts */
	uint32_t in_request;          /* 1 while a request is being served */
	uint32_t reserved[7];
};

_Static_assert(sizeof(struct sb_rec) == 16, "sb_rec_size");
_Static_assert(offsetof(struct sb_rec, count) == 12, "sb_rec_count");
_Static_assert(sizeof(struct sb_bank) == 48, "sb_bank_size");
_Static_assert(offsetof(struct sb_bank, fwd) == 40, "sb_bank_fwd");
_Static_assert((SB_RF_RETIRED | SB_RF_FWD) & BANK_R_ALL ? 0 : 1, "sb_rf_disjoint");
_Static_assert(offsetof(struct sb_bank, head) == 32, "sb_bank_head");
_Static_assert(offsetof(struct sb_header, capacity) == 24, "sb_header_capacity");
_Static_assert(offsetof(struct sb_header, mapped) == 48, "sb_header_mapped");
_Static_assert(offsetof(struct sb_header, bank_ids) == 72, "sb_header_bank_ids");
_Static_assert(sizeof(struct sb_header) == 112, "sb_header_size");

#endif
