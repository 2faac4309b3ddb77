/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_names.c -- names people read and type instead of OIDs.
 *
 * A name is what the store records: a process's root holds its name in
 * its name slot (kernel/abi/process.h; cairn-mkimage writes the map's
 * name there).  Two more follow from it, in the map language's own
 * terms: NAME.capregs, the process's capability-register node, and
 * NAME.space, the root of its address space.  Every other object is
 * named by its OID.
 *
 * They are found once, when a command first needs one (dump_procs.c's
 * process list, then each root's slots), and kept with the store; a
 * name printed is the first one found for that object, and a name typed
 * finds the first object with it.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

#define DNAME_SUFFIXES 3

const char *
dnames_proc(const ck_node_t *n, char buf[PROC_NAME_MAX + 1])
{
	const cap_t *c = &n->slot[PR_SLOT_NAME];
	const uint32_t w[3] = { cap_num(c, 0), cap_num(c, 1), cap_num(c, 2) };

	if (cap_type(c) != CT_NUMBER) {
		buf[0] = 0;
		return buf;
	}
	return proc_name_decode(w, buf);
}

static void
dnames_add(dnames_t *t, uint64_t oid, const char *name, const char *suffix)
{
	dname_t *e = &t->v[t->n++];

	e->oid = oid;
	snprintf(e->name, sizeof e->name, "%s%s", name, suffix);
}

/* The process at node index i, by its name and what it names. */
static void
dnames_add_proc(const dstore_t *s, dnames_t *t, uint32_t i)
{
	char name[PROC_NAME_MAX + 1];
	dnode_t d;

	if (dstore_node(s, ck_oid_make(CK_OID_KIND_NODE, i), &d) < 0 || !dstore_node_allocated(&d) ||
	    !*dnames_proc(d.n, name))
		return;
	const cap_t *cr = &d.n->slot[PR_SLOT_CAPREGS], *sp = &d.n->slot[PR_SLOT_SPACE];
	dnames_add(t, ck_oid_make(CK_OID_KIND_NODE, i), name, "");
	if (cap_type(cr) == CT_NODE)
		dnames_add(t, cr->oid, name, ".capregs");
	if (cap_type(sp) == CT_SPACE)
		dnames_add(t, sp->oid, name, ".space");
}

/* Every name of the store into t (none if memory runs out). */
static void
dnames_build(const dstore_t *s, dnames_t *t)
{
	dprocs_t ps;

	t->loaded = 1;
	if (!s->r || dprocs_find(s, &ps) < 0)
		return;
	t->v = calloc((size_t)ps.n * DNAME_SUFFIXES + 1, sizeof *t->v);
	for (uint32_t i = 0; t->v && i < ps.n; i++)
		dnames_add_proc(s, t, ps.index[i]);
	dprocs_free(&ps);
}

/* The store's names, found on first use. */
static const dnames_t *
dnames_get(const dstore_t *s)
{
	static const dnames_t none;

	if (!s->names)
		return &none;
	if (!s->names->loaded)
		dnames_build(s, s->names);
	return s->names;
}

void
dnames_free(dnames_t *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

const char *
dnames_of(const dstore_t *s, uint64_t oid)
{
	const dnames_t *t = dnames_get(s);

	for (uint32_t i = 0; i < t->n; i++)
		if (t->v[i].oid == oid)
			return t->v[i].name;
	return NULL;
}

const char *
dnames_label(const dstore_t *s, uint64_t oid, char *buf, size_t len)
{
	const char *name = dnames_of(s, oid);
	char o[32];

	doid_name(oid, o, sizeof o);
	if (name)
		snprintf(buf, len, "%s (%s)", name, o);
	else
		snprintf(buf, len, "%s", o);
	return buf;
}

int
dnames_parse(const dstore_t *s, const char *arg, uint64_t *oid)
{
	const dnames_t *t;

	if (doid_parse(arg, oid) == 0)
		return 0;
	t = dnames_get(s);
	for (uint32_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, arg)) {
			*oid = t->v[i].oid;
			return 0;
		}
	return -1;
}
