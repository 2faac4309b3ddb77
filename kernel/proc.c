/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc.c -- the process table (see proc.h for the model).
 *
 * Loading reads the root node's slots (abi/process.h): registers from
 * four Number capabilities, run state and fault from the state slot, the
 * receive spec from the receive slot, and the capability-register node
 * from its Node capability, which must be valid.  The root and register
 * nodes stay pinned while the entry lives, so a loaded process never
 * loses its objects to eviction.
 *
 * A process's FPU state is in its annex page (proc_fpu.c): unloading
 * saves it there, dropping (the root was rescinded) lets it go, and a
 * reload lets go of an annex page the root no longer names.
 *
 * The table has a fixed size.  When it is full, the least recently used
 * entry whose process is passive (available, waiting for a reply,
 * halted or faulted) is written back and reused; a running process is
 * never unloaded, because the ready queues are not persistent -- its
 * root says "running" and the run list will find it, but only a
 * checkpoint writes that list.
 */
#include "proc.h"
#include "cap.h"
#include "abi/invoke.h"

static struct proc proc_table[PROC_TABLE_SIZE];
_Static_assert(PROC_TABLE_SIZE <= CK_RUNLIST_MAX, "every loaded process fits the run list");
static uint32_t proc_clock;

void
proc_init(void)
{
	memset(proc_table, 0, sizeof proc_table);
}

static bool
passive(const struct proc *p)
{
	return p->state != PRS_RUNNING && p != sched_current();
}

static struct proc *
proc_alloc(void)
{
	struct proc *victim = NULL;

	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		struct proc *p = &proc_table[i];
		if (!p->in_use)
			return p;
		if (passive(p) && !p->stall_head && (!victim || p->lru < victim->lru))
			victim = p;
	}
	if (victim)
		proc_unload(victim);
	return victim;
}

static uint32_t
num(const ck_node_t *n, unsigned slot, unsigned i)
{
	const cap_t *c = &n->slot[slot];
	return cap_type(c) == CT_NUMBER ? cap_num(c, i) : 0;
}

/* Copy the root's slots into p; false if the root is not a process. */
static bool
read_root(struct proc *p)
{
	const ck_node_t *n = obj_node(p->root);
	struct hal_uregs *r = &p->regs;

	hal_uregs_init(r, num(n, PR_SLOT_REGS2, 2), num(n, PR_SLOT_REGS2, 1),
		       num(n, PR_SLOT_REGS3, 0));
	r->eax = num(n, PR_SLOT_REGS0, 0);
	r->ebx = num(n, PR_SLOT_REGS0, 1);
	r->ecx = num(n, PR_SLOT_REGS0, 2);
	r->edx = num(n, PR_SLOT_REGS1, 0);
	r->esi = num(n, PR_SLOT_REGS1, 1);
	r->edi = num(n, PR_SLOT_REGS1, 2);
	r->ebp = num(n, PR_SLOT_REGS2, 0);
	p->state = (uint8_t)num(n, PR_SLOT_STATE, 0);
	p->fault_code = (uint8_t)num(n, PR_SLOT_STATE, 1);
	p->fault_addr = num(n, PR_SLOT_STATE, 2);
	p->prio = (uint8_t)num(n, PR_SLOT_SCHED, 0);
	if (p->prio > PROC_PRIO_MAX)
		p->prio = PROC_PRIO_MAX;
	p->quantum = num(n, PR_SLOT_SCHED, 1);
	if (p->quantum == 0 || p->quantum > PROC_SLICE_MAX)
		p->quantum = PROC_SLICE_DEFAULT;
	p->rspec = num(n, PR_SLOT_RECV, 0);
	p->rbuf = num(n, PR_SLOT_RECV, 1);
	p->rmax = num(n, PR_SLOT_RECV, 2);
	if (p->state >= PRS_COUNT)
		return false;
	cap_t *cr = &obj_node(p->root)->slot[PR_SLOT_CAPREGS];
	if (cap_type(cr) != CT_NODE)
		return false;
	struct cap_ret c = cap_target(cr);
	if (!c.obj || c.obj == p->root)
		return false;
	p->capregs = c.obj;
	return true;
}

