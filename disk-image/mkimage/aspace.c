/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * aspace.c -- build an address-space tree (see aspace.h).
 *
 * Room is checked before anything is created, so a program that does
 * not fit leaves the image as it was and is reported once, at the
 * process that needs it.
 */
#include <stdlib.h>
#include "abi/process.h"
#include "disk-image/mkimage/aspace.h"

#define ASPACE_FANOUT_SHIFT 5
#define ASPACE_SLOT_MASK 31u

/* Page-number shift that selects the slot of a node of height h. */
static unsigned
aspace_shift(unsigned h)
{
	return ASPACE_FANOUT_SHIFT * (h - 1);
}

static unsigned
aspace_height(const struct vmap *m)
{
	uint32_t top = m->v[m->n - 1].vpn;
	unsigned h = 1;

	while (h < SPACE_HEIGHT_MAX && (top >> (ASPACE_FANOUT_SHIFT * h)) != 0)
		h++;
	return h;
}

/* Nodes needed: at each height, one per distinct run of page numbers. */
static uint32_t
aspace_count_nodes(const struct vmap *m, unsigned height)
{
	uint32_t nodes = 0;

	for (unsigned h = 1; h <= height; h++) {
		unsigned sh = ASPACE_FANOUT_SHIFT * h;
		for (size_t i = 0; i < m->n; i++)
			if (i == 0 || (m->v[i].vpn >> sh) != (m->v[i - 1].vpn >> sh))
				nodes++;
	}
	return nodes;
}

/* The node of height h over pages [lo, hi) of m; page j is page_base + j. */
static uint32_t
aspace_node(struct image *img, struct pos at, const struct vmap *m, uint32_t page_base,
	    size_t lo, size_t hi, unsigned h)
{
	uint32_t me;

	image_new_node(img, at, &me); /* cannot fail: aspace_build checked room */
	for (size_t i = lo; i < hi;) {
		unsigned slot = (m->v[i].vpn >> aspace_shift(h)) & ASPACE_SLOT_MASK;
		size_t j = i;
		while (j < hi && ((m->v[j].vpn >> aspace_shift(h)) & ASPACE_SLOT_MASK) == slot)
			j++;
		cap_t c;
		if (h == 1) {
			c = cap_make(CT_PAGE, m->v[i].writable ? 0 : CAP_R_RO, 0, 0,
				     ck_oid_make(CK_OID_KIND_PAGE, page_base + (uint32_t)i));
		} else {
			uint32_t child = aspace_node(img, at, m, page_base, i, j, h - 1);
			c = cap_make(CT_SPACE, 0, h - 1, 0, ck_oid_make(CK_OID_KIND_NODE, child));
		}
		image_set_slot(img, at, me, slot, c);
		i = j;
	}
	return me;
}

int
aspace_build(struct image *img, struct pos at, struct vmap *m, struct aspace *out)
{
	unsigned height = aspace_height(m);
	uint32_t page_base = img->npages, index;

	if (image_room(img, at, aspace_count_nodes(m, height), (uint32_t)m->n) < 0)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		image_new_page(img, at, m->v[i].data, &index);
		m->v[i].data = NULL;
	}
	out->height = height;
	out->root = aspace_node(img, at, m, page_base, 0, m->n, height);
	return 0;
}
