/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teststore.h -- build small stores in memory for tests of cairn-dump,
 * straight from ckpt/format.h (no cairn-mkimage needed).
 *
 *   ts_init      a zeroed store of N blocks with a computed geometry
 *   ts_node      allocate node i at home (pot header, OID, count 1)
 *   ts_page      allocate page j at home (data, or the zero flag)
 *   ts_seal      seal every written pot record, tag block and root A
 *   ts_demo      the standard demo store (docs in teststore.c)
 *   ts_demo_log  the demo plus two hand-made log generations, root B
 *   ts_write     write it to a file, bare or inside an MBR disk image
 */
#ifndef CAIRN_TESTSTORE_H
#define CAIRN_TESTSTORE_H

#include <stdint.h>
#include <stddef.h>
#include "ckpt/format.h"

typedef struct ts {
	uint8_t *buf;
	uint32_t blocks;
	ck_geometry_t geo;
} ts_t;

int ts_init(ts_t *t, uint32_t blocks);
void ts_free(ts_t *t);
uint8_t *ts_block(ts_t *t, uint32_t b);
ck_root_t *ts_root(ts_t *t, unsigned slot);
ck_node_t *ts_node(ts_t *t, uint32_t index);
uint8_t *ts_page(ts_t *t, uint32_t index, int zero);
ck_tag_t *ts_tag(ts_t *t, uint32_t index);
void ts_seal(ts_t *t);
void ts_demo(ts_t *t);
void ts_demo_log(ts_t *t);
/* Every node and page allocated (the worst case for check's speed). */
void ts_fill(ts_t *t);
/* Write to path; with mbr, inside a disk image (partition 2, type 0xca). */
int ts_write(const ts_t *t, const char *path, int mbr);

static inline uint64_t
ts_n(uint32_t i)
{
	return ck_oid_make(CK_OID_KIND_NODE, i);
}

static inline uint64_t
ts_p(uint32_t j)
{
	return ck_oid_make(CK_OID_KIND_PAGE, j);
}

#endif
