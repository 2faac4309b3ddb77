/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_proc.c -- `proc OID`: a process root node decoded by
 * kernel/abi/process.h: run state and fault, schedule, registers, the
 * special slots, the address space, and the capability registers.
 *
 * The address space is summarised by walking the Space tree from slot 0
 * the way the kernel's page-fault path would (space_step in
 * dump_space.c says how each capability is taken).  Read-only on any
 * capability along the way makes the pages below it read-only.  A shared subtree is
 * walked once per reference, and the whole walk stops after WALK_BUDGET
 * nodes so a hostile tree of shared nodes stays cheap.  Mappings are
 * printed as runs of contiguous pages with equal access.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

#define WALK_BUDGET 4096u
#define WALK_PROBLEMS 16

typedef struct run {
	uint64_t start, end;
	int ro;
} run_t;

typedef struct spacewalk {
	const dstore_t *s;
	uint32_t nodes, pages, ro_pages, budget;
	run_t *runs;
	uint32_t nruns, cap;
	char prob[WALK_PROBLEMS][112];
	uint32_t nprob;
} spacewalk_t;

static void
problem(spacewalk_t *w, uint64_t va, const char *what, const char *detail)
{
	if (w->nprob < WALK_PROBLEMS)
		snprintf(w->prob[w->nprob], sizeof w->prob[0], "0x%08llx: %s%s%s",
			 (unsigned long long)va, what, detail ? ": " : "", detail ? detail : "");
	w->nprob++;
}

static void
map_page(spacewalk_t *w, uint64_t va, int ro)
{
	run_t *last = w->nruns ? &w->runs[w->nruns - 1] : 0;

	w->pages++;
	w->ro_pages += ro != 0;
	if (last && last->end == va && last->ro == ro) {
		last->end += CK_BLOCK_SIZE;
		return;
	}
	if (w->nruns == w->cap) {
		uint32_t nc = w->cap ? w->cap * 2 : 16;
		run_t *r = realloc(w->runs, nc * sizeof *r);
		if (!r) {
			problem(w, va, "out of memory", 0);
			return;
		}
		w->runs = r;
		w->cap = nc;
	}
	w->runs[w->nruns++] = (run_t){ va, va + CK_BLOCK_SIZE, ro };
}

static void walk_node(spacewalk_t *w, const cap_t *c, uint64_t base, unsigned h, int ro);

/* One capability found at address va in a node of height h (0: root). */
static void
walk_cap(spacewalk_t *w, const cap_t *c, uint64_t va, unsigned h, int ro)
{
	space_step_t st = space_step(w->s, c, h);

	ro |= cap_restr(c) & CAP_R_RO;
	if (st.kind == SS_BAD)
		problem(w, va, st.why, st.detail);
	else if (st.kind == SS_PAGE)
		map_page(w, va, ro);
	else if (st.kind == SS_SPACE)
		walk_node(w, c, va, st.height, ro);
}

static void
walk_node(spacewalk_t *w, const cap_t *c, uint64_t base, unsigned h, int ro)
{
	dnode_t d;

	if (w->nodes >= w->budget) {
		if (w->nodes++ == w->budget)
			problem(w, base, "walk stopped: too many Space nodes", 0);
		return;
	}
	w->nodes++;
	store_node(w->s, c->oid, &d);
	uint64_t span = 1ull << SPACE_SPAN_SHIFT(h - 1);
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		walk_cap(w, &d.n->slot[i], base + i * span, h, ro);
}

static void
out_space(dout_t *o, const dstore_t *s, const cap_t *root)
{
	static const char *const cols[] = { "start", "end", "pages", "access", 0 };
	spacewalk_t w;

	memset(&w, 0, sizeof w);
	w.s = s;
	w.budget = WALK_BUDGET;
	walk_cap(&w, root, 0, 0, 0);
	out_section(o, "space");
	out_str(o, "root", cap_type_name(cap_type(root)));
	out_u64(o, "height", cap_type(root) == CT_SPACE ? cap_badge(root) : 0);
	out_u64(o, "space_nodes", w.nodes);
	out_u64(o, "pages", w.pages);
	out_u64(o, "read_only_pages", w.ro_pages);
	out_u64(o, "problems", w.nprob);
	out_table(o, "mappings", cols);
	for (uint32_t i = 0; i < w.nruns; i++) {
		out_row(o);
		out_fmt(o, "start", "0x%08llx", (unsigned long long)w.runs[i].start);
		out_fmt(o, "end", "0x%08llx", (unsigned long long)w.runs[i].end);
		out_u64(o, "pages", (w.runs[i].end - w.runs[i].start) / CK_BLOCK_SIZE);
		out_str(o, "access", w.runs[i].ro ? "ro" : "rw");
		out_row_end(o);
	}
	out_table_end(o);
	out_table(o, "problem_list", (const char *const[]){ "problem", 0 });
	for (uint32_t i = 0; i < w.nprob && i < WALK_PROBLEMS; i++) {
		out_row(o);
		out_str(o, "problem", w.prob[i]);
		out_row_end(o);
	}
	out_table_end(o);
	out_section_end(o);
	free(w.runs);
}

