/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_log.c -- the checkpoint log: its generations and which objects
 * have a newer copy there than at home.
 *
 * The chosen root names the first directory block of its generation
 * (dir_block, relative to log_start).  A generation's directory is a
 * chain of blocks linked by next_block, numbered by seq from 0; block
 * seq 0 names the previous generation's first directory block
 * (prev_gen_block) and number (prev_generation):
 *
 *   root --dir_block--> [gen g, seq 0] -next-> [g, 1] -next-> ... NO_BLOCK
 *                          |prev_gen_block
 *                          v
 *                       [gen g', seq 0] -next-> ...     (g' < g)
 *
 * Only generations newer than the root's migrated_through are walked:
 * older ones are at home and their log blocks may have been reused.
 * The walk trusts nothing: every block must be in the log, carry the
 * directory magic and a good CRC, the generation and seq it should;
 * generations must strictly decrease, and the whole walk is bounded by
 * log_blocks steps, so a loop in the links ends it with a message.
 *
 * The overlay index holds, for every OID named by a walked directory,
 * its entry in the newest generation that names it; it is sorted by OID
 * for binary search.  An OID named twice by one generation is counted
 * (ndup, the first in dup) for check to report.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

const ck_dir_block_t *
dlog_dir_block(const dstore_t *s, uint32_t rel)
{
	if (rel >= s->geo.log_blocks)
		return 0;
	return (const ck_dir_block_t *)dimg_block(&s->img, (uint64_t)s->geo.log_start + rel);
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

/* Why directory block d cannot be generation gen's block seq, or NULL. */
static const char *
dir_block_why(const ck_dir_block_t *d, uint64_t gen, uint32_t seq)
{
	if (!d)
		return "directory block outside the log";
	if (d->magic != CK_DIR_MAGIC)
		return "directory block: bad magic";
	if (d->crc != ck_dir_block_crc(d))
		return "directory block: CRC mismatch";
	if (d->generation != gen)
		return "directory block: wrong generation";
	if (d->seq != seq)
		return "directory block: out of sequence";
	if (d->count > CK_DIR_ENTRIES)
		return "directory block: entry count too large";
	return 0;
}

typedef struct walk {
	dstore_t *s;
	uint32_t steps;     /* blocks visited, bounded by log_blocks */
	uint32_t gcap, bcap;
} walk_t;

/* Walk one generation's chain from first; returns its seq-0 block. */
static const ck_dir_block_t *
walk_gen(walk_t *w, dgen_t *g)
{
	dstore_t *s = w->s;
	const ck_dir_block_t *head = 0;
	uint32_t b = g->first_dir;

	for (uint32_t seq = 0; b != CK_NO_BLOCK; seq++) {
		const ck_dir_block_t *d = dlog_dir_block(s, b);
		g->why = ++w->steps > s->geo.log_blocks ? "directory chain loops"
							 : dir_block_why(d, g->gen, seq);
		if (g->why) {
			g->why_block = b;
			return 0;
		}
		if (grow((void **)&s->dirblk, &w->bcap, s->ndirblk, sizeof *s->dirblk) < 0) {
			s->oom = 1;
			return 0;
		}
		s->dirblk[s->ndirblk++] = b;
		g->ndirs++;
		g->nentries += d->count;
		head = head ? head : d;
		b = d->next_block;
	}
	return head;
}

static void
walk_gens(walk_t *w)
{
	dstore_t *s = w->s;
	uint64_t gen = s->r->generation;
	uint32_t first = s->r->dir_block;

	while (first != CK_NO_BLOCK && gen > s->r->migrated_through) {
		if (grow((void **)&s->gens, &w->gcap, s->ngens, sizeof *s->gens) < 0) {
			s->oom = 1;
			return;
		}
		dgen_t *g = &s->gens[s->ngens++];
		memset(g, 0, sizeof *g);
		g->gen = gen;
		g->first_dir = first;
		g->dir_off = s->ndirblk;
		const ck_dir_block_t *h = walk_gen(w, g);
		if (!h)
			return;
		if (h->prev_gen_block != CK_NO_BLOCK && h->prev_generation >= gen) {
			g->why = "previous generation is not older";
			g->why_block = first;
			return;
		}
		first = h->prev_gen_block;
		gen = h->prev_generation;
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

/* Index every entry of every walked generation; keep the newest per OID. */
static void
build_index(dstore_t *s)
{
	size_t n = 0, total = 0;

	for (uint32_t i = 0; i < s->ndirblk; i++)
		total += dlog_dir_block(s, s->dirblk[i])->count;
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

void
dlog_load(dstore_t *s)
{
	walk_t w = { s, 0, 0, 0 };

	walk_gens(&w);
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

/* Is log-relative block b inside the live part [tail, head) of the log? */
int
dlog_live(const dstore_t *s, uint32_t b)
{
	uint32_t t = s->r->log_tail, h = s->r->log_head;

	if (t <= h)
		return b >= t && b < h;
	return b >= t || b < h;
}

static const char *
log_node_entry(const dstore_t *s, const ck_dir_entry_t *e, uint64_t gen, dnode_t *dn)
{
	const ck_pot_t *p = (const ck_pot_t *)dimg_block(&s->img,
		(uint64_t)s->geo.log_start + e->log_block);

	if (e->slot >= CK_NODES_PER_POT)
		return "directory entry: record index out of range";
	if (!p)
		return "log node block is not in the image";
	dn->block = s->geo.log_start + e->log_block;
	dn->record = e->slot;
	dn->n = &p->node[e->slot];
	if (p->h.magic != CK_LNODE_MAGIC)
		return "log node block: bad magic";
	if (p->h.generation != gen)
		return "log node block: wrong generation";
	const char *why = ck_node_check(dn->n, e->oid);
	if (why)
		return why;
	if (dn->n->crc != e->crc)
		return "directory entry: CRC differs from the record's";
	if (dn->n->alloc_count != e->alloc_count || dn->n->call_count != e->call_count)
		return "directory entry: counts differ from the record's";
	return 0;
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
	dp->data = dimg_block(&s->img, dp->block);
}

/* The range and type part of an entry's check. */
static const char *
log_entry_shape(const dstore_t *s, const ck_dir_entry_t *e)
{
	ck_node_home_t nh;
	ck_page_home_t ph;

	if (e->type == CK_DIR_NODE)
		return ck_node_home(&s->geo, e->oid, &nh) < 0 ?
		       "directory entry: node OID out of range" : 0;
	if (e->type != CK_DIR_PAGE && e->type != CK_DIR_ZERO_PAGE)
		return "directory entry: unknown type";
	if (ck_page_home(&s->geo, e->oid, &ph) < 0)
		return "directory entry: page OID out of range";
	if (e->flags & ~CK_TF_ALL)
		return "directory entry: unknown page flags";
	return 0;
}

const char *
dlog_entry_check(const dstore_t *s, const ck_dir_entry_t *e, uint64_t gen,
		dnode_t *dn, dpage_t *dp)
{
	dnode_t ndummy;
	dpage_t pdummy;
	const char *why = log_entry_shape(s, e);

	dn = dn ? dn : &ndummy;
	dp = dp ? dp : &pdummy;
	memset(dn, 0, sizeof *dn);
	memset(dp, 0, sizeof *dp);
	dn->in_log = dp->in_log = 1;
	dn->gen = dp->gen = gen;
	if (why)
		return why;
	if (e->type != CK_DIR_ZERO_PAGE &&
	    (e->log_block >= s->geo.log_blocks || !dlog_live(s, e->log_block)))
		return "directory entry: log block outside the live log";
	if (e->type == CK_DIR_NODE)
		return log_node_entry(s, e, gen, dn);
	log_page_entry(s, e, dp);
	return dp->data || e->type == CK_DIR_ZERO_PAGE ? 0 : "log page block is not in the image";
}
