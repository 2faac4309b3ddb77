/* SPDX-License-Identifier: BSD-2-Clause */
/* sysinfo.c -- the SysInfo capability: kernel counters for tests and
 * benchmarks.  Reading them changes nothing. */
#include "kernel/invoke.h"

int
sysinfo_invoke(struct inv *inv)
{
	struct objcache_stats s;

	objcache_stats(&s);
	switch (inv->order) {
	case OC_SYSINFO_OBJCACHE:
		inv->rw[0] = s.faults;
		inv->rw[1] = s.evictions;
		inv->rw[2] = s.probes;
		inv->rw[3] = s.lookups;
		return RC_OK;
	case OC_SYSINFO_POOLS:
		inv->rw[0] = s.nodes_used;
		inv->rw[1] = s.node_pool;
		inv->rw[2] = s.pages_used;
		inv->rw[3] = s.page_pool;
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
