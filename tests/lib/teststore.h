/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teststore.h -- build small stores in memory for tests of cairn-dump and
 * of the log walker, straight from ckpt/format.h (no cairn-mkimage needed).
 *
 *   ts_init       a zeroed store of N blocks with a computed geometry
 *   ts_node       allocate node i at home (pot header, OID, count 1)
 *   ts_page       allocate page j at home (data, or the zero flag)
 *   ts_seal       write what a fresh store must hold (every pot record,
 *                 every tag, root B as root A's twin) and seal it all
 *   ts_log_*      a checkpoint generation laid out as the kernel's writer
 *                 lays it out: objects added, then ts_log_commit
 *   ts_reseal_log re-seal every directory block and every link naming
 *                 one, back to front, after a test edited the log
 *   ts_demo       the standard demo store (docs in teststore.c)
 *   ts_demo_log   the demo plus two log generations
 *   ts_write      write it to a file, bare or inside an MBR disk image
 */
#ifndef CAIRN_TESTSTORE_H
#define CAIRN_TESTSTORE_H

#include <stdint.h>
#include <stddef.h>
#include "ckpt/format.h"

#define TS_MAX_PENDING 256u  /* objects in one generation being built */
#define TS_MAX_GENS 64u      /* generations one test store commits */

struct ts_obj;

typedef struct ts {
	uint8_t *buf;
	uint32_t blocks;
	ck_geometry_t geo;
	/* The log (ts_log_*): where the next generation starts, the objects
	 * of the one being built, and the first block of each committed one. */
	uint32_t log_head;
	struct ts_obj *pend;
	uint32_t npend;
	uint32_t gen_first[TS_MAX_GENS]; /* by generation number */
} ts_t;

int ts_init(ts_t *t, uint32_t blocks);
void ts_free(ts_t *t);
uint8_t *ts_block(ts_t *t, uint32_t b);
ck_root_t *ts_root(ts_t *t, unsigned slot);
ck_node_t *ts_node(ts_t *t, uint32_t index);
uint8_t *ts_page(ts_t *t, uint32_t index, int zero);
ck_tag_t *ts_tag(ts_t *t, uint32_t index);
void ts_seal(ts_t *t);

/* The next generation: a node (a fresh allocated record with count 1, to
 * fill in), a page (allocated, count 1: fill its 4096 bytes), an all-zero
 * page.  NULL when TS_MAX_PENDING objects are pending. */
ck_node_t *ts_log_node(ts_t *t, uint32_t index);
uint8_t *ts_log_page(ts_t *t, uint32_t index);
void ts_log_zero_page(ts_t *t, uint32_t index);
/* Write the pending objects as the generation after the newest valid
 * root's, from block t->log_head on (wrapping), and commit it with a root
 * in the other slot; every generation <= migrated_through counts as at
 * home.  Returns the slot written, or -1 if it does not fit the log. */
int ts_log_commit(ts_t *t, uint64_t migrated_through);
/* A directory block of the log (log-relative). */
ck_dir_block_t *ts_dir(ts_t *t, uint32_t rel);
/* Re-seal the directory blocks of a raw store (geometry g) and the links
 * naming them (next_crc, prev_crc, each root's dir_crc), oldest generation
 * first and each chain back to front; then the roots.  Bounded by the
 * image, whatever it holds (the fuzzer uses it). */
void ts_reseal_log(uint8_t *store, uint32_t nblocks, const ck_geometry_t *g);

void ts_demo(ts_t *t);
/* The demo with two log generations starting at log block first. */
void ts_demo_log(ts_t *t, uint32_t first);
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
