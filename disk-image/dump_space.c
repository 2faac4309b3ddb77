/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_space.c -- walk a process's address space (its Space tree) the
 * way the kernel's page-fault path would (docs/design.md section 3).
 *
 * A Space capability's badge is the height h of its node, which spans
 * 2^(12+5h) bytes, 2^(12+5(h-1)) per slot; a slot holds a Space of lower
 * height, a Page (mapped at the slot's base), or Void.  Read-only on any
 * capability along the way makes the pages below it read-only.  Heights
 * strictly decrease, so the walk cannot loop; a shared subtree is walked
 * once per reference, and the whole walk stops after WALK_BUDGET nodes so
 * a hostile tree of shared nodes stays cheap.  The result is the mapped
 * pages as runs of contiguous pages with equal access, and the problems
 * (a bad height, a capability of another type, one that is not ok), each
 * with its virtual address.  dspace_lookup follows one path down to the
 * page mapped at an address (the space bank's tables are read so).
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

#define WALK_BUDGET 4096u

static void
problem(dspace_t *w, uint64_t va, const char *what, const char *detail)
{
	if (w->nprob < DSPACE_PROBLEMS)
		snprintf(w->prob[w->nprob], sizeof w->prob[0], "0x%08llx: %s%s%s",
			 (unsigned long long)va, what, detail ? ": " : "", detail ? detail : "");
	w->nprob++;
}

static void
map_page(dspace_t *w, uint64_t va, int ro)
{
	drun_t *last = w->nruns ? &w->runs[w->nruns - 1] : 0;

	w->pages++;
	w->ro_pages += ro != 0;
	if (last && last->end == va && last->ro == ro) {
		last->end += CK_BLOCK_SIZE;
		return;
	}
	if (w->nruns == w->cap) {
		uint32_t nc = w->cap ? w->cap * 2 : 16;
		drun_t *r = realloc(w->runs, nc * sizeof *r);
		if (!r) {
			problem(w, va, "out of memory", 0);
			return;
		}
		w->runs = r;
		w->cap = nc;
	}
	w->runs[w->nruns++] = (drun_t){ va, va + CK_BLOCK_SIZE, ro };
}

static void walk_node(dspace_t *w, const cap_t *c, uint64_t base, unsigned h, int ro);

/* How capability c, met in a node of height h (0: the root slot), is
 * taken: the one rule shared by the walk and by dspace_lookup. */
dspace_step_t
dspace_step(const dstore_t *s, const cap_t *c, unsigned h)
{
	capinfo_t ci;
	unsigned t = cap_type(c), k;

	if (t == CT_VOID)
		return (dspace_step_t){ DSS_VOID, 0, 0, 0 };
	if (t != CT_PAGE && t != CT_SPACE)
		return (dspace_step_t){ DSS_BAD, 0, "not a Space or Page capability",
					dcap_type_name(t) };
	dcap_eval(s, c, &ci);
	if (ci.st != CS_OK)
		return (dspace_step_t){ DSS_BAD, 0, "capability is not usable",
					dcap_status_name(ci.st) };
	if (t == CT_PAGE)
		return (dspace_step_t){ DSS_PAGE, 0, 0, 0 };
	k = cap_badge(c);
	if (k == 0 || k > SPACE_HEIGHT_MAX || (h && k >= h))
		return (dspace_step_t){ DSS_BAD, 0, "bad Space height", 0 };
	return (dspace_step_t){ DSS_SPACE, k, 0, 0 };
}

/* One capability found at address va in a node of height h (0: root). */
static void
walk_cap(dspace_t *w, const cap_t *c, uint64_t va, unsigned h, int ro)
{
	dspace_step_t st = dspace_step(w->s, c, h);

	ro |= cap_restr(c) & CAP_R_RO;
	if (st.kind == DSS_BAD)
		problem(w, va, st.why, st.detail);
	else if (st.kind == DSS_PAGE)
		map_page(w, va, ro);
	else if (st.kind == DSS_SPACE)
		walk_node(w, c, va, st.height, ro);
}

static void
walk_node(dspace_t *w, const cap_t *c, uint64_t base, unsigned h, int ro)
{
	dnode_t d;

	if (w->nodes >= WALK_BUDGET) {
		if (w->nodes++ == WALK_BUDGET)
			problem(w, base, "walk stopped: too many Space nodes", 0);
		return;
	}
	w->nodes++;
	dstore_node(w->s, c->oid, &d);
	uint64_t span = 1ull << SPACE_SPAN_SHIFT(h - 1);
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		walk_cap(w, &d.n->slot[i], base + i * span, h, ro);
}

void
dspace_walk(dspace_t *w, const dstore_t *s, const cap_t *root)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	walk_cap(w, root, 0, 0, 0);
}

void
dspace_free(dspace_t *w)
{
	free(w->runs);
	w->runs = 0;
	w->nruns = w->cap = 0;
}

/* Down one path: at most SPACE_HEIGHT_MAX + 1 steps, heights decrease. */
const cap_t *
dspace_lookup(const dstore_t *s, const cap_t *root, uint32_t va)
{
	const cap_t *c = root;
	uint64_t base = 0;
	unsigned h = 0;
	dnode_t d;

	for (;;) {
		dspace_step_t st = dspace_step(s, c, h);
		if (st.kind == DSS_PAGE)
			return (va & ~(uint32_t)(CK_BLOCK_SIZE - 1)) == base ? c : NULL;
		if (st.kind != DSS_SPACE || dstore_node(s, c->oid, &d) < 0 || !d.n)
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
