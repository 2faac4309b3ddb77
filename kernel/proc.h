/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc.h -- the process table: a cache of loaded processes.
 *
 * A process *is* its root node (abi/process.h).  Loading it copies the
 * registers, run state and receive spec out of the root's Number slots
 * into a table entry, pins the root and the capability-register node,
 * and gives it a hardware address space (mapctx).  proc_writeback()
 * copies the cached state back into the root; it runs before anything
 * reads the root (a Node invocation on it, a checkpoint) and when the
 * entry is reused.  Losing the table loses nothing that a writeback has
 * not already put in nodes.
 *
 * The FPU/SSE state lives in the annex page (proc_fpu.c): it is pinned
 * from the process's first FPU use until the entry goes, and holds the
 * state of every process but the one whose state is in the CPU, which
 * proc_fpu_writeback() saves too.
 */
#ifndef CAIRN_PROC_H
#define CAIRN_PROC_H

#include "kernel.h"
#include "hal.h"
#include "obj.h"
#include "space.h"
#include "abi/process.h"

#define PROC_TABLE_SIZE 128

struct proc {
	struct hal_uregs regs;      /* must stay first: the trap frame */
	struct obj *root;           /* pinned; root->proc == this */
	struct obj *capregs;        /* pinned capability-register node */
	struct obj *annex;          /* pinned annex page once the FPU is used, or NULL */
	struct mapctx *ctx;         /* hardware address space, or NULL */
	uint8_t state;              /* enum proc_run_state */
	uint8_t prio;
	uint8_t fault_code;         /* enum proc_fault */
	uint8_t in_use;
	uint32_t fault_addr;
	uint32_t rspec;             /* receive spec word (abi/invoke.h) */
	uint32_t rbuf, rmax;        /* receive string buffer */
	uint32_t slice;             /* ticks left in this time slice */
	uint32_t quantum;           /* its slice: PR_SLOT_SCHED word 1 */
	uint64_t wake_tick;         /* sleeping until, or 0 */
	uint8_t queue;              /* PQ_*: which queue qnext links */
	struct proc *qnext;         /* ready, stall or sleep queue link */
	struct proc *stall_on;      /* PQ_STALL: whose stall queue */
	struct proc *stall_head;    /* callers waiting for this one */
	uint64_t fwd_oid;           /* PQ_FWD: the blocked forwarder it waits on */
	struct proc *turn;          /* the staller woken to retry this one (ipc.c) */
	struct proc *turn_of;       /* ... and, in it, whose turn it holds */
	uint32_t lru;               /* last use, for reusing entries */
	/* Hints for the IPC fast path (ipcfast.c, ipcfast.S), validated
	 * before use; fast_target and fast_caller are never NULL (p itself
	 * until the slow path sets them), and may point to a free entry,
	 * whose state is PRS_HALTED. */
	struct proc *fast_target;   /* the process this one called last */
	struct proc *fast_caller;   /* who called this process last */
	struct obj *fast_fwd;       /* the forwarder node it invoked last */
	/* The receive spec last made from a descriptor (ipcdesc.h), and the
	 * register bytes it was made from (rcv_cap; rcv_reply | 0x100, 0
	 * until the first): a server receives the same way every time. */
	uint32_t rspec_memo, rspec_memo_cap, rspec_memo_reply;
};

_Static_assert(offsetof(struct proc, regs) == 0, "proc_regs_first");

enum proc_queue {
	PQ_NONE = 0,
	PQ_READY,     /* runnable, waiting for the CPU */
	PQ_STALL,     /* retrying an invocation of a busy process */
	PQ_SLEEP,     /* in a Sleep invocation */
	PQ_FWD,       /* invoking a blocked forwarder (forwarder.c) */
	PQ_CKPT,      /* waiting for a commit or for room (checkpoint.c) */
};

/* Load the process whose root node is root (or find it loaded).
 * Returns NULL with *rc set (RC_NO_SPACE: table full; RC_BAD_ARG: the
 * root is not a well-formed process). */
