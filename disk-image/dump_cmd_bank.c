/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_bank.c -- `bank [OID]`: the space bank's tables.
 *
 * Without an argument: where the bank is, its header (capacity, what
 * it adopted, high-water marks, table sizes) and every live bank with
 * its parent, limits, usage (with descendants) and own objects.  With an
 * OID: which bank owns that object, the count the bank recorded and the
 * object's own count and allocated flag.  On a store the bank has not
 * run on yet (a fresh image): its process and what it will adopt.
 * Reading: dump_bank.c.
 */
#include <string.h>
#include "dump.h"

static void
out_banks(dout_t *o, const dstore_t *s, const dbank_t *b)
{
	static const char *const cols[] = { "id", "parent", "node_limit", "page_limit",
		"nodes", "pages", "own_nodes", "own_pages", "cap_forwarders", 0 };
	struct sb_bank k;

	dout_table(o, "banks", cols);
	for (uint32_t id = BANK_ID_PRIME; id < b->h.bank_ids; id++) {
		if (dbank_bank(s, b, id, &k) < 0 || !(k.flags & SB_BF_LIVE))
			continue;
		dout_row(o);
		dout_u64(o, "id", id);
		dout_u64(o, "parent", k.parent);
		dout_u64_or_none(o, "node_limit", k.limit[SB_NODE], BANK_NO_LIMIT);
		dout_u64_or_none(o, "page_limit", k.limit[SB_PAGE_K], BANK_NO_LIMIT);
		dout_u64(o, "nodes", k.usage[SB_NODE]);
		dout_u64(o, "pages", k.usage[SB_PAGE_K]);
		dout_u64(o, "own_nodes", k.owned[SB_NODE]);
		dout_u64(o, "own_pages", k.owned[SB_PAGE_K]);
		dout_u64(o, "cap_forwarders", k.nfwd);
		dout_row_end(o);
	}
	dout_table_end(o);
}

static void
out_process(dout_t *o, const dstore_t *s, uint64_t proc)
{
	const char *name = dnames_of(s, proc);

	dout_oid(o, "process", proc);
	dout_str(o, "process_name", name ? name : "-");
}

static void
out_header(dout_t *o, const dstore_t *s, const dbank_t *b)
{
	const struct sb_header *h = &b->h;

	out_process(o, s, b->proc);
	dout_u64(o, "version", h->version);
	dout_fmt(o, "capacity", "%u nodes, %u pages", h->capacity[SB_NODE], h->capacity[SB_PAGE_K]);
	dout_fmt(o, "adopted", "%u nodes, %u pages", h->adopted[SB_NODE], h->adopted[SB_PAGE_K]);
	dout_fmt(o, "high_water", "%u nodes, %u pages", h->hwm[SB_NODE], h->hwm[SB_PAGE_K]);
	dout_fmt(o, "table_bytes", "banks %u, node records %u, page records %u",
		h->mapped[SB_RG_BANKS], h->mapped[SB_RG_NODEREC], h->mapped[SB_RG_PAGEREC]);
	dout_u64(o, "bank_ids", h->bank_ids);
	dout_bool(o, "in_request", h->in_request != 0);
}

static int
out_owner(dctx_t *c, const dbank_t *b, const char *arg)
{
	uint64_t oid;
	struct sb_rec r;
	int allocated;
	uint32_t count;
	char nb[32];

	int st = dump_object_arg(c, "bank", arg, 0, &oid);

	if (st)
		return st;
	if (ck_oid_kind(oid) != CK_OID_KIND_NODE && ck_oid_kind(oid) != CK_OID_KIND_PAGE)
		return dump_fail(DS_USAGE, "bank: '%s' is not a node or page OID", arg);
	unsigned k = ck_oid_kind(oid) - 1u;
	uint32_t idx = ck_oid_index(oid);
	if (dbank_obj_state(c->s, k, idx, &allocated, &count) < 0)
		return dump_fail(DS_USAGE, "bank: '%s' is out of range", arg);
	dout_oid(c->o, "object", oid);
	if (idx >= b->h.hwm[k])
		dout_str(c->o, "owner", "never allocated by the bank");
	else if (dbank_rec(c->s, b, k, idx, &r) < 0)
		dout_str(c->o, "owner", "record unreadable");
	else {
		dout_str(c->o, "owner", dbank_owner_name(&r, nb, sizeof nb));
		dout_u64(c->o, "owner_id", r.owner);
		dout_u64(c->o, "recorded_count", r.count);
	}
	dout_bool(c->o, "allocated", allocated);
	dout_u64(c->o, "count", count);
	return 0;
}

/* A store the bank has not run on yet: what it will adopt. */
static int
not_started(dctx_t *c, int argc, char **argv, const char *why)
{
	uint64_t proc, oid = 0;
	uint32_t nodes, pages;
	int st = 0;

	if (dbank_find_process(c->s, &proc) < 0)
		return dump_fail(DS_OPERR, "bank: %s, and no process holds the Range capability", why);
	if (argc == 1 && (st = dump_object_arg(c, "bank", argv[0], 0, &oid)))
		return st;
	nodes = dbank_prefix(c->s, SB_NODE);
	pages = dbank_prefix(c->s, SB_PAGE_K);
	dout_begin(c->o, "bank");
	out_process(c->o, c->s, proc);
	dout_str(c->o, "state", "not started: the bank makes its tables at its first start");
	dout_fmt(c->o, "will_adopt", "%u nodes, %u pages", nodes, pages);
	if (argc == 1) {
		uint32_t idx = ck_oid_index(oid);
		int mine = ck_oid_kind(oid) == CK_OID_KIND_NODE ? idx < nodes : idx < pages;
		dout_oid(c->o, "object", oid);
		dout_str(c->o, "owner", mine ? "the prime bank, at its first start" : "free");
	}
	dout_end(c->o);
	return 0;
}

int
dcmd_bank(dctx_t *c, int argc, char **argv)
{
	dbank_t b;
	const char *why;
	int st = 0;

	if (dbank_find(c->s, &b, &why) < 0)
		return not_started(c, argc, argv, why);
	dout_begin(c->o, "bank");
	if (argc == 1) {
		st = out_owner(c, &b, argv[0]);
	} else {
		out_header(c->o, c->s, &b);
		out_banks(c->o, c->s, &b);
	}
	dout_end(c->o);
	return st;
}
