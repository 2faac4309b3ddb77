/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * orders.h -- order codes of the kernel objects, by capability type.
 * Each order lists its arguments: w[] = data words, c[] = capabilities,
 * s = string; and what it returns on RC_OK.  docs/abi.md has the prose.
 */
#ifndef CAIRN_ABI_ORDERS_H
#define CAIRN_ABI_ORDERS_H

/* Node (and Space: a Space capability is a node capability for a tree). */
enum {
	OC_NODE_READ = 1,       /* w0 slot -> c0 (weakened if the cap is weak) */
	OC_NODE_WRITE = 2,      /* w0 slot, c0 -> ; needs a non-read-only cap */
	OC_NODE_SWAP = 3,       /* w0 slot, c0 -> c0 old contents */
	OC_NODE_CLEAR = 4,      /* -> ; every slot becomes Void */
	OC_NODE_CLONE = 5,      /* c0 node to copy from -> ; copies all 32 slots */
	OC_NODE_RESTRICT = 6,   /* w0 more restriction bits -> c0 restricted cap */
	OC_NODE_MAKE = 7,       /* w0 cap type (Space/Start/Process/Forwarder), w1 badge -> c0 */
	OC_NODE_INFO = 8,       /* -> w0 OID low, w1 OID high, w2 alloc count, w3 kind */
	OC_NODE_TAKE_FORWARDER = 9, /* w0 slot holding a full Node cap to a plain node F,
				 * w1 more restrictions, c0 target -> c0 F's handle, c1 an
				 * opaque Forwarder cap to F; F is now a forwarder to c0 and
				 * the slot Void (a revocable-copy reserve: docs/forwarders.md) */
};

/* Page. */
enum {
	OC_PAGE_READ = 1,       /* w0 offset, w1 length -> s (length bytes) */
	OC_PAGE_WRITE = 2,      /* w0 offset, s -> ; needs a non-read-only cap */
	OC_PAGE_RESTRICT = 3,   /* w0 more restriction bits -> c0 */
	OC_PAGE_CLEAR = 4,      /* -> ; zero the page */
	OC_PAGE_INFO = 5,       /* -> w0 OID low, w1 OID high, w2 alloc count */
};

/* Range (the space bank's alone). */
enum {
	OC_RANGE_CREATE = 1,    /* w0 kind (1 node, 2 page), w1 index -> c0 fresh cap */
	OC_RANGE_RESCIND = 2,   /* w0 kind, w1 index -> ; object zeroed, count bumped */
	OC_RANGE_QUERY = 3,     /* w0 kind, w1 index -> w0 allocated?, w1 alloc count */
	OC_RANGE_INFO = 4,      /* -> w0 node count, w1 page count */
	OC_RANGE_IDENTIFY = 5,  /* c0 node, page or non-opaque forwarder cap -> w0 kind, w1 index, w2 count */
	OC_RANGE_CREATE_INTO = 6, /* w0 kind, w1 index, w2 slot, c0 writable Node cap -> ;
				   * the fresh cap is written into that slot of that node */
	OC_RANGE_IDENTIFY_REG = 7, /* w0 a capability register of the invoker's -> as
				    * IDENTIFY of that capability; words only */
	OC_RANGE_CREATE_REG = 8, /* w0 kind, w1 index, w2 a capability register of the
				  * invoker's -> ; as CREATE, the fresh cap put there */
	OC_RANGE_CREATE_INTO_REG = 9, /* w0 kind, w1 index, w2 slot, w3 the invoker's register
				       * holding the Node cap -> ; as CREATE_INTO; words only */
};

/* Number. */
enum {
	OC_NUMBER_READ = 1,     /* -> w0 w1 w2 */
};

/* Discrim. */
enum {
	OC_DISCRIM_CLASSIFY = 1, /* c0 -> w0 type, w1 restrictions (Void if stale) */
	OC_DISCRIM_COMPARE = 2,  /* c0, c1 -> w0 1 if same object and type, else 0 */
};

