/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gdt.c -- flat segments and the one TSS.
 *
 *   0x08 kernel code   0x10 kernel data   (DPL 0, base 0, 4 GiB)
 *   0x18 user code     0x20 user data     (DPL 3, base 0, 4 GiB)
 *   0x28 TSS           (esp0 = the kernel stack used on traps from user)
 *
 * The kernel's ds and es hold the user data selector (trapentry.S says
 * why); ss is the kernel's.
 *
 * Protection between kernel and user rests on paging (user pages have
 * the U bit; the kernel's direct map does not), not on segment limits.
 */
#include "arch/i386/arch.h"

struct gdt_entry {
	uint16_t limit_lo, base_lo;
	uint8_t base_mid, access, gran, base_hi;
} __attribute__((packed));

_Static_assert(sizeof(struct gdt_entry) == 8, "gdt_entry_size");

static struct gdt_entry gdt[6];
struct tss arch_tss;

static void
gdt_set(unsigned i, uint32_t base, uint32_t limit, uint8_t access, uint8_t gran)
{
	gdt[i].limit_lo = limit & 0xffff;
	gdt[i].base_lo = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].gran = (uint8_t)((gran & 0xf0) | ((limit >> 16) & 0x0f));
	gdt[i].base_hi = (base >> 24) & 0xff;
}

void
gdt_init(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d;

	gdt_set(1, 0, 0xfffff, 0x9a, 0xc0);
	gdt_set(2, 0, 0xfffff, 0x92, 0xc0);
	gdt_set(3, 0, 0xfffff, 0xfa, 0xc0);
	gdt_set(4, 0, 0xfffff, 0xf2, 0xc0);
	gdt_set(5, (uint32_t)&arch_tss, sizeof arch_tss - 1, 0x89, 0x00);
	arch_tss.ss0 = SEL_KDATA;
	arch_tss.iomap = sizeof arch_tss; /* no I/O bitmap: user port I/O faults */
	d.limit = sizeof gdt - 1;
	d.base = (uint32_t)gdt;
	__asm__ volatile(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %4, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"xor %%ax, %%ax\n\t"
		"mov %%ax, %%fs\n\t"
		"mov %%ax, %%gs\n\t"
		"mov %3, %%ax\n\t"
		"ltr %%ax"
		: : "m"(d), "i"(SEL_KCODE), "i"(SEL_KDATA), "i"(SEL_TSS), "i"(SEL_UDATA)
		: "eax", "memory");
}
