/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_log.c -- the checkpoint log: its generations and which objects
 * have a newer copy there than at home.
 *
 * The walk over the directories is ck_log_walk() (ckpt/logdir.c), the
 * one the kernel's restart uses, so cairn-dump judges every link exactly
 * as restart will:
 *
 *   root --dir_block, dir_crc--> [gen g, seq 0] --next, next_crc--> ...
 *                                   | prev_gen_block, prev_crc
 *                                   v
 *                                [gen g', seq 0] --> ...          (g' < g)
 *
 * This file only records what the walk visits: one dgen per generation
 * (newest first) with its directory blocks in dstore.dirblk, and the
 * problem that stopped the walk, if any, on the generation it was in
 * (a generation whose first block could not be taken gets a row with no
 * blocks).  What was walked before a problem is still shown and indexed.
 *
 * The overlay index holds, for every OID named by a walked directory,
 * its entry in the newest generation that names it; it is sorted by OID
 * for binary search.  An OID named twice by one generation is counted
 * (ndup, the first in dup) for check to report.  Entries are checked
 * with the shared ck_dir_entry_check(), ck_log_node_block_check() and
 * ck_log_node_check().
 */
#include <stdlib.h>
#include <string.h>
#include "ckpt/logdir.h"
#include "dump.h"

const uint8_t *
dlog_block(const dstore_t *s, uint32_t rel)
{
	if (rel >= s->geo.log_blocks)
		return 0;
	return dimg_block(&s->img, (uint64_t)s->geo.log_start + rel);
}

const ck_dir_block_t *
dlog_dir_block(const dstore_t *s, uint32_t rel)
{
	return (const ck_dir_block_t *)dlog_block(s, rel);
}

