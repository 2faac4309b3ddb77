/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * image.c -- the object table of the store being built (see image.h):
 * creating nodes and pages in OID order, claiming slots, and the name
 * table.
 *
 * The name table is a plain array searched linearly: maps are written
 * by hand and name tens of objects, not millions (the objects a process
 * image needs are not named).
 */
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/image.h"

/* Grow *arr (of *cap elements of size sz) so that index n fits. */
static void *
image_grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return arr;
	size_t want = *cap ? *cap * 2 : 64;
	while (want <= n)
		want *= 2;
	arr = diag_xrealloc(arr, want * sz);
	*cap = want;
	return arr;
}

int
image_init(struct image *img, unsigned store_mb)
{
	uint64_t blocks = (uint64_t)store_mb * MK_BLOCKS_PER_MB;

	memset(img, 0, sizeof *img);
	img->store_mb = store_mb;
	img->ckpt_period_ms = CK_DEFAULT_PERIOD_MS;
	if (store_mb == 0 || blocks > UINT32_MAX)
		return -1;
	return ck_geometry_compute(&img->geo, (uint32_t)blocks, 0);
}

int
image_set_log(struct image *img, struct pos at, uint64_t log_mb)
{
	uint64_t blocks = log_mb * MK_BLOCKS_PER_MB;
	ck_geometry_t g;

	if (log_mb > UINT32_MAX / MK_BLOCKS_PER_MB ||
	    ck_geometry_compute(&g, img->geo.total_blocks, (uint32_t)blocks) < 0)
		return diag_error(at, "a %llu-MiB log does not fit a %u-MiB store (the log may "
				  "take at most half of it: %u MiB)", (unsigned long long)log_mb,
				  img->store_mb, img->geo.total_blocks / 2 / MK_BLOCKS_PER_MB);
	img->geo = g;
	return image_room(img, at, 0, 0);
}

void
image_free(struct image *img)
{
	for (uint32_t i = 0; i < img->npages; i++)
		free(img->pages[i].data);
	for (size_t i = 0; i < img->nsyms; i++) {
		free(img->syms[i]->name);
		free(img->syms[i]);
	}
	for (size_t i = 0; i < img->nrefs; i++) {
		free(img->refs[i].target);
		free(img->refs[i].member);
	}
	for (size_t i = 0; i < img->nrun; i++)
		free(img->run[i].name);
	for (size_t i = 0; i < img->ninputs; i++)
		free(img->inputs[i]);
	free(img->nodes);
	free(img->slot_set);
	free(img->pages);
	free(img->syms);
	free(img->refs);
	free(img->run);
	free(img->inputs);
	free(img->incdirs);
	memset(img, 0, sizeof *img);
}

int
image_room(struct image *img, struct pos at, uint32_t nodes, uint32_t pages)
{
	if ((uint64_t)img->nnodes + nodes > img->geo.node_count)
		return diag_error(at, "the store is full: a %u-MiB store holds %u nodes and this needs %llu "
				  "(make it larger with --size or STORE_MB)", img->store_mb,
				  img->geo.node_count, (unsigned long long)img->nnodes + nodes);
	if ((uint64_t)img->npages + pages > img->geo.page_count)
		return diag_error(at, "the store is full: a %u-MiB store holds %u pages and this needs %llu "
				  "(make it larger with --size or STORE_MB)", img->store_mb,
				  img->geo.page_count, (unsigned long long)img->npages + pages);
	return 0;
}

int
image_new_node(struct image *img, struct pos at, uint32_t *index)
{
	if (image_room(img, at, 1, 0) < 0)
		return -1;
	if (img->nnodes == img->nodes_cap) {
		img->nodes_cap = img->nodes_cap ? img->nodes_cap * 2 : 64;
		img->nodes = diag_xrealloc(img->nodes, img->nodes_cap * sizeof *img->nodes);
		img->slot_set = diag_xrealloc(img->slot_set, img->nodes_cap * sizeof *img->slot_set);
	}
	ck_node_t *n = &img->nodes[img->nnodes];
	memset(n, 0, sizeof *n);
	n->oid = ck_oid_make(CK_OID_KIND_NODE, img->nnodes);
	n->kind = CK_NK_NODE;
	n->flags = CK_NF_ALLOCATED;
	img->slot_set[img->nnodes] = 0;
	*index = img->nnodes++;
	return 0;
}

int
image_new_page(struct image *img, struct pos at, uint8_t *data, uint32_t *index)
{
	if (image_room(img, at, 0, 1) < 0) {
		free(data);
		return -1;
	}
	img->pages = image_grow(img->pages, &img->pages_cap, img->npages, sizeof *img->pages);
	img->pages[img->npages].data = data;
	img->pages[img->npages].alloc_count = 0;
	*index = img->npages++;
	return 0;
}

int
image_claim_slot(struct image *img, struct pos at, uint32_t node, unsigned slot)
{
	if (slot >= CK_NODE_SLOTS)
		return diag_error(at, "expected a slot number 0..%u, found %u", CK_NODE_SLOTS - 1, slot);
	if (img->slot_set[node] & (1u << slot))
		return diag_error(at, "slot %u of this node is already set", slot);
	img->slot_set[node] |= 1u << slot;
	return 0;
}

int
image_set_slot(struct image *img, struct pos at, uint32_t node, unsigned slot, cap_t c)
{
	if (image_claim_slot(img, at, node, slot) < 0)
		return -1;
	img->nodes[node].slot[slot] = c;
	return 0;
}

struct sym *
image_lookup(const struct image *img, const char *name)
{
	for (size_t i = 0; i < img->nsyms; i++)
		if (!strcmp(img->syms[i]->name, name))
			return img->syms[i];
	return NULL;
}

struct sym *
image_define(struct image *img, char *name, enum sym_kind kind, struct pos at)
{
	struct sym *old = image_lookup(img, name);

	if (old) {
		diag_error(at, "'%s' is already defined (at %s:%u:%u)", name,
			   old->pos.file, old->pos.line, old->pos.col);
		free(name);
		return NULL;
	}
	img->syms = image_grow(img->syms, &img->syms_cap, img->nsyms, sizeof *img->syms);
	struct sym *s = diag_xcalloc(1, sizeof *s);
	s->name = name;
	s->kind = kind;
	s->pos = at;
	s->index = s->capregs = s->space = MK_NO_INDEX;
	s->state = -1;
	img->syms[img->nsyms++] = s;
	return s;
}

void
image_add_ref(struct image *img, const struct capref *r)
{
	img->refs = image_grow(img->refs, &img->refs_cap, img->nrefs, sizeof *img->refs);
	img->refs[img->nrefs++] = *r;
}

void
image_add_run(struct image *img, char *name, struct pos at)
{
	img->run = image_grow(img->run, &img->run_cap, img->nrun, sizeof *img->run);
	img->run[img->nrun].name = name;
	img->run[img->nrun].pos = at;
	img->nrun++;
}
