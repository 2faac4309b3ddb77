/* SPDX-License-Identifier: BSD-2-Clause */
/* restart.h -- finding the committed state at boot (see restart.c). */
#ifndef CAIRN_CKPT_RESTART_H
#define CAIRN_CKPT_RESTART_H

#include "ckpt/format.h"

/* Read both roots and copy the one to use into *out: 0, or OBJ_ERR_*. */
int restart_choose_root(ck_root_t *out);
/* Index the unmigrated generations' directories of root r (overlay.c):
 * 0, or OBJ_ERR_DAMAGED after saying on the console what is damaged. */
int restart_load_log(const ck_root_t *r);

struct restart_info {
	unsigned slot;            /* root used: 0 (A) or 1 (B) */
	uint32_t generations;     /* unmigrated generations walked */
	uint32_t entries;         /* directory entries indexed */
};
const struct restart_info *restart_info(void);

#endif
