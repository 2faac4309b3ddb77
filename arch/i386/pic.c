/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pic.c -- the two 8259A PICs, remapped to vectors 32-47, every line
 * masked until a driver unmasks it.
 */
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static uint16_t pic_mask = 0xfffb; /* all masked but the cascade (IRQ 2) */

static void
pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask & 0xff);
	outb(PIC2_DATA, pic_mask >> 8);
}

void
pic_init(void)
{
	outb(PIC1_CMD, 0x11);  /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 32);   /* ICW2: vector base */
	outb(PIC2_DATA, 40);
	outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_write_mask();
}

void
pic_unmask(unsigned irq)
{
	pic_mask &= (uint16_t)~(1u << irq);
	pic_write_mask();
}

void
pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}
