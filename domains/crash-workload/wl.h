/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wl.h -- the crash workload's memory: what the driver knows the
 * objects must hold (proto.h describes the workload and its record).
 *
 * Every slot the driver shuffles and every object it allocated has a
 * description here -- the same description record.c measures from the
 * object -- so that after a restart the driver can tell a state that is
 * one generation (memory and objects agree) from a mixture (they do not).
 * The struct lives in the driver's data pages: it is checkpointed with
 * everything else, never reset after a restart.
 */
#ifndef CAIRN_CRASH_WL_H
#define CAIRN_CRASH_WL_H

#include <stdint.h>
#include "domains/crash-workload/proto.h"

/* What inspecting a capability shows: its type and, for nodes and
 * pages, OID and count; for numbers, the three words.  Void: all zero. */
struct desc {
	uint32_t type, a, b, c;
};

/* A shuffle slot: its description and where the capability came from,
 * so that freeing or revoking that origin can void it in memory too. */
struct sslot {
	struct desc d;
	uint64_t oid;          /* origin object (0: none known) */
	int32_t fwd;           /* origin forwarder index, or -1 */
};

enum { PK_NONE = 0, PK_NODE = 1, PK_PAGE = 2 };

/* An object allocated from the workload's bank (or its sub-bank). */
struct pobj {
	uint32_t kind;         /* PK_* */
	struct desc d;         /* its own capability's description */
	uint32_t hash;         /* page: contents hash; node: its slot 0's description hash */
};

enum { FS_NONE = 0, FS_LIVE = 1, FS_BLOCKED = 2, FS_REVOKED = 3 };

struct wl {
	uint32_t started, seed, step, restarts;
	uint64_t rng;
	uint32_t ctr_hash[WL_CTR_PAGES];
	struct desc ctr_desc[WL_CTR_PAGES];
	struct sslot shuf[WL_SHUF_SLOTS];
	struct pobj pool[WL_POOL_SLOTS];
	struct pobj sub[WL_SUB_SLOTS];
	uint32_t grave_n;                /* capabilities stashed in the ring so far */
	uint8_t fwd[WL_FWDS];            /* FS_* */
	uint8_t fwd_sub[WL_FWDS];        /* paid for by the sub-bank */
	uint32_t fwd_next;
	uint32_t bank_id, sub_id;
	uint32_t own_nodes, own_pages, sub_nodes, sub_pages;
	uint32_t peer_sum;
};

extern struct wl wl;

/* hash.c */
uint32_t wl_mix(uint32_t x);
uint32_t wl_word_hash(uint32_t index, uint32_t value);
uint32_t wl_desc_hash(const struct desc *d);
uint32_t wl_rand(uint32_t n);
/* The contents hash of a 4096-byte page: XOR of wl_word_hash over its words. */
uint32_t wl_page_hash(const uint32_t *words);

/* act.c, act_fwd.c: one random action each; 0 or an unexpected rc. */
int act_counter(void);
int act_swap(void);
int act_copy(void);
int act_alloc(void);
int act_free(void);
int act_write(void);
int act_sub(void);
int act_peer(void);
int act_fwd_make(void);
int act_fwd_use(void);
int act_fwd_toggle(void);
int act_fwd_revoke(void);
/* Stash the capability in register reg in the grave ring. */
int wl_bury(unsigned reg);
/* Void, in memory, the shuffle slots that came from object oid or forwarder fwd. */
void wl_forget(uint64_t oid, int fwd);

/* record.c */
int wl_inspect(unsigned reg, struct desc *out);
/* The OID a page or node description names, else 0. */
uint64_t wl_desc_oid(const struct desc *d);
int wl_record(const char *tag, uint64_t gen);
int wl_init_from_objects(void);

#endif
