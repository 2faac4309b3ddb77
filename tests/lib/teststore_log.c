/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teststore_log.c -- checkpoint generations in a test store, laid out as
 * the kernel's checkpoint writer lays them out (docs/disk-format.md, "The
 * checkpoint log"), so that cairn-dump and ck_log_walk can be tested on
 * what restart will really meet:
 *
 *   log_head -> [node blocks][pages][directory seq 0 .. n-1] -> new head
 *
 * all consecutive modulo log_blocks (a generation may wrap).  Node blocks
 * hold up to 7 sealed records each (unused records zero) in the order the
 * nodes were added; pages one each; all-zero pages take no block.  The
 * directory lists the objects in the order they were added, 126 a block;
 * its blocks are sealed back to front so each next_crc is known, and seq 0
 * links to the previous generation's first directory block unless that
 * generation is migrated.  The root goes to the slot that does not hold
 * the newest valid root: its generation is one more, head and tail
 * bracket every unmigrated generation, and it binds the directory
 * (dir_block, dir_crc) and the first block.
 */
#include <stdlib.h>
#include <string.h>
#include "tests/lib/teststore.h"

struct ts_obj {
	ck_dir_entry_t e;
	ck_node_t node;
	uint8_t page[CK_BLOCK_SIZE];
};

static struct ts_obj *
pend_add(ts_t *t, unsigned type, uint64_t oid)
{
	if (!t->pend)
		t->pend = calloc(TS_MAX_PENDING, sizeof *t->pend);
	if (!t->pend || t->npend == TS_MAX_PENDING)
		return 0;
	struct ts_obj *o = &t->pend[t->npend++];
	memset(o, 0, sizeof *o);
	o->e.oid = oid;
	o->e.type = (uint8_t)type;
	o->e.alloc_count = 1;
	o->e.flags = CK_TF_ALLOCATED;
	return o;
}

ck_node_t *
ts_log_node(ts_t *t, uint32_t index)
{
	struct ts_obj *o = pend_add(t, CK_DIR_NODE, ts_n(index));

	if (!o)
		return 0;
	o->node.oid = ts_n(index);
	o->node.alloc_count = 1;
	o->node.flags = CK_NF_ALLOCATED;
	return &o->node;
}

uint8_t *
ts_log_page(ts_t *t, uint32_t index)
{
	struct ts_obj *o = pend_add(t, CK_DIR_PAGE, ts_p(index));

	return o ? o->page : 0;
}

void
ts_log_zero_page(ts_t *t, uint32_t index)
{
	struct ts_obj *o = pend_add(t, CK_DIR_ZERO_PAGE, ts_p(index));

	if (o)
		o->e.flags |= CK_TF_ZERO;
}

static void *
log_block(ts_t *t, uint32_t rel)
{
	return ts_block(t, t->geo.log_start + rel % t->geo.log_blocks);
}

ck_dir_block_t *
ts_dir(ts_t *t, uint32_t rel)
{
	return log_block(t, rel);
}

/* ------------------------------------------------------------ layout */

/* Where one generation goes: counts first, then block numbers. */
struct layout {
	uint32_t first, nodes, pages, dirs, total;
	uint64_t gen;
};

static void
layout_count(const ts_t *t, struct layout *l)
{
	uint32_t nn = 0;

	for (uint32_t i = 0; i < t->npend; i++) {
		nn += t->pend[i].e.type == CK_DIR_NODE;
		l->pages += t->pend[i].e.type == CK_DIR_PAGE;
	}
	l->nodes = (nn + CK_NODES_PER_POT - 1) / CK_NODES_PER_POT;
	l->dirs = t->npend ? (t->npend + CK_DIR_ENTRIES - 1) / CK_DIR_ENTRIES : 1;
	l->total = l->nodes + l->pages + l->dirs;
}

static uint32_t
rel(const ts_t *t, const struct layout *l, uint32_t k)
{
	return (l->first + k) % t->geo.log_blocks;
}

/* Node records and pages into their blocks; fill in their entries. */
static void
place_objects(ts_t *t, const struct layout *l)
{
	static const uint8_t zero[CK_BLOCK_SIZE];
	uint32_t nn = 0, np = 0;

	for (uint32_t i = 0; i < t->npend; i++) {
		struct ts_obj *o = &t->pend[i];
		if (o->e.type == CK_DIR_NODE) {
			uint32_t k = nn / CK_NODES_PER_POT;
			o->e.log_block = rel(t, l, k);
			o->e.slot = (uint8_t)(nn++ % CK_NODES_PER_POT);
			ck_pot_t *p = log_block(t, o->e.log_block);
			if (!o->e.slot)
				*p = (ck_pot_t){ .h = { CK_LNODE_MAGIC, k, l->gen, { 0 } } };
			ck_node_seal(&o->node);
			p->node[o->e.slot] = o->node;
			o->e.alloc_count = o->node.alloc_count;
			o->e.call_count = o->node.call_count;
			o->e.crc = o->node.crc;
			o->e.flags = o->node.flags;
		} else if (o->e.type == CK_DIR_PAGE) {
			o->e.log_block = rel(t, l, l->nodes + np++);
			memcpy(log_block(t, o->e.log_block), o->page, CK_BLOCK_SIZE);
			o->e.crc = ck_page_crc(o->page);
		} else {
			o->e.crc = ck_page_crc(zero);
		}
	}
}