/* SysInfo. */
enum {
	OC_SYSINFO_OBJCACHE = 1, /* -> w0 faults, w1 evictions, w2 hash probes, w3 lookups */
	OC_SYSINFO_POOLS = 2,    /* -> w0 nodes used, w1 node pool, w2 pages used, w3 page pool */
	OC_SYSINFO_PROCESS = 3,  /* w0 table index i -> w0 index of the first loaded process
				  * at or after i, w1 w2 its root's OID (low, high), w3 its
				  * SYSINFO_PS_* word, s its name (PROC_NAME_MAX bytes, NUL-
				  * padded); RC_NOT_FOUND when there is none */
	OC_SYSINFO_DIRTY = 4,    /* -> w0 dirty nodes, w1 dirty pages (the next checkpoint's) */
	OC_SYSINFO_WAKEUPS = 5,  /* -> w0 waiters of blocked forwarders woken, w1 stalled
				  * invokers woken, since boot (each one traps again) */
	OC_SYSINFO_MEMORY = 6,   /* -> w0 free page frames, w1 all page frames, w2 loaded
				  * processes, w3 process-table entries */
};
/* w3 of OC_SYSINFO_PROCESS. */
#define SYSINFO_PS_STATE(w)  ((w) & 0xffu)          /* PRS_* */
#define SYSINFO_PS_PRIO(w)   (((w) >> 8) & 0xffu)
#define SYSINFO_PS_FAULT(w)  (((w) >> 16) & 0xffu)  /* PF_* */
#define SYSINFO_PS_ASLEEP    0x01000000u            /* running, inside a Sleep */
#define SYSINFO_PS_WORD(state, prio, fault, asleep) \
	((state) | (prio) << 8 | (fault) << 16 | ((asleep) ? SYSINFO_PS_ASLEEP : 0u))
/* Bits 25-27: what a running process is waiting for in the kernel (for
 * debugging a hang): SYSINFO_Q_*. */
#define SYSINFO_PS_QUEUE_SHIFT 25
#define SYSINFO_PS_QUEUE(w)  (((w) >> SYSINFO_PS_QUEUE_SHIFT) & 0x7u)
enum {
	SYSINFO_Q_NONE = 0,      /* on the CPU, or not running */
	SYSINFO_Q_READY = 1,     /* waiting for the CPU */
	SYSINFO_Q_STALL = 2,     /* retrying an invocation of a busy process */
	SYSINFO_Q_SLEEP = 3,     /* in a Sleep */
	SYSINFO_Q_FWD = 4,       /* invoking a blocked forwarder */
	SYSINFO_Q_CKPT = 5,      /* waiting for a checkpoint: a commit, or room for its trap */
};

/* Process (full access to a process through its root node). */
enum {
	OC_PROCESS_STATE = 1,     /* -> w0 run state, w1 fault code, w2 fault address, w3 eip */
	OC_PROCESS_START = 2,     /* w0 eip, w1 esp (0 = keep) -> ; state becomes running */
	OC_PROCESS_HALT = 3,      /* -> ; state becomes halted (itself: never returns) */
	OC_PROCESS_SWAP_SLOT = 4, /* w0 root slot (space, keeper, capregs, sched, brand, annex, name), c0 -> c0 old */
	OC_PROCESS_MAKE_START = 5,/* w0 badge -> c0 Start capability */
	OC_PROCESS_GET_REGS = 6,  /* w0 group 0..3 (PR_SLOT_REGS0 + group) -> w0 w1 w2 */
	OC_PROCESS_SET_REGS = 7,  /* w0 group, w1 w2 w3 = the three registers -> */
	OC_PROCESS_RESUME_FAULT = 8, /* -> ; clear the fault and run again (keepers) */
};

