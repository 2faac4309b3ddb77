/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tsc.c -- the time-stamp counter's rate, for timeouts that must work
 * with interrupts off, and for hal_ticks() (pit.c), which counts time
 * from the TSC so that no tick is lost while interrupts are off.
 *
 * Calibration watches PIT channel 0, which pit_init() left counting down
 * from PIT_FREQ / HAL_TICK_HZ in rate-generator mode: each reload (the
 * latched count jumping up) is one tick, whether or not its interrupt is
 * delivered.  TSC cycles over TSC_CAL_TICKS reloads give the rate.  Under
 * QEMU TCG the TSC follows the host clock and the PIT the virtual clock,
 * so the figure is "cycles per guest second", which is what a timeout
 * wants.  Errors lean one way: if the host deschedules the guest long
 * enough to hide a reload, the window really held more ticks than were
 * counted, so the rate comes out high and timeouts long (taking the
 * shortest single interval instead was tried: a late start makes
 * intervals short, and the rate low).  If the PIT never moves (no
 * PIT?) a deliberately high rate is assumed, for the same reason.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_LATCH_CH0 0x00
#define TSC_CAL_TICKS 3u
#define TSC_FALLBACK_HZ 8000000000ull   /* 8 GHz: errs towards long */
#define TSC_CAL_SPIN_MAX 50000000u      /* PIT reads before giving up */

static uint64_t tsc_rate;

static uint16_t
pit_count(void)
{
	outb(PIT_CMD, PIT_LATCH_CH0);
	uint8_t lo = inb(PIT_CH0);
	return (uint16_t)(inb(PIT_CH0) << 8 | lo);
}

/* Spin until channel 0 reloads; false if it never does. */
static bool
pit_wait_reload(void)
{
	uint16_t prev = pit_count();

	for (uint32_t i = 0; i < TSC_CAL_SPIN_MAX; i++) {
		uint16_t now = pit_count();
		if (now > prev)
			return true;
		prev = now;
	}
	return false;
}

static uint64_t
tsc_calibrate(void)
{
	if (!pit_wait_reload())
		return TSC_FALLBACK_HZ;
	uint64_t t0 = hal_rdtsc();
	for (unsigned i = 0; i < TSC_CAL_TICKS; i++)
		if (!pit_wait_reload())
			return TSC_FALLBACK_HZ;
	uint64_t hz = (hal_rdtsc() - t0) * HAL_TICK_HZ / TSC_CAL_TICKS;
	return hz ? hz : TSC_FALLBACK_HZ;
}

uint64_t
hal_tsc_hz(void)
{
	if (!tsc_rate)
		tsc_rate = tsc_calibrate();
	return tsc_rate;
}
