/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c -- kmain: bring the machine up, then run.
 *
 * The first console line starts with "Cairn" (tests and users look for
 * it).  A test kernel (CAIRN_TEST) then runs the in-kernel tests chosen
 * by the boot option test=..., or raises the exception named by fault=...
 * to prove the trap path, and ends QEMU with the result.
 *
 * With the boot option bench, the line "BENCH restart_us N" says how long
 * the restart took, from the kernel's first instruction to the moment the
 * first process is about to run (TSC; make bench compares stores of
 * different sizes, docs/benchmarks.md).
 */
#include "kernel.h"
#include "hal.h"
#include "pmem.h"
#include "disk.h"
#include "obj.h"
#include "ckpt/objstore.h"
#include "cap.h"
#include "proc.h"
#include "space.h"
#include "checkpoint.h"
#include "ckpt/restart.h"
#include "version.h"
#ifdef CAIRN_TEST
#include "ktest.h"
#endif

void kmain(uint32_t mb_magic, uint32_t mb_info);

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

/* Find the disk and the store partition, and say what was found in one
 * line.  Without them the kernel still runs (there is nothing to
 * restart from yet); the line names the reason. */
static void
report_disk(void)
{
	int err = disk_store_init();

	if (err) {
		kprintf("disk: unavailable: %s (error %d)\n", disk_strerror(err), err);
		return;
	}
	kprintf("disk: ATA \"%s\" (%s), %llu sectors (%llu MiB); store partition %u at sector %llu, %llu blocks (%llu MiB)\n",
		hal_disk_model(), hal_disk_mode(), (unsigned long long)hal_disk_sectors(),
		(unsigned long long)(hal_disk_sectors() >> 11), disk_store_partition(),
		(unsigned long long)disk_store_first_sector(),
		(unsigned long long)disk_store_blocks(),
		(unsigned long long)(disk_store_blocks() >> 8));
}

/* Boot is restart: find the committed state of the store. */
static void
open_store(void)
{
	if (hal_option("nostore")) {     /* disk diagnostics: leave it alone */
		kprintf("store: not opened (nostore)\n");
		return;
	}
	int err = objstore_open();
	const ck_root_t *r = objstore_root();

	if (err == OBJ_ERR_DAMAGED) {
		kprintf("store: damaged; not started (cairn-dump check names what is wrong)\n");
		hal_exit(4);
	}
	if (err) {
		kprintf("store: not opened: %s\n", obj_strerror(err));
		return;
	}
	kprintf("store: generation %llu, %u nodes, %u pages, log %u blocks, %u processes on the run list\n",
		(unsigned long long)r->generation, r->geo.node_count,
		r->geo.page_count, r->geo.log_blocks, r->runlist_count);
}

/*
 * Resume every process the committed run list names.  A stale entry (the
 * process was destroyed) or a malformed root is reported and skipped.
 */
static void
start_run_list(void)
{
	const ck_root_t *r = objstore_root();
	unsigned started = 0;

	for (uint32_t i = 0; r && i < r->runlist_count; i++) {
		cap_t c = r->runlist[i];
		struct cap_ret t = cap_type(&c) == CT_PROCESS ? cap_target(&c) : (struct cap_ret){ 0, RC_VOID };
		int rc = t.rc;
		if (t.obj && proc_load(t.obj, &rc)) {
			started++;
			continue;
		}
		char label[PROC_LABEL_MAX];
		if (t.obj)
			proc_label(t.obj, label);
		else
			ksnprintf(label, sizeof label, "%#llx", (unsigned long long)c.oid);
		kprintf("run list entry %u (%s): not started (rc %d)\n", i, label, rc);
	}
	if (r) {
		const struct restart_info *ri = restart_info();
		kprintf("restart: generation %llu (root %c), %u unmigrated generations, %u directory entries, %u processes resumed\n",
			(unsigned long long)r->generation, 'A' + ri->slot, ri->generations,
			ri->entries, started);
	}
}

/* "BENCH restart_us N" (boot option bench): kernel entry at t0 to now. */
static void
report_restart_time(uint64_t t0)
{
	uint64_t hz = hal_tsc_hz();

	if (hal_option("bench") && hz)
		kprintf("BENCH restart_us %llu\n",
			(unsigned long long)((hal_rdtsc() - t0) * 1000000 / hz));
}

#ifdef CAIRN_TEST
void ktest_fault(const char *which);

/* ckpt_check_boot: check every object the restart brought in (the run
 * list's processes), as the test kernel does before every commit. */
static void
check_after_restart(void)
{
	if (hal_option("ckpt_check_boot"))
		kprintf("ckpt: consistency check after restart: %u objects\n",
			check_consistency("after restart"));
}

static void
run_tests(void)
{
	const char *fault = hal_option("fault");
	const char *sel = hal_option("test");

	if (fault)
		ktest_fault(fault);
	if (hal_option("disk_pattern"))
		ktest_disk_pattern(hal_option("disk_pattern"));
	if (hal_option("disk_probe"))
		ktest_disk_probe(hal_option("disk_probe"));
	if (hal_option("disk_absent"))
		ktest_disk_absent();
	if (sel) {
		/* hal_option's value is overwritten by its next call (the
		 * tests make some); keep a copy. */
		static char selection[128];   /* hal_option's limit */
		const char *s = *sel ? sel : "all";
		memcpy(selection, s, strlen(s) + 1);
		hal_exit(ktest_run(selection) ? 1 : 0);
	}
}
#endif

void
kmain(uint32_t mb_magic, uint32_t mb_info)
{
	uint64_t t0 = hal_rdtsc();

	hal_init(mb_magic, mb_info);
	kprintf("Cairn %s: persistent capability microkernel (i386)\n", CAIRN_VERSION);
	pmem_init();
	report_memory();
	report_disk();
	mapcache_init();
	objcache_init();
	proc_init();
	sched_init();
	open_store();
	ckpt_init();
	hal_disk_start_irq();
#ifdef CAIRN_TEST
	run_tests();
#endif
	start_run_list();
#ifdef CAIRN_TEST
	check_after_restart();
#endif
	report_restart_time(t0);
	sched_run();
}
