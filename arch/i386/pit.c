/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pit.c -- the 8254 timer, channel 0, periodic at HAL_TICK_HZ.  Each tick
 * counts time and gives the scheduler its chance to preempt
 * (kern_timer_tick).
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PIT_FREQ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43

static volatile uint64_t pit_ticks;

void
pit_init(unsigned hz)
{
	unsigned div = PIT_FREQ / hz;

	outb(PIT_CMD, 0x34); /* channel 0, lo/hi, rate generator */
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	pic_unmask(0);
}

void
pit_tick(void)
{
	pit_ticks++;
	kern_timer_tick();
}

uint64_t
hal_ticks(void)
{
	return pit_ticks;
}
