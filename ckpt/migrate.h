/* SPDX-License-Identifier: BSD-2-Clause */
/* migrate.h -- committed log versions to their homes (see migrate.c). */
#ifndef CAIRN_CKPT_MIGRATE_H
#define CAIRN_CKPT_MIGRATE_H

#include "kernel/kernel.h"
#include "ckpt/format.h"

/* Boot: room to order up to max overlay entries. */
void migrate_init(uint32_t max);
/* Copy every object of the overlay index home under root r (whose log
 * holds them), verified, grouped per block, then flush.  0, or an error
 * (nothing is then recorded as migrated; the overlay stays). */
int migrate_all(const ck_root_t *r);

#endif
