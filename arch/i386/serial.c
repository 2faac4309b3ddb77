/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serial.c -- COM1 at 115200 8N1, polled.  The console of the kernel and,
 * through the Console capability, of every program.  Output is polled so
 * that panic() works with interrupts off; '\n' goes out as "\r\n" so a
 * terminal in raw mode (QEMU's -serial stdio) shows lines properly.
 */
#include "kernel/hal.h"
#include "arch/i386/io.h"
#include "arch/i386/arch.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

void
serial_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x80); /* DLAB: divisor follows */
	outb(COM1 + REG_DATA, 1);   /* 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, 0x03); /* 8N1 */
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on, cleared */
	outb(COM1 + REG_MCR, 0x03); /* DTR, RTS */
}

static void
serial_put_raw(char c)
{
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

void
hal_console_putc(char c)
{
	if (c == '\n')
		serial_put_raw('\r');
	serial_put_raw(c);
}

int
hal_console_getc(void)
{
	if (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
}