struct proc *proc_load(struct obj *root, int *rc);
void proc_writeback(struct proc *p);
/* Before a checkpoint: every loaded process written back into its nodes. */
void proc_writeback_all(void);
/* Process capabilities to the loaded processes that are running (ready,
 * current, stalled or asleep): the checkpoint's run list.  At most max. */
uint32_t proc_runlist(cap_t *out, uint32_t max);
void proc_unload(struct proc *p);           /* writeback, then free the entry */
void proc_drop(struct proc *p);             /* free without writeback (rescinded) */
void proc_unload_users_of(struct obj *capregs);
/* Re-read the cached state from the root after someone changed it. */
void proc_reload(struct proc *p);
void proc_init(void);
void proc_give_ctx(struct proc *p);         /* before p runs without one */

/*
 * FPU/SSE state in the annex page (proc_fpu.c).
 *
 * proc_fpu_writeback(): the checkpoint calls it before it writes the
 * loaded processes back.  Afterwards every loaded process's annex page
 * holds its current FPU state: the one process whose state is in the
 * CPU (the owner) has it saved now -- its annex marked modified first --
 * and the others had theirs saved when they lost the CPU's registers.
 * The owner stays the owner, so it goes on without a trap; whatever it
 * changes later is saved again at the next switch or writeback.
 */
void proc_fpu_writeback(void);
bool proc_fpu_trap(struct proc *p);          /* #NM; false: fault it (no usable annex) */
void proc_fpu_detach(struct proc *p, bool save); /* before the entry or its annex goes */
void proc_fpu_reload(struct proc *p);        /* the annex slot may have changed */
void proc_annex_gone(struct obj *page);      /* page is being rescinded */

/* The name kept in a process root's PR_SLOT_NAME, printable bytes only
 * ("" for none), into buf; returns buf. */
char *proc_name(const struct obj *root, char buf[PROC_NAME_MAX + 1]);
/* The loaded process in the first used table entry at or after *i (*i
 * becomes its index), or NULL: SysInfo's process list. */
struct proc *proc_next_loaded(uint32_t *i);
uint32_t proc_loaded_count(void);    /* table entries in use */
/* How console messages name a process: "NAME (0xOID)", or "0xOID"
 * when it has no name. */
#define PROC_LABEL_MAX (PROC_NAME_MAX + 24)
const char *proc_label(const struct obj *root, char buf[PROC_LABEL_MAX]);

/* The capability in register i of p. */
static inline cap_t *
proc_capreg(struct proc *p, unsigned i)
{
	return &obj_node(p->capregs)->slot[i & 31];
}

/* The address-space capability in the root. */
static inline cap_t *
proc_space(struct proc *p)
{
	return &obj_node(p->root)->slot[PR_SLOT_SPACE];
}

static inline struct proc *
proc_of_regs(struct hal_uregs *r)
{
	return (struct proc *)r;
}

/* Make p runnable / not runnable, with the scheduler (sched.c). */
void sched_ready(struct proc *p);
struct proc *sched_current(void);
void sched_set_current(struct proc *p);
void sched_run(void) NORETURN;               /* run the best ready process */
void sched_yield_to(struct proc *p) NORETURN; /* switch to p right away */
void sched_sleep(struct proc *p, uint64_t ticks);
void sched_forget(struct proc *p);           /* remove from every queue */
void sched_init(void);
void sched_continue(void) NORETURN;          /* return to user after a trap */
bool sched_any_ready(void);

/* Stall: caller waits until target becomes available (ipc.c). */
void ipc_stall(struct proc *caller, struct proc *target);
void ipc_wake_stalled(struct proc *target);   /* all of them (target goes away) */
void ipc_wake_next(struct proc *target);      /* the next one, if none has the turn */
/* Trap entry of a process that may hold a turn: it gives the turn up;
 * after the trap, ipc_turn_done(what this returned) passes it on if the
 * target is still available (the retry went elsewhere). */
struct proc *ipc_turn_take(struct proc *p);
void ipc_turn_done(struct proc *target);
uint32_t ipc_stall_wakeups(void);           /* stalled invokers woken since boot */

#endif
