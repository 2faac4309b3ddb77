/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * store.c -- write a generation-0 store (docs/disk-format.md):
 *
 *   block 0, 1       root A and root B: both generation 0, identical but
 *                    for root_slot: empty log (dir_block = gen_first_block
 *                    = CK_NO_BLOCK, dir_crc 0, head = tail = 0), the run
 *                    list; neither is left unwritten, so an all-zero root
 *                    is damage, and a torn first checkpoint still finds
 *                    generation 0 in the other root
 *   log              zero (empty; nothing in it is live)
 *   pots             every pot written; records of objects the map made
 *                    are the nodes, all others are free records (OID set,
 *                    counts 0, flags 0), every record sealed
 *   tag blocks       every one written, and every tag up to page_count
 *                    sealed on its own (ck_tag_seal); a page the map made
 *                    is CK_TF_ALLOCATED, with CK_TF_ZERO when its contents
 *                    are all zero; a free page is CK_TF_ZERO with count 0;
 *                    entries past page_count are zero
 *   frames           written only for pages with non-zero contents
 *
 * The file is first sized with ftruncate, so the zero regions (the log,
 * the frames of zero pages) cost nothing and read as zeros; then the
 * roots, pots, tags and frames are written in order, in chunks of up to
 * STORE_CHUNK blocks.  The output depends only on the image, so the same
 * map and inputs give a byte-identical store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "disk-image/mkimage/outfile.h"
#include "disk-image/mkimage/store.h"

#define STORE_CHUNK 256u /* blocks per write: 1 MiB */

struct store_out {
	struct outfile f;
	uint8_t *buf;           /* STORE_CHUNK blocks */
};

static int
store_pwrite(struct store_out *o, const void *buf, size_t n, uint32_t block)
{
	return outfile_pwrite(&o->f, buf, n, (off_t)block * CK_BLOCK_SIZE);
}

void
store_make_root(const struct image *img, unsigned slot, ck_root_t *r)
{
	memset(r, 0, sizeof *r);
	r->magic = CK_ROOT_MAGIC;
	r->version = CK_FORMAT_VERSION;
	r->block_size = CK_BLOCK_SIZE;
	r->generation = 0;
	r->root_slot = slot;
	r->geo = img->geo;
	r->log_head = r->log_tail = 0;
	r->dir_block = CK_NO_BLOCK;
	r->dir_crc = 0;
	r->gen_first_block = CK_NO_BLOCK;
	r->dir_entries = 0;
	r->migrated_through = 0;
	r->runlist_count = img->runlist_count;
	r->ckpt_period_ms = img->ckpt_period_ms;
	r->created = img->created;
	memcpy(r->runlist, img->runlist, img->runlist_count * sizeof(cap_t));
	ck_root_seal(r);
}

static void
store_fill_pot(const struct image *img, uint32_t p, ck_pot_t *pot)
{
	memset(pot, 0, sizeof *pot);
	pot->h.magic = CK_POT_MAGIC;
	pot->h.index = p;
	for (uint32_t r = 0; r < CK_NODES_PER_POT; r++) {
		uint32_t i = p * CK_NODES_PER_POT + r;
		if (i < img->nnodes)
			pot->node[r] = img->nodes[i];
		else
			pot->node[r].oid = ck_oid_make(CK_OID_KIND_NODE, i);
		ck_node_seal(&pot->node[r]);
	}
}

static int
store_page_is_zero(const struct mk_page *pg)
{
	static const uint8_t zero[CK_BLOCK_SIZE];

	return !pg->data || !memcmp(pg->data, zero, CK_BLOCK_SIZE);
}

/* Page j's tag: a page the map made, or a free (zero) page; sealed. */
static void
store_fill_tag(const struct image *img, uint32_t j, ck_tag_t *tag, uint32_t zero_crc)
{
	tag->flags = CK_TF_ZERO;
	tag->crc = zero_crc;
	if (j < img->npages) {
		const struct mk_page *pg = &img->pages[j];
		tag->alloc_count = pg->alloc_count;
		tag->flags = CK_TF_ALLOCATED;
		if (store_page_is_zero(pg))
			tag->flags |= CK_TF_ZERO;
		else
			tag->crc = ck_page_crc(pg->data);
	}
	ck_tag_seal(tag, j);
}