static void
attach(struct proc *p)
{
	objcache_pin(p->root);
	p->root->proc = p;
	objcache_pin(p->capregs);
	p->capregs->flags |= OF_CAPREGS;
	p->slice = p->quantum;
	if (p->state == PRS_RUNNING)
		sched_ready(p);
}

struct proc *
proc_load(struct obj *root, int *rc)
{
	struct proc *p = root->proc;

	if (p) {
		p->lru = ++proc_clock;
		return p;
	}
	objcache_pin(root);   /* while we make room and read it */
	p = proc_alloc();
	*rc = RC_NO_SPACE;
	if (p) {
		memset(p, 0, sizeof *p);
		p->root = root;
		p->fast_target = p->fast_caller = p;   /* never NULL (ipcfast.S) */
		*rc = read_root(p) ? RC_OK : RC_BAD_ARG;
	}
	objcache_unpin(root);
	if (*rc != RC_OK) {
		if (p)
			p->state = PRS_HALTED;   /* a free entry: see proc_drop */
		return NULL;
	}
	p->in_use = 1;
	p->lru = ++proc_clock;
	attach(p);
	return p;
}

/*
 * A hardware address space for p, which is about to run.  Contexts are
 * fewer than table entries: a process gets one when it runs, taking the
 * least recently used one from another process if none is free (that
 * process gets a fresh, empty one when it next runs).
 */
void
proc_give_ctx(struct proc *p)
{
	struct proc *victim = NULL;

	p->ctx = mapctx_alloc();
	if (p->ctx)
		return;
	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		struct proc *q = &proc_table[i];
		if (q->in_use && q->ctx && q != p && q != sched_current() &&
		    (!victim || q->lru < victim->lru))
			victim = q;
	}
	require(victim);     /* more contexts than one running process */
	mapctx_free(victim->ctx);
	victim->ctx = NULL;
	p->ctx = mapctx_alloc();
	require(p->ctx);
}

void
proc_writeback(struct proc *p)
{
	ck_node_t *n = obj_node(p->root);
	const struct hal_uregs *r = &p->regs;

	obj_will_modify(p->root);
	n->slot[PR_SLOT_REGS0] = cap_number(r->eax, r->ebx, r->ecx);
	n->slot[PR_SLOT_REGS1] = cap_number(r->edx, r->esi, r->edi);
	n->slot[PR_SLOT_REGS2] = cap_number(r->ebp, r->esp, r->eip);
	n->slot[PR_SLOT_REGS3] = cap_number(r->eflags, 0, 0);
	n->slot[PR_SLOT_STATE] = cap_number(p->state, p->fault_code, p->fault_addr);
	n->slot[PR_SLOT_RECV] = cap_number(p->rspec, p->rbuf, p->rmax);
}

void
proc_writeback_all(void)
{
	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++)
		if (proc_table[i].in_use)
			proc_writeback(&proc_table[i]);
}

uint32_t
proc_runlist(cap_t *out, uint32_t max)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		struct proc *p = &proc_table[i];
		if (p->in_use && p->state == PRS_RUNNING) {
			require(n < max);   /* the table is smaller than the run list */
			out[n++] = cap_to(p->root, CT_PROCESS, 0, 0);
		}
	}
	return n;
}

static bool
capregs_shared(const struct proc *p)
{
	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		const struct proc *q = &proc_table[i];
		if (q != p && q->in_use && q->capregs == p->capregs)
			return true;
	}
	return false;
}

