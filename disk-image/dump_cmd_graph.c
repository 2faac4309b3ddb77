/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd_graph.c -- the capability graph: `refs OID` (who holds a
 * capability to an object) and `graph [OID]` (Graphviz DOT).
 *
 * refs scans every allocated node's current version and the run list,
 * so it sees every capability the store holds (capabilities inside
 * pages are data, not capabilities, and are not found).
 *
 * graph walks breadth-first from one object, or from the run list's
 * processes, following every slot's capability to a node or a page.
 * Objects are marked in a bitmap indexed by node or page index, so loops
 * in the graph are walked once; at most GRAPH_MAX objects are drawn and
 * the output says when it stopped early.  Edges are labelled "slot
 * type"; a capability that is not ok (stale, free, damaged, out of
 * range) is drawn dashed red with its status.  Objects are labelled by
 * name where they have one (dump_names.c).  A process's address space
 * is drawn as one box -- its Space root, with the number of pages the
 * tree maps -- unless --spaces asks for every Space node and page.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

#define GRAPH_MAX 20000u

/* ------------------------------------------------------------ refs */

static int
same_target(const cap_t *c, uint64_t oid)
{
	int k = dcap_type_objkind(cap_type(c));

	return k != CK_OBJ_NONE && c->oid == oid && (unsigned)k == ck_oid_kind(oid);
}

static void
ref_row(dout_t *o, const dstore_t *s, const char *holder, uint64_t hoid,
	unsigned slot, const cap_t *c)
{
	const char *name = holder ? NULL : dnames_of(s, hoid);

	dout_row(o);
	if (holder)
		dout_str(o, "holder", holder);
	else
		dout_oid(o, "holder", hoid);
	dout_str(o, "holder_name", name ? name : "-");
	dout_u64(o, "slot", slot);
	dout_cap_fields(o, s, c);
	dout_row_end(o);
}

int
dcmd_refs(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "holder", "holder_name", "slot", "type", "restr",
					    "badge", "target", "count", "status", "target_name", 0 };
	const dstore_t *s = c->s;
	uint64_t oid;

	(void)argc;
	int st = dump_object_arg(c, "refs", argv[0], 0, &oid);
	if (st)
		return st;
	dout_begin(c->o, "refs");
	dout_oid(c->o, "oid", oid);
	dout_table(c->o, "refs", cols);
	for (uint32_t i = 0; i < s->r->runlist_count && i < CK_RUNLIST_MAX; i++)
		if (same_target(&s->r->runlist[i], oid))
			ref_row(c->o, s, "runlist", 0, i, &s->r->runlist[i]);
	for (uint32_t i = 0; i < s->geo.node_count; i++) {
		uint64_t h = ck_oid_make(CK_OID_KIND_NODE, i);
		dnode_t d;
		dstore_node(s, h, &d);
		if (!dstore_node_allocated(&d))
			continue;
		for (unsigned k = 0; k < CK_NODE_SLOTS; k++)
			if (same_target(&d.n->slot[k], oid))
				ref_row(c->o, s, 0, h, k, &d.n->slot[k]);
	}
	dout_table_end(c->o);
	dout_end(c->o);
	return 0;
}

/* ----------------------------------------------------------- graph */

typedef struct edge {
	uint64_t from, to;
	cap_t cap;
	uint8_t slot;
	uint8_t st;
} edge_t;

typedef struct graph {
	const dstore_t *s;
	uint8_t *seen;        /* bitmap: nodes, then pages */
	cap_t *space;         /* the processes' Space capabilities */
	uint32_t nspace;
	int spaces;           /* --spaces: expand address spaces */
	uint64_t *obj;        /* objects in visit order */
	uint32_t nobj, head;  /* head: next node to expand */
	edge_t *edge;
	uint32_t nedge, ecap;
	int truncated, oom;
} graph_t;

/* Bit number of an in-range OID, or -1. */
static int64_t
seen_bit(const graph_t *g, uint64_t oid)
{
	uint32_t i = ck_oid_index(oid);

	if (ck_oid_kind(oid) == CK_OID_KIND_NODE && i < g->s->geo.node_count)
		return i;
	if (ck_oid_kind(oid) == CK_OID_KIND_PAGE && i < g->s->geo.page_count)
		return (int64_t)g->s->geo.node_count + i;
	return -1;
}

static void
visit(graph_t *g, uint64_t oid)
{
	int64_t b = seen_bit(g, oid);

	if (b < 0 || (g->seen[b / 8] & 1u << (b % 8)))
		return;
	if (g->nobj == GRAPH_MAX) {
		g->truncated = 1;
		return;
	}
	g->seen[b / 8] |= (uint8_t)(1u << (b % 8));
	g->obj[g->nobj++] = oid;
}

