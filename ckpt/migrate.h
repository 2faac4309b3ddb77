/* SPDX-License-Identifier: BSD-2-Clause */
/* migrate.h -- committed log versions to their homes (see migrate.c). */
#ifndef CAIRN_CKPT_MIGRATE_H
#define CAIRN_CKPT_MIGRATE_H

#include "kernel/kernel.h"
#include "ckpt/format.h"

/* Boot: room to order up to max overlay entries. */
void migrate_init(uint32_t max);
/* A round: the overlay entries of generation upto and older (under root
 * r, whose log holds them), in OID order.  Then migrate_step until it
 * returns 0 (all at home, not yet flushed) or an error (nothing may be
 * recorded as migrated; the overlay stays).  Each step is one pot or one
 * run of at most 64 pages (and a tag block): bounded I/O. */
void migrate_begin(const ck_root_t *r, uint64_t upto);
#define MIGRATE_MORE 1
int migrate_step(void);

#endif
