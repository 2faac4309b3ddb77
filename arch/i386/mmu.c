/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mmu.c -- user page directories and page tables (two-level i386
 * paging, 4 KiB user pages), for the mapping cache (kernel/mapcache.c).
 *
 *   PDE 0 .. 767     user part: each present PDE names a page table
 *                    (P|W|U: the PTEs decide writability)
 *   PDE 768 .. 1023  the kernel's 4 MiB global pages, copied from
 *                    kernel_pgdir; paging_init() sets them once and
 *                    nothing changes them afterwards, so a copy made at
 *                    boot stays right
 *
 *   user PTE         frame | P | U | (W if writable)
 *
 * The frames are the caller's: this file never allocates.  A change to
 * the directory in CR3 is made visible at once: invlpg for one PTE, a
 * CR3 reload for the whole user part (the kernel's pages are global and
 * survive it).  A new PTE over a non-present one would need no invlpg;
 * it is done anyway because hal_pte_set also upgrades read-only PTEs.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PTE_P 0x001u
#define PTE_W 0x002u
#define PTE_U 0x004u
#define PTE_FRAME 0xfffff000u
#define PD_USER_ENTRIES (USER_TOP >> 22)

_Static_assert(HAL_USER_TOP == USER_TOP, "hal_user_top_matches_layout");
_Static_assert((USER_TOP & 0x3fffff) == 0, "user_top_on_a_pde_boundary");

static inline unsigned
pdx(uint32_t va)
{
	return va >> 22;
}

static inline unsigned
ptx(uint32_t va)
{
	return (va >> 12) & 0x3ff;
}

static bool
is_current(const void *pd)
{
	return read_cr3() == (uint32_t)hal_virt_to_phys(pd);
}

void
hal_pgdir_init(void *pd)
{
	uint32_t *d = pd;

	require(((uintptr_t)pd & 0xfff) == 0);
	for (unsigned i = 0; i < 1024; i++)
		d[i] = i < PD_USER_ENTRIES ? 0 : kernel_pgdir[i];
}

void
hal_pgdir_clear_user(void *pd)
{
	memset(pd, 0, PD_USER_ENTRIES * sizeof(uint32_t));
	if (is_current(pd))
		write_cr3(read_cr3());
}

void
hal_pgdir_load(void *pd)
{
	/* pd is in the direct map (a pool frame): its physical address is
	 * an offset, with no check on the context-switch path. */
	write_cr3((uint32_t)(uintptr_t)(pd ? pd : kernel_pgdir) - KERNBASE);
}

/* The page table mapping va in pd, or NULL. */
static uint32_t *
table_of(const void *pd, uint32_t va)
{
	uint32_t pde = ((const uint32_t *)pd)[pdx(va)];

	if (va >= USER_TOP || !(pde & PTE_P))
		return NULL;
	return hal_phys_to_virt(pde & PTE_FRAME);
}

bool
hal_pgdir_has_table(const void *pd, uint32_t va)
{
	return table_of(pd, va) != NULL;
}

void
hal_pgdir_set_table(void *pd, uint32_t va, void *pt)
{
	uint32_t pa = (uint32_t)hal_virt_to_phys(pt);

	require(va < USER_TOP && (pa & ~PTE_FRAME) == 0);
	((uint32_t *)pd)[pdx(va)] = pa | PTE_P | PTE_W | PTE_U;
}

void
hal_pte_set(void *pd, uint32_t va, uint64_t pa, bool writable)
{
	uint32_t *pt = table_of(pd, va);

	require(pt && pa < DIRECT_MAX && (pa & ~(uint64_t)PTE_FRAME) == 0);
	pt[ptx(va)] = (uint32_t)pa | PTE_P | PTE_U | (writable ? PTE_W : 0);
	if (is_current(pd))
		invlpg(va);
}

/* The IPC string copy's lookup: no checks on the frames, which were
 * checked when these entries were written (hal_pgdir_set_table,
 * hal_pte_set), so each is an offset into the direct map. */
void *
hal_pte_ptr(const void *pd, uint32_t va, bool write)
{
	uint32_t pde = ((const uint32_t *)pd)[pdx(va)];
	uint32_t need = PTE_P | (write ? PTE_W : 0);

	if (va >= USER_TOP || !(pde & PTE_P))
		return NULL;
	uint32_t pte = ((const uint32_t *)((pde & PTE_FRAME) + KERNBASE))[ptx(va)];
	if ((pte & need) != need)
		return NULL;
	return (void *)((pte & PTE_FRAME) + KERNBASE + (va & ~PTE_FRAME));
}

enum hal_pte
hal_pte_query(const void *pd, uint32_t va)
{
	const uint32_t *pt = table_of(pd, va);
	uint32_t pte = pt ? pt[ptx(va)] : 0;

	if (!(pte & PTE_P))
		return HAL_PTE_NONE;
	return pte & PTE_W ? HAL_PTE_RW : HAL_PTE_RO;
}