static void
add_edge(graph_t *g, uint64_t from, unsigned slot, const cap_t *c)
{
	capinfo_t ci;

	if (g->nedge == g->ecap) {
		uint32_t nc = g->ecap ? g->ecap * 2 : 64;
		edge_t *e = realloc(g->edge, nc * sizeof *e);
		if (!e) {
			g->oom = 1;
			return;
		}
		g->edge = e;
		g->ecap = nc;
	}
	dcap_eval(g->s, c, &ci);
	g->edge[g->nedge++] = (edge_t){ from, c->oid, *c, (uint8_t)slot, (uint8_t)ci.st };
	if (ci.st == CS_OK)
		visit(g, c->oid);
}

/* The Space capabilities of every process (dump_procs.c's list). */
static int
find_spaces(graph_t *g)
{
	dprocs_t ps;
	dnode_t d;

	if (dprocs_find(g->s, &ps) < 0 || !(g->space = calloc(ps.n + 1, sizeof *g->space))) {
		dprocs_free(&ps);
		return -1;
	}
	for (uint32_t i = 0; i < ps.n; i++) {
		dstore_node(g->s, ck_oid_make(CK_OID_KIND_NODE, ps.index[i]), &d);
		if (cap_type(&d.n->slot[PR_SLOT_SPACE]) == CT_SPACE)
			g->space[g->nspace++] = d.n->slot[PR_SLOT_SPACE];
	}
	dprocs_free(&ps);
	return 0;
}

/* The Space capability of a process whose address space is oid, if it
 * is drawn as one box; else NULL. */
static const cap_t *
collapsed(const graph_t *g, uint64_t oid)
{
	for (uint32_t i = 0; !g->spaces && i < g->nspace; i++)
		if (g->space[i].oid == oid)
			return &g->space[i];
	return NULL;
}

static void
expand(graph_t *g, uint64_t oid)
{
	dnode_t d;

	if (ck_oid_kind(oid) != CK_OID_KIND_NODE || dstore_node(g->s, oid, &d) < 0 ||
	    !dstore_node_allocated(&d) || collapsed(g, oid))
		return;
	for (unsigned k = 0; k < CK_NODE_SLOTS && !g->oom; k++)
		if (dcap_type_objkind(cap_type(&d.n->slot[k])) != CK_OBJ_NONE)
			add_edge(g, oid, k, &d.n->slot[k]);
}

static void
graph_build(graph_t *g, int have_start, uint64_t start)
{
	const ck_root_t *r = g->s->r;

	if (have_start)
		visit(g, start);
	for (uint32_t i = 0; !have_start && i < r->runlist_count && i < CK_RUNLIST_MAX; i++)
		if (dcap_type_objkind(cap_type(&r->runlist[i])) != CK_OBJ_NONE)
			add_edge(g, 0, i, &r->runlist[i]);
	while (g->head < g->nobj && !g->oom)
		expand(g, g->obj[g->head++]);
}

static const char *
edge_label(const edge_t *e, char *buf, size_t len)
{
	if (e->st == CS_OK)
		snprintf(buf, len, "%u %s", e->slot, dcap_type_name(cap_type(&e->cap)));
	else
		snprintf(buf, len, "%u %s (%s)", e->slot, dcap_type_name(cap_type(&e->cap)),
			 dcap_status_name(e->st));
	return buf;
}

static int
is_forwarder(const dstore_t *s, uint64_t oid)
{
	dnode_t d;

	return dstore_node(s, oid, &d) == 0 && dstore_node_allocated(&d) &&
	       d.n->kind == CK_NK_FORWARDER;
}

/* The dot attributes of object oid: its label and shape. */
static const char *
dot_attrs(const graph_t *g, uint64_t oid, char *buf, size_t len)
{
	const char *name = dnames_of(g->s, oid);
	char a[32];
	dspace_t w;

	doid_name(oid, a, sizeof a);
	const cap_t *space = collapsed(g, oid);

	if (space) {
		dspace_walk(&w, g->s, space);
		snprintf(buf, len, " [label=\"%s\\n%s: %u pages\" shape=folder]",
			 name ? name : "address space", a, w.pages);
		dspace_free(&w);
	} else if (name)
		snprintf(buf, len, " [label=\"%s\\n%s\"%s]", name, a,
			 strchr(name, '.') ? "" : " style=bold");
	else if (ck_oid_kind(oid) == CK_OID_KIND_PAGE)
		snprintf(buf, len, " [shape=ellipse]");
	else if (is_forwarder(g->s, oid))
		snprintf(buf, len, " [label=\"forwarder\\n%s\" shape=hexagon]", a);
	else
		buf[0] = 0;
	return buf;
}

