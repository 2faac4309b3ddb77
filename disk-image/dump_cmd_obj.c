/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_obj.c -- single objects and listings: ls, node, page, cap,
 * path (the debugfs part of cairn-dump).
 *
 * Every object is shown in its current version (dump_store.c): where it
 * was read from ("home" or "log:GEN") is always part of the output.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "dump.h"

static const char *const slot_cols[] = { "slot", "type", "restr", "badge", "target",
					 "count", "status", "target_name", 0 };

static void
show_where(dout_t *o, int in_log, uint64_t gen, uint32_t block)
{
	if (in_log)
		dout_fmt(o, "where", "log:%llu", (unsigned long long)gen);
	else
		dout_str(o, "where", "home");
	dout_u64(o, "block", block);
}

/* -------------------------------------------------------------- ls */

/* Each listing returns how many damaged objects it listed. */
static uint32_t
ls_nodes(const dstore_t *s, dout_t *o)
{
	uint32_t damaged = 0;

	static const char *const cols[] = { "oid", "hex", "kind", "alloc_count",
					    "call_count", "where", "block", "problem", 0 };

	dout_table(o, "nodes", cols);
	for (uint32_t i = 0; i < s->geo.node_count; i++) {
		uint64_t oid = ck_oid_make(CK_OID_KIND_NODE, i);
		dnode_t d;
		dstore_node(s, oid, &d);
		if (!dstore_node_allocated(&d) && !d.bad)
			continue;
		dout_row(o);
		dout_oid(o, "oid", oid);
		dout_hex(o, "hex", oid);
		dout_str(o, "kind", !d.n ? "-" : d.n->kind == CK_NK_FORWARDER ? "forwarder" : "node");
		dout_u64(o, "alloc_count", d.n ? d.n->alloc_count : 0);
		dout_u64(o, "call_count", d.n ? d.n->call_count : 0);
		show_where(o, d.in_log, d.gen, d.block);
		dout_str(o, "problem", d.bad ? d.bad : "-");
		dout_row_end(o);
		damaged += d.bad != NULL;
	}
	dout_table_end(o);
	return damaged;
}

static uint32_t
ls_pages(const dstore_t *s, dout_t *o)
{
	uint32_t damaged = 0;

	static const char *const cols[] = { "oid", "hex", "alloc_count", "zero",
					    "where", "block", "problem", 0 };

	dout_table(o, "pages", cols);
	for (uint32_t j = 0; j < s->geo.page_count; j++) {
		uint64_t oid = ck_oid_make(CK_OID_KIND_PAGE, j);
		dpage_t d;
		dstore_page(s, oid, &d);
		if (!(d.flags & CK_TF_ALLOCATED) && !d.bad)
			continue;
		dout_row(o);
		dout_oid(o, "oid", oid);
		dout_hex(o, "hex", oid);
		dout_u64(o, "alloc_count", d.alloc_count);
		dout_bool(o, "zero", d.flags & CK_TF_ZERO);
		show_where(o, d.in_log, d.gen, d.block);
		dout_str(o, "problem", d.bad ? d.bad : "-");
		dout_row_end(o);
		damaged += d.bad != NULL;
	}
	dout_table_end(o);
	return damaged;
}

static const char *
why_str(unsigned why, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", why & PW_RUNLIST ? "runlist," : "",
		 why & PW_CAP ? "cap," : "", why & PW_SHAPE ? "shape," : "", "");
	size_t n = strlen(buf);
	if (n)
		buf[n - 1] = 0;
	return buf;
}

static int
ls_procs(const dstore_t *s, dout_t *o)
{
	static const char *const cols[] = { "oid", "hex", "name", "why", "state", "eip", "esp", 0 };
	static const char *const states[] = { "halted", "running", "available",
					      "waiting", "faulted" };
	dprocs_t p;
	char buf[40], name[PROC_NAME_MAX + 1];

	if (dprocs_find(s, &p) < 0)
		return dump_fail(DS_OPERR, "ls procs: out of memory");
	dout_table(o, "procs", cols);
	for (uint32_t i = 0; i < p.n; i++) {
		uint64_t oid = ck_oid_make(CK_OID_KIND_NODE, p.index[i]);
		dnode_t d;
		dstore_node(s, oid, &d);
		const cap_t *sl = d.n->slot;
		unsigned st = cap_num(&sl[PR_SLOT_STATE], 0);
		dout_row(o);
		dout_oid(o, "oid", oid);
		dout_hex(o, "hex", oid);
		dout_str(o, "name", *dnames_proc(d.n, name) ? name : "-");
		dout_str(o, "why", why_str(p.why[i], buf, sizeof buf));
		dout_str(o, "state", st < PRS_COUNT ? states[st] : "?");
		dout_fmt(o, "eip", "0x%08x", cap_num(&sl[PR_SLOT_REGS2], 2));
		dout_fmt(o, "esp", "0x%08x", cap_num(&sl[PR_SLOT_REGS2], 1));
		dout_row_end(o);
	}
	dout_table_end(o);
	dprocs_free(&p);
	return 0;
}

