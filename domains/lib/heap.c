/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * heap.c -- malloc and free over pages from the program's bank
 * (cairn/bank.h).
 *
 * The heap is one contiguous run of pages from HEAP_BASE up to
 * heap_top; each page is allocated from the bank and mapped with
 * aspace_map, so the heap is persistent like the rest of the program
 * and paid for by its bank.  Inside it, blocks carry an 8-byte header
 * (size including the header, and a tag saying "in use"); free blocks
 * sit on one list in address order, so free merges a block with its
 * neighbours in one pass.  malloc is first fit, cutting from the end of
 * the block it finds; when nothing fits it maps enough new pages for
 * the request and tries once more.  A bank that refuses a page (its
 * limit, or the store full) makes malloc return NULL; the pages mapped
 * so far stay in the heap.  Pages are never given back to the bank.
 *
 * Costs: malloc and free walk the free list (linear in its length);
 * growth is 2 bank calls and up to 3 kernel calls per page once the
 * Space nodes exist.
 */
#include "cairn/bank.h"
#include "cairn/aspace.h"
#include "cairn/kobj.h"

#define HEAP_USED 0x55534544u   /* "DESU" */
#define HEAP_HDR 8u
#define HEAP_MIN 16u

struct heap_blk {
	uint32_t size;          /* bytes, header included, multiple of 8 */
	uint32_t tag;           /* HEAP_USED while allocated */
	struct heap_blk *next;  /* free list, address order (free blocks only) */
};

static struct heap_config heap_cfg;
static int heap_ready;
static uint32_t heap_top = HEAP_BASE;
static struct heap_blk *heap_free_list;

void
heap_setup(const struct heap_config *cfg)
{
	heap_cfg = *cfg;
	heap_ready = 1;
}

uint32_t
heap_mapped(void)
{
	return heap_top - HEAP_BASE;
}

static int
heap_new_node(void *ctx, capreg_t to)
{
	(void)ctx;
	return bank_alloc_node(heap_cfg.bank, to);
}

/* Put b on the free list in address order, merging with neighbours. */
static void
heap_insert(struct heap_blk *b)
{
	struct heap_blk **pp = &heap_free_list, *prev = NULL;

	while (*pp && *pp < b) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	b->tag = 0;
	b->next = *pp;
	*pp = b;
	if (b->next && (char *)b + b->size == (char *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	if (prev && (char *)prev + prev->size == (char *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
}

/* Map one more page at heap_top; 0 on success. */
static int
heap_grow_page(void)
{
	struct aspace as = { heap_cfg.space, heap_cfg.height,
			     { heap_cfg.tmp[0], heap_cfg.tmp[1] }, heap_new_node, NULL };
	capreg_t page = heap_cfg.tmp[2];

	if (heap_top >= HEAP_END || bank_alloc_page(heap_cfg.bank, page) != RC_OK)
		return -1;
	if (aspace_map(&as, heap_top, page) != RC_OK) {
		bank_free(heap_cfg.bank, page);
		return -1;
	}
	struct heap_blk *b = (struct heap_blk *)heap_top;
	heap_top += 4096u;
	b->size = 4096u;
	heap_insert(b);
	return 0;
}

/* Take size bytes from the first free block that holds them. */
static void *
heap_take(uint32_t size)
{
	struct heap_blk **pp = &heap_free_list;

	for (; *pp; pp = &(*pp)->next) {
		struct heap_blk *b = *pp;
		if (b->size < size)
			continue;
		if (b->size - size >= HEAP_MIN) {
			b->size -= size;
			b = (struct heap_blk *)((char *)b + b->size);
			b->size = size;
		} else {
			*pp = b->next;
		}
		b->tag = HEAP_USED;
		return (char *)b + HEAP_HDR;
	}
	return NULL;
}

void *
malloc(size_t n)
{
	if (!heap_ready || n == 0 || n > HEAP_END - HEAP_BASE)
		return NULL;
	uint32_t size = ((uint32_t)n + HEAP_HDR + 7u) & ~7u;
	if (size < HEAP_MIN)
		size = HEAP_MIN;
	void *p = heap_take(size);
	for (uint32_t got = 0; !p && got < size + 4096u; got += 4096u) {
		if (heap_grow_page())
			return NULL;
		p = heap_take(size);
	}
	return p;
}

void
free(void *p)
{
	if (!p)
		return;
	struct heap_blk *b = (struct heap_blk *)((char *)p - HEAP_HDR);
	if (b->tag != HEAP_USED)
		return;         /* not ours, or freed twice: ignore */
	heap_insert(b);
}
