/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_procs.c -- which nodes are processes.
 *
 * Nothing on disk marks a node as a process root, so cairn-dump says a
 * node is a process (and `ls procs` lists it) when it is allocated and
 * undamaged and at least one of these holds; the "why" column says which:
 *
 *   runlist  the chosen root's run list names it (a Process capability)
 *   cap      some allocated node holds a Process, Start or Resume
 *            capability to it (stale or not)
 *   shape    its slots follow kernel/abi/process.h: state, schedule and
 *            register slots are Number capabilities, the run state is
 *            known, the capability-register slot is a Node or Void, the
 *            space slot a Space, Page or Void, the name slot a Number
 *            or Void, and slots 13..31 are Void
 *
 * The shape rule finds processes nobody names (a halted program); it is
 * a heuristic, and the other two rules are facts.
 */
#include <stdlib.h>
#include <string.h>
#include "abi/process.h"
#include "dump.h"

static int
is_number(const cap_t *c)
{
	return cap_type(c) == CT_NUMBER;
}

int
dprocs_shape(const ck_node_t *n)
{
	static const unsigned nums[] = { PR_SLOT_STATE, PR_SLOT_SCHED, PR_SLOT_REGS0,
		PR_SLOT_REGS1, PR_SLOT_REGS2, PR_SLOT_REGS3, PR_SLOT_RECV };
	const cap_t *sl = n->slot;

	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!is_number(&sl[nums[i]]))
			return 0;
	if (cap_num(&sl[PR_SLOT_STATE], 0) >= PRS_COUNT)
		return 0;
	unsigned cr = cap_type(&sl[PR_SLOT_CAPREGS]), sp = cap_type(&sl[PR_SLOT_SPACE]);
	if (cr != CT_NODE && cr != CT_VOID)
		return 0;
	if (sp != CT_SPACE && sp != CT_PAGE && sp != CT_VOID)
		return 0;
	if (!is_number(&sl[PR_SLOT_NAME]) && cap_type(&sl[PR_SLOT_NAME]) != CT_VOID)
		return 0;
	for (unsigned i = PR_SLOT_COUNT; i < CK_NODE_SLOTS; i++)
		if (cap_type(&sl[i]) != CT_VOID)
			return 0;
	return 1;
}

static void
mark_target(const dstore_t *s, uint8_t *why, const cap_t *c, uint8_t bit)
{
	ck_node_home_t h;

	if (ck_node_home(&s->geo, c->oid, &h) == 0)
		why[ck_oid_index(c->oid)] |= bit;
}

void
dprocs_mark_slots(const dstore_t *s, uint8_t *why, uint32_t i, const ck_node_t *n, uint32_t mask)
{
	if (dprocs_shape(n))
		why[i] |= PW_SHAPE;
	for (; mask; mask &= mask - 1) {
		unsigned k = (unsigned)__builtin_ctz(mask), t = cap_type(&n->slot[k]);
		if (t == CT_PROCESS || t == CT_START || t == CT_RESUME)
			mark_target(s, why, &n->slot[k], PW_CAP);
	}
}

void
dprocs_mark(const dstore_t *s, uint8_t *why, uint32_t i, const ck_node_t *n)
{
	dprocs_mark_slots(s, why, i, n, UINT32_MAX);
}

static void
mark_all(const dstore_t *s, uint8_t *why)
{
	for (uint32_t i = 0; i < s->geo.node_count; i++) {
		dnode_t d;
		dstore_node(s, ck_oid_make(CK_OID_KIND_NODE, i), &d);
		if (dstore_node_allocated(&d))
			dprocs_mark(s, why, i, d.n);
	}
}

/* Keep the marked nodes that are allocated and undamaged. */
static int
collect(const dstore_t *s, const uint8_t *why, dprocs_t *out)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->geo.node_count; i++)
		n += why[i] != 0;
	out->index = calloc(n ? n : 1, sizeof *out->index);
	out->why = calloc(n ? n : 1, 1);
	if (!out->index || !out->why)
		return -1;
	for (uint32_t i = 0; i < s->geo.node_count; i++) {
		dnode_t d;
		if (!why[i])
			continue;
		dstore_node(s, ck_oid_make(CK_OID_KIND_NODE, i), &d);
		if (!dstore_node_allocated(&d))
			continue;
		out->index[out->n] = i;
		out->why[out->n++] = why[i];
	}
	return 0;
}

int
dprocs_from_marks(const dstore_t *s, uint8_t *why, dprocs_t *out)
{
	memset(out, 0, sizeof *out);
	for (uint32_t i = 0; i < s->r->runlist_count && i < CK_RUNLIST_MAX; i++)
		if (cap_type(&s->r->runlist[i]) == CT_PROCESS)
			mark_target(s, why, &s->r->runlist[i], PW_RUNLIST);
	if (collect(s, why, out) < 0) {
		dprocs_free(out);
		return -1;
	}
	return 0;
}

/* A copy of the list check made (s->procs), else a pass over the nodes. */
int
dprocs_find(const dstore_t *s, dprocs_t *out)
{
	uint8_t *why;
	int r = -1;

	memset(out, 0, sizeof *out);
	if (s->procs) {
		out->index = calloc(s->procs->n + 1, sizeof *out->index);
		out->why = calloc(s->procs->n + 1, 1);
		if (!out->index || !out->why) {
			dprocs_free(out);
			return -1;
		}
		memcpy(out->index, s->procs->index, s->procs->n * sizeof *out->index);
		memcpy(out->why, s->procs->why, s->procs->n);
		out->n = s->procs->n;
		return 0;
	}
	why = calloc(s->geo.node_count ? s->geo.node_count : 1, 1);
	if (why) {
		mark_all(s, why);
		r = dprocs_from_marks(s, why, out);
	}
	free(why);
	return r;
}

void
dprocs_free(dprocs_t *p)
{
	free(p->index);
	free(p->why);
	memset(p, 0, sizeof *p);
}