int
dcmd_ls(dctx_t *c, int argc, char **argv)
{
	const char *what = argv[0];
	int st = 0;

	(void)argc;
	if (strcmp(what, "nodes") && strcmp(what, "pages") && strcmp(what, "procs"))
		return dump_fail(DS_USAGE, "usage: ls nodes|pages|procs");
	dout_begin(c->o, "ls");
	if (c->o->json)
		dout_str(c->o, "what", what);
	if (!strcmp(what, "nodes"))
		st = ls_nodes(c->s, c->o) ? DS_ERRORS : 0;
	else if (!strcmp(what, "pages"))
		st = ls_pages(c->s, c->o) ? DS_ERRORS : 0;
	else
		st = ls_procs(c->s, c->o);
	dout_end(c->o);
	return st;
}

/* ------------------------------------------------------------ node */

void
dcmd_slots(dout_t *o, const dstore_t *s, const char *key, const ck_node_t *n)
{
	dout_table(o, key, slot_cols);
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++) {
		dout_row(o);
		dout_u64(o, "slot", i);
		dout_cap_fields(o, s, &n->slot[i]);
		dout_row_end(o);
	}
	dout_table_end(o);
}

void
dcmd_node_header(dout_t *o, const dstore_t *s, const dnode_t *d, uint64_t oid)
{
	const char *name = dnames_of(s, oid);

	dout_oid(o, "oid", oid);
	dout_hex(o, "hex", oid);
	dout_str(o, "name", name ? name : "-");
	show_where(o, d->in_log, d->gen, d->block);
	dout_u64(o, "record", d->record);
	dout_str(o, "problem", d->bad ? d->bad : "-");
	if (!d->n) {
		dout_str(o, "state", "not in the image");
		return;
	}
	dout_str(o, "state", d->n->flags & CK_NF_ALLOCATED ? "allocated" : "free");
	dout_str(o, "kind", d->n->kind == CK_NK_FORWARDER ? "forwarder"
			   : d->n->kind == CK_NK_NODE ? "node" : "?");
	dout_u64(o, "alloc_count", d->n->alloc_count);
	dout_u64(o, "call_count", d->n->call_count);
	dout_hex(o, "data", d->n->data);
	dout_fmt(o, "crc", "0x%08x", d->n->crc);
}

int
dcmd_node(dctx_t *c, int argc, char **argv)
{
	uint64_t oid;
	dnode_t d;
	int st = dump_object_arg(c, "node", argv[0], CK_OID_KIND_NODE, &oid);

	(void)argc;
	if (st)
		return st;
	if (dstore_node(c->s, oid, &d) < 0)
		return dump_fail(DS_OPERR, "node %s: not in this store's node range", argv[0]);
	dout_begin(c->o, "node");
	dcmd_node_header(c->o, c->s, &d, oid);
	if (d.n)
		dcmd_slots(c->o, c->s, "slots", d.n);
	dout_end(c->o);
	return d.bad ? DS_ERRORS : 0;
}

/* ------------------------------------------------------------ page */

static void
hexdump_row(dout_t *o, const uint8_t *p, unsigned off)
{
	char hex[16 * 3 + 2], asc[17];
	size_t at = 0;

	for (unsigned i = 0; i < 16; i++) {
		at += (size_t)snprintf(hex + at, sizeof hex - at, "%s%02x",
				       i == 0 ? "" : i == 8 ? "  " : " ", p[i]);
		asc[i] = isprint(p[i]) ? (char)p[i] : '.';
	}
	asc[16] = 0;
	dout_row(o);
	dout_fmt(o, "offset", "%04x", off);
	dout_str(o, "hex", hex);
	dout_str(o, "ascii", asc);
	dout_row_end(o);
}

/* Text collapses a run of rows equal to the one before into "*", as
 * hexdump -C does; JSON always has all 256 rows. */
static void
hexdump(dout_t *o, const uint8_t *p)
{
	int starred = 0;

	for (unsigned off = 0; off < CK_BLOCK_SIZE; off += 16) {
		int last = off + 16 == CK_BLOCK_SIZE;
		if (!o->json && off && !last && !memcmp(p + off, p + off - 16, 16)) {
			if (!starred)
				dout_text(o, "*\n");
			starred = 1;
			continue;
		}
		starred = 0;
		hexdump_row(o, p + off, off);
	}
}

