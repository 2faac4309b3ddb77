/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_proc.c -- `proc OID`: a process root node decoded by
 * kernel/abi/process.h: run state and fault, schedule, registers, the
 * special slots, the address space (walked by dump_space.c, printed as
 * runs of contiguous pages with equal access), and the capability
 * registers.
 */
#include <string.h>
#include "dump.h"

static void
show_space(dout_t *o, const dstore_t *s, const cap_t *root)
{
	static const char *const cols[] = { "start", "end", "pages", "access", 0 };
	dspace_t w;

	dspace_walk(&w, s, root);
	dout_section(o, "space");
	dout_str(o, "root", dcap_type_name(cap_type(root)));
	dout_u64(o, "height", cap_type(root) == CT_SPACE ? cap_badge(root) : 0);
	dout_u64(o, "space_nodes", w.nodes);
	dout_u64(o, "pages", w.pages);
	dout_u64(o, "read_only_pages", w.ro_pages);
	dout_u64(o, "problems", w.nprob);
	dout_table(o, "mappings", cols);
	for (uint32_t i = 0; i < w.nruns; i++) {
		dout_row(o);
		dout_fmt(o, "start", "0x%08llx", (unsigned long long)w.runs[i].start);
		dout_fmt(o, "end", "0x%08llx", (unsigned long long)w.runs[i].end);
		dout_u64(o, "pages", (w.runs[i].end - w.runs[i].start) / CK_BLOCK_SIZE);
		dout_str(o, "access", w.runs[i].ro ? "ro" : "rw");
		dout_row_end(o);
	}
	dout_table_end(o);
	dout_table(o, "problem_list", (const char *const[]){ "problem", 0 });
	for (uint32_t i = 0; i < w.nprob && i < DSPACE_PROBLEMS; i++) {
		dout_row(o);
		dout_str(o, "problem", w.prob[i]);
		dout_row_end(o);
	}
	dout_table_end(o);
	dout_section_end(o);
	dspace_free(&w);
}

static void
show_state(dout_t *o, const cap_t *sl)
{
	static const char *const states[] = { "halted", "running", "available",
					      "waiting", "faulted" };
	static const char *const faults[] = { "none", "page-not-present",
		"page-read-only", "exception", "bad-space" };
	unsigned st = cap_num(&sl[PR_SLOT_STATE], 0), f = cap_num(&sl[PR_SLOT_STATE], 1);

	dout_section(o, "state");
	dout_str(o, "run_state", st < PRS_COUNT ? states[st] : "unknown");
	dout_u64(o, "run_state_code", st);
	dout_str(o, "fault", f < PF_COUNT ? faults[f] : "unknown");
	dout_fmt(o, "fault_address", "0x%08x", cap_num(&sl[PR_SLOT_STATE], 2));
	dout_u64(o, "priority", cap_num(&sl[PR_SLOT_SCHED], 0));
	dout_u64(o, "time_slice", cap_num(&sl[PR_SLOT_SCHED], 1));
	dout_fmt(o, "receive_spec", "0x%08x", cap_num(&sl[PR_SLOT_RECV], 0));
	dout_fmt(o, "receive_buffer", "0x%08x", cap_num(&sl[PR_SLOT_RECV], 1));
	dout_u64(o, "receive_length", cap_num(&sl[PR_SLOT_RECV], 2));
	dout_section_end(o);
}

static void
show_regs(dout_t *o, const cap_t *sl)
{
	static const char *const names[] = { "eax", "ebx", "ecx", "edx", "esi", "edi",
					     "ebp", "esp", "eip", "eflags" };

	dout_section(o, "registers");
	for (unsigned i = 0; i < 10; i++)
		dout_fmt(o, names[i], "0x%08x", cap_num(&sl[PR_SLOT_REGS0 + i / 3], i % 3));
	dout_section_end(o);
}

static void
show_special(dout_t *o, const dstore_t *s, const cap_t *sl)
{
	static const char *const cols[] = { "name", "slot", "type", "restr", "badge",
					    "target", "count", "status", "target_name", 0 };
	static const struct { const char *name; unsigned slot; } sp[] = {
		{ "space", PR_SLOT_SPACE }, { "keeper", PR_SLOT_KEEPER },
		{ "capregs", PR_SLOT_CAPREGS }, { "brand", PR_SLOT_BRAND },
		{ "annex", PR_SLOT_ANNEX },
	};

	dout_table(o, "special", cols);
	for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++) {
		dout_row(o);
		dout_str(o, "name", sp[i].name);
		dout_u64(o, "slot", sp[i].slot);
		dout_cap_fields(o, s, &sl[sp[i].slot]);
		dout_row_end(o);
	}
	dout_table_end(o);
}

static void
show_capregs(dout_t *o, const dstore_t *s, const cap_t *c)
{
	capinfo_t ci;
	dnode_t d;

	dcap_eval(s, c, &ci);
	if (cap_type(c) != CT_NODE || ci.st != CS_OK) {
		dout_text(o, "# capability registers: none usable (%s %s)\n",
			 dcap_type_name(cap_type(c)), dcap_status_name(ci.st));
		return;
	}
	dstore_node(s, c->oid, &d);
	dout_oid(o, "capregs_node", c->oid);
	dcmd_slots(o, s, "capregs", d.n);
}

int
dcmd_proc(dctx_t *c, int argc, char **argv)
{
	uint64_t oid;
	dnode_t d;

	(void)argc;
	int st = dump_object_arg(c, "proc", argv[0], CK_OID_KIND_NODE, &oid);
	if (st)
		return st;
	if (dstore_node(c->s, oid, &d) < 0)
		return dump_fail(DS_USAGE, "proc: '%s' is not a node in range", argv[0]);
	if (!dstore_node_allocated(&d))
		return dump_fail(DS_OPERR, "proc %s: node is %s", argv[0],
				 d.bad ? d.bad : "not allocated");
	dout_t *o = c->o;
	const cap_t *sl = d.n->slot;
	dout_begin(o, "proc");
	dcmd_node_header(o, c->s, &d, oid);
	dout_bool(o, "process_shape", dprocs_shape(d.n));
	show_state(o, sl);
	show_regs(o, sl);
	show_special(o, c->s, sl);
	show_space(o, c->s, &sl[PR_SLOT_SPACE]);
	show_capregs(o, c->s, &sl[PR_SLOT_CAPREGS]);
	dout_end(o);
	return 0;
}
