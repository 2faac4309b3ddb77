/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_state.c -- what `check` learned of each object, kept small.
 *
 * Capabilities and the space bank's records are judged against their
 * target's allocation state and count.  Looking each target up in the
 * image would read the store again in random order (and, through the
 * mapping, keep all of it in memory); instead check's sequential pass
 * writes, for every object whose home record is sound and that has no
 * newer log copy, one byte of flags and its allocation count: 5 bytes an
 * object (3 MiB for a 1 GiB store), never the store's size.  An object
 * the table does not know (damaged home record, or a copy in the log)
 * is read from the image by dstore_obj() as before, so the answers are
 * the same with or without the table.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

int
dstate_init(dstate_t *t, const ck_geometry_t *g)
{
	memset(t, 0, sizeof *t);
	t->n[0] = g->node_count;
	t->n[1] = g->page_count;
	for (unsigned k = 0; k < 2; k++) {
		t->count[k] = malloc(((size_t)t->n[k] + 1) * sizeof *t->count[k]);
		t->flags[k] = calloc((size_t)t->n[k] + 1, 1);
		if (!t->count[k] || !t->flags[k]) {
			dstate_free(t);
			return -1;
		}
	}
	return 0;
}

void
dstate_free(dstate_t *t)
{
	for (unsigned k = 0; k < 2; k++) {
		free(t->count[k]);
		free(t->flags[k]);
		t->count[k] = NULL;
		t->flags[k] = NULL;
	}
}

/* kind: CK_OID_KIND_NODE or CK_OID_KIND_PAGE. */
void
dstate_set(dstate_t *t, unsigned kind, uint32_t idx, int allocated, uint32_t count)
{
	unsigned k = kind - CK_OID_KIND_NODE;

	if (k > 1 || idx >= t->n[k])
		return;
	t->flags[k][idx] = DST_KNOWN | (allocated ? DST_ALLOCATED : 0);
	t->count[k][idx] = count;
}

int
dstate_get(const dstate_t *t, uint64_t oid, int *allocated, uint32_t *count)
{
	unsigned k = ck_oid_kind(oid) - CK_OID_KIND_NODE;
	uint32_t idx = ck_oid_index(oid);

	if (!t || k > 1 || idx >= t->n[k] || !(t->flags[k][idx] & DST_KNOWN))
		return -1;
	*allocated = (t->flags[k][idx] & DST_ALLOCATED) != 0;
	*count = t->count[k][idx];
	return 0;
}
