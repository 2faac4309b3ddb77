/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * init.c -- the bank's first start.
 *
 * cairn-mkimage makes the image's objects densely: the n-th node it
 * creates has index n, and every object it makes is marked allocated
 * (docs/map-language.md).  So the image's objects are exactly the
 * allocated prefix of each OID range, and the prime bank adopts them by
 * querying the Range from index 0 until the first free object: the
 * cost is the size of the initial system, not of the store, and the map
 * needs no list of its own objects (which it could get wrong).  An
 * object the store cannot read (damaged: RC_IO_ERROR) does not end the
 * prefix; it is retired (kept by BANK_ID_SELF, never handed out), since
 * nobody can tell whether it was the image's.
 *
 * Then the header page is mapped (the boot copy in .bss moves into it),
 * the bank table is given the free list, our own storage and the prime
 * bank, and the adopted objects get records owned by the prime bank.
 */
#include "spacebank/sb.h"

static uint32_t
init_prefix(unsigned k)
{
	struct range_query q;
	uint32_t n = 0;

	for (; n < sb_h->capacity[k]; n++) {
		int rc = range_query(R_RANGE, SB_KIND(k), n, &q);
		if (rc != RC_IO_ERROR && (rc != RC_OK || !q.allocated))
			break;
	}
	return n;
}

static void
init_header(void)
{
	struct range_info ri = { 0, 0 };

	range_info(R_RANGE, &ri);
	memcpy(sb_h->magic, SB_MAGIC, sizeof sb_h->magic);
	sb_h->version = SB_VERSION;
	sb_h->header_size = sizeof *sb_h;
	sb_h->rec_size = sizeof(struct sb_rec);
	sb_h->bank_size = sizeof(struct sb_bank);
	sb_h->capacity[SB_NODE] = ri.nodes;
	sb_h->capacity[SB_PAGE_K] = ri.pages;
	sb_h->va[SB_RG_BANKS] = SB_VA_BANKS;
	sb_h->va[SB_RG_NODEREC] = SB_VA_NODEREC;
	sb_h->va[SB_RG_PAGEREC] = SB_VA_PAGEREC;
	for (unsigned k = 0; k < SB_KINDS; k++)
		sb_h->adopted[k] = sb_h->hwm[k] = init_prefix(k);
}

/* Records for the image's objects, owned by the prime bank (the
 * damaged ones retired). */
static int
init_adopt(unsigned k)
{
	struct range_query q;

	for (uint32_t idx = 0; idx < sb_h->adopted[k]; idx++) {
		int rc = mem_ensure_rec(k, idx);
		if (rc == RC_OK)
			rc = range_query(R_RANGE, SB_KIND(k), idx, &q);
		if (rc == RC_IO_ERROR) {
			sb_rec(k, idx)->flags = SB_RF_RETIRED;
			rec_link(k, idx, BANK_ID_SELF);
			continue;
		}
		if (rc != RC_OK)
			return rc;
		sb_rec(k, idx)->count = q.count;
		rec_link(k, idx, BANK_ID_PRIME);
	}
	tree_charge(BANK_ID_PRIME, k, (int32_t)sb_bank(BANK_ID_PRIME)->owned[k]);
	return RC_OK;
}

static int
init_tables(void)
{
	int rc = mem_map_header();

	while (rc == RC_OK && sb_h->mapped[SB_RG_BANKS] <
	       (BANK_ID_PRIME + 1u) * sizeof(struct sb_bank))
		rc = mem_grow(SB_RG_BANKS);
	if (rc != RC_OK)
		return rc;
	tree_init_bank(BANK_ID_FREE, 0);
	tree_init_bank(BANK_ID_SELF, 0);
	tree_init_bank(BANK_ID_PRIME, 0);
	sb_h->bank_ids = sb_h->next_id = BANK_ID_PRIME + 1u;
	for (unsigned k = 0; k < SB_KINDS && rc == RC_OK; k++)
		rc = init_adopt(k);
	if (rc == RC_OK)
		rc = bankcap_init();
	return rc == RC_OK ? mem_flush() : rc;
}

void
init_first_start(void)
{
	init_header();
	int rc = init_tables();
	if (rc != RC_OK) {
		printf("spacebank: cannot set up its tables: %s\n", rc_name(rc));
		cairn_exit(1);
	}
	printf("spacebank: store of %u nodes, %u pages; adopted %u nodes, %u pages\n",
	       sb_h->capacity[SB_NODE], sb_h->capacity[SB_PAGE_K],
	       sb_h->adopted[SB_NODE], sb_h->adopted[SB_PAGE_K]);
}