static int
grow(void **p, uint32_t *cap, uint32_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	uint32_t nc = *cap ? *cap * 2 : 16;
	void *q = realloc(*p, (size_t)nc * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

typedef struct load {
	dstore_t *s;
	uint32_t gcap, bcap;
} load_t;

static int
read_dir(void *ctx, uint32_t rel, ck_dir_block_t *buf)
{
	const uint8_t *b = dlog_block(((load_t *)ctx)->s, rel);

	if (!b)
		return -1;
	memcpy(buf, b, sizeof *buf);
	return 0;
}

/* A new row for generation gen, whose first directory block is at rel. */
static dgen_t *
new_gen(load_t *l, uint64_t gen, uint32_t rel)
{
	dstore_t *s = l->s;

	if (grow((void **)&s->gens, &l->gcap, s->ngens, sizeof *s->gens) < 0) {
		s->oom = 1;
		return 0;
	}
	dgen_t *g = &s->gens[s->ngens++];
	*g = (dgen_t){ .gen = gen, .first_dir = rel, .first_block = CK_NO_BLOCK,
		       .last_dir = rel, .dir_off = s->ndirblk };
	return g;
}

/* One directory block that passed every check of the walk. */
static int
visit(void *ctx, uint64_t gen, uint32_t rel, const ck_dir_block_t *d)
{
	load_t *l = ctx;
	dstore_t *s = l->s;
	dgen_t *g = s->ngens && s->gens[s->ngens - 1].gen == gen ? &s->gens[s->ngens - 1]
								 : new_gen(l, gen, rel);

	if (!g || grow((void **)&s->dirblk, &l->bcap, s->ndirblk, sizeof *s->dirblk) < 0) {
		s->oom = 1;
		return -1;
	}
	if (d->seq == 0)
		g->first_block = d->first_block;
	s->dirblk[s->ndirblk++] = rel;
	g->ndirs++;
	g->nentries += d->count;
	g->last_dir = rel;
	return 0;
}

static void
walk(dstore_t *s)
{
	load_t l = { s, 0, 0 };
	ck_dir_block_t buf;
	ck_walk_t w;

	ck_log_walk(s->r, read_dir, visit, &l, &buf, &w);
	s->walk_clean = !w.why && !w.stopped;
	if (!w.why)
		return;
	dgen_t *g = s->ngens && s->gens[s->ngens - 1].gen == w.why_gen ? &s->gens[s->ngens - 1]
								       : new_gen(&l, w.why_gen, w.why_block);
	if (g) {
		g->why = w.why;
		g->why_block = w.why_block;
	}
}

static int
ix_cmp(const void *a, const void *b)
{
	const dlogent_t *x = a, *y = b;

	if (x->oid != y->oid)
		return x->oid < y->oid ? -1 : 1;
	return x->gen > y->gen ? -1 : x->gen < y->gen; /* newest first */
}

/* Keep the newest entry per OID of the sorted index; count repeats
 * within one generation. */
static void
index_dedup(dstore_t *s, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		if (i && s->ix[i - 1].oid == s->ix[i].oid && s->ix[i - 1].gen == s->ix[i].gen &&
		    !s->ndup++)
			s->dup = s->ix[i];
		if (!out || s->ix[out - 1].oid != s->ix[i].oid)
			s->ix[out++] = s->ix[i];
	}
	s->nix = out;
}

/* Index every entry of every walked generation; keep the newest per OID. */
static void
build_index(dstore_t *s)
{
	size_t n = 0, total = 0;

	for (uint32_t i = 0; i < s->ngens; i++)
		total += s->gens[i].nentries;
	if (!total)
		return;
	s->ix = calloc(total, sizeof *s->ix);
	if (!s->ix) {
		s->oom = 1;
		return;
	}
	for (uint32_t gi = 0; gi < s->ngens; gi++) {
		const dgen_t *g = &s->gens[gi];
		for (uint32_t k = 0; k < g->ndirs; k++) {
			uint32_t rel = s->dirblk[g->dir_off + k];
			const ck_dir_block_t *d = dlog_dir_block(s, rel);
			for (uint32_t e = 0; e < d->count; e++)
				s->ix[n++] = (dlogent_t){ d->entry[e].oid, g->gen, &d->entry[e], rel };
		}
	}
	qsort(s->ix, n, sizeof *s->ix, ix_cmp);
	index_dedup(s, n);
}

void
dlog_load(dstore_t *s)
{
	walk(s);
	build_index(s);
}

void
dlog_free(dstore_t *s)
{
	free(s->gens);
	free(s->dirblk);
	free(s->ix);
	s->gens = 0;
	s->dirblk = 0;
	s->ix = 0;
	s->ngens = s->ndirblk = 0;
	s->nix = 0;
}

const dlogent_t *
dstore_log_find(const dstore_t *s, uint64_t oid)
{
	size_t lo = 0, hi = s->nix;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->ix[mid].oid == oid)
			return &s->ix[mid];
		if (s->ix[mid].oid < oid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

const char *
dlog_binding(const dstore_t *s)
{
	const ck_root_t *r = s->r;

	if (r->dir_block == CK_NO_BLOCK || r->generation <= r->migrated_through)
		return "-";
	if (!s->ngens || s->gens[0].gen != r->generation)
		return "the walk did not reach the root's generation";
	const dgen_t *g = &s->gens[0];
	if (!g->ndirs)
		return g->why;
	if (g->first_block != r->gen_first_block)
		return "its directory names another first log block";
	return "ok";
}

static const char *
log_node_entry(const dstore_t *s, const ck_dir_entry_t *e, uint64_t gen, dnode_t *dn)
{
	const ck_pot_t *p = (const ck_pot_t *)dlog_block(s, e->log_block);

	if (!p)
		return "log node block is not in the image";
	dn->block = s->geo.log_start + e->log_block;
	dn->record = e->slot;
	dn->n = &p->node[e->slot];
	const char *why = ck_log_node_block_check(p, gen);
	return why ? why : ck_log_node_check(dn->n, e);
}

static void
log_page_entry(const dstore_t *s, const ck_dir_entry_t *e, dpage_t *dp)
{
	dp->alloc_count = e->alloc_count;
	dp->crc = e->crc;
	dp->flags = e->flags;
	if (e->type == CK_DIR_ZERO_PAGE) {
		dp->flags |= CK_TF_ZERO;
		return;
	}
	dp->block = s->geo.log_start + e->log_block;
	dp->data = dlog_block(s, e->log_block);
}

const char *
dlog_entry_check(const dstore_t *s, const ck_dir_entry_t *e, uint64_t gen,
		dnode_t *dn, dpage_t *dp)
{
	dnode_t ndummy;
	dpage_t pdummy;
	const char *why = ck_dir_entry_check(s->r, e);

	dn = dn ? dn : &ndummy;
	dp = dp ? dp : &pdummy;
	memset(dn, 0, sizeof *dn);
	memset(dp, 0, sizeof *dp);
	dn->in_log = dp->in_log = 1;
	dn->gen = dp->gen = gen;
	if (why)
		return why;
	if (e->type == CK_DIR_NODE)
		return log_node_entry(s, e, gen, dn);
	log_page_entry(s, e, dp);
	return dp->data || e->type == CK_DIR_ZERO_PAGE ? 0 : "log page block is not in the image";
}