static void
graph_dot(dout_t *o, const graph_t *g)
{
	char a[32], b[32], l[64], attrs[128];

	dout_text(o, "digraph cairn {\n\tnode [shape=box fontname=monospace];\n");
	dout_text(o, "\t\"runlist\" [shape=doubleoctagon];\n");
	for (uint32_t i = 0; i < g->nobj; i++)
		dout_text(o, "\t\"%s\"%s;\n", doid_name(g->obj[i], a, sizeof a),
			 dot_attrs(g, g->obj[i], attrs, sizeof attrs));
	for (uint32_t i = 0; i < g->nedge; i++) {
		const edge_t *e = &g->edge[i];
		dout_text(o, "\t\"%s\" -> \"%s\" [label=\"%s\"%s];\n",
			 e->from ? doid_name(e->from, a, sizeof a) : "runlist",
			 doid_name(e->to, b, sizeof b), edge_label(e, l, sizeof l),
			 e->st == CS_OK ? "" : " style=dashed color=red");
	}
	if (g->truncated)
		dout_text(o, "\t// stopped after %u objects\n", GRAPH_MAX);
	dout_text(o, "}\n");
}

static void
graph_json(dout_t *o, const graph_t *g)
{
	static const char *const ocols[] = { "oid", "name", "collapsed", 0 };
	static const char *const ecols[] = { "from", "slot", "type", "to", "status", 0 };

	dout_bool(o, "truncated", g->truncated);
	dout_table(o, "objects", ocols);
	for (uint32_t i = 0; i < g->nobj; i++) {
		const char *name = dnames_of(g->s, g->obj[i]);
		dout_row(o);
		dout_oid(o, "oid", g->obj[i]);
		dout_str(o, "name", name ? name : "-");
		dout_bool(o, "collapsed", collapsed(g, g->obj[i]) != NULL);
		dout_row_end(o);
	}
	dout_table_end(o);
	dout_table(o, "edges", ecols);
	for (uint32_t i = 0; i < g->nedge; i++) {
		const edge_t *e = &g->edge[i];
		dout_row(o);
		if (e->from)
			dout_oid(o, "from", e->from);
		else
			dout_str(o, "from", "runlist");
		dout_u64(o, "slot", e->slot);
		dout_str(o, "type", dcap_type_name(cap_type(&e->cap)));
		dout_oid(o, "to", e->to);
		dout_str(o, "status", dcap_status_name(e->st));
		dout_row_end(o);
	}
	dout_table_end(o);
}

/* "[OBJ] [--spaces]" into *start (have_start) and g->spaces. */
static int
graph_args(dctx_t *c, graph_t *g, int argc, char **argv, int *have_start, uint64_t *start)
{
	*have_start = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--spaces"))
			g->spaces = 1;
		else if (*have_start)
			return dump_fail(DS_USAGE, "usage: graph [OBJ] [--spaces]");
		else {
			int st = dump_object_arg(c, "graph", argv[i], 0, start);
			if (st)
				return st;
			*have_start = 1;
		}
	}
	return 0;
}

static int
graph_out(dctx_t *c, const graph_t *g)
{
	if (!g->seen || !g->obj || g->oom)
		return dump_fail(DS_OPERR, "graph: out of memory");
	dout_begin(c->o, "graph");
	if (c->o->json)
		graph_json(c->o, g);
	else
		graph_dot(c->o, g);
	dout_end(c->o);
	return 0;
}

int
dcmd_graph(dctx_t *c, int argc, char **argv)
{
	graph_t g;
	uint64_t start = 0;
	uint64_t bits = (uint64_t)c->s->geo.node_count + c->s->geo.page_count;
	int have_start, st;

	memset(&g, 0, sizeof g);
	if ((st = graph_args(c, &g, argc, argv, &have_start, &start)))
		return st;
	g.s = c->s;
	g.seen = calloc(bits / 8 + 1, 1);
	g.obj = calloc(GRAPH_MAX, sizeof *g.obj);
	if (g.seen && g.obj && find_spaces(&g) == 0)
		graph_build(&g, have_start, start);
	else
		g.oom = 1;
	st = graph_out(c, &g);
	free(g.seen);
	free(g.space);
	free(g.obj);
	free(g.edge);
	return st;
}
