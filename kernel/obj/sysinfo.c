/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sysinfo.c -- the SysInfo capability: kernel counters for tests,
 * benchmarks and the shell, and the list of loaded processes (the
 * shell's `ps`).  Reading them changes nothing.
 *
 * The kernel's memory (OC_SYSINFO_MEMORY) shows that nothing a process
 * does makes the kernel allocate: every frame the kernel uses is taken
 * at boot (pools, tables, stacks), so the count of free frames stays
 * what it was when the first process ran (docs/hostile.md).
 *
 * The process list is the process table, read one entry per call: the
 * caller passes the index to start from and gets the index found, so a
 * loop "i = 0; while (OK) { ...; i = found + 1; }" sees every process
 * that stays loaded while it loops.  A process that is not loaded (a
 * halted program nobody has invoked since the boot) is not listed: the
 * kernel keeps no list of all processes -- they are only root nodes.
 */
#include "kernel/invoke.h"
#include "kernel/proc.h"
#include "kernel/forwarder.h"
#include "kernel/pmem.h"

_Static_assert((int)PQ_READY == (int)SYSINFO_Q_READY && (int)PQ_STALL == (int)SYSINFO_Q_STALL &&
	       (int)PQ_SLEEP == (int)SYSINFO_Q_SLEEP && (int)PQ_FWD == (int)SYSINFO_Q_FWD &&
	       (int)PQ_CKPT == (int)SYSINFO_Q_CKPT, "sysinfo_queue_codes");

static void
words(struct inv *inv, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	inv->rw[0] = a;
	inv->rw[1] = b;
	inv->rw[2] = c;
	inv->rw[3] = d;
}

static int
process_entry(struct inv *inv)
{
	uint32_t i = inv->w[0];
	struct proc *p = proc_next_loaded(&i);
	char name[PROC_NAME_MAX + 1];

	if (inv->rs_max < PROC_NAME_MAX)
		return RC_BAD_ARG;
	if (!p)
		return RC_NOT_FOUND;
	memset(name, 0, sizeof name);
	memcpy(inv->rs, proc_name(p->root, name), PROC_NAME_MAX);
	inv->rslen = PROC_NAME_MAX;
	words(inv, i, (uint32_t)p->root->oid, (uint32_t)(p->root->oid >> 32),
	      SYSINFO_PS_WORD(p->state, p->prio, p->fault_code, p->queue == PQ_SLEEP) |
	      (uint32_t)p->queue << SYSINFO_PS_QUEUE_SHIFT);
	return RC_OK;
}

int
sysinfo_invoke(struct inv *inv)
{
	struct objcache_stats s;

	objcache_stats(&s);
	switch (inv->order) {
	case OC_SYSINFO_OBJCACHE:
		words(inv, s.faults, s.evictions, s.probes, s.lookups);
		return RC_OK;
	case OC_SYSINFO_POOLS:
		words(inv, s.nodes_used, s.node_pool, s.pages_used, s.page_pool);
		return RC_OK;
	case OC_SYSINFO_PROCESS:
		return process_entry(inv);
	case OC_SYSINFO_DIRTY:
		words(inv, s.dirty_nodes, s.dirty_pages, 0, 0);
		return RC_OK;
	case OC_SYSINFO_WAKEUPS:
		words(inv, fwd_wakeups(), ipc_stall_wakeups(), 0, 0);
		return RC_OK;
	case OC_SYSINFO_MEMORY:
		words(inv, pmem_free_count(), pmem_total_count(), proc_loaded_count(),
		      PROC_TABLE_SIZE);
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
