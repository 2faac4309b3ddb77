/* SPDX-License-Identifier: BSD-2-Clause */
/* ipc.h -- the invocation trap and fault delivery (see ipc.c). */
#ifndef CAIRN_IPC_H
#define CAIRN_IPC_H

#include "proc.h"
#include "invoke.h"
#include "abi/invoke.h"

/* Bytes of "int $0x80": backed up to make a process execute its trap
 * again (a stall, a blocked forwarder, a snapshot at trap entry). */
#define INT80_LEN 2

/* A kernel object's words-only reply into p's registers (the slow path
 * and the fast path both use it). */
static inline void
ipc_reply_words(struct proc *p, const struct inv *inv, int rc)
{
	p->regs.eax = (uint32_t)rc;
	p->regs.ebx = inv->nrc << INV_INFO_NCAPS_SHIFT;
	p->regs.ecx = inv->rw[0];
	p->regs.edx = inv->rw[1];
	p->regs.esi = inv->rw[2];
	p->regs.edi = inv->rw[3];
}

/* What invoking Void answers (invoke_kernel), in p's registers. */
static inline void
ipc_reply_void(struct proc *p)
{
	p->regs.eax = RC_VOID;
	p->regs.ebx = p->regs.ecx = p->regs.edx = p->regs.esi = p->regs.edi = 0;
}

/*
 * The process hints (fast_target, fast_caller), validated against the
 * capability before use -- instead of hashing its OID -- by the fast
 * path and the slow one alike.  t is still the loaded process of the
 * root Start capability c names, and c is not stale (the root's
 * allocation count):
 */
static inline __attribute__((always_inline)) bool
target_valid(const struct proc *t, const cap_t *c)
{
	return t && t->in_use && t->root->oid == c->oid &&
	       obj_node(t->root)->alloc_count == c->count;
}

/* w is still the loaded process of the root Resume capability c names,
 * and c is not used up (the root's call count). */
static inline __attribute__((always_inline)) bool
caller_valid(const struct proc *w, const cap_t *c)
{
	return w && w->in_use && w->root->oid == c->oid &&
	       obj_node(w->root)->call_count == c->count;
}

/* Carry out the invocation p trapped with. */
void ipc_syscall(struct proc *p);
/* The end of an invocation's trap but a fast one that resumes its
 * invoker at once (usertrap.c): the stall turn the invoker held passes
 * on, a due checkpoint runs, the current process continues. */
void ipc_trap_done(struct proc *turn) NORETURN;
/* p faulted (PF_* code at addr; info = vector << 16 | error): message
 * its keeper, or stop it in the faulted state if it has none. */
void ipc_fault(struct proc *p, unsigned code, uint32_t addr, uint32_t info);

#endif
