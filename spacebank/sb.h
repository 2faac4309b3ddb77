/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sb.h -- the space bank's internal interfaces (docs/spacebank.md).
 *
 *   mem.c    the tables' memory: taking raw objects, growing the regions
 *            of format.h page by page through the bank's own Space tree
 *   rec.c    per-object records on their owner's list
 *   tree.c   the bank tree: ids, ancestors, limits, usage, destroy
 *   bankcap.c  bank capabilities: a forwarder each, revoked on destroy
 *   ops.c    the orders of kernel/abi/bank.h
 *   check.c  the consistency checker (OC_BANK_CHECK)
 *   init.c   first start: map the header, adopt the image's objects
 *   main.c   the server loop
 *
 * Kinds: k = 0 (nodes) or 1 (pages) indexes the tables; the Range and
 * the protocol use kind = k + 1 (BANK_KIND_*).
 */
#ifndef CAIRN_SPACEBANK_SB_H
#define CAIRN_SPACEBANK_SB_H

#include <stdbool.h>
#include "cairn/cairn.h"
#include "kernel/abi/bank.h"
#include "spacebank/format.h"

/* Capability registers (the map must fill R_RANGE and R_SPACE, and
 * CR_DISCRIM, used to tell a Void capability from a wrong one). */
enum {
	R_IN0 = 8,              /* capability received with a request */
	R_OUT0 = 9,             /* 9..11: capabilities of a reply */
	R_CALLER = 12,          /* the Resume capability of the request */
	R_TMP0 = 13,            /* 13, 14: aspace walk */
	R_TMP2 = 15,            /* a page being mapped */
	R_RANGE = 16,           /* the Range capability */
	R_SPACE = 17,           /* Node capability to our own Space root */
	R_START0 = 18,          /* unbadged Start capability to ourselves (bankcap.c) */
};

/* Height of our Space root: cairn-mkimage gives a program with the
 * default stack at the top of user space a height-4 tree. */
#define SB_SPACE_HEIGHT 4u

#define SB_KIND(k) ((unsigned)(k) + 1u)

extern struct sb_header *sb_h;  /* the boot copy until the header page is mapped */

static inline struct sb_rec *
sb_rec(unsigned k, uint32_t idx)
{
	return (struct sb_rec *)sb_h->va[SB_RG_NODEREC + k] + idx;
}

static inline struct sb_bank *
sb_bank(uint32_t id)
{
	return (struct sb_bank *)SB_VA_BANKS + id;
}

/* mem.c */
struct mem_ret {
	uint32_t idx;
	int rc;
};
#define MEM_TO_REG UINT32_MAX
struct mem_ret mem_make(unsigned k, uint32_t owner, capreg_t to, uint32_t slot);
int mem_flush(void);
int mem_grow(unsigned rg);
int mem_map_header(void);
bool mem_rec_mapped(unsigned k, uint32_t idx);
int mem_ensure_rec(unsigned k, uint32_t idx);

/* rec.c */
void rec_link(unsigned k, uint32_t idx, uint32_t owner);
void rec_unlink(unsigned k, uint32_t idx);
void rec_move(unsigned k, uint32_t idx, uint32_t owner);
void rec_retire(unsigned k, uint32_t idx);
int rec_rescind(unsigned k, uint32_t idx);

/* bankcap.c */
int bankcap_give(uint32_t id, uint32_t restr, capreg_t to);
void bankcap_revoke(uint32_t id);
int bankcap_init(void);

/* tree.c */
bool tree_live(uint32_t id);
bool tree_within(uint32_t id, uint32_t top);
int tree_check_limits(uint32_t id, unsigned k, uint32_t n);
void tree_charge(uint32_t id, unsigned k, int32_t delta);
void tree_init_bank(uint32_t id, uint32_t parent);
int tree_new(uint32_t parent, uint32_t *out);
void tree_destroy(uint32_t id);
void tree_destroy_space(uint32_t id);

/* ops.c */
int op_dispatch(cairn_msg_t *m, struct ipc_desc *d);

/* check.c: the number of problems found; check_unreadable, the objects
 * the store could not read (not counted as problems) */
uint32_t check_all(void);
extern uint32_t check_unreadable;

/* init.c */
void init_first_start(void);

#endif
