/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * panic.c -- stop the machine with file, line and a message.  Interrupts
 * go off first; a panic while panicking just halts.  The exit status
 * (through isa-debug-exit) lets a test harness tell a panic (QEMU exit
 * code 5) from a clean shutdown.  The function is named panic, like the
 * macro that passes it file and line (kernel.h): "break panic" in gdb.
 */
#include "kernel.h"
#include "hal.h"

#define PANIC_EXIT_STATUS 2

static int panicking;

void
(panic)(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	hal_irq_disable();
	if (panicking++)
		hal_halt();
	kprintf("\nPANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\nsystem halted\n");
	hal_exit(PANIC_EXIT_STATUS);
}