static void
store_fill_tags(const struct image *img, uint32_t t, ck_tag_block_t *tb, uint32_t zero_crc)
{
	memset(tb, 0, sizeof *tb);
	tb->magic = CK_TAG_MAGIC;
	tb->index = t;
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++) {
		uint32_t j = t * CK_TAGS_PER_BLOCK + e;
		if (j >= img->geo.page_count)
			break;
		store_fill_tag(img, j, &tb->tag[e], zero_crc);
	}
}

/* Write `count` blocks from `first`, each made by fill(img, k, block). */
static int
store_write_run(struct store_out *o, const struct image *img, uint32_t first, uint32_t count,
		void (*fill)(const struct image *, uint32_t, void *, uint32_t), uint32_t arg)
{
	for (uint32_t k = 0; k < count; k += STORE_CHUNK) {
		uint32_t n = count - k < STORE_CHUNK ? count - k : STORE_CHUNK;
		for (uint32_t b = 0; b < n; b++)
			fill(img, k + b, o->buf + (size_t)b * CK_BLOCK_SIZE, arg);
		if (store_pwrite(o, o->buf, (size_t)n * CK_BLOCK_SIZE, first + k) < 0)
			return -1;
	}
	return 0;
}

static void
store_pot_block(const struct image *img, uint32_t p, void *block, uint32_t arg)
{
	(void)arg;
	store_fill_pot(img, p, block);
}

static void
store_tag_block(const struct image *img, uint32_t t, void *block, uint32_t zero_crc)
{
	store_fill_tags(img, t, block, zero_crc);
}

/* Frames of non-zero pages, consecutive ones gathered into one write. */
static int
store_write_frames(struct store_out *o, const struct image *img)
{
	uint32_t run_start = 0, n = 0;

	for (uint32_t j = 0; j <= img->npages; j++) {
		int data = j < img->npages && !store_page_is_zero(&img->pages[j]);
		if (n && (!data || n == STORE_CHUNK || j != run_start + n)) {
			if (store_pwrite(o, o->buf, (size_t)n * CK_BLOCK_SIZE, img->geo.frame_start + run_start) < 0)
				return -1;
			n = 0;
		}
		if (!data)
			continue;
		if (n == 0)
			run_start = j;
		memcpy(o->buf + (size_t)n++ * CK_BLOCK_SIZE, img->pages[j].data, CK_BLOCK_SIZE);
	}
	return 0;
}

static int
store_write_all(struct store_out *o, const struct image *img)
{
	static const uint8_t zero[CK_BLOCK_SIZE];
	const ck_geometry_t *g = &img->geo;
	ck_root_t *roots = (ck_root_t *)o->buf;

	if (ftruncate(o->f.fd, (off_t)g->total_blocks * CK_BLOCK_SIZE) < 0)
		return diag_tool_error("sizing %s: %s", o->f.tmp, strerror(errno));
	store_make_root(img, 0, &roots[0]);
	store_make_root(img, 1, &roots[1]);
	if (store_pwrite(o, roots, 2 * sizeof *roots, 0) < 0 ||
	    store_write_run(o, img, g->pot_start, g->pot_count, store_pot_block, 0) < 0 ||
	    store_write_run(o, img, g->tag_start, g->tag_count, store_tag_block, ck_page_crc(zero)) < 0 ||
	    store_write_frames(o, img) < 0)
		return -1;
	return 0;
}

int
store_write(const struct image *img, const char *path)
{
	struct store_out o;

	if (outfile_open(&o.f, path) < 0)
		return -1;
	o.buf = diag_xmalloc((size_t)STORE_CHUNK * CK_BLOCK_SIZE);
	int ok = store_write_all(&o, img) == 0;
	free(o.buf);
	return outfile_finish(&o.f, ok);
}
