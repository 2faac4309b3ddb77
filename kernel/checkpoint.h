/* SPDX-License-Identifier: BSD-2-Clause */
/* checkpoint.h -- when and how the kernel checkpoints (see checkpoint.c). */
#ifndef CAIRN_CHECKPOINT_H
#define CAIRN_CHECKPOINT_H

#include "kernel.h"

struct proc;

/* Why a checkpoint is due at the next trap boundary (0: none). */
extern uint8_t ckpt_due;
#define CKPT_DUE_PERIOD   0x1u
#define CKPT_DUE_PRESSURE 0x2u   /* dirty objects near the log or cache limit */
#define CKPT_DUE_TAKE     0x4u   /* a program asked (Checkpoint TAKE) */

/* Most objects one trap may dirty; a checkpoint runs before a trap
 * could lack room for them (test kernels check the bound holds). */
#define CKPT_TRAP_NODES (PROC_TABLE_SIZE + 32)
#define CKPT_TRAP_PAGES 16

void ckpt_init(void);                   /* after the store is open */
void ckpt_dirtied(uint32_t nodes, uint32_t pages); /* objcache: the set grew */
void ckpt_tick(void);                   /* every timer tick */
/* At a trap boundary: take the checkpoint that is due. */
void ckpt_run_due(void);
/* At trap entry, with a checkpoint due: snapshot p as about to execute
 * the trapping instruction again (eip less back), then go on. */
void ckpt_at_entry(struct proc *p, uint32_t back);
void ckpt_trap_begin(void);             /* test kernels: per-trap bound */

/* The Checkpoint object's side (kernel/obj/checkpoint.c). */
uint64_t ckpt_generation(void);         /* last committed */
void ckpt_request_take(struct proc *invoker);
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
