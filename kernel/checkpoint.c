/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint.c -- when the kernel checkpoints, and the snapshot.
 *
 * A checkpoint of generation g, stop-the-world (nothing else runs until
 * it is over):
 *
 *   1. snapshot   every loaded process is written back into its nodes,
 *                 and the run list is the loaded processes that are
 *                 running (ready, current, stalled or asleep: all
 *                 "running" in their roots); test kernels check the
 *                 consistency of every cached object;
 *   2. write      the dirty nodes, then the dirty pages (each sorted by
 *                 OID), then the directory, FLUSH (ckpt/logwrite.c);
 *   3. commit     the root for g to the other root slot, FLUSH; only now
 *                 is g durable: its objects are clean, the overlay index
 *                 points at their log copies, take() callers are answered;
 *   4. migrate    the committed log copies go home, FLUSH
 *                 (ckpt/migrate.c); the next root records it, and only
 *                 then may the next generation reuse g's log space.
 *
 * When.  Only at a trap boundary, where every kernel operation is either
 * done or not started and all state is in nodes and pages: at trap entry
 * (the trapping process is snapshotted as about to execute its trap
 * again, eip backed up; the live trap then goes on), at the end of an
 * invocation (take()), or in the idle loop.  ckpt_due says one is due:
 *   - the period (the root's ckpt_period_ms; 0 = only on demand);
 *   - a take() (Checkpoint TAKE);
 *   - pressure: the dirty set could no longer take the most one trap may
 *     dirty (CKPT_TRAP_NODES/PAGES) -- in the free log, in the
 *     directory's entries, or in a cache pool that holds dirty and pinned
 *     objects.  So a trap never runs out of log or cache in the middle:
 *     a process that dirties fast simply waits for checkpoints, never
 *     sees an error or a fault.
 *
 * Failure.  A write or flush that fails before the root leaves g
 * uncommitted: its objects stay dirty and join the next attempt, and the
 * console says so.  A failed root write is retried into the same slot --
 * never the slot of the newest durable root.  After CKPT_MAX_FAILURES
 * failures in a row the machine stops, naming the last committed
 * generation: nothing committed is ever damaged by a later failure.
 */
#include "checkpoint.h"
#include "proc.h"
#include "obj.h"
#include "hal.h"
#include "pmem.h"
#include "ckpt/objstore.h"
#include "ckpt/overlay.h"
#include "ckpt/logwrite.h"
#include "ckpt/migrate.h"
#include "ckpt/restart.h"
#include "ckpt/ckio.h"
#include "abi/rc.h"

#define CKPT_MAX_FAILURES 3
#define MS_PER_TICK (1000u / HAL_TICK_HZ)

uint8_t ckpt_due;

static struct {
	bool ready;
	uint64_t migrated;        /* every generation <= this is at home */
	uint32_t period_ms;
	uint64_t next_tick;       /* periodic checkpoint due at this tick */
	uint64_t time_base_ms;    /* persistent time at boot */
	uint32_t boots;           /* boots of this store, this one included */
	uint64_t restart_gen;     /* the generation this boot restarted from */
	uint32_t budget_blocks;   /* log blocks the dirty set may use */
	uint32_t failures;        /* in a row */
	struct proc *taker;       /* take() waiting for this checkpoint */
	bool verbose;
	uint32_t trap_dirtied;
	bool in_trap;             /* test kernels: user traps have begun */
	struct ckpt_stats last;
	uint32_t kib;             /* dirty volume of the generation being written */
	uint32_t *order;          /* dirty objects, to sort by OID */
	uint32_t order_max;
} ck;

static cap_t runlist[CK_RUNLIST_MAX];

/* Log blocks a dirty set of n nodes and p pages takes, directory included
 * (zero pages are counted as whole blocks: an upper bound). */
static uint32_t
blocks_for(uint32_t n, uint32_t p)
{
	return (n + CK_NODES_PER_POT - 1) / CK_NODES_PER_POT + p +
	       (n + p) / CK_DIR_ENTRIES + 1;
}

/* What a trap and the snapshot may add on top of the dirty set. */
static uint32_t
reserve_blocks(void)
{
	return blocks_for(CKPT_TRAP_NODES + PROC_TABLE_SIZE, CKPT_TRAP_PAGES + 1);
}

static void
set_budget(void)
{
	uint32_t free = logwrite_free_blocks(objstore_root());
	uint32_t reserve = reserve_blocks();

	ck.budget_blocks = free > reserve ? free - reserve : 0;
}

void
ckpt_dirtied(uint32_t nodes, uint32_t pages)
{
	uint32_t entries = nodes + pages + CKPT_TRAP_NODES + PROC_TABLE_SIZE + CKPT_TRAP_PAGES + 1;

#ifdef CAIRN_TEST
	/* Counted from the first user trap on: in-kernel tests at boot dirty
	 * what they like, outside any trap. */
	ck.trap_dirtied++;
	require(!ck.in_trap || ck.trap_dirtied <= CKPT_TRAP_NODES + CKPT_TRAP_PAGES + PROC_TABLE_SIZE);
#endif
	if (blocks_for(nodes, pages) > ck.budget_blocks ||
	    entries + overlay_count() > logwrite_max_entries() ||
	    objcache_dirty_room(OT_NODE) < CKPT_TRAP_NODES ||
	    objcache_dirty_room(OT_PAGE) < CKPT_TRAP_PAGES)
		ckpt_due |= CKPT_DUE_PRESSURE;
}

void
ckpt_trap_begin(void)
{
	ck.trap_dirtied = 0;
	ck.in_trap = true;
}

static void
arm_period(void)
{
	ck.next_tick = ck.period_ms ? hal_ticks() + (ck.period_ms + MS_PER_TICK - 1) / MS_PER_TICK : 0;
}

void
ckpt_tick(void)
{
	if (ck.next_tick && hal_ticks() >= ck.next_tick) {
		ck.next_tick = 0;
		ckpt_due |= CKPT_DUE_PERIOD;
	}
}

void
ckpt_init(void)
{
	const ck_root_t *r = objstore_root();
	uint32_t max = overlay_capacity();

	ckio_init();
	if (!r)
		return;
	logwrite_init(max);
	migrate_init(max);
	ck.order_max = objcache_pool_size(OT_NODE) > objcache_pool_size(OT_PAGE) ?
		       objcache_pool_size(OT_NODE) : objcache_pool_size(OT_PAGE);
	ck.order = pmem_alloc_contig((uint32_t)(ALIGN_UP(ck.order_max * sizeof *ck.order, PAGE_SIZE) / PAGE_SIZE));
	require(ck.order);
	ck.migrated = r->migrated_through;
	ck.period_ms = r->ckpt_period_ms;
	ck.time_base_ms = r->time_ms;
	ck.boots = r->boots + 1;
	ck.restart_gen = r->generation;
	ck.verbose = hal_option("ckpt.verbose") != NULL;
	ck.ready = true;
	set_budget();
	arm_period();
}

/* ------------------------------------------------------------ snapshot */

static uint32_t
snapshot(void)
{
	proc_fpu_writeback();
	proc_writeback_all();
#ifdef CAIRN_TEST
	check_consistency("before checkpoint");
#endif
	return proc_runlist(runlist, CK_RUNLIST_MAX);
}

static bool
obj_before(uint32_t a, uint32_t b)
{
	return ((struct obj *)(uintptr_t)a)->oid < ((struct obj *)(uintptr_t)b)->oid;
}

/* The objects of one dirty list in ck.order, sorted by OID. */
static uint32_t
sorted(struct obj *list, uint32_t n)
{
	uint32_t k = 0;

	require(n <= ck.order_max);
	for (struct obj *o = list; o; o = o->dnext)
		ck.order[k++] = (uint32_t)(uintptr_t)o;
	require(k == n);
	sort_u32(ck.order, n, obj_before);
	return n;
}

static int
write_objects(void)
{
	const struct obj_dirty *d = objcache_dirty_set();
	int err = 0;

	ck.kib = (uint32_t)(((uint64_t)d->nnodes * sizeof(ck_node_t) +
			     (uint64_t)d->npages * CK_BLOCK_SIZE) / 1024);
	for (uint32_t i = 0, n = sorted(d->nodes, d->nnodes); i < n && !err; i++)
		err = logwrite_node(obj_node((struct obj *)(uintptr_t)ck.order[i]));
	for (uint32_t i = 0, n = sorted(d->pages, d->npages); i < n && !err; i++) {
		struct obj *o = (struct obj *)(uintptr_t)ck.order[i];
		err = logwrite_page(o->oid, o->page_count, o->page_flags, o->body);
	}
	return err;
}

/* ------------------------------------------------------------- commit */

static void NORETURN
stop_machine(const char *why, int err)
{
	kprintf("ckpt: %s: %s; last committed generation %llu; stopping\n", why,
		ckio_strerror(err), (unsigned long long)objstore_root()->generation);
	hal_exit(3);
}

/* Write root r, retrying into the same slot; stop if it keeps failing. */
static void
commit_root(ck_root_t *r)
{
	int err = 0;

	for (unsigned i = 0; i < CKPT_MAX_FAILURES; i++) {
		err = logwrite_root(r);
		if (!err)
			return;
		kprintf("ckpt: writing root %c for generation %llu failed: %s; retrying\n",
			'A' + r->root_slot, (unsigned long long)r->generation, ckio_strerror(err));
	}
	stop_machine("the root cannot be written", err);
}

static void
fill_root(ck_root_t *r, uint32_t nrun)
{
	r->migrated_through = ck.migrated;
	r->runlist_count = nrun;
	memset(r->runlist, 0, sizeof r->runlist);
	memcpy(r->runlist, runlist, nrun * sizeof *runlist);
	r->ckpt_period_ms = ck.period_ms;
	r->time_ms = ckpt_uptime_ms();
	r->boots = ck.boots;
}

/* g is durable: its objects are clean and found through the overlay.
 * User mappings go: a page is mapped writable only once dirty, so the
 * next write to a page made clean here must fault and dirty it again. */
static void
committed(const ck_root_t *r)
{
	uint32_t n;
	const ck_dir_entry_t *e = logwrite_entries(&n);

	objstore_set_root(r);
	objcache_all_clean();
	mapcache_flush_all();   /* a clean page is never writable through a PTE */
	for (uint32_t i = 0; i < n; i++)
		require(overlay_put(&e[i], r->generation) == 0);  /* reserved in ckpt_dirtied */
}

static void
migrate(void)
{
	const ck_root_t *r = objstore_root();
	int err = migrate_all(r);

	if (err) {
		kprintf("ckpt: migrating generation %llu failed: %s; it stays in the log\n",
			(unsigned long long)r->generation, ckio_strerror(err));
		return;
	}
	ck.migrated = r->generation;
	overlay_clear();
}

/* Steps 1-3; 0 if g committed. */
static int
take(ck_root_t *next)
{
	const ck_root_t *r = objstore_root();
	uint32_t nrun = snapshot();

	logwrite_begin(r, r->generation + 1, ck.migrated < r->generation);
	int err = write_objects();
	if (!err)
		err = logwrite_finish(next);
	if (err)
		return err;
	fill_root(next, nrun);
	commit_root(next);
	committed(next);
	return 0;
}

static uint32_t
us_since(uint64_t t0)
{
	uint64_t hz = hal_tsc_hz();
	return hz ? (uint32_t)((hal_rdtsc() - t0) * 1000000 / hz) : 0;
}

static void
report(const ck_root_t *r, uint32_t dirty_kib)
{
	if (!ck.verbose && !ck.taker)
		return;
	if (dirty_kib >= 1024)
		kprintf("ckpt: generation %llu, %u MiB dirty, pause %u ms, write %u ms\n",
			(unsigned long long)r->generation, dirty_kib / 1024,
			ck.last.pause_us / 1000, ck.last.write_us / 1000);
	else
		kprintf("ckpt: generation %llu, %u KiB dirty, pause %u ms, write %u ms\n",
			(unsigned long long)r->generation, dirty_kib,
			ck.last.pause_us / 1000, ck.last.write_us / 1000);
}

static void
run(void)
{
	uint64_t t0 = hal_rdtsc();
	uint32_t cmds = ckio_commands();
	ck_root_t next;

	ckpt_due = 0;
	ck.trap_dirtied = 0;
	int err = take(&next);
	if (err) {
		kprintf("ckpt: generation %llu not committed: %s; its changes join the next one\n",
			(unsigned long long)objstore_root()->generation + 1, ckio_strerror(err));
		if (ck.taker)
			ck.taker->regs.eax = RC_IO_ERROR;
		if (++ck.failures >= CKPT_MAX_FAILURES)
			stop_machine("checkpoints keep failing", err);
	} else {
		ck.failures = 0;
		ck.last.dirty_kib = ck.kib;
		ck.last.write_us = us_since(t0);
		migrate();
		ck.last.pause_us = us_since(t0);
		report(&next, ck.last.dirty_kib);
#ifdef CAIRN_TEST
		kprintf("ckpt: generation %llu took %u disk commands\n",
			(unsigned long long)next.generation, ckio_commands() - cmds);
#endif
	}
	(void)cmds;
	ck.taker = NULL;
	set_budget();
	arm_period();
}

/* Nothing to commit: nothing dirty, everything committed is at home,
 * and no process runs (whose registers would have moved on). */
static bool
idle_store(void)
{
	const struct obj_dirty *d = objcache_dirty_set();

	return !d->nnodes && !d->npages && ck.migrated == objstore_root()->generation &&
	       proc_runlist(runlist, CK_RUNLIST_MAX) == 0;
}

void
ckpt_run_due(void)
{
	if (ckpt_due && ck.ready) {
		if (ckpt_due == CKPT_DUE_PERIOD && idle_store())
			arm_period();
		else
			run();
	}
	ckpt_due = 0;
}

void
ckpt_at_entry(struct proc *p, uint32_t back)
{
	p->regs.eip -= back;
	ckpt_run_due();
	p->regs.eip += back;
}

/* ------------------------------------------------- the Checkpoint object */

uint64_t
ckpt_generation(void)
{
	const ck_root_t *r = objstore_root();
	return r ? r->generation : 0;
}

void
ckpt_request_take(struct proc *invoker)
{
	ck.taker = invoker;
	ckpt_due |= CKPT_DUE_TAKE;
}

void
ckpt_stats(struct ckpt_stats *out)
{
	const ck_root_t *r = objstore_root();

	*out = ck.last;
	out->log_blocks = r ? r->geo.log_blocks : 0;
	out->log_used = r ? r->geo.log_blocks - 1 - logwrite_free_blocks(r) : 0;
}

uint32_t
ckpt_period(void)
{
	return ck.period_ms;
}

void
ckpt_set_period(uint32_t ms)
{
	ck.period_ms = ms;
	arm_period();
}

uint64_t
ckpt_uptime_ms(void)
{
	return ck.time_base_ms + hal_ticks() * MS_PER_TICK;
}

uint32_t
ckpt_restarts(void)
{
	return ck.boots ? ck.boots - 1 : 0;
}

uint64_t
ckpt_restart_generation(void)
{
	return ck.restart_gen;
}

uint64_t
ckpt_committed_ms(void)
{
	const ck_root_t *r = objstore_root();
	return r ? r->time_ms : 0;
}
