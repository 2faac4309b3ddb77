/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_info.c -- the store as a whole: info, roots, generations,
 * logdump (the dumpe2fs part of cairn-dump).
 */
#include <string.h>
#include "dump.h"

typedef struct counts {
	uint32_t nodes, nodes_bad, procs_hint;
	uint32_t pages, pages_zero, pages_bad;
	uint32_t in_log_nodes, in_log_pages;
} counts_t;

static void
count_objects(const dstore_t *s, counts_t *k)
{
	memset(k, 0, sizeof *k);
	for (uint32_t i = 0; i < s->geo.node_count; i++) {
		dnode_t d;
		dstore_node(s, ck_oid_make(CK_OID_KIND_NODE, i), &d);
		k->nodes += dstore_node_allocated(&d);
		k->nodes_bad += d.bad != 0;
		k->in_log_nodes += d.in_log;
	}
	for (uint32_t j = 0; j < s->geo.page_count; j++) {
		dpage_t d;
		dstore_page(s, ck_oid_make(CK_OID_KIND_PAGE, j), &d);
		int alloc = !d.bad && (d.flags & CK_TF_ALLOCATED);
		k->pages += alloc;
		k->pages_zero += alloc && (d.flags & CK_TF_ZERO);
		k->pages_bad += d.bad != 0;
		k->in_log_pages += d.in_log;
	}
}

static void
region(dout_t *o, const char *name, uint32_t start, uint32_t blocks)
{
	dout_row(o);
	dout_str(o, "region", name);
	dout_u64(o, "start", start);
	dout_u64(o, "blocks", blocks);
	dout_u64(o, "end", (uint64_t)start + blocks);
	dout_row_end(o);
}

static void
info_geometry(dout_t *o, const ck_geometry_t *g)
{
	static const char *const cols[] = { "region", "start", "blocks", "end", 0 };

	dout_table(o, "regions", cols);
	region(o, "roots", 0, 2);
	region(o, "log", g->log_start, g->log_blocks);
	region(o, "pots", g->pot_start, g->pot_count);
	region(o, "tags", g->tag_start, g->tag_count);
	region(o, "frames", g->frame_start, g->page_count);
	dout_table_end(o);
}

static uint32_t
log_used(const ck_root_t *r)
{
	uint32_t n = r->geo.log_blocks;

	return (r->log_head + n - r->log_tail) % (n ? n : 1);
}

static void
info_log(dout_t *o, const dstore_t *s, const counts_t *k)
{
	const ck_root_t *r = s->r;

	dout_section(o, "log");
	dout_u64(o, "head", r->log_head);
	dout_u64(o, "tail", r->log_tail);
	dout_u64(o, "used_blocks", log_used(r));
	dout_u64(o, "generations", s->ngens);
	dout_str(o, "binding", dlog_binding(s));
	dout_u64(o, "nodes_in_log", k->in_log_nodes);
	dout_u64(o, "pages_in_log", k->in_log_pages);
	dout_section_end(o);
}

int
dcmd_info(dctx_t *c, int argc, char **argv)
{
	const dstore_t *s = c->s;
	const ck_root_t *r = s->r;
	dout_t *o = c->o;
	counts_t k;

	(void)argc, (void)argv;
	count_objects(s, &k);
	dout_begin(o, "info");
	dout_u64(o, "partition", (uint64_t)s->img.part_index);
	dout_u64(o, "store_offset", s->img.store_off);
	dout_u64(o, "block_size", CK_BLOCK_SIZE);
	dout_u64(o, "total_blocks", r->geo.total_blocks);
	dout_u64(o, "format_version", r->version);
	dout_str(o, "root", s->cur ? "B" : "A");
	dout_u64(o, "generation", r->generation);
	dout_u64(o, "migrated_through", r->migrated_through);
	dout_u64(o, "created", r->created);
	dout_u64(o, "ckpt_period_ms", r->ckpt_period_ms);
	dout_u64(o, "time_ms", r->time_ms);
	dout_u64(o, "boots", r->boots);
	info_geometry(o, &r->geo);
	dout_section(o, "objects");
	dout_fmt(o, "nodes", "%u/%u", k.nodes, r->geo.node_count);
	dout_u64(o, "nodes_used", k.nodes);
	dout_u64(o, "nodes_free", r->geo.node_count - k.nodes);
	dout_u64(o, "nodes_damaged", k.nodes_bad);
	dout_fmt(o, "pages", "%u/%u", k.pages, r->geo.page_count);
	dout_u64(o, "pages_used", k.pages);
	dout_u64(o, "pages_free", r->geo.page_count - k.pages);
	dout_u64(o, "pages_zero", k.pages_zero);
	dout_u64(o, "pages_damaged", k.pages_bad);
	dout_section_end(o);
	info_log(o, s, &k);
	dout_u64(o, "runlist", r->runlist_count);
	dout_end(o);
	return 0;
}

