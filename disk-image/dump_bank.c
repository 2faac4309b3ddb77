/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_bank.c -- the space bank's tables (spacebank/format.h), read
 * from the bank process's pages through its Space tree.
 *
 * The bank is found by its header: the first process whose address
 * space holds a page at SB_VA_HEADER that starts with SB_MAGIC and whose
 * version, sizes and region addresses are the ones this tool knows.
 * Every number later used to index the image is checked against the
 * store's geometry or the format's fixed limits first, so a damaged or
 * hostile header can only make records unreadable, never send a read
 * outside the image.
 *
 * A store the bank has never run on (a fresh image) has no header yet;
 * its bank is then the process that holds the Range capability (the
 * bank's alone), and what it will adopt at its first start is the
 * allocated prefix of each OID range (docs/spacebank.md, section 5).
 */
#include <string.h>
#include "dump.h"

/* Copy len bytes at va of the bank's memory (within one page). */
static int
dbank_read(const dstore_t *s, const dbank_t *b, uint32_t va, void *buf, size_t len)
{
	const cap_t *c = dspace_lookup(s, b->space, va);
	dpage_t p;

	if (!c || dstore_page(s, c->oid, &p) < 0 || p.bad)
		return -1;
	uint32_t off = va & (CK_BLOCK_SIZE - 1);
	if (p.data)
		memcpy(buf, p.data + off, len);
	else
		memset(buf, 0, len);    /* an all-zero page without a frame */
	return 0;
}

static const char *
dbank_header_check(const dstore_t *s, const struct sb_header *h)
{
	static const uint32_t va[SB_REGIONS] = { SB_VA_BANKS, SB_VA_NODEREC, SB_VA_PAGEREC };

	if (memcmp(h->magic, SB_MAGIC, sizeof h->magic))
		return "no space bank header (bad magic)";
	if (h->version != SB_VERSION || h->header_size != sizeof *h ||
	    h->rec_size != sizeof(struct sb_rec) || h->bank_size != sizeof(struct sb_bank))
		return "space bank header of an unknown version or layout";
	if (memcmp(h->va, va, sizeof va) || h->bank_ids > SB_BANK_IDS)
		return "space bank header: bad region address or bank count";
	if (h->capacity[SB_NODE] != s->geo.node_count || h->capacity[SB_PAGE_K] != s->geo.page_count ||
	    h->hwm[SB_NODE] > h->capacity[SB_NODE] || h->hwm[SB_PAGE_K] > h->capacity[SB_PAGE_K])
		return "space bank header disagrees with the store's geometry";
	return NULL;
}

int
dbank_find(const dstore_t *s, dbank_t *b, const char **why)
{
	dprocs_t ps;
	dnode_t d;

	*why = "no process has a space bank header";
	if (dprocs_find(s, &ps) < 0) {
		*why = "out of memory";
		return -1;
	}
	for (uint32_t i = 0; i < ps.n; i++) {
		uint64_t oid = ck_oid_make(CK_OID_KIND_NODE, ps.index[i]);
		if (dstore_node(s, oid, &d) < 0 || !dstore_node_allocated(&d))
			continue;
		b->proc = oid;
		b->space = &d.n->slot[PR_SLOT_SPACE];
		if (dbank_read(s, b, SB_VA_HEADER, &b->h, sizeof b->h) < 0)
			continue;
		const char *w = dbank_header_check(s, &b->h);
		if (!w) {
			dprocs_free(&ps);
			return 0;
		}
		*why = w;
	}
	dprocs_free(&ps);
	return -1;
}

int
dbank_rec(const dstore_t *s, const dbank_t *b, unsigned k, uint32_t idx, struct sb_rec *out)
{
	uint64_t off = (uint64_t)idx * sizeof *out;

	if (k >= SB_KINDS || idx >= b->h.hwm[k] || off + sizeof *out > b->h.mapped[SB_RG_NODEREC + k])
		return -1;
	return dbank_read(s, b, b->h.va[SB_RG_NODEREC + k] + (uint32_t)off, out, sizeof *out);
}

int
dbank_bank(const dstore_t *s, const dbank_t *b, uint32_t id, struct sb_bank *out)
{
	uint64_t off = (uint64_t)id * sizeof *out;

	if (id >= b->h.bank_ids || off + sizeof *out > b->h.mapped[SB_RG_BANKS])
		return -1;
	/* 40-byte banks may straddle a page: read in two parts. */
	uint32_t va = SB_VA_BANKS + (uint32_t)off;
	uint32_t first = CK_BLOCK_SIZE - (va & (CK_BLOCK_SIZE - 1));
	if (first >= sizeof *out)
		return dbank_read(s, b, va, out, sizeof *out);
	if (dbank_read(s, b, va, out, first) < 0)
		return -1;
	return dbank_read(s, b, va + first, (uint8_t *)out + first, sizeof *out - first);
}

int
dbank_obj_state(const dstore_t *s, unsigned k, uint32_t idx, int *allocated, uint32_t *count)
{
	dobj_t o;

	if (dstore_obj(s, ck_oid_make(k == SB_NODE ? CK_OID_KIND_NODE : CK_OID_KIND_PAGE, idx),
		       0, &o) < 0)
		return -1;
	/* A damaged node counts as free; a page as its tag's flag says. */
	*allocated = o.allocated && (k != SB_NODE || !o.bad);
	*count = o.count;
	return 0;
}

const char *
dbank_owner_name(const struct sb_rec *r, char *buf, size_t len)
{
	if (r->flags & SB_RF_RETIRED)
		snprintf(buf, len, "retired");
	else if (r->owner == BANK_ID_FREE)
		snprintf(buf, len, "free");
	else if (r->owner == BANK_ID_SELF)
		snprintf(buf, len, "bank's own");
	else
		snprintf(buf, len, "bank %u", r->owner);
	return buf;
}

/* Whether node n holds a Range capability in one of its slots. */
static int
holds_range(const ck_node_t *n)
{
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		if (cap_type(&n->slot[i]) == CT_RANGE)
			return 1;
	return 0;
}

int
dbank_find_process(const dstore_t *s, uint64_t *proc)
{
	dprocs_t ps;
	dnode_t d, cr;
	int found = -1;

	if (dprocs_find(s, &ps) < 0)
		return -1;
	for (uint32_t i = 0; i < ps.n && found < 0; i++) {
		*proc = ck_oid_make(CK_OID_KIND_NODE, ps.index[i]);
		dstore_node(s, *proc, &d);
		const cap_t *c = &d.n->slot[PR_SLOT_CAPREGS];
		if (cap_type(c) == CT_NODE && dstore_node(s, c->oid, &cr) == 0 &&
		    dstore_node_allocated(&cr) && holds_range(cr.n))
			found = 0;
	}
	dprocs_free(&ps);
	return found;
}

uint32_t
dbank_prefix(const dstore_t *s, unsigned k)
{
	uint32_t n = 0, count;
	int allocated;

	while (dbank_obj_state(s, k, n, &allocated, &count) == 0 && allocated)
		n++;
	return n;
}
