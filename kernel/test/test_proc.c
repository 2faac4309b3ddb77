/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_proc.c -- in-kernel tests of what the process table reads from a
 * root besides registers: the time slice of the schedule slot, and the
 * name the console messages print.  Roots are fresh objects from the top
 * of the store (kt_proc_root), loaded halted and unloaded again.
 */
#include "kernel/ktest.h"
#include "kernel/proc.h"
#include "kernel/test/ktobj.h"

#define PROC_TOP 900u     /* fresh objects from here down from the top */

/* The quantum of a process whose schedule slot holds slice. */
static uint32_t
quantum_for(uint32_t slice)
{
	struct obj *root = kt_proc_root(PROC_TOP);
	struct proc *p;
	uint32_t q;
	int rc;

	if (!root)
		return ~0u;
	obj_will_modify(root);
	obj_node(root)->slot[PR_SLOT_SCHED] = cap_number(3, slice, 0);
	p = proc_load(root, &rc);
	if (!p)
		return ~0u;
	q = p->quantum;
	proc_unload(p);
	return q;
}

TEST(proc_slice_from_root, "a process's time slice is its root's schedule word 1; 0 or "
     "more than PROC_SLICE_MAX is the default")
{
	KT_CHECK_EQ(quantum_for(7), 7);
	KT_CHECK_EQ(quantum_for(PROC_SLICE_MAX), PROC_SLICE_MAX);
	KT_CHECK_EQ(quantum_for(0), PROC_SLICE_DEFAULT);
	KT_CHECK_EQ(quantum_for(PROC_SLICE_MAX + 1), PROC_SLICE_DEFAULT);
}

/* Root with the name slot holding the Number w0 w1 w2. */
static struct obj *
named_root(uint32_t w0, uint32_t w1, uint32_t w2)
{
	struct obj *root = kt_proc_root(PROC_TOP + 2);

	if (root) {
		obj_will_modify(root);
		obj_node(root)->slot[PR_SLOT_NAME] = cap_number(w0, w1, w2);
	}
	return root;
}

TEST(proc_name_and_label, "the name slot is printed up to its first unprintable byte; "
     "no name is labelled by the OID alone")
{
	char name[PROC_NAME_MAX + 1], label[PROC_LABEL_MAX], want[PROC_LABEL_MAX];
	struct obj *root = named_root(0x6c656873, 0x0000006c, 0);   /* "shell" */

	KT_CHECK(root != NULL);
	KT_CHECK_STR(proc_name(root, name), "shell");
	ksnprintf(want, sizeof want, "shell (%#llx)", (unsigned long long)root->oid);
	KT_CHECK_STR(proc_label(root, label), want);
	root = named_root(0x64636261, 0x68676665, 0x6c6b6a69);     /* 12 bytes, no NUL */
	KT_CHECK_STR(proc_name(root, name), "abcdefghijkl");
	root = named_root(0x0a006261, 0, 0);                       /* "ab", NUL, LF */
	KT_CHECK_STR(proc_name(root, name), "ab");
	obj_will_modify(root);
	obj_node(root)->slot[PR_SLOT_NAME] = cap_void();
	KT_CHECK_STR(proc_name(root, name), "");
	ksnprintf(want, sizeof want, "%#llx", (unsigned long long)root->oid);
	KT_CHECK_STR(proc_label(root, label), want);
}

/* A running process, loaded, from a fresh root (and its capability-
 * register node) at from_top and from_top + 1; NULL if it cannot be made. */
static struct proc *
running_proc(uint32_t from_top)
{
	struct obj *root = kt_proc_root(from_top);
	int rc;

	if (!root)
		return NULL;
	obj_will_modify(root);
	obj_node(root)->slot[PR_SLOT_STATE] = cap_number(PRS_RUNNING, 0, 0);
	return proc_load(root, &rc);
}

TEST(proc_reload_keeps_waiting, "re-reading the root of a waiting process (a Process or "
     "Node invocation on it) leaves it waiting while it still runs, and forgets it once "
     "its root says it does not")
{
	struct proc *p = running_proc(PROC_TOP + 4);

	KT_CHECK(p != NULL);
	KT_CHECK_EQ(p->queue, PQ_READY);
	sched_sleep(p, 1000000);
	proc_reload(p);
	KT_CHECK_EQ(p->queue, PQ_SLEEP);      /* was released: PQ_READY */
	obj_will_modify(p->root);
	obj_node(p->root)->slot[PR_SLOT_STATE] = cap_number(PRS_HALTED, 0, 0);
	proc_reload(p);
	KT_CHECK_EQ(p->queue, PQ_NONE);
	proc_unload(p);
}

/* Invoke the process behind root with order (and w0, w1) from the kernel. */
static int
process_order(struct obj *root, uint32_t order, uint32_t w0, uint32_t w1)
{
	cap_t pc = cap_to(root, CT_PROCESS, 0, 0);
	struct inv inv;

	return kt_invoke(&pc, order, w0, w1, NULL, &inv);
}

TEST(proc_start_ends_sleep, "START (and RESUME_FAULT) ends a sleep at once; an order that "
     "only changes registers leaves the process asleep; HALT takes it off every queue")
{
	struct proc *p = running_proc(PROC_TOP + 6);

	KT_CHECK(p != NULL);
	struct obj *root = p->root;
	sched_sleep(p, 1000000);
	KT_CHECK_EQ(process_order(root, OC_PROCESS_SET_REGS, 1, 7), RC_OK);
	KT_CHECK_EQ(p->queue, PQ_SLEEP);
	KT_CHECK_EQ(process_order(root, OC_PROCESS_START, 0, 0), RC_OK);
	KT_CHECK_EQ(p->queue, PQ_READY);
	sched_sleep(p, 1000000);
	KT_CHECK_EQ(process_order(root, OC_PROCESS_HALT, 0, 0), RC_OK);
	KT_CHECK_EQ(p->queue, PQ_NONE);
	proc_unload(p);
}
