/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rec.c -- object records on their owner's list (format.h).
 *
 * Each owner (a bank, the free list, the bank's own storage) has one
 * doubly linked list per kind, threaded through the records by index
 * + 1, with its head in the owner's struct sb_bank.  Linking and
 * unlinking are O(1), so is moving an object between owners; a bank's
 * objects are found by walking its lists, without looking at anything
 * else in the store.  owned[] counts the list's length.  A record with
 * SB_RF_FWD (a bank capability's forwarder node, bankcap.c) is on its
 * bank's fwd list instead, counted by nfwd: the flag picks the list, so
 * it must be set before the record is linked and kept until it is
 * unlinked.
 */
#include "spacebank/sb.h"

struct rec_list {
	uint32_t *head, *len;
};

static struct rec_list
rec_list_of(unsigned k, const struct sb_rec *r, uint32_t owner)
{
	struct sb_bank *b = sb_bank(owner);

	if (r->flags & SB_RF_FWD)
		return (struct rec_list){ &b->fwd, &b->nfwd };
	return (struct rec_list){ &b->head[k], &b->owned[k] };
}

void
rec_link(unsigned k, uint32_t idx, uint32_t owner)
{
	struct sb_rec *r = sb_rec(k, idx);
	struct rec_list l = rec_list_of(k, r, owner);

	r->owner = (uint16_t)owner;
	r->prev = 0;
	r->next = *l.head;
	if (r->next)
		sb_rec(k, r->next - 1u)->prev = idx + 1u;
	*l.head = idx + 1u;
	(*l.len)++;
}

void
rec_unlink(unsigned k, uint32_t idx)
{
	struct sb_rec *r = sb_rec(k, idx);
	struct rec_list l = rec_list_of(k, r, r->owner);

	if (r->prev)
		sb_rec(k, r->prev - 1u)->next = r->next;
	else
		*l.head = r->next;
	if (r->next)
		sb_rec(k, r->next - 1u)->prev = r->prev;
	r->next = r->prev = 0;
	(*l.len)--;
}

void
rec_move(unsigned k, uint32_t idx, uint32_t owner)
{
	rec_unlink(k, idx);
	rec_link(k, idx, owner);
}

/* Retire the object: kept by BANK_ID_SELF, never handed out again. */
void
rec_retire(unsigned k, uint32_t idx)
{
	rec_unlink(k, idx);
	sb_rec(k, idx)->flags = SB_RF_RETIRED;
	rec_link(k, idx, BANK_ID_SELF);
}

/* Rescind the object through the Range and put it on the free list;
 * one that cannot be rescinded (count at its maximum, a disk error) is
 * retired. */
int
rec_rescind(unsigned k, uint32_t idx)
{
	struct sb_rec *r = sb_rec(k, idx);
	int rc = r->count == UINT32_MAX ? RC_NO_SPACE :
		 range_rescind(R_RANGE, SB_KIND(k), idx);

	if (rc != RC_OK) {
		rec_retire(k, idx);
		return rc;
	}
	r->count++;
	rec_unlink(k, idx);
	r->flags = 0;
	rec_link(k, idx, BANK_ID_FREE);
	return RC_OK;
}
