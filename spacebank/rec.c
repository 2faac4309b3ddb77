/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rec.c -- object records on their owner's list (format.h).
 *
 * Each owner (a bank, the free list, the bank's own storage) has one
 * doubly linked list per kind, threaded through the records by index
 * + 1, with its head in the owner's struct sb_bank.  Linking and
 * unlinking are O(1), so is moving an object between owners; a bank's
 * objects are found by walking its lists, without looking at anything
 * else in the store.  owned[] counts the list's length.
 */
#include "spacebank/sb.h"

void
rec_link(unsigned k, uint32_t idx, uint32_t owner)
{
	struct sb_bank *b = sb_bank(owner);
	struct sb_rec *r = sb_rec(k, idx);

	r->owner = (uint16_t)owner;
	r->prev = 0;
	r->next = b->head[k];
	if (r->next)
		sb_rec(k, r->next - 1u)->prev = idx + 1u;
	b->head[k] = idx + 1u;
	b->owned[k]++;
}

void
rec_unlink(unsigned k, uint32_t idx)
{
	struct sb_rec *r = sb_rec(k, idx);
	struct sb_bank *b = sb_bank(r->owner);

	if (r->prev)
		sb_rec(k, r->prev - 1u)->next = r->next;
	else
		b->head[k] = r->next;
	if (r->next)
		sb_rec(k, r->next - 1u)->prev = r->prev;
	r->next = r->prev = 0;
	b->owned[k]--;
}

void
rec_move(unsigned k, uint32_t idx, uint32_t owner)
{
	rec_unlink(k, idx);
	rec_link(k, idx, owner);
}

/* Rescind the object through the Range and put it on the free list;
 * one that cannot be rescinded (count at its maximum, a disk error) is
 * retired: kept by BANK_ID_SELF, never handed out again. */
int
rec_rescind(unsigned k, uint32_t idx)
{
	struct sb_rec *r = sb_rec(k, idx);
	int rc = r->count == UINT32_MAX ? RC_NO_SPACE :
		 range_rescind(R_RANGE, SB_KIND(k), idx);

	if (rc != RC_OK) {
		r->flags |= SB_RF_RETIRED;
		rec_move(k, idx, BANK_ID_SELF);
		return rc;
	}
	r->count++;
	rec_move(k, idx, BANK_ID_FREE);
	return RC_OK;
}
