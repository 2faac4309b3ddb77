/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_fpu.c -- in-kernel tests of the FPU state's life in the annex
 * page (kernel/proc_fpu.c): what the checkpoint's proc_fpu_writeback()
 * leaves there, and that unloading a process or rescinding its annex
 * page never leaves a stale owner.  The in-guest tests (utest-fpu) cover
 * switching between running processes; here a loaded, halted process is
 * made the owner by calling the trap handler directly, and the test puts
 * a value in XMM0 itself.  Objects come from the top of the store.
 */
#include "kernel/ktest.h"
#include "kernel/proc.h"
#include "kernel/test/ktobj.h"

#define FPU_TOP 800u     /* fresh objects from here down from the top */

static cap_t
fresh(unsigned kind, uint32_t from_top)
{
	return kt_create(kind, kt_top_index(kind, FPU_TOP + from_top), NULL);
}

/* A halted process loaded from a fresh root (index i), with *annex as
 * its annex page. */
static struct proc *
load_proc(unsigned i, cap_t *annex)
{
	struct obj *root = kt_proc_root(FPU_TOP + 2 * i);
	int rc;

	*annex = fresh(CK_OID_KIND_PAGE, i);
	if (!root || !cap_valid(annex))
		return NULL;
	obj_will_modify(root);
	obj_node(root)->slot[PR_SLOT_ANNEX] = *annex;
	return proc_load(root, &rc);
}

static void
xmm0_set(const uint32_t v[4])
{
	__asm__ volatile("movups %0, %%xmm0" : : "m"(*(const uint32_t (*)[4])v));
}

/* The annex page's frame, through a capability to it. */
static const uint8_t *
annex_bytes(cap_t *annex)
{
	struct cap_ret r = cap_target(annex);
	return r.obj ? r.obj->body : NULL;
}

static bool
holds(const uint8_t *img, const uint32_t xmm0[4])
{
	uint32_t magic;

	memcpy(&magic, img + PROC_ANNEX_MAGIC_OFFSET, 4);
	return magic == PROC_ANNEX_MAGIC &&
	       memcmp(img + PROC_ANNEX_XMM_OFFSET, xmm0, 16) == 0;
}

TEST(fpu_writeback_saves_owner, "proc_fpu_writeback marks the owner's annex modified and saves its registers there; the owner stays the owner")
{
	static const uint32_t v[4] = { 0x11112222, 0x33334444, 0x55556666, 0x77778888 };
	cap_t annex;
	struct proc *p = load_proc(0, &annex);

	KT_CHECK(p);
	KT_CHECK(proc_fpu_trap(p));
	KT_CHECK(hal_fpu_owner() == &p->regs);
	KT_CHECK_EQ(p->annex->pins, 1);
	xmm0_set(v);
	p->annex->flags &= (uint8_t)~OF_DIRTY;    /* as if a checkpoint just wrote it */
	p->annex->page_crc = ck_page_crc(p->annex->body);
	proc_fpu_writeback();
	KT_CHECK(p->annex->flags & OF_DIRTY);
	KT_CHECK(holds(annex_bytes(&annex), v));
	KT_CHECK(hal_fpu_owner() == &p->regs);
	proc_unload(p);
	KT_CHECK(hal_fpu_owner() == NULL);
	check_consistency("fpu_writeback_saves_owner");
}

TEST(fpu_unload_saves_state, "unloading the FPU owner saves its state in its annex and leaves no owner; loaded again, it gets the state back from another owner")
{
	static const uint32_t v[4] = { 0xdeadbeef, 0xfeedface, 0x01234567, 0x89abcdef };
	static const uint32_t zero[4];
	cap_t annex, annex_q;
	struct proc *p = load_proc(1, &annex), *q = load_proc(3, &annex_q);

	KT_CHECK(p && q);
	KT_CHECK(proc_fpu_trap(p));
	xmm0_set(v);
	struct obj *root = p->root, *page = p->annex;
	proc_unload(p);
	KT_CHECK(hal_fpu_owner() == NULL);
	KT_CHECK_EQ(page->pins, 0);
	KT_CHECK(holds(annex_bytes(&annex), v));
	KT_CHECK(proc_fpu_trap(q));              /* q's turn: a fresh state */
	xmm0_set(zero);
	int rc;
	p = proc_load(root, &rc);
	KT_CHECK(p && p->annex == NULL);         /* pinned again at first use */
	KT_CHECK(proc_fpu_trap(p));              /* saves q, restores p */
	proc_fpu_writeback();
	KT_CHECK(holds(annex_bytes(&annex), v));
	KT_CHECK(holds(annex_bytes(&annex_q), zero));
	proc_unload(p);
	proc_unload(q);
	KT_CHECK(hal_fpu_owner() == NULL);
}

TEST(fpu_annex_rescind_forgets_owner, "rescinding the owner's annex page forgets the owner and unpins the page; the process then faults on FPU use")
{
	cap_t annex;
	struct proc *p = load_proc(2, &annex);

	KT_CHECK(p);
	KT_CHECK(proc_fpu_trap(p));
	struct obj *page = p->annex;
	KT_CHECK_EQ(kt_rescind(&annex), RC_OK);
	KT_CHECK(hal_fpu_owner() == NULL);
	KT_CHECK(p->annex == NULL);
	KT_CHECK_EQ(page->pins, 0);
	KT_CHECK(!proc_fpu_trap(p));               /* the annex capability is stale */
	proc_unload(p);
	check_consistency("fpu_annex_rescind_forgets_owner");
}
