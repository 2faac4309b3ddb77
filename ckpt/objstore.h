/* SPDX-License-Identifier: BSD-2-Clause */
/* objstore.h -- where cached objects come from (see objstore.c). */
#ifndef CAIRN_OBJSTORE_H
#define CAIRN_OBJSTORE_H

#include "kernel/kernel.h"
#include "ckpt/format.h"

int objstore_open(void);                     /* 0, or OBJ_ERR_* */
bool objstore_is_open(void);
const ck_root_t *objstore_root(void);        /* the newest durable root, or NULL */
/* A new root is durable (the checkpoint committed it). */
void objstore_set_root(const ck_root_t *r);
bool objstore_in_range(uint64_t oid);
int objstore_read_node(uint64_t oid, ck_node_t *out);
int objstore_read_page(uint64_t oid, void *frame, uint32_t *count,
		       uint16_t *flags, uint32_t *crc);

#endif
