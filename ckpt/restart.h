/* SPDX-License-Identifier: BSD-2-Clause */
/* restart.h -- finding the committed state at boot (see restart.c). */
#ifndef CAIRN_CKPT_RESTART_H
#define CAIRN_CKPT_RESTART_H

#include "ckpt/format.h"

/* Read both roots and copy the one to use into *out: 0, or OBJ_ERR_*. */
int restart_choose_root(ck_root_t *out);

#endif
