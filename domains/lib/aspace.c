/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * aspace.c -- put a page into a Space tree (cairn/aspace.h).
 *
 * The walk goes from the root down, one node per height, reading each
 * slot on the path into a scratch register (the two alternate, so the
 * node being read from is never overwritten).  An empty slot gets a
 * fresh node from the callback, made into a Space capability of the
 * next height and written into the slot.  Cost: at most 2 kernel calls
 * per level for an existing path, 5 for a new node.
 */
#include "cairn/aspace.h"
#include "cairn/kobj.h"

/* Read slot into reg, creating a Space node of height h there if empty. */
static int
aspace_step(const struct aspace *as, capreg_t from, unsigned slot,
	    unsigned h, capreg_t reg)
{
	struct node_info info;
	int rc = node_read(from, slot, reg);

	if (rc != RC_OK)
		return rc;
	rc = node_info(reg, &info);
	if (rc != RC_VOID)
		return rc;
	rc = as->new_node(as->ctx, reg);
	if (rc == RC_OK)
		rc = node_make(reg, CT_SPACE, h, reg);
	if (rc == RC_OK)
		rc = node_write(from, slot, reg);
	return rc;
}

int
aspace_map(const struct aspace *as, uint32_t va, capreg_t page)
{
	capreg_t cur = as->root;

	if (as->height < 1 || as->height > SPACE_HEIGHT_MAX || (va & 0xfffu))
		return RC_BAD_ARG;
	for (unsigned h = as->height; h > 1; h--) {
		unsigned slot = (va >> SPACE_SPAN_SHIFT(h - 1)) & 31u;
		capreg_t next = as->tmp[h & 1u];
		int rc = aspace_step(as, cur, slot, h - 1, next);
		if (rc != RC_OK)
			return rc;
		cur = next;
	}
	return node_write(cur, (va >> 12) & 31u, page);
}
