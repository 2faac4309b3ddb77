/* SPDX-License-Identifier: BSD-2-Clause */
/* forwarder.h -- following forwarders (see kernel/obj/forwarder.c). */
#ifndef CAIRN_FORWARDER_H
#define CAIRN_FORWARDER_H

#include "invoke.h"

struct proc;

struct fwd_ret {
	cap_t cap;            /* the capability at the end of the chain */
	int rc;               /* RC_OK, RC_LOOP, RC_VOID, RC_BUSY (blocked) */
	struct obj *blocked;  /* the blocked forwarder (rc == RC_BUSY) */
	bool has_badge;       /* a forwarder supplies the badge ... */
	unsigned badge;       /* ... this one */
};

/* The restrictions of an opaque Forwarder capability that add to its
 * target's. */
#define FWD_PASSED_RESTR (CAP_R_RO | CAP_R_WEAK | CAP_R_NOCALL)

/*
 * One hop through forwarder node f (not blocked): its target, and the
 * badge it supplies, which replaces one supplied nearer the invoker (the
 * data word nearest the target is the one delivered, so wrapping a
 * capability in one's own forwarder cannot forge another badge;
 * has_badge, badge in and out).  fwd_resolve's step; the IPC fast path
 * takes it too.
 */
static inline const cap_t *
fwd_step(const ck_node_t *f, bool *has_badge, unsigned *badge)
{
	if (f->data & FWD_F_DATA) {     /* the one nearest the target wins */
		*has_badge = true;
		*badge = cap_num(&f->slot[FWD_SLOT_DATA], 0) & CAP_BADGE_MASK;
	}
	return &f->slot[FWD_SLOT_TARGET];
}

/* The forwarder node an opaque or not Forwarder capability designates
 * (faulted in, count checked), or the RC of why not. */
struct cap_ret fwd_node(cap_t *c);

/* o is still the forwarder node opaque Forwarder capability c names:
 * cached with c's OID (an object the cache dropped has another, or 0),
 * c not stale, the node still a forwarder.  (How a process's hint
 * fast_fwd is checked before it saves a lookup.) */
static inline bool
fwd_hint_valid(const struct obj *o, const cap_t *c)
{
	return o && o->oid == c->oid && obj_node(o)->alloc_count == c->count &&
	       obj_node(o)->kind == CK_NK_FORWARDER;
}

/* Follow opaque forwarders from c to the first capability that is not
 * one.  hint, if not NULL: the first hop's node, probably (checked with
 * fwd_hint_valid; set when the node is looked up instead). */
struct fwd_ret fwd_resolve(const cap_t *c, struct obj **hint);
/* Replace returned capabilities to target by fwd (the invoked forwarder). */
void fwd_filter_reply(struct inv *inv, const cap_t *target, const cap_t *fwd);
/* Invokers of the blocked forwarder node blocked wait until it is
 * unblocked or rescinded; then they invoke again. */
void fwd_wait(struct proc *p, const struct obj *blocked);
void fwd_forget(struct proc *p);
/* Node o (a forwarder, perhaps) is being rescinded: its waiters go on at
 * once, and find their capability stale (RC_VOID). */
void fwd_gone(const struct obj *o);
/* Waiters woken since boot (SysInfo: a bound on what unblocking costs). */
uint32_t fwd_wakeups(void);

#endif
