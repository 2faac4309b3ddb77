/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c -- kmain: bring the machine up, then run.
 *
 * The first console line starts with "Cairn" (tests and users look for
 * it).  A test kernel (CAIRN_TEST) then runs the in-kernel tests chosen
 * by the boot option test=..., or raises the exception named by fault=...
 * to prove the trap path, and ends QEMU with the result.
 */
#include "kernel.h"
#include "hal.h"
#include "pmem.h"
#include "version.h"
#ifdef CAIRN_TEST
#include "ktest.h"
#endif

void kmain(uint32_t mb_magic, uint32_t mb_info);

void
kern_timer_tick(void)
{
}

static void
report_memory(void)
{
	const struct hal_mem_range *r;
	unsigned n = hal_mem_ranges(&r);

	for (unsigned i = 0; i < n; i++)
		kprintf("  memory %#010llx-%#010llx (%llu KiB)\n",
			(unsigned long long)r[i].base,
			(unsigned long long)(r[i].base + r[i].len),
			(unsigned long long)(r[i].len >> 10));
	kprintf("  %u page frames free of %u\n", pmem_free_count(), pmem_total_count());
}

#ifdef CAIRN_TEST
void ktest_fault(const char *which);

static void
run_tests(void)
{
	const char *fault = hal_option("fault");
	const char *sel = hal_option("test");

	if (fault)
		ktest_fault(fault);
	if (sel)
		hal_exit(ktest_run(*sel ? sel : "all") ? 1 : 0);
}
#endif

void
kmain(uint32_t mb_magic, uint32_t mb_info)
{
	hal_init(mb_magic, mb_info);
	kprintf("Cairn %s: persistent capability microkernel (i386)\n", CAIRN_VERSION);
	pmem_init();
	report_memory();
#ifdef CAIRN_TEST
	run_tests();
#endif
	kprintf("no processes to run yet; idle\n");
	for (;;)
		hal_wait_for_interrupt();
}
