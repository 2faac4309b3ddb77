/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hal.h -- the narrow interface between generic kernel code and the
 * machine.  arch/i386/ implements it; generic code includes only this,
 * never an arch header.
 */
#ifndef CAIRN_HAL_H
#define CAIRN_HAL_H

#include "kernel.h"

/* Bring up the CPU tables, paging, interrupts, timer and console. */
void hal_init(uint32_t mb_magic, uint32_t mb_info);

/* Console (serial COM1, 115200 8N1). */
void hal_console_putc(char c);
int hal_console_getc(void); /* -1 if no character is waiting */

/* Stop the machine.  hal_exit reports status to the host through
 * QEMU's isa-debug-exit device (exit code status*2+1) when present. */
void hal_halt(void) NORETURN;
void hal_exit(unsigned status) NORETURN;

/* Interrupt control. */
void hal_irq_enable(void);
void hal_irq_disable(void);
void hal_wait_for_interrupt(void);

/* Time. */
uint64_t hal_ticks(void);           /* PIT ticks since boot */
#define HAL_TICK_HZ 100u
static inline uint64_t
hal_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Physical memory: usable ranges found at boot (after the kernel image
 * and boot modules are excluded), and the kernel's view of it. */
struct hal_mem_range {
	uint64_t base, len;
};
unsigned hal_mem_ranges(const struct hal_mem_range **out);
void *hal_phys_to_virt(uint64_t pa);
uint64_t hal_virt_to_phys(const void *va);

/* Boot options: the multiboot command line, overridden for tests by the
 * QEMU fw_cfg file opt/cairn/cmdline.  Returns the value of key=value or
 * NULL; a bare "key" gives "". */
const char *hal_option(const char *key);

/* Provided by the generic kernel, called by the arch layer. */
void kern_timer_tick(void);          /* every PIT tick, interrupts off */

#endif