static void
out_state(dout_t *o, const cap_t *sl)
{
	static const char *const states[] = { "halted", "running", "available",
					      "waiting", "faulted" };
	static const char *const faults[] = { "none", "page-not-present",
		"page-read-only", "exception", "bad-space" };
	unsigned st = cap_num(&sl[PR_SLOT_STATE], 0), f = cap_num(&sl[PR_SLOT_STATE], 1);

	out_section(o, "state");
	out_str(o, "run_state", st < PRS_COUNT ? states[st] : "unknown");
	out_u64(o, "run_state_code", st);
	out_str(o, "fault", f < PF_COUNT ? faults[f] : "unknown");
	out_fmt(o, "fault_address", "0x%08x", cap_num(&sl[PR_SLOT_STATE], 2));
	out_u64(o, "priority", cap_num(&sl[PR_SLOT_SCHED], 0));
	out_u64(o, "time_slice", cap_num(&sl[PR_SLOT_SCHED], 1));
	out_fmt(o, "receive_spec", "0x%08x", cap_num(&sl[PR_SLOT_RECV], 0));
	out_fmt(o, "receive_buffer", "0x%08x", cap_num(&sl[PR_SLOT_RECV], 1));
	out_u64(o, "receive_length", cap_num(&sl[PR_SLOT_RECV], 2));
	out_section_end(o);
}

static void
out_regs(dout_t *o, const cap_t *sl)
{
	static const char *const names[] = { "eax", "ebx", "ecx", "edx", "esi", "edi",
					     "ebp", "esp", "eip", "eflags" };

	out_section(o, "registers");
	for (unsigned i = 0; i < 10; i++)
		out_fmt(o, names[i], "0x%08x", cap_num(&sl[PR_SLOT_REGS0 + i / 3], i % 3));
	out_section_end(o);
}

static void
out_special(dout_t *o, const dstore_t *s, const cap_t *sl)
{
	static const char *const cols[] = { "name", "slot", "type", "restr", "badge",
					    "target", "count", "status", 0 };
	static const struct { const char *name; unsigned slot; } sp[] = {
		{ "space", PR_SLOT_SPACE }, { "keeper", PR_SLOT_KEEPER },
		{ "capregs", PR_SLOT_CAPREGS }, { "brand", PR_SLOT_BRAND },
		{ "annex", PR_SLOT_ANNEX },
	};

	out_table(o, "special", cols);
	for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++) {
		out_row(o);
		out_str(o, "name", sp[i].name);
		out_u64(o, "slot", sp[i].slot);
		out_cap_fields(o, s, &sl[sp[i].slot]);
		out_row_end(o);
	}
	out_table_end(o);
}

static void
out_capregs(dout_t *o, const dstore_t *s, const cap_t *c)
{
	capinfo_t ci;
	dnode_t d;

	cap_eval(s, c, &ci);
	if (cap_type(c) != CT_NODE || ci.st != CS_OK) {
		out_text(o, "# capability registers: none usable (%s %s)\n",
			 cap_type_name(cap_type(c)), cap_status_name(ci.st));
		return;
	}
	store_node(s, c->oid, &d);
	out_oid(o, "capregs_node", c->oid);
	out_slots(o, s, "capregs", d.n);
}

int
cmd_proc(dctx_t *c, int argc, char **argv)
{
	uint64_t oid;
	dnode_t d;

	(void)argc;
	if (oid_parse(argv[0], &oid) < 0 || store_node(c->s, oid, &d) < 0)
		return dump_fail(DS_USAGE, "proc: '%s' is not a node OID in range", argv[0]);
	if (!dnode_allocated(&d))
		return dump_fail(DS_OPERR, "proc %s: node is %s", argv[0],
				 d.bad ? d.bad : "not allocated");
	dout_t *o = c->o;
	const cap_t *sl = d.n->slot;
	out_begin(o, "proc");
	out_node_header(o, &d, oid);
	out_bool(o, "process_shape", procs_shape(d.n));
	out_state(o, sl);
	out_regs(o, sl);
	out_special(o, c->s, sl);
	out_space(o, c->s, &sl[PR_SLOT_SPACE]);
	out_capregs(o, c->s, &sl[PR_SLOT_CAPREGS]);
	out_end(o);
	return 0;
}
