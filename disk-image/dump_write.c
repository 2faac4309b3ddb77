/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_write.c -- the few commands that change the image (-w only).
 *
 *   set-slot OID SLOT void
 *   set-slot OID SLOT HEX...            16 raw bytes, as `cap` takes them
 *   set-slot OID SLOT number N0 N1 N2
 *   set-slot OID SLOT TYPE TARGET [BADGE]
 *            a fresh capability of an object type (node, page, space,
 *            process, start, resume, forwarder): its count is the
 *            target's allocation count (Resume: call count) now
 *   reseal node OID | page OID | root A|B | tag N | dir LOGBLOCK
 *            recompute a record's CRC after a deliberate edit: a node
 *            record, a page's tag (the page's CRC and the tag's own), a
 *            root, every tag of a tag block, a directory block (log-
 *            relative number) and then every link that names it, up to
 *            the roots (next_crc or prev_crc of the block the walk came
 *            from, dir_crc of a valid root), so the chain holds again
 *
 * Safety rules: only home records are written, and only a node whose
 * current version is at home (a newer log copy would hide the edit, so
 * the command refuses); set-slot refuses a damaged record (reseal it
 * first, knowingly); every write reseals what it touched so the store
 * stays checkable; the mapping is msync'ed before exit.  Nothing here
 * allocates, frees or moves objects: that is the space bank's job.
 */
#include <string.h>
#include "dump.h"

static int
parse_cap_words(const dstore_t *s, int argc, char **argv, cap_t *c)
{
	uint64_t v[3] = { 0, 0, 0 }, oid, badge = 0;
	char hex[160] = "";

	if (argc == 1 && !strcmp(argv[0], "void")) {
		*c = cap_void();
		return 0;
	}
	if (argc == 4 && !strcmp(argv[0], "number")) {
		for (int i = 0; i < 3; i++)
			if (doid_parse_u64(argv[i + 1], &v[i]) < 0 || v[i] > 0xffffffffu)
				return -1;
		*c = cap_number((uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2]);
		return 0;
	}
	int t = dcap_type_lookup(argv[0]);
	if (t >= 0 && dcap_type_objkind((unsigned)t) != CK_OBJ_NONE && argc >= 2 && argc <= 3) {
		capinfo_t ci;
		if (doid_parse(argv[1], &oid) < 0 || (argc == 3 && (doid_parse_u64(argv[2], &badge) < 0 ||
							 badge > 0xffff)))
			return -1;
		*c = cap_make((unsigned)t, 0, (unsigned)badge, 0, oid);
		dcap_eval(s, c, &ci);
		if (ci.st != CS_OK && ci.st != CS_STALE)
			return -2;
		c->count = ci.want;
		return 0;
	}
	for (int i = 0; i < argc; i++)
		if (strlen(hex) + strlen(argv[i]) < sizeof hex - 1)
			strcat(hex, argv[i]);
	return dcap_parse_hex(hex, c);
}

/* The writable home record of a node whose current version is at home. */
static ck_node_t *
home_record(dctx_t *c, const char *arg, uint64_t *oid, int need_valid)
{
	dnode_t d;

	if (doid_parse(arg, oid) < 0 || dstore_node(c->s, *oid, &d) < 0) {
		dump_fail(DS_USAGE, "'%s' is not a node OID in range", arg);
		return 0;
	}
	if (d.in_log) {
		dump_fail(DS_OPERR, "node %s has a newer copy in log generation %llu; "
			  "refusing to edit its home", arg, (unsigned long long)d.gen);
		return 0;
	}
	if (!d.n || (need_valid && d.bad)) {
		dump_fail(DS_OPERR, "node %s: %s", arg, d.n ? d.bad : "not in the image");
		return 0;
	}
	uint8_t *blk = dimg_block_w(&c->s->img, d.block);
	return blk ? &((ck_pot_t *)blk)->node[d.record] : 0;
}

int
dcmd_set_slot(dctx_t *c, int argc, char **argv)
{
	uint64_t oid, slot;
	cap_t cap;

	if (doid_parse_u64(argv[1], &slot) < 0 || slot >= CK_NODE_SLOTS)
		return dump_fail(DS_USAGE, "set-slot: slot must be 0..31");
	int r = parse_cap_words(c->s, argc - 2, argv + 2, &cap);
	if (r == -2)
		return dump_fail(DS_OPERR, "set-slot: the target is not an allocated object");
	if (r < 0)
		return dump_fail(DS_USAGE, "set-slot: CAP is void | number N0 N1 N2 | "
				 "TYPE OID [BADGE] | 32 hex digits");
	ck_node_t *n = home_record(c, argv[0], &oid, 1);
	if (!n)
		return DS_OPERR;
	n->slot[slot] = cap;
	ck_node_seal(n);
	dout_begin(c->o, "set-slot");
	dout_oid(c->o, "oid", oid);
	dout_u64(c->o, "slot", slot);
	dout_cap_fields(c->o, c->s, &cap);
	dout_end(c->o);
	return 0;
}

