/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mem.c -- where the bank's tables live, and where objects come from.
 *
 * Objects are taken from the free list (objects freed before; their
 * records exist) or else at the high-water mark hwm[k] (never used
 * since the store was made).  An object taken for a bank goes straight
 * onto that bank's list (one list move from the free list); the caller
 * charges the bank's usage once every object of the request is made.
 *
 * The tables of format.h grow a page at a time: a page is taken, made
 * with the Range, and put into our own Space tree (aspace_map, with
 * Space nodes taken the same way).  That growth itself takes objects at
 * hwm whose records may lie in a page not yet mapped, so objects taken
 * at hwm are first put on a short *pending* list and get their records
 * in mem_flush, which grows the record tables as needed; each growth
 * maps 256 records and takes at most 4 objects, so it ends.  If the
 * store is full mid-way, pending objects stay pending (this list is in
 * our persistent memory) and the next flush retries.
 *
 * A damaged object (the store cannot read it: RC_IO_ERROR) is retired
 * when a take or a create meets it -- kept by BANK_ID_SELF, never
 * handed out -- and the next object is taken: one bad object in the
 * store costs the requests that need that object, not every allocation
 * after it reaches the head of the free list or the high-water mark.
 *
 * Costs: a take is O(1); a growth is about 4 + 5 * (new Space nodes)
 * kernel calls, once per 256 records (4 KiB of table).
 */
#include "spacebank/sb.h"
#include "cairn/aspace.h"

static struct sb_header sb_boot;
struct sb_header *sb_h = &sb_boot;

#define MEM_PENDING_MAX 32u

static struct mem_pending {
	uint32_t k, idx, count, flags;
} mem_pend[MEM_PENDING_MAX];
static unsigned mem_npend;

static const uint32_t mem_limit[SB_REGIONS] = {
	[SB_RG_BANKS] = SB_VA_BANKS + SB_BANK_IDS * sizeof(struct sb_bank),
	[SB_RG_NODEREC] = SB_VA_PAGEREC,
	[SB_RG_PAGEREC] = SB_VA_END,
};

bool
mem_rec_mapped(unsigned k, uint32_t idx)
{
	return (uint64_t)(idx + 1u) * sizeof(struct sb_rec) <= sb_h->mapped[SB_RG_NODEREC + k];
}

/* An object at hwm: learn its count, note it pending.  One allocated
 * by someone we never knew of, or damaged, is kept out of use. */
static struct mem_ret
mem_take_fresh(unsigned k)
{
	struct range_query q = { 0, 0 };

	for (;;) {
		uint32_t idx = sb_h->hwm[k];
		if (idx >= sb_h->capacity[k] || mem_npend == MEM_PENDING_MAX)
			return (struct mem_ret){ 0, RC_NO_SPACE };
		int rc = range_query(R_RANGE, SB_KIND(k), idx, &q);
		if (rc != RC_OK && rc != RC_IO_ERROR)
			return (struct mem_ret){ 0, rc };
		bool usable = rc == RC_OK && !q.allocated;
		sb_h->hwm[k]++;
		mem_pend[mem_npend++] = (struct mem_pending){
			k, idx, rc == RC_OK ? q.count : 0, usable ? 0 : SB_RF_RETIRED };
		if (usable)
			return (struct mem_ret){ idx, RC_OK };
	}
}

/* Take an object for owner (from the free list: one list move), or
 * one at hwm without writing a new record yet (the caller moves it to
 * owner after mem_flush). */
static struct mem_ret
mem_take_raw(unsigned k, uint32_t owner)
{
	uint32_t head = sb_h->mapped[SB_RG_BANKS] ? sb_bank(BANK_ID_FREE)->head[k] : 0;

	if (!head)
		return mem_take_fresh(k);
	rec_move(k, head - 1u, owner);
	return (struct mem_ret){ head - 1u, RC_OK };
}

static int
mem_new_node(void *ctx, capreg_t to)
{
	(void)ctx;
	struct mem_ret r = mem_take_raw(SB_NODE, BANK_ID_SELF);
	if (r.rc != RC_OK)
		return r.rc;
	return range_create(R_RANGE, BANK_KIND_NODE, r.idx, to);
}

