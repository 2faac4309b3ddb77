/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sched.c -- who runs: preemptive round robin within priorities.
 *
 * One ready queue per priority (0..PROC_PRIO_MAX, higher runs first);
 * the running process is not on any queue.  Each process gets a slice of
 * its quantum -- the time slice in its root's schedule slot,
 * PROC_SLICE_DEFAULT (5) timer ticks unless the map says otherwise --
 * and when it runs out at a tick the process goes to the tail of its
 * queue.  A CALL switches directly to the callee and
 * a reply directly back to the caller, donating the rest of the slice.
 * With nothing ready the CPU halts (hal_idle) until an interrupt makes
 * something ready.
 *
 * The queues are a cache like the process table: a process's persistent
 * run state is in its root node; sleeping processes are "running" there
 * with RC_RESTART as the result of their Sleep (so a restart ends the
 * sleep early and says so).
 */
#include "proc.h"
#include "abi/rc.h"
#include "forwarder.h"
#include "checkpoint.h"

#define NPRIO (PROC_PRIO_MAX + 1)

static struct proc *ready_head[NPRIO], *ready_tail[NPRIO];
/* The process on the CPU; global for the assembly fast path (ipcfast.S),
 * which switches without coming here (and, like sched_yield_to from a
 * user trap, has no need to clear idling: it is false while a process
 * runs). */
struct proc *sched_cur;
static struct proc *sleepers;       /* sorted by wake_tick */
static bool idling;

void
sched_init(void)
{
	sched_cur = NULL;
}

struct proc *
sched_current(void)
{
	return sched_cur;
}

void
sched_set_current(struct proc *p)
{
	sched_cur = p;
}

void
sched_ready(struct proc *p)
{
	assert(p->in_use && p->root->proc == p);   /* only loaded processes run */
	assert(p->prio <= PROC_PRIO_MAX);          /* read_root clamps it */
	if (p->queue != PQ_NONE || p == sched_cur)
		return;
	p->queue = PQ_READY;
	p->qnext = NULL;
	if (ready_tail[p->prio])
		ready_tail[p->prio]->qnext = p;
	else
		ready_head[p->prio] = p;
	ready_tail[p->prio] = p;
}

static void
unlink(struct proc **head, struct proc **tail, struct proc *p)
{
	struct proc *prev = NULL;

	for (struct proc *q = *head; q; prev = q, q = q->qnext) {
		if (q != p)
			continue;
		if (prev)
			prev->qnext = q->qnext;
		else
			*head = q->qnext;
		if (tail && *tail == p)
			*tail = prev;
		return;
	}
}

/* Remove p from whatever queue holds it. */
void
sched_forget(struct proc *p)
{
	switch (p->queue) {
	case PQ_READY:
		unlink(&ready_head[p->prio], &ready_tail[p->prio], p);
		break;
	case PQ_STALL:
		assert(p->stall_on && p->stall_on != p);   /* stall_on() never stalls on itself */
		unlink(&p->stall_on->stall_head, NULL, p);
		p->stall_on = NULL;
		break;
	case PQ_SLEEP:
		unlink(&sleepers, NULL, p);
		break;
	case PQ_FWD:
		fwd_forget(p);
		break;
	case PQ_CKPT:
		ckpt_forget(p);
		break;
	}
	p->queue = PQ_NONE;
	p->qnext = NULL;
}

static struct proc *
pick(void)
{
	for (int prio = NPRIO - 1; prio >= 0; prio--) {
		struct proc *p = ready_head[prio];
		if (!p)
			continue;
		ready_head[prio] = p->qnext;
		if (!ready_head[prio])
			ready_tail[prio] = NULL;
		p->queue = PQ_NONE;
		p->qnext = NULL;
		return p;
	}
	return NULL;
}

/* Before p runs: a fresh slice if its last one ran out, a hardware
 * address space if it has none (or one to clear after a flush), the FPU
 * trap flag set right.  Then p runs. */
static void NORETURN __attribute__((noinline))
yield_slow(struct proc *p)
{
	if (p->slice == 0)
		p->slice = p->quantum;
	if (!p->ctx)
		proc_give_ctx(p);
	sched_cur = p;
	idling = false;
	mapctx_activate(p->ctx);
	hal_fpu_switch(&p->regs);    /* a compare; CR0 only if TS changes */
	hal_resume_user(&p->regs);
}

/* The switch of every CALL and reply: the IPC fast path ends here, so
 * whatever is rare is yield_slow's, and this makes no call that returns
 * (and so saves no registers). */
void
sched_yield_to(struct proc *p)
{
	if (unlikely(!p->slice || !mapctx_ready(p->ctx) || !hal_fpu_switch_free(&p->regs)))
		yield_slow(p);
	sched_cur = p;
	idling = false;
	mapctx_load(p->ctx);
	hal_resume_user(&p->regs);
}

void
sched_run(void)
{
	struct proc *p = pick();

	if (!p) {
		sched_cur = NULL;
		idling = true;
		hal_idle();
	}
	sched_yield_to(p);
}

void
sched_sleep(struct proc *p, uint64_t ticks)
{
	struct proc **pp = &sleepers;

	sched_forget(p);
	p->wake_tick = hal_ticks() + ticks;
	while (*pp && (*pp)->wake_tick <= p->wake_tick)
		pp = &(*pp)->qnext;
	p->qnext = *pp;
	*pp = p;
	p->queue = PQ_SLEEP;
}

static void
wake_sleepers(uint64_t now)
{
	while (sleepers && sleepers->wake_tick <= now) {
		struct proc *p = sleepers;
		sleepers = p->qnext;
		p->queue = PQ_NONE;
		p->wake_tick = 0;
		p->regs.eax = RC_OK;     /* the sleep completed */
		sched_ready(p);
	}
}

void
kern_timer_tick(void)
{
	wake_sleepers(hal_ticks());
	ckpt_tick();
	if (sched_cur && sched_cur->slice)
		sched_cur->slice--;
}

bool
sched_any_ready(void)
{
	for (int prio = 0; prio < NPRIO; prio++)
		if (ready_head[prio])
			return true;
	return false;
}

/* After an IRQ taken while idle: run whatever became ready. */
void
kern_irq_in_kernel(void)
{
	if (!idling)
		return;
	if (ckpt_due)
		ckpt_idle();         /* idle: no trap in flight, a boundary */
	if (sched_any_ready())
		sched_run();
}

/*
 * Back to user mode after a trap: the current process if it may go on,
 * else the next ready one.
 */
void
sched_continue(void)
{
	struct proc *p = sched_cur;

	if (p && p->state == PRS_RUNNING && p->queue == PQ_NONE) {
		if (p->slice && p->ctx && p->ctx == mapctx_current())
			hal_resume_user(&p->regs);   /* already on the CPU */
		if (p->slice)
			sched_yield_to(p);
		p->slice = p->quantum;
		sched_cur = NULL;
		sched_ready(p);
	}
	sched_run();
}
