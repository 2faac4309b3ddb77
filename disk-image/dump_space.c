/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_space.c -- reading a process's address space (DESIGN.md section 3):
 * the rule for one capability met in a Space tree, shared by `proc`'s
 * walk of the whole tree and by space_lookup's walk down one path.
 *
 * A Space capability's badge is the height h of its node, which spans
 * 2^(12+5h) bytes, 2^(12+5(h-1)) per slot; a slot holds a Space of lower
 * height, a Page (mapped at the slot's base), or Void.  Heights strictly
 * decrease, so no walk can loop.
 */
#include "dump.h"

space_step_t
space_step(const dstore_t *s, const cap_t *c, unsigned h)
{
	capinfo_t ci;
	unsigned t = cap_type(c), k;

	if (t == CT_VOID)
		return (space_step_t){ SS_VOID, 0, 0, 0 };
	if (t != CT_PAGE && t != CT_SPACE)
		return (space_step_t){ SS_BAD, 0, "not a Space or Page capability",
				       cap_type_name(t) };
	cap_eval(s, c, &ci);
	if (ci.st != CS_OK)
		return (space_step_t){ SS_BAD, 0, "capability is not usable",
				       cap_status_name(ci.st) };
	if (t == CT_PAGE)
		return (space_step_t){ SS_PAGE, 0, 0, 0 };
	k = cap_badge(c);
	if (k == 0 || k > SPACE_HEIGHT_MAX || (h && k >= h))
		return (space_step_t){ SS_BAD, 0, "bad Space height", 0 };
	return (space_step_t){ SS_SPACE, k, 0, 0 };
}

const cap_t *
space_lookup(const dstore_t *s, const cap_t *root, uint32_t va)
{
	const cap_t *c = root;
	uint64_t base = 0;
	unsigned h = 0;
	dnode_t d;

	for (;;) {
		space_step_t st = space_step(s, c, h);
		if (st.kind == SS_PAGE)
			return (va & ~(uint32_t)(CK_BLOCK_SIZE - 1)) == base ? c : NULL;
		if (st.kind != SS_SPACE || store_node(s, c->oid, &d) < 0 || !d.n)
			return NULL;
		unsigned shift = SPACE_SPAN_SHIFT(st.height - 1);
		uint64_t slot = ((uint64_t)va - base) >> shift;
		if (slot >= CK_NODE_SLOTS)
			return NULL;    /* beyond this node's span */
		base += slot << shift;
		c = &d.n->slot[slot];
		h = st.height;
	}
}
