/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tree.c -- the bank tree: ids, limits, usage, and destroying banks.
 *
 * Banks are records in the bank table (format.h) indexed by id; each
 * names its parent, its first child and its next sibling.  usage[k]
 * counts the objects of a bank *and all its descendants*, so a limit
 * anywhere on the path to the prime bank bounds everything below it:
 * allocating n objects checks and then charges every ancestor, O(depth).
 *
 * Ids are handed out round-robin from next_id.  A destroyed bank's id
 * may be reused; its capabilities may not: destroy revokes them
 * (bankcap.c), so they are Void before the id is free again.
 *
 * Destroy walks the subtree in pre-order through the child/sibling
 * links, which it leaves intact until the end; its cost is the number
 * of banks plus the number of objects they own, nothing else.
 */
#include "spacebank/sb.h"

bool
tree_live(uint32_t id)
{
	return id >= BANK_ID_PRIME && id < sb_h->bank_ids &&
	       (sb_bank(id)->flags & SB_BF_LIVE);
}

/* Is id top or a descendant of top? */
bool
tree_within(uint32_t id, uint32_t top)
{
	if (!tree_live(id))
		return false;
	for (; id; id = sb_bank(id)->parent)
		if (id == top)
			return true;
	return false;
}

int
tree_check_limits(uint32_t id, unsigned k, uint32_t n)
{
	for (; id; id = sb_bank(id)->parent) {
		const struct sb_bank *b = sb_bank(id);
		if (b->usage[k] + (uint64_t)n > b->limit[k])
			return RC_NO_SPACE;
	}
	return RC_OK;
}

void
tree_charge(uint32_t id, unsigned k, int32_t delta)
{
	for (; id; id = sb_bank(id)->parent)
		sb_bank(id)->usage[k] += (uint32_t)delta;
}

void
tree_init_bank(uint32_t id, uint32_t parent)
{
	struct sb_bank *b = sb_bank(id);

	*b = (struct sb_bank){ .parent = (uint16_t)parent, .flags = SB_BF_LIVE,
			       .limit = { BANK_NO_LIMIT, BANK_NO_LIMIT } };
	if (parent >= BANK_ID_PRIME) {
		b->next_sibling = sb_bank(parent)->first_child;
		sb_bank(parent)->first_child = (uint16_t)id;
	}
}

/* A free id, at or after next_id, round-robin; 0 if none. */
static uint32_t
tree_free_id(void)
{
	uint32_t n = BANK_ID_MAX + 1u - (BANK_ID_PRIME + 1u);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = sb_h->next_id + i;
		if (id > BANK_ID_MAX)
			id -= n;
		if (!tree_live(id))
			return id;
	}
	return 0;
}

int
tree_new(uint32_t parent, uint32_t *out)
{
	uint32_t id = tree_free_id();

	if (!id)
		return RC_NO_SPACE;
	while (sb_h->mapped[SB_RG_BANKS] < (id + 1u) * sizeof(struct sb_bank)) {
		int rc = mem_grow(SB_RG_BANKS);
		if (rc != RC_OK)
			return rc;
	}
	if (id >= sb_h->bank_ids)
		sb_h->bank_ids = id + 1u;
	sb_h->next_id = id + 1u > BANK_ID_MAX ? BANK_ID_PRIME + 1u : id + 1u;
	tree_init_bank(id, parent);
	*out = id;
	return RC_OK;
}

/* The bank after id in a pre-order walk of top's subtree; 0 at the end. */
static uint32_t
tree_next(uint32_t id, uint32_t top)
{
	if (sb_bank(id)->first_child)
		return sb_bank(id)->first_child;
	for (; id != top; id = sb_bank(id)->parent)
		if (sb_bank(id)->next_sibling)
			return sb_bank(id)->next_sibling;
	return 0;
}

/* Take id out of its parent's list of children and kill its subtree. */
static void
tree_remove(uint32_t id)
{
	uint16_t *pp = &sb_bank(sb_bank(id)->parent)->first_child;

	while (*pp && *pp != id)        /* bounded: the list ends in 0 */
		pp = &sb_bank(*pp)->next_sibling;
	if (*pp)
		*pp = sb_bank(id)->next_sibling;
	for (uint32_t b = id; b; b = tree_next(b, id)) {
		bankcap_revoke(b);
		sb_bank(b)->flags = 0;
	}
}

/* Destroy: every object of the subtree goes to id's parent. */
void
tree_destroy(uint32_t id)
{
	uint32_t heir = sb_bank(id)->parent;

	for (uint32_t b = id; b; b = tree_next(b, id))
		for (unsigned k = 0; k < SB_KINDS; k++)
			while (sb_bank(b)->head[k])
				rec_move(k, sb_bank(b)->head[k] - 1u, heir);
	tree_remove(id);
}

/* Destroy with space: every object of the subtree is rescinded. */
void
tree_destroy_space(uint32_t id)
{
	struct sb_bank *top = sb_bank(id);

	for (uint32_t b = id; b; b = tree_next(b, id))
		for (unsigned k = 0; k < SB_KINDS; k++)
			while (sb_bank(b)->head[k])
				rec_rescind(k, sb_bank(b)->head[k] - 1u);
	for (unsigned k = 0; k < SB_KINDS; k++)
		tree_charge(top->parent, k, -(int32_t)top->usage[k]);
	tree_remove(id);
}
