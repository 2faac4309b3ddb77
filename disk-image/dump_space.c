/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_space.c -- walk a process's address space (its Space tree) the
 * way the kernel's page-fault path would (DESIGN.md section 3).
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
 * with its virtual address.
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

/* One capability found at address va in a node of height h (0: root). */
static void
walk_cap(dspace_t *w, const cap_t *c, uint64_t va, unsigned h, int ro)
{
	capinfo_t ci;
	unsigned t = cap_type(c);

	if (t == CT_VOID)
		return;
	ro |= cap_restr(c) & CAP_R_RO;
	if (t != CT_PAGE && t != CT_SPACE) {
		problem(w, va, "not a Space or Page capability", dcap_type_name(t));
		return;
	}
	dcap_eval(w->s, c, &ci);
	if (ci.st != CS_OK) {
		problem(w, va, "capability is not usable", dcap_status_name(ci.st));
		return;
	}
	if (t == CT_PAGE) {
		map_page(w, va, ro);
		return;
	}
	unsigned k = cap_badge(c);
	if (k == 0 || k > SPACE_HEIGHT_MAX || (h && k >= h)) {
		problem(w, va, "bad Space height", 0);
		return;
	}
	walk_node(w, c, va, k, ro);
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
