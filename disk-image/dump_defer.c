/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_defer.c -- capabilities whose target check has not reached yet.
 *
 * check reads the pots once, in order, and judges each capability
 * against its target's entry in the table (dump_state.c).  A capability
 * to a node further on cannot be judged yet; it waits here, in a heap
 * ordered by the target's index, and comes out as soon as the pass has
 * gone past its target.  The heap has a fixed size (DDEFER_MAX entries,
 * 32 bytes each); when it could overflow, check stops deferring and
 * reads the remaining pots a second time for their capabilities
 * instead, so memory stays bounded whatever the store holds.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

int
ddefer_init(ddefer_t *d, uint32_t max)
{
	memset(d, 0, sizeof *d);
	d->e = malloc((size_t)max * sizeof *d->e);
	d->max = d->e ? max : 0;
	return d->e ? 0 : -1;
}

void
ddefer_free(ddefer_t *d)
{
	free(d->e);
	memset(d, 0, sizeof *d);
}

int
ddefer_room(const ddefer_t *d, uint32_t n)
{
	return d->max - d->n >= n;
}

static void
swap(ddefcap_t *a, ddefcap_t *b)
{
	ddefcap_t t = *a;
	*a = *b;
	*b = t;
}

void
ddefer_push(ddefer_t *d, uint32_t target, uint64_t holder, unsigned slot, const cap_t *c)
{
	uint32_t i = d->n++;

	d->e[i] = (ddefcap_t){ .cap = *c, .holder = (uint32_t)ck_oid_index(holder),
			       .target = target, .slot = (uint8_t)slot };
	while (i && d->e[(i - 1) / 2].target > d->e[i].target) {
		swap(&d->e[(i - 1) / 2], &d->e[i]);
		i = (i - 1) / 2;
	}
}

int
ddefer_pop_below(ddefer_t *d, uint32_t limit, ddefcap_t *out)
{
	uint32_t i = 0;

	if (!d->n || d->e[0].target >= limit)
		return 0;
	*out = d->e[0];
	d->e[0] = d->e[--d->n];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < d->n && d->e[l].target < d->e[m].target)
			m = l;
		if (r < d->n && d->e[r].target < d->e[m].target)
			m = r;
		if (m == i)
			return 1;
		swap(&d->e[m], &d->e[i]);
		i = m;
	}
}
