/* SPDX-License-Identifier: BSD-2-Clause */
/* checkpoint.h -- when and how the kernel checkpoints (see checkpoint.c). */
#ifndef CAIRN_CHECKPOINT_H
#define CAIRN_CHECKPOINT_H

#include "kernel.h"

struct proc;
struct obj;

/* Why the next trap boundary should look at checkpoints (0: no need). */
extern uint8_t ckpt_due;
#define CKPT_DUE_PERIOD   0x1u
#define CKPT_DUE_PRESSURE 0x2u   /* room for a trap is short: snapshot, or hold traps back */
#define CKPT_DUE_TAKE     0x4u   /* a program asked (Checkpoint TAKE) */
#define CKPT_DUE_IO       0x8u   /* background work can go on (a disk request completed) */

/* Most objects one trap may dirty; a checkpoint runs before a trap
 * could lack room for them (test kernels check the bound holds). */
#define CKPT_TRAP_NODES (PROC_TABLE_SIZE + 32)
#define CKPT_TRAP_PAGES 16

void ckpt_init(void);                   /* after the store is open */
void ckpt_dirtied(uint32_t nodes, uint32_t pages); /* objcache: the set grew */
void ckpt_tick(void);                   /* every timer tick */
/* At a trap boundary (the end of a trap): background work, and the
 * snapshot that is due if the writer is free. */
void ckpt_run_due(void);
void ckpt_idle(void);                   /* the same from the idle loop: more of it */
/* In-kernel callers (tests), outside any trap: a checkpoint now, written
 * and committed before this returns (the disk polled); 0 or an OBJ_ERR. */
int ckpt_sync(void);
/* At trap entry, with ckpt_due set: the same, with p snapshotted as about
 * to execute the trapping instruction again (eip less back); then, if
 * the trap may dirty objects and there is no room for it, p stalls (its
 * trap is executed again once there is room) and this does not return. */
void ckpt_at_entry(struct proc *p, uint32_t back, bool may_dirty);
void ckpt_trap_begin(void);             /* test kernels: per-trap bound */
void ckpt_forget(struct proc *p);       /* p leaves the checkpoint's waits (PQ_CKPT) */
/* Object o (held, not OF_COPIED) is about to change: save the version
 * being checkpointed first (ckpt_write.c). */
void ckpt_copy_aside(struct obj *o);

/* The Checkpoint object's side (kernel/obj/checkpoint.c). */
uint64_t ckpt_generation(void);         /* last committed */
/* The invoker waits until the generation holding its state (returned;
 * 0 without a store) is committed. */
uint64_t ckpt_request_take(struct proc *invoker);
struct ckpt_stats {
	uint32_t pause_us, write_us, dirty_kib;
	uint32_t log_used, log_blocks;
};
void ckpt_stats(struct ckpt_stats *out);
uint32_t ckpt_period(void);
void ckpt_set_period(uint32_t ms);
uint64_t ckpt_uptime_ms(void);          /* persistent time */
uint32_t ckpt_restarts(void);
uint64_t ckpt_restart_generation(void);  /* what this boot restarted from */
uint64_t ckpt_committed_ms(void);        /* persistent time of the last commit's snapshot */

#endif
