/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_boot.c -- in-kernel tests of the foundation: formatted output,
 * the page allocator, the timer, and deliberate exceptions (fault=...)
 * that prove every exception is reported and halts the machine.
 */
#include "kernel/ktest.h"
#include "kernel/hal.h"
#include "kernel/pmem.h"

TEST(printf_formats, "ksnprintf conversions, widths and truncation")
{
	char buf[64];

	ksnprintf(buf, sizeof buf, "%d|%5u|%-4x|%#x|%08X|%s|%c", -42, 7u, 0xab, 0x10, 0xbeef, "ok", 'z');
	KT_CHECK(strcmp(buf, "-42|    7|ab  |0x10|0000BEEF|ok|z") == 0);
	ksnprintf(buf, sizeof buf, "%llu %lld", 18446744073709551615ull, -9000000000ll);
	KT_CHECK(strcmp(buf, "18446744073709551615 -9000000000") == 0);
	KT_CHECK_EQ(ksnprintf(buf, 4, "abcdef"), 6);
	KT_CHECK(strcmp(buf, "abc") == 0);
	ksnprintf(buf, sizeof buf, "%.2s|%5.3d", "xyz", 7);
	KT_CHECK(strcmp(buf, "xy|  007") == 0);
}

TEST(pmem_alloc_free, "frames come zeroed, distinct, and return to the pool")
{
	uint32_t before = pmem_free_count();
	uint8_t *a = pmem_alloc(), *b = pmem_alloc();

	KT_CHECK(a && b && a != b);
	KT_CHECK_EQ(pmem_free_count(), before - 2);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		KT_CHECK(a[i] == 0 && b[i] == 0);
	a[0] = 1;
	pmem_free(a);
	pmem_free(b);
	KT_CHECK_EQ(pmem_free_count(), before);
	KT_CHECK(pmem_total_count() > 1000);
}

/* hal_ticks() counts TSC time whether or not the timer interrupts, so
 * the interrupts are counted: three must arrive within a bounded wait (a
 * second of TSC time; 10^9 spins when the rate is unknown), so a timer
 * that never interrupts fails the check instead of hanging the test --
 * the first version waited in hlt until ticks advanced, and could only
 * pass.  Then a halted CPU must be woken by the next one. */
TEST(timer_ticks, "the PIT interrupt wakes a halted CPU, and time advances")
{
	uint32_t i0 = hal_timer_irqs();
	uint64_t t0 = hal_ticks(), c0 = hal_rdtsc(), hz = hal_tsc_hz();
	uint64_t limit = hz ? hz : 1000000000ull;

	hal_irq_enable();
	/* (Interrupts and TSC time are waited for apart: a loaded host may
	 * deliver three PIT interrupts in less than three ticks of time.) */
	while ((hal_timer_irqs() < i0 + 3 || hal_ticks() < t0 + 3) && hal_rdtsc() - c0 < limit)
		__asm__ volatile("pause");
	uint32_t i1 = hal_timer_irqs();
	if (i1 >= i0 + 3)
		hal_wait_for_interrupt();       /* halted until an interrupt */
	hal_irq_disable();
	KT_CHECK(i1 >= i0 + 3);
	KT_CHECK(hal_timer_irqs() > i1 || hal_ticks() > t0);
	KT_CHECK(hal_ticks() >= t0 + 3);
}

/* Raise an exception on purpose; the trap handler must report and halt. */
void ktest_fault(const char *which);

void
ktest_fault(const char *which)
{
	kprintf("KTEST raising deliberate exception: %s\n", which);
	if (strcmp(which, "pf") == 0)
		*(volatile uint32_t *)0x1000 = 0xdead;
	else if (strcmp(which, "ud") == 0)
		__asm__ volatile("ud2");
	else if (strcmp(which, "de") == 0) {
		__asm__ volatile("xorl %%ecx, %%ecx; movl $1, %%eax; xorl %%edx, %%edx; divl %%ecx"
				 ::: "eax", "ecx", "edx");
	} else if (strcmp(which, "panic") == 0)
		panic("deliberate panic requested by test");
	else if (strcmp(which, "assert") == 0)
		assert(which == NULL);     /* test kernels define CAIRN_DEBUG: this panics */
	kprintf("KTEST no exception for '%s'\n", which);
	hal_exit(1);
}
