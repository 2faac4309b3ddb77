/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_store.c -- the store as the kernel would see it at restart.
 *
 * Root choice is ck_root_choose()'s: the valid root (magic, CRC, known
 * version, geometry that fits the partition) with the higher generation.
 * Its geometry is then trusted for every home location, and it has
 * already been checked against the real size of the partition, so a
 * home block computed from an in-range OID is always inside the image.
 *
 * An object's current version is its copy in the newest unmigrated log
 * generation if there is one (dump_log.c's index), else its home:
 *
 *   node  pot block pot_start + i/7, record i%7 (ck_pot_check, then
 *         ck_node_check)
 *   page  frame frame_start + j; its tag (count, flags, CRC, the tag's
 *         own CRC) in tag block tag_start + j/255 (ck_tag_check)
 *
 * Format version 2 writes every root, pot record and tag when the store
 * is made, so nothing here means "never written": an all-zero root, pot,
 * record or tag block is damage, and is named as such.
 *
 * Damage is reported, not hidden: dnode.bad / dpage.bad say what is wrong
 * and the record is still returned so that it can be shown.
 */
#include <string.h>
#include <stdlib.h>
#include "dump.h"

static void
store_roots(dstore_t *s)
{
	for (unsigned i = 0; i < 2; i++) {
		s->root[i] = (const ck_root_t *)dimg_block(&s->img, i);
		s->root_why[i] = s->root[i] ? ck_root_check(s->root[i], i, s->img.nblocks)
					    : "block is not in the image";
	}
	s->cur = -1;
	if (s->root[0] && s->root[1])
		s->cur = ck_root_choose(s->root[0], s->root[1], s->img.nblocks);
	else if (!s->root_why[0])
		s->cur = 0;
}

const char *
dstore_root_why(const dstore_t *s, unsigned i, char *buf, size_t n)
{
	const ck_root_t *r = s->root[i];

	if (!s->root_why[i])
		return "valid";
	if (r && r->magic == CK_ROOT_MAGIC && r->version != CK_FORMAT_VERSION)
		snprintf(buf, n, "%s: version %u, this cairn-dump reads version %u",
			 s->root_why[i], r->version, CK_FORMAT_VERSION);
	else
		snprintf(buf, n, "%s", s->root_why[i]);
	return buf;
}

void
dstore_open(dstore_t *s, const dimg_t *im)
{
	memset(s, 0, sizeof *s);
	s->img = *im;
	s->names = calloc(1, sizeof *s->names);
	store_roots(s);
	if (s->cur < 0)
		return;
	s->r = s->root[s->cur];
	s->geo = s->r->geo;
	dlog_load(s);
}

void
dstore_close(dstore_t *s)
{
	dlog_free(s);
	if (s->names)
		dnames_free(s->names);
	free(s->names);
	s->names = NULL;
}

const char *
dstore_record_check(const ck_node_t *n, uint64_t oid)
{
	return dstore_record_check_crc(n, oid, ck_node_crc(n));
}

const char *
dstore_record_check_crc(const ck_node_t *n, uint64_t oid, uint32_t crc)
{
	if (dimg_is_zero(n, sizeof *n))
		return "node record is all zero (lost write or damage)";
	return ck_node_check_crc(n, oid, crc);
}

const ck_node_t *
dstore_home_node(const dstore_t *s, uint32_t index)
{
	const ck_pot_t *p = (const ck_pot_t *)dimg_block(&s->img,
		(uint64_t)s->geo.pot_start + index / CK_NODES_PER_POT);

	return p ? &p->node[index % CK_NODES_PER_POT] : 0;
}

static void
node_home(const dstore_t *s, uint64_t oid, dnode_t *d)
{
	ck_node_home_t h;

	ck_node_home(&s->geo, oid, &h);
	d->block = h.block;
	d->record = h.record;
	const ck_pot_t *p = (const ck_pot_t *)dimg_block(&s->img, h.block);
	if (!p) {
		d->bad = "pot block is not in the image";
		return;
	}
	d->n = &p->node[h.record];
	d->bad = ck_pot_check(p, h.block - s->geo.pot_start);
	if (!d->bad)
		d->bad = dstore_record_check(d->n, oid);
}

int
dstore_node(const dstore_t *s, uint64_t oid, dnode_t *out)
{
	ck_node_home_t h;

	memset(out, 0, sizeof *out);
	if (!s->r || ck_node_home(&s->geo, oid, &h) < 0)
		return -1;
	const dlogent_t *le = dstore_log_find(s, oid);
	if (le && le->e->type == CK_DIR_NODE) {
		out->bad = dlog_entry_check(s, le->e, le->gen, out, 0);
		return 0;
	}
	node_home(s, oid, out);
	return 0;
}

int
dstore_node_allocated(const dnode_t *d)
{
	return d->n && !d->bad && (d->n->flags & CK_NF_ALLOCATED);
}

int
dstore_obj(const dstore_t *s, uint64_t oid, int calls, dobj_t *o)
{
	dnode_t dn;
	dpage_t dp;

	memset(o, 0, sizeof *o);
	if (!calls && dstate_get(s->state, oid, &o->allocated, &o->count) == 0)
		return 0;
	if (ck_oid_kind(oid) == CK_OID_KIND_PAGE) {
		if (dstore_page(s, oid, &dp) < 0)
			return -1;
		o->bad = dp.bad != NULL;
		o->allocated = (dp.flags & CK_TF_ALLOCATED) != 0;
		o->count = dp.alloc_count;
		return 0;
	}
	if (dstore_node(s, oid, &dn) < 0)
		return -1;
	o->bad = dn.bad != NULL;
	o->allocated = dn.n && (dn.n->flags & CK_NF_ALLOCATED);
	o->count = dn.n ? dn.n->alloc_count : 0;
	o->calls = dn.n ? dn.n->call_count : 0;
	return 0;
}

static void
page_home(const dstore_t *s, uint64_t oid, dpage_t *d)
{
	ck_page_home_t h;

	ck_page_home(&s->geo, oid, &h);
	d->block = h.frame_block;
	d->tag_block = h.tag_block;
	const ck_tag_block_t *t = (const ck_tag_block_t *)dimg_block(&s->img, h.tag_block);
	d->data = dimg_block(&s->img, h.frame_block);
	if (!t || !d->data) {
		d->bad = "tag or frame block is not in the image";
		d->data = 0;
		return;
	}
	uint32_t tb = h.tag_block - s->geo.tag_start;
	d->bad = ck_tag_block_check(t, tb);
	if (d->bad) {
		d->data = 0; /* no tag to speak of */
		return;
	}
	d->bad = ck_tag_check(t, tb, h.tag_index, ck_oid_index(oid));
	const ck_tag_t *tag = &t->tag[h.tag_index];
	d->alloc_count = tag->alloc_count;
	d->crc = tag->crc;
	d->flags = tag->flags;
	if (tag->flags & CK_TF_ZERO)
		d->data = 0;
}

/* The frame's CRC is checked only on demand: it costs a pass over 4 KiB. */
const char *
dstore_page_verify(const dpage_t *d)
{
	if (d->bad)
		return d->bad;
	if (!d->data || !(d->flags & CK_TF_ALLOCATED))
		return 0;
	if ((d->summed ? d->sum : ck_page_crc(d->data)) == d->crc)
		return 0;
	if (ck_block_is_zero(d->data))
		return d->in_log ? "log page record is all zero (lost write or damage)"
				 : "page frame is all zero (lost write or damage)";
	return d->in_log ? "log page record: CRC mismatch" : "page frame: CRC mismatch";
}

int
dstore_page(const dstore_t *s, uint64_t oid, dpage_t *out)
{
	ck_page_home_t h;

	memset(out, 0, sizeof *out);
	if (!s->r || ck_page_home(&s->geo, oid, &h) < 0)
		return -1;
	const dlogent_t *le = dstore_log_find(s, oid);
	if (le && (le->e->type == CK_DIR_PAGE || le->e->type == CK_DIR_ZERO_PAGE)) {
		out->bad = dlog_entry_check(s, le->e, le->gen, 0, out);
		return 0;
	}
	page_home(s, oid, out);
	return 0;
}
