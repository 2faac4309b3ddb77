/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/aspace.h -- grow an address space: put a page into a Space tree
 * at a virtual address, creating the Space nodes on the way (aspace.c).
 *
 * The program holds a Node (or Space) capability to the root of the
 * tree and knows its height (a program built by cairn-mkimage with the
 * default stack at the top of user space has height 4).  Nodes for the
 * tree come from a callback, so that a program takes them from its bank
 * and the space bank itself from its Range.  Two scratch registers hold
 * the walk; they are clobbered.
 */
#ifndef CAIRN_ASPACE_H
#define CAIRN_ASPACE_H

#include <stdint.h>
#include "cairn/ipc.h"

/* Put a fresh Node capability into register to; returns an rc. */
typedef int (*aspace_node_fn)(void *ctx, capreg_t to);

struct aspace {
	capreg_t root;          /* Node or Space capability to the tree's root */
	unsigned height;        /* the root's height, 1..4 */
	capreg_t tmp[2];        /* scratch registers for the walk */
	aspace_node_fn new_node;
	void *ctx;
};

/* Map the page capability in register page at va (page aligned).  A
 * slot already holding something is replaced only at the leaf. */
int aspace_map(const struct aspace *as, uint32_t va, capreg_t page);

#endif
