/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * aspace.h -- turn a vmap into Pages and a tree of Space nodes.
 *
 * A Space node of height h has 32 slots, each covering 2^(12+5(h-1))
 * bytes; a height-1 node's slots hold Page capabilities (read-only
 * restriction for pages no segment may write), higher nodes' slots hold
 * Space capabilities whose badge is the child's height.  The root gets
 * the least height (1..4) that covers the highest page, and only the
 * nodes that lead to a page exist: the tree is as sparse as the program.
 *
 *   height 4: 4 GiB   3: 128 MiB   2: 4 MiB   1: 128 KiB   (page: 4 KiB)
 *
 * OIDs: the pages are created first, in ascending address order, then
 * the nodes in pre-order (a node before its children, children in slot
 * order), so the same program always gets the same OIDs.
 */
#ifndef MK_ASPACE_H
#define MK_ASPACE_H

#include "disk-image/mkimage/image.h"
#include "disk-image/mkimage/vmap.h"

struct aspace {
	uint32_t root;      /* root Space node index */
	unsigned height;
};

/* Build the objects for m (taking its page contents).  The vmap must
 * not be empty.  0, or -1 after reporting at `at` (store full). */
int aspace_build(struct image *img, struct pos at, struct vmap *m, struct aspace *out);

#endif