int
dcmd_page(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "offset", "hex", "ascii", 0 };
	static const uint8_t zero[CK_BLOCK_SIZE];
	uint64_t oid;
	dpage_t d;
	int st = dump_object_arg(c, "page", argv[0], CK_OID_KIND_PAGE, &oid);

	(void)argc;
	if (st)
		return st;
	if (dstore_page(c->s, oid, &d) < 0)
		return dump_fail(DS_OPERR, "page %s: not in this store's page range", argv[0]);
	const char *bad = dstore_page_verify(&d);
	dout_t *o = c->o;
	dout_begin(o, "page");
	dout_oid(o, "oid", oid);
	dout_hex(o, "hex", oid);
	show_where(o, d.in_log, d.gen, d.block);
	dout_str(o, "state", d.flags & CK_TF_ALLOCATED ? "allocated" : "free");
	dout_u64(o, "alloc_count", d.alloc_count);
	dout_bool(o, "zero", d.flags & CK_TF_ZERO);
	dout_fmt(o, "crc", "0x%08x", d.crc);
	dout_str(o, "problem", bad ? bad : "-");
	dout_table(o, "data", cols);
	hexdump(o, d.data ? d.data : zero);
	dout_table_end(o);
	dout_end(o);
	return bad ? DS_ERRORS : 0;
}

/* ------------------------------------------------------------- cap */

int
dcmd_cap(dctx_t *c, int argc, char **argv)
{
	char hex[160] = "";
	cap_t cap;

	for (int i = 0; i < argc; i++)
		if (strlen(hex) + strlen(argv[i]) < sizeof hex - 1)
			strcat(hex, argv[i]);
	if (dcap_parse_hex(hex, &cap) < 0)
		return dump_fail(DS_USAGE, "cap: want 16 bytes as 32 hex digits, "
				 "in on-disk order");
	dout_begin(c->o, "cap");
	dout_hex(c->o, "w0", cap.w0);
	dout_cap_fields(c->o, c->s, &cap);
	dout_hex(c->o, "oid", cap.oid);
	dout_end(c->o);
	return 0;
}

/* ------------------------------------------------------------ path */

/* The object a path starts at: "OBJ/..." with OBJ an OID or a name, or
 * "OID.3.0"; *rest becomes the slots that follow (or NULL). */
static int
path_start(const dstore_t *s, char *arg, uint64_t *oid, char **rest)
{
	char *slash = strchr(arg, '/');

	if (slash)
		*slash = 0;
	if (dnames_parse(s, arg, oid) == 0) {
		*rest = slash ? slash + 1 : NULL;
		return 0;
	}
	if (slash)
		*slash = '/';
	char *sep = strpbrk(arg, "./");
	if (sep)
		*sep = 0;
	*rest = sep ? sep + 1 : NULL;
	return doid_parse(arg, oid);
}

/* Split "OBJ/3/0": returns the number of slots, -1 if bad. */
static int
path_parse(const dstore_t *s, char *arg, uint64_t *oid, unsigned *slots, int max)
{
	char *save, *rest, *tok;
	int n = 0;

	if (path_start(s, arg, oid, &rest) < 0)
		return -1;
	for (tok = rest ? strtok_r(rest, "/.", &save) : NULL; tok; tok = strtok_r(0, "/.", &save)) {
		uint64_t v;
		if (n == max || doid_parse_u64(tok, &v) < 0 || v >= CK_NODE_SLOTS)
			return -1;
		slots[n++] = (unsigned)v;
	}
	return n;
}

static int
path_step(dctx_t *c, uint64_t oid, unsigned slot, cap_t *next)
{
	dnode_t d;
	char nb[32];

	if (dstore_node(c->s, oid, &d) < 0)
		return dump_fail(DS_OPERR, "path: %s is not a node in range",
				 doid_name(oid, nb, sizeof nb));
	if (!d.n || d.bad)
		return dump_fail(DS_OPERR, "path: node %s %s", doid_name(oid, nb, sizeof nb),
				 d.bad ? d.bad : "is not in the image");
	*next = d.n->slot[slot];
	dout_row(c->o);
	dout_oid(c->o, "node", oid);
	dout_u64(c->o, "slot", slot);
	dout_cap_fields(c->o, c->s, next);
	dout_row_end(c->o);
	return 0;
}

int
dcmd_path(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "node", "slot", "type", "restr", "badge",
					    "target", "count", "status", "target_name", 0 };
	char arg[256];
	unsigned slots[64];
	uint64_t oid;
	int st = 0;

	(void)argc;
	snprintf(arg, sizeof arg, "%s", argv[0]);
	int n = path_parse(c->s, arg, &oid, slots, 64);
	if (n < 0)
		return dump_fail(DS_USAGE, "usage: path OBJ/slot/slot... (OBJ an OID or a name; slots "
				 "0..31, at most 64)");
	dout_begin(c->o, "path");
	dout_table(c->o, "steps", cols);
	for (int i = 0; i < n && !st; i++) {
		cap_t cap;
		st = path_step(c, oid, slots[i], &cap);
		if (!st && i + 1 < n && dcap_type_objkind(cap_type(&cap)) != CK_OBJ_NODE)
			st = dump_fail(DS_OPERR, "path: slot %u holds a %s capability, "
				       "not one to a node", slots[i], dcap_type_name(cap_type(&cap)));
		oid = cap.oid;
	}
	dout_table_end(c->o);
	dout_end(c->o);
	return st;
}
