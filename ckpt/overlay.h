/* SPDX-License-Identifier: BSD-2-Clause */
/* overlay.h -- which objects are newer in the log than at home (overlay.c). */
#ifndef CAIRN_CKPT_OVERLAY_H
#define CAIRN_CKPT_OVERLAY_H

#include "kernel/kernel.h"
#include "ckpt/format.h"

/* The newest committed, unmigrated log copy of one object. */
struct ov_ent {
	ck_dir_entry_t e;       /* e.oid == 0: the slot is empty */
	uint64_t gen;           /* the generation that wrote it */
	uint32_t k;             /* its position in insertion order (overlay_at) */
};

/* Size the index at boot for up to max entries. */
void overlay_init(uint32_t max);
uint32_t overlay_capacity(void);
uint32_t overlay_count(void);
const struct ov_ent *overlay_find(uint64_t oid);
/* Record e of generation gen: a newer generation replaces an older entry
 * for the same OID, an older one is ignored.  -1 if the index is full. */
int overlay_put(const ck_dir_entry_t *e, uint64_t gen);
/* The k-th entry in insertion order, k < overlay_count().  Positions
 * stay put while entries are only added or replaced. */
const struct ov_ent *overlay_at(uint32_t k);
void overlay_clear(void);
/* Drop every entry of a generation <= gen (migrated: its objects are at
 * home); newer ones stay.  Positions change. */
void overlay_drop_upto(uint64_t gen);

#endif