/*
 * Forwarder (docs/design.md section 5).  A node in forwarder form holds its
 * target capability in slot 0 and an optional data word in slot 1
 * (Number); its header's data word holds the FWD_F_* flags.
 *
 * An opaque Forwarder capability forwards every invocation to the
 * target as if the target had been invoked (its own restrictions are
 * added to the target's); a capability the invocation would return that
 * designates the final target is replaced by the invoked forwarder
 * capability, so a grantee never gets the target itself.  A blocked
 * forwarder makes invokers wait until it is unblocked (RC_BUSY with
 * INV_F_NONBLOCK).  Chains are followed up to FWD_CHAIN_MAX forwarders;
 * a loop or a longer chain gives RC_LOOP.  With FWD_F_DATA set, the data
 * word is delivered as the badge when the target is a Start capability;
 * in a chain, the data word of the forwarder nearest the target wins.
 *
 * A non-opaque Forwarder capability manages the forwarder:
 */
enum {
	OC_FWD_GET_TARGET = 1,   /* -> c0 the target */
	OC_FWD_SWAP_TARGET = 2,  /* c0 -> c0 the old target */
	OC_FWD_BLOCK = 3,        /* -> ; invokers wait */
	OC_FWD_UNBLOCK = 4,      /* -> ; waiting invokers go on */
	OC_FWD_MAKE_OPAQUE = 5,  /* w0 more restrictions -> c0 opaque capability */
	OC_FWD_SET_DATA = 6,     /* w0 data word, w1 1 = deliver it, 0 = do not */
	OC_FWD_INFO = 7,         /* -> w0 FWD_F_* flags, w1 data word */
};
#define FWD_F_BLOCKED 0x1u
#define FWD_F_DATA 0x2u
#define FWD_CHAIN_MAX 8
#define FWD_SLOT_TARGET 0
#define FWD_SLOT_DATA 1

/*
 * Keeper messages.  A process that faults in a way its address space
 * cannot satisfy CALLs its keeper (the Start capability in its root's
 * keeper slot) with order OC_KEEPER_FAULT + fault code (PF_*), w0 the
 * fault address, w1 eip, w2 the CPU vector and error code (vector << 16 |
 * error), and c0 a Process capability to the faulter.  The Resume
 * capability the keeper receives has badge RESUME_BADGE_FAULT: returning
 * through it restarts the faulter at the faulting instruction with its
 * registers untouched (whatever the reply says).
 */
#define OC_KEEPER_FAULT 0x100u
#define RESUME_BADGE_FAULT 1u

/* Console. */
enum {
	OC_CONSOLE_WRITE = 1,     /* s -> ; writes the string */
	OC_CONSOLE_READ = 2,      /* -> w0 character; RC_BUSY if none (non-blocking) */
};

/* Sleep. */
enum {
	OC_SLEEP_MS = 1,          /* w0 milliseconds -> ; RC_RESTART if a restart intervened */
	OC_SLEEP_TICKS = 2,       /* -> w0 low, w1 high: ticks since boot */
};

/*
 * Checkpoint.  TAKE returns once the generation holding the invoker's
 * state at the moment of the call is durable, and names it; after a
 * restart from that generation the invoker sees the same answer once
 * more (its registers were saved with the answer in them).  A checkpoint
 * that fails to commit returns RC_IO_ERROR (the state joins the next
 * attempt).
 */
enum {
	OC_CKPT_TAKE = 1,         /* -> w0 w1 generation committed (low, high) */
	OC_CKPT_STATUS = 2,       /* -> w0 w1 last committed generation, w2 log blocks in use, w3 log blocks */
	OC_CKPT_SET_PERIOD = 3,   /* w0 period in ms (0: only on demand) -> */
	OC_CKPT_TIMES = 4,        /* -> w0 last pause us, w1 last write us, w2 last dirty KiB, w3 period ms */
	OC_CKPT_UPTIME = 5,       /* -> w0 w1 persistent ms (low, high), w2 restarts of this store */
	OC_CKPT_LAST = 6,         /* -> w0 w1 the generation this boot restarted from, w2 w3
				   * the persistent ms at the last committed snapshot */
};

#endif
