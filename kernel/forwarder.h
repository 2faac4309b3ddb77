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

/* Follow opaque forwarders from c to the first capability that is not one. */
struct fwd_ret fwd_resolve(const cap_t *c);
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
