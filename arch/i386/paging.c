/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * paging.c -- the kernel's half of every address space.
 *
 * All usable physical memory below DIRECT_MAX is mapped at KERNBASE + pa
 * with 4 MiB global pages (PSE + PGE), supervisor-only.  The identity map
 * that boot.S needed is dropped.  The kernel page directory's upper
 * quarter (PDEs 768..1023) is what every user address space shares; the
 * lower three quarters belong to the user mapping cache (built from Space
 * trees by the process code).
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PDE_P 0x001
#define PDE_W 0x002
#define PDE_PS 0x080
#define PDE_G 0x100
#define CR4_PSE 0x10
#define CR4_PGE 0x80

extern uint32_t boot_pgdir[1024];
uint32_t *kernel_pgdir = boot_pgdir;

void
paging_init(void)
{
	const struct hal_mem_range *r;
	unsigned n = hal_mem_ranges(&r);
	uint64_t top = 0;

	for (unsigned i = 0; i < n; i++)
		if (r[i].base + r[i].len > top)
			top = r[i].base + r[i].len;
	if (top > DIRECT_MAX)
		top = DIRECT_MAX;
	write_cr4(read_cr4() | CR4_PSE | CR4_PGE);
	for (unsigned i = 0; i < 1024; i++)
		boot_pgdir[i] = 0;
	for (uint32_t pa = 0; pa < top; pa += 4u << 20)
		boot_pgdir[(KERNBASE + pa) >> 22] = pa | PDE_P | PDE_W | PDE_PS | PDE_G;
	write_cr3(hal_virt_to_phys(boot_pgdir));
}

void *
hal_phys_to_virt(uint64_t pa)
{
	require(pa < DIRECT_MAX);
	return (void *)(uintptr_t)(pa + KERNBASE);
}

uint64_t
hal_virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	require(v >= KERNBASE);
	return v - KERNBASE;
}