/* The directory, sealed back to front; returns its seq-0 block. */
static uint32_t
place_directory(ts_t *t, const struct layout *l, const ck_root_t *prev, uint64_t migrated)
{
	uint32_t base = l->nodes + l->pages, next_crc = 0;

	for (uint32_t k = l->dirs; k-- > 0;) {
		ck_dir_block_t *d = ts_dir(t, rel(t, l, base + k));
		*d = (ck_dir_block_t){ .magic = CK_DIR_MAGIC, .generation = l->gen, .seq = k,
				       .next_block = k + 1 < l->dirs ? rel(t, l, base + k + 1) : CK_NO_BLOCK,
				       .prev_gen_block = CK_NO_BLOCK, .next_crc = next_crc,
				       .first_block = l->first };
		for (uint32_t i = k * CK_DIR_ENTRIES; i < t->npend && d->count < CK_DIR_ENTRIES; i++)
			d->entry[d->count++] = t->pend[i].e;
		if (k == 0 && prev->generation > migrated) {
			d->prev_gen_block = prev->dir_block;
			d->prev_generation = prev->generation;
			d->prev_crc = prev->dir_crc;
		}
		ck_dir_block_seal(d);
		next_crc = d->crc;
	}
	return rel(t, l, base);
}

/* The first block of the oldest generation newer than migrated. */
static uint32_t
log_tail(const ts_t *t, uint64_t gen, uint64_t migrated)
{
	uint64_t oldest = migrated + 1 < gen ? migrated + 1 : gen;

	return t->gen_first[oldest];
}

int
ts_log_commit(ts_t *t, uint64_t migrated_through)
{
	ck_root_t *r[2] = { (ck_root_t *)ts_block(t, 0), (ck_root_t *)ts_block(t, 1) };
	int cur = ck_root_choose(r[0], r[1], t->blocks);
	struct layout l = { .first = t->log_head };

	layout_count(t, &l);
	if (cur < 0 || l.total >= t->geo.log_blocks || r[cur]->generation + 1 >= TS_MAX_GENS)
		return -1;
	l.gen = r[cur]->generation + 1;
	t->gen_first[l.gen] = l.first;
	place_objects(t, &l);
	uint32_t dir = place_directory(t, &l, r[cur], migrated_through);
	ck_root_t *n = r[!cur];
	*n = *r[cur];
	n->root_slot = (uint32_t)!cur;
	n->generation = l.gen;
	n->log_head = t->log_head = rel(t, &l, l.total);
	n->log_tail = log_tail(t, l.gen, migrated_through);
	n->dir_block = dir;
	n->dir_crc = ts_dir(t, dir)->crc;
	n->dir_entries = t->npend;
	n->gen_first_block = l.first;
	n->migrated_through = migrated_through;
	n->time_ms += 1000;
	ck_root_seal(n);
	t->npend = 0;
	return !cur;
}

/* ------------------------------------------------------------ reseal */

struct dirref {
	uint64_t gen;
	uint32_t seq, rel;
};

static int
dirref_cmp(const void *a, const void *b)
{
	const struct dirref *x = a, *y = b;

	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* The directory block at log-relative rel, or NULL outside the image. */
static ck_dir_block_t *
raw_dir(uint8_t *store, uint32_t nblocks, const ck_geometry_t *g, uint32_t rel)
{
	uint64_t b = (uint64_t)g->log_start + rel;

	if (rel >= g->log_blocks || b >= nblocks)
		return 0;
	return (ck_dir_block_t *)(store + b * CK_BLOCK_SIZE);
}

/* The CRC a link to block rel must carry (0 if there is no block). */
static uint32_t
link_crc(uint8_t *store, uint32_t nblocks, const ck_geometry_t *g, uint32_t rel)
{
	const ck_dir_block_t *d = raw_dir(store, nblocks, g, rel);

	return d ? ck_dir_block_crc(d) : 0;
}

void
ts_reseal_log(uint8_t *store, uint32_t nblocks, const ck_geometry_t *g)
{
	uint32_t in_image = g->log_start < nblocks ? nblocks - g->log_start : 0;
	uint32_t span = g->log_blocks < in_image ? g->log_blocks : in_image;
	struct dirref *v = calloc(span ? span : 1, sizeof *v);
	uint32_t n = 0;

	for (uint32_t b = 0; v && b < span; b++) {
		ck_dir_block_t *d = raw_dir(store, nblocks, g, b);
		if (d && d->magic == CK_DIR_MAGIC)
			v[n++] = (struct dirref){ d->generation, d->seq, b };
	}
	if (v)
		qsort(v, n, sizeof *v, dirref_cmp);
	for (uint32_t i = 0; i < n; i++) {
		ck_dir_block_t *d = raw_dir(store, nblocks, g, v[i].rel);
		d->next_crc = link_crc(store, nblocks, g, d->next_block);
		d->prev_crc = link_crc(store, nblocks, g, d->prev_gen_block);
		ck_dir_block_seal(d);
	}
	free(v);
	for (unsigned s = 0; s < 2 && s < nblocks; s++) {
		ck_root_t *r = (ck_root_t *)(store + (size_t)s * CK_BLOCK_SIZE);
		if (r->magic != CK_ROOT_MAGIC)
			continue;
		r->dir_crc = link_crc(store, nblocks, g, r->dir_block);
		ck_root_seal(r);
	}
}
