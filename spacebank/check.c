/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check.c -- the bank's consistency checker (OC_BANK_CHECK), the
 * in-guest twin of cairn-dump's bank pass:
 *
 *   - every record below the high-water mark agrees with its object as
 *     the Range reports it: owned by a live bank (or SELF) <=> allocated,
 *     and the same allocation count (retired records are skipped);
 *   - every owner's list is as long as its owned[] count, and every
 *     record on it names that owner; so is each bank's list of its
 *     capabilities' forwarders (nfwd; each record SB_RF_FWD); the lists
 *     add up to the mark;
 *   - each live bank's usage is its own objects plus its children's usage.
 *
 * An object the store cannot read (RC_IO_ERROR: damaged on disk) is not
 * a fault of the tables: it is counted apart, in check_unreadable.
 *
 * Cost: O(objects below the mark + banks), one Range query per object:
 * a test and debugging aid, not something to call often.
 */
#include "spacebank/sb.h"

uint32_t check_unreadable;

static uint32_t
check_records(unsigned k)
{
	struct range_query q;
	uint32_t bad = 0;

	for (uint32_t idx = 0; idx < sb_h->hwm[k]; idx++) {
		const struct sb_rec *r = sb_rec(k, idx);
		if (r->flags & SB_RF_RETIRED)
			continue;
		int rc = range_query(R_RANGE, SB_KIND(k), idx, &q);
		if (rc == RC_IO_ERROR) {
			check_unreadable++;
			continue;
		}
		if (rc != RC_OK ||
		    (q.allocated != 0) != (r->owner != BANK_ID_FREE) || q.count != r->count ||
		    (r->owner >= BANK_ID_PRIME && !tree_live(r->owner)))
			bad++;
	}
	return bad;
}

static bool
check_owner(uint32_t id)
{
	return id < BANK_ID_PRIME || tree_live(id);
}

/* One list: its length against len, each record's owner and whether
 * it is a forwarder; returns the problems, adds the length to *sum. */
static uint32_t
check_list(unsigned k, uint32_t id, uint32_t head, uint32_t len, uint32_t fwd, uint64_t *sum)
{
	uint32_t n = 0, bad = 0;

	for (uint32_t i = head; i && n <= sb_h->hwm[k]; i = sb_rec(k, i - 1u)->next, n++)
		bad += sb_rec(k, i - 1u)->owner != id ||
		       (sb_rec(k, i - 1u)->flags & SB_RF_FWD) != fwd;
	*sum += n;
	return bad + (n != len);
}

static uint32_t
check_lists(unsigned k, uint32_t id, uint64_t *sum)
{
	const struct sb_bank *b = sb_bank(id);
	uint32_t bad = check_list(k, id, b->head[k], b->owned[k], 0, sum);

	if (k == SB_NODE)
		bad += check_list(k, id, b->fwd, b->nfwd, SB_RF_FWD, sum);
	return bad;
}

static uint32_t
check_usage(uint32_t id, unsigned k)
{
	const struct sb_bank *b = sb_bank(id);
	uint64_t want = b->owned[k];

	for (uint32_t c = b->first_child; c; c = sb_bank(c)->next_sibling)
		want += sb_bank(c)->usage[k];
	return want != b->usage[k];
}

uint32_t
check_all(void)
{
	uint32_t bad = 0;

	check_unreadable = 0;
	for (unsigned k = 0; k < SB_KINDS; k++) {
		uint64_t sum = 0;
		bad += check_records(k);
		for (uint32_t id = 0; id < sb_h->bank_ids; id++) {
			if (!check_owner(id))
				continue;
			bad += check_lists(k, id, &sum);
			if (id >= BANK_ID_PRIME)
				bad += check_usage(id, k);
		}
		bad += sum != sb_h->hwm[k];
	}
	return bad;
}