static int
reseal_page(dctx_t *c, const char *arg)
{
	uint64_t oid;
	dpage_t d;

	if (doid_parse(arg, &oid) < 0 || dstore_page(c->s, oid, &d) < 0)
		return dump_fail(DS_USAGE, "reseal page: '%s' is not a page OID in range", arg);
	if (d.in_log)
		return dump_fail(DS_OPERR, "page %s has a newer copy in the log; refusing", arg);
	ck_tag_block_t *t = (ck_tag_block_t *)dimg_block_w(&c->s->img, d.tag_block);
	const uint8_t *frame = dimg_block(&c->s->img, d.block);
	const char *why = t && frame ? ck_tag_block_check(t, d.tag_block - c->s->geo.tag_start)
				     : "not in the image";
	if (why)
		return dump_fail(DS_OPERR, "page %s: its tag block: %s", arg, why);
	ck_tag_t *tag = &t->tag[ck_oid_index(oid) % CK_TAGS_PER_BLOCK];
	if (!(tag->flags & CK_TF_ZERO))
		tag->crc = ck_page_crc(frame);
	ck_tag_seal(tag, ck_oid_index(oid));
	return 0;
}

/* Every tag of tag block n that belongs to a page. */
static void
reseal_tags(const ck_geometry_t *g, ck_tag_block_t *t, uint32_t n)
{
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++)
		if ((uint64_t)n * CK_TAGS_PER_BLOCK + e < g->page_count)
			ck_tag_seal(&t->tag[e], n * CK_TAGS_PER_BLOCK + e);
}

static ck_dir_block_t *
dir_w(const dstore_t *s, uint32_t b)
{
	return (ck_dir_block_t *)dimg_block_w(&s->img, (uint64_t)s->geo.log_start + b);
}

/* The walked directory block whose link names block b (its index in
 * s->dirblk) and that link's CRC field; CK_NO_BLOCK if none does. */
static uint32_t
dir_namer(const dstore_t *s, uint32_t b, uint32_t **field)
{
	for (uint32_t i = 0; i < s->ndirblk; i++) {
		ck_dir_block_t *d = dir_w(s, s->dirblk[i]);
		if (d && d->next_block == b)
			*field = &d->next_crc;
		else if (d && d->seq == 0 && d->prev_gen_block == b)
			*field = &d->prev_crc;
		else
			continue;
		return i;
	}
	return CK_NO_BLOCK;
}

/* Seal directory block b, then what names it: a valid root's dir_crc, and
 * the block the walk reached it from, and so on up the chain. */
static void
reseal_dir(const dstore_t *s, uint32_t b)
{
	uint32_t *field;

	for (uint32_t step = 0; step <= s->ndirblk; step++) {
		ck_dir_block_t *d = dir_w(s, b);
		if (!d)
			return;
		ck_dir_block_seal(d);
		for (unsigned i = 0; i < 2; i++) {
			ck_root_t *r = (ck_root_t *)dimg_block_w(&s->img, i);
			if (!s->root_why[i] && r->dir_block == b) {
				r->dir_crc = d->crc;
				ck_root_seal(r);
			}
		}
		uint32_t k = dir_namer(s, b, &field);
		if (k == CK_NO_BLOCK)
			return;
		*field = d->crc;
		b = s->dirblk[k];
	}
}

static int
reseal_block(dctx_t *c, const char *what, const char *arg)
{
	const ck_geometry_t *g = &c->s->geo;
	uint64_t n;

	if (!strcmp(what, "root")) {
		n = !strcmp(arg, "B") || !strcmp(arg, "1");
		ck_root_t *r = (ck_root_t *)dimg_block_w(&c->s->img, n);
		if (!r || r->magic != CK_ROOT_MAGIC)
			return dump_fail(DS_OPERR, "reseal root: no root magic there");
		ck_root_seal(r);
		return 0;
	}
	if (doid_parse_u64(arg, &n) < 0)
		return dump_fail(DS_USAGE, "reseal %s: bad number '%s'", what, arg);
	if (!strcmp(what, "tag") && n < g->tag_count) {
		reseal_tags(g, (ck_tag_block_t *)dimg_block_w(&c->s->img, g->tag_start + n),
			    (uint32_t)n);
		return 0;
	}
	if (!strcmp(what, "dir") && n < g->log_blocks) {
		reseal_dir(c->s, (uint32_t)n);
		return 0;
	}
	return dump_fail(DS_USAGE, "reseal: node OID | page OID | root A|B | tag N | dir N");
}

int
dcmd_reseal(dctx_t *c, int argc, char **argv)
{
	uint64_t oid;
	int st;

	(void)argc;
	if (strcmp(argv[0], "root") && !c->s->r)
		return dump_fail(DS_OPERR, "reseal %s: no valid root, so no geometry "
				 "(reseal a root first)", argv[0]);
	if (!strcmp(argv[0], "node")) {
		ck_node_t *n = home_record(c, argv[1], &oid, 0);
		st = n ? 0 : DS_OPERR;
		if (n)
			ck_node_seal(n);
	} else if (!strcmp(argv[0], "page"))
		st = reseal_page(c, argv[1]);
	else
		st = reseal_block(c, argv[0], argv[1]);
	if (!st) {
		dout_begin(c->o, "reseal");
		dout_str(c->o, "what", argv[0]);
		dout_str(c->o, "which", argv[1]);
		dout_str(c->o, "result", "resealed");
		dout_end(c->o);
	}
	return st;
}
