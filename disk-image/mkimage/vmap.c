/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmap.c -- build the page list of an address space (see vmap.h).
 */
#include <stdlib.h>
#include <string.h>
#include "ckpt/format.h"
#include "disk-image/mkimage/diag.h"
#include "disk-image/mkimage/vmap.h"

#define VMAP_PAGE_SHIFT 12

/* The page for vpn: the last one if it matches, else a new one at the end. */
static struct vpage *
vmap_page(struct vmap *m, uint32_t vpn, bool writable)
{
	if (m->n && m->v[m->n - 1].vpn == vpn) {
		m->v[m->n - 1].writable |= writable;
		return &m->v[m->n - 1];
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = diag_xrealloc(m->v, m->cap * sizeof *m->v);
	}
	struct vpage *pg = &m->v[m->n++];
	pg->vpn = vpn;
	pg->writable = writable;
	pg->data = NULL;
	return pg;
}

/* Copy the file bytes that fall into page pg (which starts at base). */
static void
vmap_fill(struct vpage *pg, uint64_t base, uint32_t vaddr, const uint8_t *bytes, uint32_t filesz)
{
	uint64_t lo = vaddr > base ? vaddr : base;
	uint64_t hi = (uint64_t)vaddr + filesz;

	if (hi > base + CK_BLOCK_SIZE)
		hi = base + CK_BLOCK_SIZE;
	if (lo >= hi)
		return;
	if (!pg->data)
		pg->data = diag_xcalloc(1, CK_BLOCK_SIZE);
	memcpy(pg->data + (lo - base), bytes + (lo - vaddr), hi - lo);
}

const char *
vmap_add(struct vmap *m, uint32_t vaddr, uint32_t memsz,
	 const uint8_t *bytes, uint32_t filesz, bool writable)
{
	uint64_t first = vaddr >> VMAP_PAGE_SHIFT;
	uint64_t end = ((uint64_t)vaddr + memsz + CK_BLOCK_SIZE - 1) >> VMAP_PAGE_SHIFT;

	if (memsz == 0)
		return NULL;
	if (m->n && first < m->v[m->n - 1].vpn)
		return "ranges overlap or are not in ascending order";
	if (end > (1ull << (32 - VMAP_PAGE_SHIFT)))
		return "range runs past 4 GiB";
	for (uint64_t vpn = first; vpn < end; vpn++) {
		struct vpage *pg = vmap_page(m, (uint32_t)vpn, writable);
		vmap_fill(pg, vpn << VMAP_PAGE_SHIFT, vaddr, bytes, filesz);
	}
	return NULL;
}

void
vmap_free(struct vmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].data);
	free(m->v);
	memset(m, 0, sizeof *m);
}
