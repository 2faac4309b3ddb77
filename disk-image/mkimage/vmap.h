/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmap.h -- the pages of one address space, before they become objects.
 *
 * A vmap is a list of virtual pages in strictly ascending order, each
 * with its contents (NULL while all zero) and whether it is writable.
 * Ranges are added in ascending address order (ELF segments, then the
 * stack); a range that starts in the last page of the previous one
 * shares that page, which is then writable if either range is (text and
 * data often meet in one page).  Adding below the last page is refused.
 */
#ifndef MK_VMAP_H
#define MK_VMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vpage {
	uint32_t vpn;       /* virtual address >> 12 */
	bool writable;
	uint8_t *data;      /* 4096 bytes (malloc'd), or NULL: zeros */
};

struct vmap {
	struct vpage *v;
	size_t n, cap;
};

/* Map [vaddr, vaddr + memsz): the first filesz bytes from `bytes`, the
 * rest zero.  NULL on success, else why not. */
const char *vmap_add(struct vmap *m, uint32_t vaddr, uint32_t memsz,
		     const uint8_t *bytes, uint32_t filesz, bool writable);
/* Free the list and any page contents still owned by it. */
void vmap_free(struct vmap *m);

#endif