/* Where a root's generation is in the log: what the root binds. */
static void
root_log_fields(dout_t *o, const ck_root_t *r)
{
	dout_u64_or_none(o, "dir_block", r->dir_block, CK_NO_BLOCK);
	dout_fmt(o, "dir_crc", "0x%08x", r->dir_crc);
	dout_u64(o, "dir_entries", r->dir_entries);
	dout_u64_or_none(o, "first_block", r->gen_first_block, CK_NO_BLOCK);
	dout_u64(o, "log_head", r->log_head);
	dout_u64(o, "log_tail", r->log_tail);
}

/* What a root commits: its generation, its place in the log, the time. */
static void
root_fields(dout_t *o, const ck_root_t *r)
{
	dout_u64(o, "generation", r->generation);
	dout_u64(o, "version", r->version);
	dout_fmt(o, "crc", "0x%08x", r->crc);
	root_log_fields(o, r);
	dout_u64(o, "migrated_through", r->migrated_through);
	dout_u64(o, "time_ms", r->time_ms);
	dout_u64(o, "boots", r->boots);
}

static const char *const root_cols[] = { "root", "block", "state", "generation", "version",
	"crc", "dir_block", "dir_crc", "dir_entries", "first_block", "log_head", "log_tail",
	"migrated_through", "time_ms", "boots", "why", 0 };

static void
root_row(dout_t *o, const dstore_t *s, unsigned i)
{
	const ck_root_t *r = s->root[i];
	int looks = r && r->magic == CK_ROOT_MAGIC;

	dout_row(o);
	dout_str(o, "root", i ? "B" : "A");
	dout_u64(o, "block", i);
	dout_str(o, "state", !s->root_why[i] ? ((int)i == s->cur ? "valid,chosen" : "valid")
			    : "invalid");
	if (looks)
		root_fields(o, r);
	else
		for (const char *const *c = root_cols + 3; strcmp(*c, "why"); c++)
			dout_str(o, *c, "-");
	if (s->root_why[i] && looks && r->version != CK_FORMAT_VERSION)
		dout_fmt(o, "why", "%s (version %u; this cairn-dump reads version %u)",
			s->root_why[i], r->version, CK_FORMAT_VERSION);
	else
		dout_str(o, "why", s->root_why[i] ? s->root_why[i] : "-");
	dout_row_end(o);
}

int
dcmd_roots(dctx_t *c, int argc, char **argv)
{
	dout_t *o = c->o;

	(void)argc, (void)argv;
	dout_begin(o, "roots");
	dout_table(o, "roots", root_cols);
	for (unsigned i = 0; i < 2; i++)
		root_row(o, c->s, i);
	dout_table_end(o);
	dout_str(o, "chosen", c->s->cur < 0 ? "none" : c->s->cur ? "B" : "A");
	dout_end(o);
	return c->s->cur < 0 ? DS_ERRORS : 0;
}

/* A generation's directory blocks in chain order: "4,5,6" (elided past
 * a screenful). */
