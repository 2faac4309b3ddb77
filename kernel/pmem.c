/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pmem.c -- the physical page allocator.
 *
 * Every usable frame the boot loader reported (hal_mem_ranges) goes on a
 * LIFO free list threaded through the frames themselves (through the
 * kernel's direct map), so allocate and free are O(1) and the allocator
 * needs no memory of its own.  It serves boot-time sizing only: the
 * object cache's node and page pools, the mapping cache, kernel stacks.
 * No user operation allocates from it after boot (docs/design.md rule 2).
 */
#include "pmem.h"
#include "hal.h"

struct free_frame {
	struct free_frame *next;
};

static struct free_frame *pmem_free_list;
static uint32_t pmem_nfree, pmem_ntotal;

void
pmem_init(void)
{
	const struct hal_mem_range *r;
	unsigned n = hal_mem_ranges(&r);

	/* Push from high to low so that allocation starts at low memory. */
	for (unsigned i = n; i-- > 0;) {
		for (uint64_t pa = r[i].base + r[i].len; pa > r[i].base;) {
			pa -= PAGE_SIZE;
			pmem_free(hal_phys_to_virt(pa));
			pmem_ntotal++;
		}
	}
}

void *
pmem_alloc(void)
{
	struct free_frame *f = pmem_free_list;

	if (!f)
		return NULL;
	pmem_free_list = f->next;
	pmem_nfree--;
	memset(f, 0, PAGE_SIZE);
	return f;
}

void
pmem_free(void *page)
{
	struct free_frame *f = page;

	require(((uintptr_t)page & (PAGE_SIZE - 1)) == 0);
	f->next = pmem_free_list;
	pmem_free_list = f;
	pmem_nfree++;
}

/*
 * n physically consecutive frames, for the few large arrays sized at
 * boot (object cache pools, hash table).  Right after pmem_init the free
 * list runs in ascending address order, so the first n entries are
 * consecutive unless a range ends among them; then this returns NULL.
 */
void *
pmem_alloc_contig(uint32_t n)
{
	struct free_frame *f = pmem_free_list;
	uint8_t *first = (uint8_t *)f;

	for (uint32_t i = 0; i < n; i++, f = f->next)
		if (!f || (uint8_t *)f != first + (size_t)i * PAGE_SIZE)
			return NULL;
	pmem_free_list = f;
	pmem_nfree -= n;
	memset(first, 0, (size_t)n * PAGE_SIZE);
	return first;
}

uint32_t
pmem_free_count(void)
{
	return pmem_nfree;
}

uint32_t
pmem_total_count(void)
{
	return pmem_ntotal;
}
