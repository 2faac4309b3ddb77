/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/kobj.h -- typed wrappers for every kernel object's orders
 * (kernel/abi/orders.h; docs/abi.md says what each one does).
 *
 * Conventions, the same for every wrapper:
 *   - the first argument is the capability register holding the object
 *     invoked; capabilities going in or out are named by register too
 *     (capreg_t), so "to" is where a returned capability is put;
 *   - the result is the invocation's RC_* code;
 *   - output structs and words are written only when the result is
 *     RC_OK.  The register named to receive a capability ("to", "out")
 *     is always written by the kernel: with the result on RC_OK, with
 *     Void on failure (docs/abi.md, section 3) -- so do not name the
 *     only copy of a capability as both "in" and "out";
 *   - nothing is remembered between calls: a wrapper is one CALL.
 * Each file of the library implements one object (node.c, page.c, ...).
 */
#ifndef CAIRN_KOBJ_H
#define CAIRN_KOBJ_H

#include <stdint.h>
#include <stddef.h>
#include "cairn/ipc.h"
#include "kernel/abi/cap.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"

/* ---- Node (and Space: the same orders on a tree node) ---- */

struct node_info {
	uint64_t oid;
	uint32_t count;         /* allocation count */
	uint32_t kind;          /* node kind (store format) */
};

int node_read(capreg_t node, uint32_t slot, capreg_t to);
int node_write(capreg_t node, uint32_t slot, capreg_t from);
int node_swap(capreg_t node, uint32_t slot, capreg_t in, capreg_t out);
int node_clear(capreg_t node);
int node_clone(capreg_t node, capreg_t from);
int node_restrict(capreg_t node, unsigned restr, capreg_t to);
/* type: CT_NODE, CT_SPACE (badge = height 1..4), CT_START, CT_PROCESS
 * or CT_FORWARDER. */
int node_make(capreg_t node, unsigned type, unsigned badge, capreg_t to);
int node_info(capreg_t node, struct node_info *out);
/* Slot slot of node holds a Node capability to a plain node F: F becomes
 * a forwarder to target; its handle goes to handle, an opaque capability
 * (restrictions restr added) to opaque, and the slot becomes Void. */
int node_take_forwarder(capreg_t node, uint32_t slot, unsigned restr, capreg_t target,
			capreg_t handle, capreg_t opaque);

/* ---- Page ---- */

struct page_info {
	uint64_t oid;
	uint32_t count;
};

/* Bytes [off, off + len) of the page into buf (len <= 4096). */
int page_read(capreg_t page, uint32_t off, void *buf, uint32_t len);
int page_write(capreg_t page, uint32_t off, const void *buf, uint32_t len);
int page_restrict(capreg_t page, unsigned restr, capreg_t to);
int page_clear(capreg_t page);
int page_info(capreg_t page, struct page_info *out);

/* ---- Range (the space bank's) ---- */

/* kind: CK_OBJ_NODE or CK_OBJ_PAGE; index: the object's index in its
 * kind's OID range. */
struct range_query {
	uint32_t allocated;     /* 1 if allocated */
	uint32_t count;
};

struct range_info {
	uint32_t nodes, pages;  /* the store's capacity */
};

struct range_ident {
	uint32_t kind, index, count;
};

int range_create(capreg_t range, unsigned kind, uint32_t index, capreg_t to);
/* The same, the capability written into slot slot of the node in
 * register node instead. */
int range_create_into(capreg_t range, unsigned kind, uint32_t index, capreg_t node,
		      uint32_t slot);
int range_rescind(capreg_t range, unsigned kind, uint32_t index);
int range_query(capreg_t range, unsigned kind, uint32_t index, struct range_query *out);
int range_info(capreg_t range, struct range_info *out);
int range_identify(capreg_t range, capreg_t cap, struct range_ident *out);

/* ---- Number, Discrim, SysInfo ---- */

int number_read(capreg_t num, uint32_t out[3]);

struct discrim_class {
	uint32_t type;          /* CT_*; CT_VOID for a stale capability */
	uint32_t restr;         /* CAP_R_* */
};

