/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pit.c -- the 8254 timer, channel 0, periodic at HAL_TICK_HZ.  Each
 * tick's interrupt gives the scheduler its chance to preempt and wakes
 * sleepers (kern_timer_tick).
 *
 * Time itself is counted from the TSC (tsc.c calibrates it against this
 * very channel at init): the kernel runs with interrupts off, and a
 * stretch of work longer than a tick -- a synchronous disk wait, a
 * checkpoint's migration step -- would lose tick interrupts, and with
 * them time, if ticks were counted by interrupt.  hal_ticks() is the
 * ticks elapsed since pit_init, whether or not their interrupts arrived.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PIT_FREQ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43

static uint64_t tsc0, tsc_per_tick;
static uint32_t irqs;

void
pit_init(unsigned hz)
{
	unsigned div = PIT_FREQ / hz;

	outb(PIT_CMD, 0x34); /* channel 0, lo/hi, rate generator */
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	tsc_per_tick = hal_tsc_hz() / hz;
	tsc0 = hal_rdtsc();
	pic_unmask(0);
}

void
pit_tick(void)
{
	irqs++;
	kern_timer_tick();
}

uint32_t
hal_timer_irqs(void)
{
	return irqs;
}

uint64_t
hal_ticks(void)
{
	return tsc_per_tick ? (hal_rdtsc() - tsc0) / tsc_per_tick : 0;
}