void
proc_drop(struct proc *p)
{
	proc_fpu_detach(p, false);
	sched_forget(p);
	ipc_wake_stalled(p);
	ipc_turn_done(ipc_turn_take(p));   /* a turn it held passes on */
	if (p->ctx)
		mapctx_free(p->ctx);
	p->root->proc = NULL;
	objcache_unpin(p->root);
	objcache_unpin(p->capregs);
	if (!capregs_shared(p))
		p->capregs->flags &= (uint8_t)~OF_CAPREGS;
	if (sched_current() == p)
		sched_set_current(NULL);
	/* A hint (fast_target, fast_caller) may still point here: the
	 * assembly fast path takes an entry that is neither available nor
	 * waiting for one it cannot use, without testing in_use. */
	p->state = PRS_HALTED;
	p->in_use = 0;
}

void
proc_unload(struct proc *p)
{
	proc_writeback(p);
	proc_fpu_detach(p, true);
	proc_drop(p);
}

void
proc_unload_users_of(struct obj *capregs)
{
	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		struct proc *p = &proc_table[i];
		if (p->in_use && p->capregs == capregs)
			proc_unload(p);
	}
}

char *
proc_name(const struct obj *root, char buf[PROC_NAME_MAX + 1])
{
	const cap_t *c = &obj_node(root)->slot[PR_SLOT_NAME];
	const uint32_t w[3] = { cap_num(c, 0), cap_num(c, 1), cap_num(c, 2) };

	if (cap_type(c) != CT_NUMBER) {
		buf[0] = 0;
		return buf;
	}
	return proc_name_decode(w, buf);
}

const char *
proc_label(const struct obj *root, char buf[PROC_LABEL_MAX])
{
	char name[PROC_NAME_MAX + 1];

	if (*proc_name(root, name))
		ksnprintf(buf, PROC_LABEL_MAX, "%s (%#llx)", name, (unsigned long long)root->oid);
	else
		ksnprintf(buf, PROC_LABEL_MAX, "%#llx", (unsigned long long)root->oid);
	return buf;
}

uint32_t
proc_loaded_count(void)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++)
		n += proc_table[i].in_use;
	return n;
}

struct proc *
proc_next_loaded(uint32_t *i)
{
	for (; *i < PROC_TABLE_SIZE; (*i)++)
		if (proc_table[*i].in_use)
			return &proc_table[*i];
	return NULL;
}

/* Page o is being rescinded: processes keeping their FPU state in it
 * lose that state (and must not write into o again). */
void
proc_annex_gone(struct obj *o)
{
	for (unsigned i = 0; i < PROC_TABLE_SIZE; i++) {
		struct proc *p = &proc_table[i];
		if (p->in_use && p->annex == o)
			proc_fpu_detach(p, false);
	}
}

/*
 * The root was changed by someone else (a Node or Process invocation):
 * re-read it.  A root that no longer describes a process leaves the
 * process faulted.  The address space may have changed too.
 *
 * A process that is waiting (for a commit, for room, asleep, on a
 * forwarder or a busy process) and is still running after the re-read
 * keeps waiting: reading or rewriting its root must not release it
 * early (a take would otherwise return before its generation is
 * durable).  Only the ready queue is left first, since it is indexed by
 * the priority the root may change.
 */
void
proc_reload(struct proc *p)
{
	struct obj *old_capregs = p->capregs;

	proc_fpu_reload(p);
	if (p->queue == PQ_READY)
		sched_forget(p);
	ipc_turn_done(ipc_turn_take(p));   /* it may not retry: the next one does */
	if (!read_root(p)) {
		sched_forget(p);
		p->capregs = old_capregs;
		p->state = PRS_FAULTED;
		p->fault_code = PF_BAD_SPACE;
		proc_writeback(p);
		return;
	}
	if (p->capregs != old_capregs) {
		struct obj *fresh = p->capregs;
		p->capregs = old_capregs;
		objcache_unpin(old_capregs);
		if (!capregs_shared(p))
			old_capregs->flags &= (uint8_t)~OF_CAPREGS;
		p->capregs = fresh;
		objcache_pin(fresh);
		fresh->flags |= OF_CAPREGS;
	}
	mapcache_flush_all();
	if (p->state != PRS_RUNNING)
		sched_forget(p);
	else if (p->queue == PQ_NONE && p != sched_current())
		sched_ready(p);
}
