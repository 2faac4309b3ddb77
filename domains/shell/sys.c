/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys.c -- seeing the system: ps, ckpt, gen, uptime, objects.
 *
 * Everything here asks the kernel (SysInfo, Checkpoint); nothing is
 * kept.  Times are persistent time -- milliseconds since the image was
 * made, counted across restarts -- except "this boot".
 */
#include "shell.h"

#define TICK_MS 10      /* the kernel's timer tick (docs/abi.md, Sleep) */

static const char *
sys_state(const struct sysinfo_proc *p)
{
	static const char *const names[PRS_COUNT] = {
		[PRS_HALTED] = "halted", [PRS_RUNNING] = "running",
		[PRS_AVAILABLE] = "receiving", [PRS_WAITING] = "waiting",
		[PRS_FAULTED] = "faulted",
	};

	if (p->state == PRS_RUNNING && p->asleep)
		return "sleeping";
	return p->state < PRS_COUNT ? names[p->state] : "?";
}

void
sys_ps(void)
{
	struct sysinfo_proc p;
	char oid[24];

	out_table("llrl", "oid", "name", "prio", "state");
	for (uint32_t i = 0; sysinfo_process(CR_SYSINFO, i, &p) == RC_OK; i = p.index + 1) {
		out_cell("%s", out_oid(p.oid, oid));
		out_cell("%s", p.name[0] ? p.name : "-");
		out_cell("%u", (unsigned)p.prio);
		if (p.state == PRS_FAULTED)
			out_cell("faulted (code %u)", (unsigned)p.fault);
		else
			out_cell("%s", sys_state(&p));
	}
	out_end();
}

void
sys_ckpt(void)
{
	struct ckpt_status st;
	uint64_t gen;

	if (!sh_durable(&gen))
		return;
	if (ckpt_status(R_CKPT, &st) != RC_OK)
		st.pause_us = st.write_us = st.dirty_kib = 0;
	printf("ckpt: generation %llu committed; the machine paused %u.%03u ms "
	       "(writing %u KiB took %u ms)\n", (unsigned long long)gen,
	       (unsigned)(st.pause_us / 1000), (unsigned)(st.pause_us % 1000),
	       (unsigned)st.dirty_kib, (unsigned)(st.write_us / 1000));
}

void
sys_gen(void)
{
	struct ckpt_status st;
	uint64_t now, from, at;
	uint32_t restarts;
	char age[32];

	if (ckpt_status(R_CKPT, &st) != RC_OK || ckpt_uptime(R_CKPT, &now, &restarts) != RC_OK ||
	    ckpt_last(R_CKPT, &from, &at) != RC_OK)
		return out_error("the Checkpoint capability does not answer");
	printf("generation %llu committed %s ago", (unsigned long long)st.generation,
	       out_ms(now > at ? now - at : 0, age));
	if (st.period_ms)
		printf("; the kernel checkpoints every %u ms", (unsigned)st.period_ms);
	printf("; this boot restarted from generation %llu\n", (unsigned long long)from);
}

void
sys_uptime(void)
{
	uint64_t ms, ticks = 0;
	uint32_t restarts;
	char up[32], boot[32];

	if (ckpt_uptime(R_CKPT, &ms, &restarts) != RC_OK)
		return out_error("the Checkpoint capability does not answer");
	sleep_ticks(CR_SLEEP, &ticks);
	printf("up %s since the image was made, across %u restart%s; this boot %s\n",
	       out_ms(ms, up), (unsigned)restarts, restarts == 1 ? "" : "s",
	       out_ms(ticks * TICK_MS, boot));
}

void
sys_objects(void)
{
	struct sysinfo_objcache oc;
	struct sysinfo_pools pl;
	uint32_t dn, dp;

	if (sysinfo_objcache(CR_SYSINFO, &oc) != RC_OK || sysinfo_pools(CR_SYSINFO, &pl) != RC_OK ||
	    sysinfo_dirty(CR_SYSINFO, &dn, &dp) != RC_OK)
		return out_error("SysInfo does not answer");
	out_table("lrrr", "object cache", "cached", "room for", "dirty");
	out_cell("nodes");
	out_cell("%u", (unsigned)pl.nodes_used);
	out_cell("%u", (unsigned)pl.node_pool);
	out_cell("%u", (unsigned)dn);
	out_cell("pages");
	out_cell("%u", (unsigned)pl.pages_used);
	out_cell("%u", (unsigned)pl.page_pool);
	out_cell("%u", (unsigned)dp);
	out_end();
	printf("this boot: %u faults (objects read from the disk), %u evictions, %u lookups\n",
	       (unsigned)oc.faults, (unsigned)oc.evictions, (unsigned)oc.lookups);
}