static const char *
chain_str(const dstore_t *s, const dgen_t *g, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = 0;
	for (uint32_t k = 0; k < g->ndirs && at + 24 < len; k++)
		at += (size_t)snprintf(buf + at, len - at, "%s%u", k ? "," : "",
				       s->dirblk[g->dir_off + k]);
	if (at + 24 >= len)
		snprintf(buf + at, len - at, ",...");
	return g->ndirs ? buf : "-";
}

static void
generation_row(dout_t *o, const dstore_t *s, const dgen_t *g)
{
	char chain[160];

	dout_row(o);
	dout_u64(o, "generation", g->gen);
	dout_u64_or_none(o, "first_block", g->first_block, CK_NO_BLOCK);
	dout_u64(o, "first_dir", g->first_dir);
	dout_str(o, "chain", chain_str(s, g, chain, sizeof chain));
	dout_u64(o, "dir_blocks", g->ndirs);
	dout_u64(o, "entries", g->nentries);
	if (g->why)
		dout_fmt(o, "problem", "log block %u: %s", g->why_block, g->why);
	else
		dout_str(o, "problem", "-");
	dout_row_end(o);
}

int
dcmd_generations(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "generation", "first_block", "first_dir", "chain",
					    "dir_blocks", "entries", "problem", 0 };
	const dstore_t *s = c->s;
	const ck_root_t *r = s->r;
	dout_t *o = c->o;
	int st = 0;

	(void)argc, (void)argv;
	dout_begin(o, "generations");
	dout_u64(o, "current", r->generation);
	dout_u64(o, "migrated_through", r->migrated_through);
	dout_section(o, "root");
	root_log_fields(o, r);
	dout_str(o, "binding", dlog_binding(s));
	dout_section_end(o);
	dout_table(o, "generations", cols);
	for (uint32_t i = 0; i < s->ngens; i++) {
		generation_row(o, s, &s->gens[i]);
		st |= s->gens[i].why ? DS_ERRORS : 0;
	}
	dout_table_end(o);
	dout_end(o);
	return st;
}

static void
logdump_entry(dout_t *o, const dstore_t *s, const dgen_t *g, uint32_t dirb,
	      const ck_dir_entry_t *e)
{
	static const char *const types[] = { "?", "node", "page", "zero-page" };
	const char *why = dlog_entry_check(s, e, g->gen, 0, 0);

	dout_row(o);
	dout_u64(o, "generation", g->gen);
	dout_u64(o, "dir_block", dirb);
	dout_oid(o, "oid", e->oid);
	dout_str(o, "type", e->type <= CK_DIR_ZERO_PAGE ? types[e->type] : "?");
	dout_u64(o, "alloc_count", e->alloc_count);
	dout_u64(o, "call_count", e->call_count);
	dout_u64(o, "log_block", e->log_block);
	dout_u64(o, "slot", e->slot);
	dout_fmt(o, "crc", "0x%08x", e->crc);
	dout_str(o, "problem", why ? why : "-");
	dout_row_end(o);
}

int
dcmd_logdump(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "generation", "dir_block", "oid", "type",
		"alloc_count", "call_count", "log_block", "slot", "crc", "problem", 0 };
	const dstore_t *s = c->s;
	dout_t *o = c->o;
	uint64_t only = 0;

	if (argc == 1 && doid_parse_u64(argv[0], &only) < 0)
		return dump_fail(DS_USAGE, "logdump: bad generation '%s'", argv[0]);
	dout_begin(o, "logdump");
	dout_table(o, "entries", cols);
	for (uint32_t i = 0; i < s->ngens; i++) {
		const dgen_t *g = &s->gens[i];
		if (argc == 1 && g->gen != only)
			continue;
		for (uint32_t k = 0; k < g->ndirs; k++) {
			uint32_t b = s->dirblk[g->dir_off + k];
			const ck_dir_block_t *d = dlog_dir_block(s, b);
			for (uint32_t e = 0; e < d->count; e++)
				logdump_entry(o, s, g, b, &d->entry[e]);
		}
	}
	dout_table_end(o);
	dout_end(o);
	return 0;
}