int discrim_classify(capreg_t discrim, capreg_t cap, struct discrim_class *out);
/* *same = 1 if a and b designate the same object with the same type. */
int discrim_compare(capreg_t discrim, capreg_t a, capreg_t b, int *same);

struct sysinfo_objcache {
	uint32_t faults, evictions, probes, lookups;
};

struct sysinfo_pools {
	uint32_t nodes_used, node_pool, pages_used, page_pool;
};

/* The kernel's memory: frames are all taken at boot, so frames_free
 * does not change while processes run (docs/hostile.md). */
struct sysinfo_memory {
	uint32_t frames_free, frames, procs_loaded, proc_table;
};

struct sysinfo_proc {
	uint32_t index;         /* process-table entry: ask again from index + 1 */
	uint64_t oid;           /* its root node */
	uint32_t state, prio, fault;    /* PRS_*, priority, PF_* */
	int asleep;             /* running, inside a Sleep */
	uint32_t queue;         /* SYSINFO_Q_*: what it waits for in the kernel */
	char name[PROC_NAME_MAX + 1];   /* "" if it has none */
};

int sysinfo_objcache(capreg_t si, struct sysinfo_objcache *out);
int sysinfo_pools(capreg_t si, struct sysinfo_pools *out);
int sysinfo_memory(capreg_t si, struct sysinfo_memory *out);
/* The first loaded process at or after table entry from; RC_NOT_FOUND
 * past the last. */
int sysinfo_process(capreg_t si, uint32_t from, struct sysinfo_proc *out);
/* Objects the next checkpoint will write. */
int sysinfo_dirty(capreg_t si, uint32_t *nodes, uint32_t *pages);
/* Waiters woken since boot: of blocked forwarders, and stalled invokers. */
int sysinfo_wakeups(capreg_t si, uint32_t *fwd, uint32_t *stalled);

/* ---- Process ---- */

struct process_state {
	uint32_t run_state;     /* PRS_* */
	uint32_t fault;         /* PF_* */
	uint32_t fault_addr;
	uint32_t eip;
};

int process_state(capreg_t proc, struct process_state *out);
/* esp 0 keeps the current stack pointer. */
int process_start(capreg_t proc, uint32_t eip, uint32_t esp);
int process_halt(capreg_t proc);
/* Swap root slot (PR_SLOT_SPACE, _KEEPER, _CAPREGS, _BRAND, _ANNEX)
 * with the capability in register in; the old one goes to out. */
int process_swap_slot(capreg_t proc, unsigned slot, capreg_t in, capreg_t out);
int process_make_start(capreg_t proc, unsigned badge, capreg_t to);
/* group 0..3: registers of root slot PR_SLOT_REGS0 + group. */
int process_get_regs(capreg_t proc, unsigned group, uint32_t regs[3]);
int process_set_regs(capreg_t proc, unsigned group, const uint32_t regs[3]);
int process_resume_fault(capreg_t proc);

/* ---- Console, Sleep ---- */

/* len <= IPC_MAX_STRING. */
int console_write(capreg_t con, const void *buf, uint32_t len);
/* RC_BUSY when no character is waiting. */
int console_read(capreg_t con, int *ch);

int sleep_ms(capreg_t sl, uint32_t ms);
int sleep_ticks(capreg_t sl, uint64_t *ticks);

/* ---- Checkpoint ---- */

struct ckpt_status {
	uint64_t generation;    /* last committed */
	uint32_t log_used, log_blocks;
	uint32_t pause_us, write_us, dirty_kib; /* of the last checkpoint */
	uint32_t period_ms;     /* 0: only on demand */
};

/* Returns once the generation holding the caller's state is durable. */
int ckpt_take(capreg_t ck, uint64_t *gen);
int ckpt_status(capreg_t ck, struct ckpt_status *out);
int ckpt_set_period(capreg_t ck, uint32_t ms);
/* Persistent time since the store was made, and restarts so far. */
int ckpt_uptime(capreg_t ck, uint64_t *ms, uint32_t *restarts);
/* The generation this boot restarted from, and the persistent time (ms)
 * of the last committed generation's snapshot. */
int ckpt_last(capreg_t ck, uint64_t *restart_gen, uint64_t *committed_ms);

#endif
