/* SPDX-License-Identifier: BSD-2-Clause */
/* logdir.h -- walking the checkpoint log's directories (see logdir.c). */
#ifndef CAIRN_CKPT_LOGDIR_H
#define CAIRN_CKPT_LOGDIR_H

#include "ckpt/format.h"

/* Read log-relative block rel into buf (one block).  0, or nonzero if
 * the block could not be read. */
typedef int (*ck_dir_read_fn)(void *ctx, uint32_t rel, ck_dir_block_t *buf);
/* One directory block that passed every check: generation gen, block
 * seq of it, at log-relative block rel.  Nonzero stops the walk. */
typedef int (*ck_dir_visit_fn)(void *ctx, uint64_t gen, uint32_t rel,
			       const ck_dir_block_t *d);

typedef struct ck_walk {
	const char *why;     /* NULL: every unmigrated generation was walked */
	uint32_t why_block;  /* log-relative block the problem is in */
	uint64_t why_gen;    /* the generation being walked there */
	uint32_t ngens;      /* generations whose whole chain passed */
	uint32_t nblocks;    /* directory blocks visited */
	uint32_t nentries;   /* entries in them */
	int stopped;         /* the visitor stopped the walk */
} ck_walk_t;

/*
 * Walk the directories of every generation of root r newer than
 * r->migrated_through, newest first, each generation's blocks in order,
 * checking every link before following it; buf is the caller's one-block
 * buffer.  The result says how far it got and, if it stopped early, why
 * and where.
 */
void ck_log_walk(const ck_root_t *r, ck_dir_read_fn rd, ck_dir_visit_fn visit,
		 void *ctx, ck_dir_block_t *buf, ck_walk_t *out);

#endif