static int
mem_map_page(uint32_t va)
{
	static const struct aspace as = {
		R_SPACE, SB_SPACE_HEIGHT, { R_TMP0, R_TMP0 + 1 }, mem_new_node, NULL };
	struct mem_ret r = mem_take_raw(SB_PAGE_K, BANK_ID_SELF);
	int rc = r.rc;

	if (rc == RC_OK)
		rc = range_create(R_RANGE, BANK_KIND_PAGE, r.idx, R_TMP2);
	if (rc == RC_OK)
		rc = aspace_map(&as, va, R_TMP2);
	return rc;
}

int
mem_grow(unsigned rg)
{
	uint32_t va = sb_h->va[rg] + sb_h->mapped[rg];

	if (va >= mem_limit[rg])
		return RC_NO_SPACE;
	int rc = mem_map_page(va);
	if (rc == RC_OK)
		sb_h->mapped[rg] += SB_PAGE;
	return rc;
}

/* First start: map the header page and move the boot copy into it. */
int
mem_map_header(void)
{
	int rc = mem_map_page(SB_VA_HEADER);

	if (rc != RC_OK)
		return rc;
	memcpy((void *)SB_VA_HEADER, &sb_boot, sizeof sb_boot);
	sb_h = (struct sb_header *)SB_VA_HEADER;
	return RC_OK;
}

int
mem_ensure_rec(unsigned k, uint32_t idx)
{
	while (!mem_rec_mapped(k, idx)) {
		int rc = mem_grow(SB_RG_NODEREC + k);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* Give every pending object its record, owned by BANK_ID_SELF. */
int
mem_flush(void)
{
	while (mem_npend) {
		struct mem_pending p = mem_pend[mem_npend - 1u];
		if (!mem_rec_mapped(p.k, p.idx)) {
			int rc = mem_grow(SB_RG_NODEREC + p.k);
			if (rc != RC_OK)
				return rc;
			continue;
		}
		mem_npend--;
		struct sb_rec *r = sb_rec(p.k, p.idx);
		r->count = p.count;
		r->flags = (uint16_t)p.flags;
		rec_link(p.k, p.idx, BANK_ID_SELF);
	}
	return RC_OK;
}

/* Take an object, owned by owner (on its list, counted in its owned[];
 * the caller charges the usage). */
static struct mem_ret
mem_take(unsigned k, uint32_t owner)
{
	bool fresh = !sb_h->mapped[SB_RG_BANKS] || !sb_bank(BANK_ID_FREE)->head[k];
	struct mem_ret r = mem_take_raw(k, owner);

	if (r.rc == RC_OK)
		r.rc = mem_flush();
	if (r.rc == RC_OK && fresh && owner != BANK_ID_SELF)
		rec_move(k, r.idx, owner);
	return r;
}

/* Take an object for owner and create a capability to it in register
 * to (or, with slot other than MEM_TO_REG, into that slot of the node
 * in register to).  If the create fails the object goes back to the
 * free list; a damaged one is retired and the next one taken (MEM_TRIES
 * at most, so a store full of damage fails the request rather than
 * loop). */
#define MEM_TRIES 16u

struct mem_ret
mem_make(unsigned k, uint32_t owner, capreg_t to, uint32_t slot)
{
	for (unsigned i = 0; i < MEM_TRIES; i++) {
		struct mem_ret r = mem_take(k, owner);
		if (r.rc != RC_OK)
			return r;
		r.rc = slot == MEM_TO_REG ? range_create(R_RANGE, SB_KIND(k), r.idx, to) :
		       range_create_into(R_RANGE, SB_KIND(k), r.idx, to, slot);
		if (r.rc != RC_IO_ERROR) {
			if (r.rc != RC_OK)
				rec_move(k, r.idx, BANK_ID_FREE);
			return r;
		}
		rec_retire(k, r.idx);
	}
	return (struct mem_ret){ 0, RC_IO_ERROR };
}
