/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * idt.c -- the interrupt descriptor table: exceptions 0-31 and IRQs
 * 32-47 as interrupt gates (DPL 0, so user code cannot raise them with
 * int), vector 0x80 as the invocation trap (DPL 3).
 */
#include "arch/i386/arch.h"

#define NSTUBS 49
#define VEC_SYSCALL 0x80

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_entry) == 8, "idt_entry_size");

extern const uint32_t trap_stubs[NSTUBS];
static struct idt_entry idt[256];

static void
idt_set(unsigned vec, uint32_t handler, unsigned dpl)
{
	idt[vec].off_lo = handler & 0xffff;
	idt[vec].sel = SEL_KCODE;
	idt[vec].zero = 0;
	idt[vec].type = (uint8_t)(0x8e | (dpl << 5)); /* present, 32-bit interrupt gate */
	idt[vec].off_hi = handler >> 16;
}

void
idt_init(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d;

	for (unsigned v = 0; v < 48; v++)
		idt_set(v, trap_stubs[v], 0);
	idt_set(VEC_SYSCALL, trap_stubs[48], 3);
	d.limit = sizeof idt - 1;
	d.base = (uint32_t)idt;
	__asm__ volatile("lidt %0" : : "m"(d));
}
