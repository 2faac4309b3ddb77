/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * checkpoint.c -- when the kernel checkpoints, the pause, and the
 * background work that follows it.
 *
 * A checkpoint of generation g:
 *
 *   1. the pause (snapshot): every loaded process is written back into
 *      its nodes and the run list built; the dirty set is captured
 *      (objcache.c swaps its dirty bits: the pages are held for g without
 *      being touched; ckpt_write.c copies the dirty nodes into staging)
 *      and a new one begins for g+1; user mappings are dropped, so the
 *      next write to a held page faults and copies it first.  No I/O,
 *      nothing proportional to the cache or to the dirty pages: the
 *      pause is over and processes run again;
 *   2. the write, in the background (ckpt_write.c): nodes, pages,
 *      directory, FLUSH, the root to the other slot, FLUSH: committed;
 *      the overlay index points at g's log copies, the captured objects
 *      are let go, take() callers are woken;
 *   3. migration, in the background, right after the commit (ckpt/
 *      migrate.c): a round puts the newest committed version of every
 *      unmigrated object home, FLUSH; the next root records
 *      migrated_through and frees the log.
 *
 * The background work runs in service(): at trap entry when ckpt_due
 * says so (a disk request completed, a tick, a checkpoint is wanted),
 * at the end of a trap, and from the idle loop.  Each call does a
 * bounded amount (BUSY_BUDGET_US of CPU at a busy trap, up to
 * IDLE_BUDGET_US when nothing else is ready); the writer's I/O goes on
 * by DMA while processes run.  Only one generation is written at a time,
 * and a migration round and a write do not overlap: the writer wants the
 * disk's whole bandwidth, and the round of g must end for g's log space
 * to come back with the next root -- so a snapshot wanted during a round
 * waits for its end.  A round migrates every generation that is
 * unmigrated when it begins (after a restart, or a failed round: several),
 * and only the newest version of each object goes home: older ones are
 * superseded (the overlay keeps one entry per object).
 *
 * When.  Only at a trap boundary, where every kernel operation is either
 * done or not started and all state is in nodes and pages: at trap entry
 * (the trapping process is snapshotted as about to execute its trap
 * again, eip backed up), at the end of an invocation (take()), or in the
 * idle loop.  A snapshot is wanted for
 *   - the period (the root's ckpt_period_ms; 0 = only on demand);
 *   - a take() (Checkpoint TAKE);
 *   - pressure: the dirty set could no longer take the most one trap may
 *     dirty (CKPT_TRAP_NODES/PAGES) -- in the free log (less what the
 *     generation in flight takes), in the directory, in the overlay, in
 *     the staging, or in a cache pool that holds dirty, captured and
 *     pinned objects;
 * and taken as soon as the writer is idle.
 *
 * Room, and stalls.  A trap runs only when there is room for everything
 * it may dirty.  When there is not and the snapshot cannot be taken now
 * (the writer is busy, or only a migration round will give log space
 * back), the trapping process stalls: eip backed up over its trap, on
 * the stall queue, woken at the next commit or the end of a round, when
 * it simply traps again.  The writer and migrator never dirty or
 * allocate objects, so they always finish; a round's end with processes
 * stalled takes a checkpoint at once (its dirty set fits the standing
 * reserve), whose root gives the log back: the way out of a full log
 * never waits for a user process.
 *
 * Failure.  A write or flush that fails before the root leaves g
 * uncommitted: its objects rejoin the dirty set and the next attempt,
 * and the console says so.  A failed root write is retried into the same
 * slot -- never the slot of the newest durable root.  After
 * CKPT_MAX_FAILURES failures in a row the machine stops, naming the last
 * committed generation: nothing committed is ever damaged by a later
 * failure.  A migration round that fails leaves its generations in the
 * log (the overlay keeps serving them) and is tried again after the next
 * commit or a second later; if the log is full, so that only migration
 * could give room back, and CKPT_MAX_FAILURES rounds in a row have
 * failed, the machine stops the same way rather than hold every program
 * for ever.
 */
#include "checkpoint.h"
#include "ckpt_write.h"
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
#define MIG_RETRY_MS 1000u         /* a failed migration round is tried again after */
#define MS_PER_TICK (1000u / HAL_TICK_HZ)
#define UNMIG_MAX 16u              /* committed, unmigrated generations tracked */
#define BUSY_BUDGET_US 2000u
#define IDLE_BUDGET_US 5000u

uint8_t ckpt_due;

static struct {
	bool ready;
	uint64_t migrated;        /* every generation <= this is at home */
	uint32_t period_ms;
	uint64_t next_tick;       /* periodic checkpoint due at this tick */
	uint64_t time_base_ms;    /* persistent time at boot */
	uint32_t boots;           /* boots of this store, this one included */
	uint64_t restart_gen;     /* the generation this boot restarted from */
	uint32_t failures;        /* in a row */
	uint8_t want;             /* CKPT_DUE_PERIOD/TAKE/PRESSURE: a snapshot wanted */
	bool verbose;
	uint32_t trap_dirtied;
	bool in_trap;             /* test kernels: user traps have begun */
	struct ckpt_stats last;
	/* The generation being written. */
	uint64_t t0;              /* its snapshot began (TSC) */
	uint32_t pause_us, kib, nrun;
	uint64_t time_ms;
	uint32_t commands;        /* ckio commands before it (test kernels) */
	/* Processes waiting (PQ_CKPT), linked through qnext. */
	struct proc *takers;      /* their take() is in the next snapshot */
	struct proc *committing;  /* ... in the generation being written */
	struct proc *stalled;     /* traps held back for room */
	uint32_t stalls;          /* since boot */
	/* Committed generations not yet at home: where each begins. */
	struct { uint64_t gen; uint32_t first; } unmig[UNMIG_MAX];
	uint32_t nunmig;
	bool migrating;           /* a round is under way */
	uint64_t mig_upto;
	uint64_t mig_t0;          /* it began (TSC) */
	uint64_t mig_failed;      /* a round up to this failed: retried after a newer commit, */
	uint64_t mig_retry_tick;  /* ... or from this tick on */
	uint32_t mig_failures;    /* rounds failed in a row */
	int mig_err;              /* why the last one failed */
	uint32_t mig_commands;
} ck;

static cap_t runlist[CK_RUNLIST_MAX];

/* ------------------------------------------------------------- room */

/* Log blocks a dirty set of n nodes and p pages takes, directory included
 * (zero pages are counted as whole blocks: an upper bound). */
static uint32_t
blocks_for(uint32_t n, uint32_t p)
{
	return (n + CK_NODES_PER_POT - 1) / CK_NODES_PER_POT + p +
	       (n + p) / CK_DIR_ENTRIES + 1;
}

/* The durable root's free log, less what the generation in flight takes. */
static uint32_t
log_room(void)
{
	uint32_t free = logwrite_free_blocks(objstore_root());
	uint32_t held = ckw_active() ? blocks_for(ckw_nodes(), ckw_pages()) : 0;

	return free > held ? free - held : 0;
}

/* Would the dirty set, a whole trap more and the snapshot's process
 * write-back fit in the log?  (Also: fit once the writer is done.) */
static bool
log_fits(void)
{
	const struct obj_dirty *d = objcache_dirty_set();

	return blocks_for(d->nnodes + CKPT_TRAP_NODES + PROC_TABLE_SIZE,
			  d->npages + CKPT_TRAP_PAGES + 1) <= log_room();
}

/* May one more trap run? */
static bool
room_for_trap(void)
{
	const struct obj_dirty *d = objcache_dirty_set();
	uint32_t nodes = d->nnodes + CKPT_TRAP_NODES + PROC_TABLE_SIZE;
	uint32_t entries = nodes + d->npages + CKPT_TRAP_PAGES + 1;

	return log_fits() && entries <= logwrite_max_entries() &&
	       overlay_count() + ckw_nodes() + ckw_pages() + entries <= overlay_capacity() &&
	       nodes + ckw_nodes() <= ckw_stage_nodes() &&   /* a failure returns g's */
	       objcache_dirty_room(OT_NODE) >= CKPT_TRAP_NODES &&
	       objcache_dirty_room(OT_PAGE) >= CKPT_TRAP_PAGES;
}

void
ckpt_dirtied(uint32_t nodes, uint32_t pages)
{
	(void)nodes;
	(void)pages;
#ifdef CAIRN_TEST
	/* Counted from the first user trap on: in-kernel tests at boot dirty
	 * what they like, outside any trap. */
	ck.trap_dirtied++;
	require(!ck.in_trap || ck.trap_dirtied <= CKPT_TRAP_NODES + CKPT_TRAP_PAGES + PROC_TABLE_SIZE);
#endif
	if (ck.ready && !room_for_trap())
		ckpt_due |= CKPT_DUE_PRESSURE;
}

void
ckpt_trap_begin(void)
{
	ck.trap_dirtied = 0;
	ck.in_trap = true;
}

/* ------------------------------------------------------- waiting */

static void
wait_on(struct proc **q, struct proc *p)
{
	sched_forget(p);
	p->queue = PQ_CKPT;
	p->qnext = *q;
	*q = p;
}

/* Everyone on q may run again (with eax = rc unless rc is RC_OK). */
static void
wake_all(struct proc **q, int rc)
{
	while (*q) {
		struct proc *p = *q;
		*q = p->qnext;
		p->queue = PQ_NONE;
		p->qnext = NULL;
		if (rc != RC_OK)
			p->regs.eax = (uint32_t)rc;
		sched_ready(p);
	}
}

static bool
unlink_from(struct proc **q, struct proc *p)
{
	for (; *q; q = &(*q)->qnext)
		if (*q == p) {
			*q = p->qnext;
			return true;
		}
	return false;
}

void
ckpt_forget(struct proc *p)
{
	if (!unlink_from(&ck.takers, p) && !unlink_from(&ck.committing, p))
		unlink_from(&ck.stalled, p);
}

/* ------------------------------------------------------------ period */

static void
arm_period(void)
{
	ck.next_tick = ck.period_ms ? hal_ticks() + (ck.period_ms + MS_PER_TICK - 1) / MS_PER_TICK : 0;
}

static bool
background_work(void)
{
	return ckw_active() || ck.migrating;
}

void
ckpt_tick(void)
{
	if (ck.next_tick && hal_ticks() >= ck.next_tick) {
		ck.next_tick = 0;
		ck.want |= CKPT_DUE_PERIOD;
		ckpt_due |= CKPT_DUE_PERIOD;
	}
	if (background_work() || (ck.mig_retry_tick && hal_ticks() >= ck.mig_retry_tick))
		ckpt_due |= CKPT_DUE_IO;     /* a held writer, a round, a retry: go on */
}

/* Boot option ckpt.rawbench=MIB: the raw sequential write figures -- the
 * writer's request size and depth, then a flush -- three runs over the
 * free log, where the next generations will go. */
static void
bench_raw(uint32_t mib)
{
	uint32_t wus, fus;

	for (unsigned i = 0; mib && i < 3; i++) {
		ckw_bench_raw(mib * (1024 * 1024 / CK_BLOCK_SIZE), &wus, &fus);
		kprintf("ckpt: raw write of %u MiB: write %u.%03u ms, flush %u.%03u ms\n", mib,
			wus / 1000, wus % 1000, fus / 1000, fus % 1000);
	}
}

/* A log, directory, overlay or staging too small for one trap's changes
 * with nothing else dirty would hold every program for ever: refuse. */
static void
trap_must_fit(const ck_root_t *r, uint32_t overlay_max)
{
	uint32_t n = CKPT_TRAP_NODES + PROC_TABLE_SIZE, p = CKPT_TRAP_PAGES + 1;

	if (blocks_for(n, p) < r->geo.log_blocks && n + p <= logwrite_max_entries() &&
	    n + p <= overlay_max && n <= ckw_stage_nodes())
		return;
	kprintf("ckpt: one trap may change %u nodes and %u pages, more than the log (%u blocks), "
		"directory (%u entries), overlay (%u entries) or node staging (%u nodes) holds; "
		"stopping\n", n, p, r->geo.log_blocks, logwrite_max_entries(), overlay_max,
		ckw_stage_nodes());
	hal_exit(3);
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
	ckw_init();
	trap_must_fit(r, max);
	ck.migrated = r->migrated_through;
	ck.period_ms = r->ckpt_period_ms;
	ck.time_base_ms = r->time_ms;
	ck.boots = r->boots + 1;
	ck.restart_gen = r->generation;
	ck.verbose = hal_option("ckpt.verbose") != NULL;
	if (ck.migrated < r->generation) {   /* the restart's log: all of it from log_tail */
		ck.unmig[0].gen = r->generation;
		ck.unmig[0].first = r->log_tail;
		ck.nunmig = 1;
	}
	ck.ready = true;
	arm_period();
	bench_raw(hal_option_u32("ckpt.rawbench", 0));
}

/* ---------------------------------------------------------- the pause */

static uint32_t
us_since(uint64_t t0)
{
	uint64_t hz = hal_tsc_hz();
	return hz ? (uint32_t)((hal_rdtsc() - t0) * 1000000 / hz) : 0;
}

static void
snapshot(void)
{
	const ck_root_t *r = objstore_root();
	const struct obj_dirty *d = objcache_dirty_set();
	bool link = ck.migrated < r->generation;

	ck.t0 = hal_rdtsc();
	ck.commands = ckio_commands();
	proc_fpu_writeback();
	proc_writeback_all();
#ifdef CAIRN_TEST
	check_consistency("before checkpoint");
#endif
	ck.nrun = proc_runlist(runlist, CK_RUNLIST_MAX);
	ck.time_ms = ckpt_uptime_ms();
	ck.kib = (uint32_t)(((uint64_t)d->nnodes * sizeof(ck_node_t) +
			     (uint64_t)d->npages * CK_BLOCK_SIZE) / 1024);
	ckw_capture(r->generation + 1, r, link, link ? ck.unmig[0].first : 0);
	mapcache_flush_all();      /* every write to a captured page faults first */
	ck.committing = ck.takers;
	ck.takers = NULL;
	ck.want = 0;
	ck.pause_us = us_since(ck.t0);
	if (ck.verbose)
		kprintf("ckpt: generation %llu captured: %u nodes, %u pages\n",
			(unsigned long long)r->generation + 1, ckw_nodes(), ckw_pages());
}

void
ckpt_fill_root(ck_root_t *r)
{
	r->migrated_through = ck.migrated;
	r->runlist_count = ck.nrun;
	memset(r->runlist, 0, sizeof r->runlist);
	memcpy(r->runlist, runlist, ck.nrun * sizeof *runlist);
	r->ckpt_period_ms = ck.period_ms;
	r->time_ms = ck.time_ms;
	r->boots = ck.boots;
}

/* ---------------------------------------------------------- migration */

static void
round_begin(void)
{
	ck.mig_upto = objstore_root()->generation;
	ck.migrating = true;
	ck.mig_t0 = hal_rdtsc();
	ck.mig_commands = ckio_commands();
	migrate_begin(objstore_root(), ck.mig_upto);
}

/* Everything up to mig_upto is home: drop its log entries. */
static void
round_end(void)
{
	uint32_t k = 0;

	ck.migrated = ck.mig_upto;
	overlay_drop_upto(ck.migrated);
	while (k < ck.nunmig && ck.unmig[k].gen <= ck.migrated)
		k++;
	memmove(ck.unmig, ck.unmig + k, (ck.nunmig - k) * sizeof ck.unmig[0]);
	ck.nunmig -= k;
	ck.migrating = false;
	ck.mig_failures = 0;
	ck.mig_retry_tick = 0;
	if (ck.stalled)
		ck.want |= CKPT_DUE_PRESSURE;   /* the way out: a root gives the log back */
#ifndef CAIRN_TEST
	if (ck.verbose)
#endif
		kprintf("ckpt: migrated through generation %llu in %u ms, disk commands %u..%u\n",
			(unsigned long long)ck.migrated, us_since(ck.mig_t0) / 1000,
			ck.mig_commands + 1, ckio_commands());
}

#ifdef CAIRN_TEST
/* Test kernels: ckpt_fail_rounds=K makes migration rounds from the K-th
 * on fail as a damaged log copy would (ckpt_fail_count=N: only N of them). */
static bool
round_must_fail(void)
{
	static uint32_t rounds, first, count;
	const char *o = hal_option("ckpt_fail_rounds");

	if (!o)
		return false;
	if (!rounds) {
		first = hal_option_u32("ckpt_fail_rounds", 0);
		count = hal_option_u32("ckpt_fail_count", ~0u);
	}
	rounds++;
	return first && rounds >= first && rounds - first < count;
}
#endif

static void
round_step(void)
{
	int err = migrate_step();

#ifdef CAIRN_TEST
	if (err != MIGRATE_MORE && round_must_fail()) {
		err = CK_EDAMAGED;
		kprintf("ckpt_fail_rounds: this round fails\n");
	}
#endif
	if (err == MIGRATE_MORE)
		return;
	if (!err)
		err = ckio_flush();
	if (err) {
		kprintf("ckpt: migrating generation %llu failed: %s; it stays in the log\n",
			(unsigned long long)ck.mig_upto, ckio_strerror(err));
		ck.migrating = false;
		ck.mig_failed = ck.mig_upto;     /* again after the next commit, */
		ck.mig_retry_tick = hal_ticks() + (MIG_RETRY_MS + MS_PER_TICK - 1) / MS_PER_TICK;
		ck.mig_failures++;               /* ... or a second later */
		ck.mig_err = err;
		return;
	}
	round_end();
}

/* ------------------------------------------------------- the outcome */

void
ckpt_stop(const char *why, int err)
{
	kprintf("ckpt: %s: %s; last committed generation %llu; stopping\n", why,
		ckio_strerror(err), (unsigned long long)objstore_root()->generation);
	hal_exit(3);
}

static void
report(const ck_root_t *r)
{
	bool mib = ck.last.dirty_kib >= 1024;

	struct ckw_stats w;

	ckw_stats(&w);
	if (ck.verbose || ck.committing)
		kprintf("ckpt: generation %llu, %u %s dirty, pause %u.%03u ms, write %u ms\n",
			(unsigned long long)r->generation,
			mib ? ck.last.dirty_kib / 1024 : ck.last.dirty_kib, mib ? "MiB" : "KiB",
			ck.last.pause_us / 1000, ck.last.pause_us % 1000, ck.last.write_us / 1000);
	if (ck.verbose)
		kprintf("ckpt: generation %llu: placed %u ms, data %u ms, flushed %u ms, root %u ms; %u requests; %u pages copied aside, %u written early, %u waits; %u traps held back\n",
			(unsigned long long)r->generation, w.placed_us / 1000, w.data_us / 1000,
			w.flush_us / 1000, w.root_us / 1000, w.requests, w.copied, w.early, w.waited,
			ck.stalls);
#ifdef CAIRN_TEST
	kprintf("ckpt: generation %llu took %u disk commands\n",
		(unsigned long long)r->generation, ckio_commands() - ck.commands);
#endif
}

/* The overlay gets g's entries; g's log is remembered until migrated. */
static void
index_generation(const ck_root_t *r)
{
	uint32_t n;
	const ck_dir_entry_t *e = logwrite_entries(&n);

	for (uint32_t i = 0; i < n; i++)
		require(overlay_put(&e[i], r->generation) == 0);  /* room_for_trap kept room */
	require(ck.nunmig < UNMIG_MAX);                        /* may_snapshot checked */
	ck.unmig[ck.nunmig].gen = r->generation;
	ck.unmig[ck.nunmig].first = r->gen_first_block;
	ck.nunmig++;
}

static void
committed(void)
{
	const ck_root_t *r = ckw_root();

	objstore_set_root(r);
	ckw_release(true);
	index_generation(r);
	ck.failures = 0;
	ck.last.pause_us = ck.pause_us;
	ck.last.write_us = us_since(ck.t0);
	ck.last.dirty_kib = ck.kib;
	report(r);
	wake_all(&ck.committing, RC_OK);
	wake_all(&ck.stalled, RC_OK);
	arm_period();
	if (!ck.migrating)
		round_begin();            /* g's objects go home before the next snapshot */
}

static void
failed(void)
{
	int err = ckw_error();

	ckw_release(false);
	kprintf("ckpt: generation %llu not committed: %s; its changes join the next one\n",
		(unsigned long long)objstore_root()->generation + 1, ckio_strerror(err));
	wake_all(&ck.committing, RC_IO_ERROR);
	wake_all(&ck.takers, RC_IO_ERROR);
	wake_all(&ck.stalled, RC_OK);
	if (++ck.failures >= CKPT_MAX_FAILURES)
		ckpt_stop("checkpoints keep failing", err);
	arm_period();
}

/* ------------------------------------------------------------ service */

/* Nothing to commit: nothing dirty, everything committed is at home,
 * and no process runs (whose registers would have moved on). */
static bool
idle_store(void)
{
	const struct obj_dirty *d = objcache_dirty_set();

	return !d->nnodes && !d->npages && ck.migrated == objstore_root()->generation &&
	       proc_runlist(runlist, CK_RUNLIST_MAX) == 0;
}

/* With the writer idle and no round: take the snapshot now? */
static bool
snapshot_now(void)
{
	if (ck.want == CKPT_DUE_PERIOD && idle_store()) {
		ck.want = 0;
		arm_period();
		return false;
	}
	if (ck.want == CKPT_DUE_PRESSURE && room_for_trap() && !ck.stalled)
		ck.want = 0;              /* the commit that just happened made room */
	if (!ck.want)
		return false;
	if (ck.nunmig < UNMIG_MAX && (log_fits() || ck.migrated == objstore_root()->generation))
		return true;
	/* Only migration can give room back, and it keeps failing: programs
	 * would wait for ever.  Stop, as after failed checkpoints. */
	if (ck.mig_failures >= CKPT_MAX_FAILURES)
		ckpt_stop("migration keeps failing and the log is full", ck.mig_err);
	return false;
}

/* One piece of work: false when there is nothing to do but wait. */
static bool
service_once(void)
{
	enum ckw_result wr = ckw_step();

	if (wr == CKW_COMMITTED)
		committed();
	else if (wr == CKW_FAILED)
		failed();
	if (wr != CKW_IDLE)
		return wr != CKW_WAITING;
	if (ck.migrating) {
		round_step();
		return true;
	}
	if (snapshot_now()) {
		snapshot();
		return true;
	}
	if (ck.migrated < objstore_root()->generation &&
	    (ck.mig_failed < objstore_root()->generation ||
	     (ck.mig_retry_tick && hal_ticks() >= ck.mig_retry_tick))) {
		ck.mig_retry_tick = 0;
		round_begin();
		return true;
	}
	return false;
}

static void
service(bool idle)
{
	uint64_t t0 = hal_rdtsc();
	uint32_t budget = idle ? IDLE_BUDGET_US : BUSY_BUDGET_US;

	ckpt_due = 0;
	if (!ck.ready)
		return;
	while (service_once() && us_since(t0) < budget && (!idle || !sched_any_ready()))
		;
	if ((ck.want && !ckw_active()) || ck.migrating)
		ckpt_due |= CKPT_DUE_IO;     /* more to do at the next boundary */
	if (!room_for_trap())
		ckpt_due |= CKPT_DUE_PRESSURE;
}

int
ckpt_sync(void)
{
	uint64_t g = ckpt_generation();

	if (!ck.ready)
		return OBJ_ERR_NOSTORE;
	ck.want |= CKPT_DUE_TAKE;
	while (ck.want || ckw_active())
		if (!service_once())
			hal_disk_poll();
	return ckpt_generation() > g ? OBJ_OK : OBJ_ERR_IO;
}

void
ckpt_run_due(void)
{
	if (ckpt_due & CKPT_DUE_PRESSURE)
		ck.want |= CKPT_DUE_PRESSURE;
	service(false);
}

void
ckpt_idle(void)
{
	if (ckpt_due & CKPT_DUE_PRESSURE)
		ck.want |= CKPT_DUE_PRESSURE;
	service(true);
}

void
ckpt_at_entry(struct proc *p, uint32_t back, bool may_dirty)
{
	p->regs.eip -= back;
	ckpt_run_due();
	if (may_dirty && ck.ready && !room_for_trap()) {
		ck.stalls++;
		wait_on(&ck.stalled, p);      /* traps again once there is room */
		sched_run();
	}
	p->regs.eip += back;
}

/* ------------------------------------------------- the Checkpoint object */

uint64_t
ckpt_generation(void)
{
	const ck_root_t *r = objstore_root();
	return r ? r->generation : 0;
}

uint64_t
ckpt_request_take(struct proc *invoker)
{
	uint64_t g = ckpt_generation() + (ckw_active() ? 2 : 1);

	if (!ck.ready)
		return 0;
	wait_on(&ck.takers, invoker);     /* runs again once g is committed */
	ck.want |= CKPT_DUE_TAKE;
	ckpt_due |= CKPT_DUE_TAKE;
	return g;
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

void
kern_disk_event(void)
{
	ckpt_due |= CKPT_DUE_IO;
}
