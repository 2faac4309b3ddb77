/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sysinfo.c -- what the shell's ps, gen and objects stand on:
 * SysInfo's process list (names from the roots' name slots), its dirty
 * counts, and Checkpoint LAST.  Needs, beyond test_kobj.c's registers,
 * a Checkpoint capability in UTEST_BASIC_CKPT and the name "renamed" as
 * a Number in UTEST_BASIC_NAME (disk-image/utest-basic.map).
 */
#include "cairn/cairn.h"
#include "cairn/utest.h"

#define UTEST_BASIC_CKPT (CR_FIRST_FREE + 1)
#define UTEST_BASIC_NAME (CR_FIRST_FREE + 2)
#define UTEST_BASIC_TMP (CR_FIRST_FREE + 3)

/* This process's entry in the list, found by its state: the only
 * process of the map, and running (it is the caller). */
static int
find_self(struct sysinfo_proc *me)
{
	struct sysinfo_proc p;
	int found = 0;

	for (uint32_t i = 0; sysinfo_process(CR_SYSINFO, i, &p) == RC_OK; i = p.index + 1)
		if (p.state == PRS_RUNNING && !p.asleep) {
			*me = p;
			found++;
		}
	return found;
}

TEST(sysinfo_process_list, "SysInfo lists the loaded processes by table index, each with "
     "its OID, state and the name the map gave it")
{
	struct sysinfo_proc me, p;
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_PROCESS, 0);

	CHECK_EQ(find_self(&me), 1);
	CHECK_STR(me.name, "utest_basic");
	CHECK_EQ(me.oid >> 32, 1);                      /* a node */
	CHECK_EQ(me.prio, PROC_PRIO_DEFAULT);
	CHECK_RC(sysinfo_process(CR_SYSINFO, me.index, &p), RC_OK);
	CHECK_EQ(p.oid, me.oid);
	CHECK_RC(sysinfo_process(CR_SYSINFO, 1000, &p), RC_NOT_FOUND);
	CHECK_RC(cairn_call(CR_SYSINFO, &m), RC_BAD_ARG);   /* no room for the name */
}

TEST(process_rename, "a process's name is its root's name slot: swapping a Number in "
     "renames it, and swapping the old one back restores it")
{
	struct sysinfo_proc me;

	CHECK_RC(process_swap_slot(CR_SELF, PR_SLOT_NAME, UTEST_BASIC_NAME, UTEST_BASIC_TMP),
		 RC_OK);
	CHECK_EQ(find_self(&me), 1);
	CHECK_STR(me.name, "renamed");
	CHECK_RC(process_swap_slot(CR_SELF, PR_SLOT_NAME, UTEST_BASIC_TMP, UTEST_BASIC_NAME),
		 RC_OK);
	CHECK_EQ(find_self(&me), 1);
	CHECK_STR(me.name, "utest_basic");
}

TEST(dirty_and_last_commit, "SysInfo counts what the next checkpoint writes; after a take "
     "nothing of it is dirty, and LAST dates the commit and names the restart generation")
{
	static volatile uint32_t scribble;
	uint32_t nodes, pages;
	uint64_t gen, from, at, now;
	uint32_t restarts;

	scribble++;
	CHECK_RC(sysinfo_dirty(CR_SYSINFO, &nodes, &pages), RC_OK);
	CHECK(pages >= 1);                      /* scribble's page, at least */
	CHECK_RC(ckpt_take(UTEST_BASIC_CKPT, &gen), RC_OK);
	CHECK_RC(ckpt_last(UTEST_BASIC_CKPT, &from, &at), RC_OK);
	CHECK_RC(ckpt_uptime(UTEST_BASIC_CKPT, &now, &restarts), RC_OK);
	CHECK_EQ(from, 0);                      /* a fresh image: generation 0 */
	CHECK(at > 0 && at <= now);
	CHECK_RC(sysinfo_dirty(CR_SYSINFO, &nodes, &pages), RC_OK);
	CHECK(pages <= 2);                      /* the stack and the printf buffer */
}
