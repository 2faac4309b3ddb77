/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * forwarder.c -- REVOCABLE COPY: the Forwarder (docs/design.md section 5;
 * abi/orders.h has the layout and the orders).
 *
 * A forwarder is an ordinary node, paid for by the grantor's bank, in
 * forwarder form (kind CK_NK_FORWARDER): slot 0 holds the target, slot 1
 * a data word, the header's data word the flags.  The grantee holds only
 * opaque Forwarder capabilities to it.  Revoking is freeing the node
 * through the bank: the node's allocation count bumps, so every opaque
 * capability to it -- in registers, in nodes in memory or on disk -- is
 * stale, in O(1), with no reference count anywhere and nothing the
 * kernel allocated.
 *
 * fwd_resolve() follows a chain of opaque forwarders to a capability
 * that is not one, accumulating restrictions, and reports a blocked
 * forwarder on the way.  Of the data words to deliver as the badge, the
 * one nearest the target wins: whoever wraps a badged forwarder in one
 * of its own cannot change the badge the server sees (a bank capability
 * is such a forwarder: spacebank/bankcap.c).  The IPC path (ipc.c) and invoke_kernel() both
 * use it; fwd_filter_reply() then makes sure no capability to the final
 * target comes back to the invoker.
 *
 * Invokers of a blocked forwarder wait on one kernel list, each marked
 * with the OID of the forwarder it waits on (the kernel owns no
 * per-forwarder state): unblocking a forwarder, or rescinding it (a
 * revoke, the destruction of the bank that paid for it), wakes exactly
 * its own waiters, and each simply executes its invocation again -- on
 * a rescinded forwarder that gives RC_VOID at once.  So what one
 * forwarder's holder can cause others is bounded by that forwarder's
 * waiters.  Nothing about the wait is persistent, nor needs to be.
 */
#include "kernel/invoke.h"
#include "kernel/proc.h"
#include "kernel/forwarder.h"

static struct proc *fwd_waiters;
static uint32_t fwd_woken;

static bool
is_opaque_fwd(const cap_t *c)
{
	return cap_type(c) == CT_FORWARDER && (cap_restr(c) & CAP_R_OPAQUE);
}

struct cap_ret
fwd_node(cap_t *c)
{
	struct cap_ret r = cap_target(c);

	if (r.obj && obj_node(r.obj)->kind != CK_NK_FORWARDER)
		return (struct cap_ret){ NULL, RC_VOID };
	return r;
}

struct fwd_ret
fwd_resolve(const cap_t *c, struct obj **hint)
{
	struct fwd_ret r = { *c, RC_OK, NULL, false, 0 };
	unsigned restr = 0;

	for (unsigned hops = 0; is_opaque_fwd(&r.cap); hops++) {
		if (hops == FWD_CHAIN_MAX)
			return r.rc = RC_LOOP, r;
		restr |= cap_restr(&r.cap) & FWD_PASSED_RESTR;
		bool hinted = hops == 0 && hint && fwd_hint_valid(*hint, &r.cap);
		struct cap_ret n = hinted ? (struct cap_ret){ *hint, RC_OK } : fwd_node(&r.cap);
		if (!n.obj)
			return r.rc = n.rc, r;
		if (hops == 0 && hint)
			*hint = n.obj;
		const ck_node_t *f = obj_node(n.obj);
		if (f->data & FWD_F_BLOCKED)
			return r.rc = RC_BUSY, r.blocked = n.obj, r;
		r.cap = *fwd_step(f, &r.has_badge, &r.badge);
	}
	r.cap = cap_with_restr(r.cap, restr);
	return r;
}

void
fwd_filter_reply(struct inv *inv, const cap_t *target, const cap_t *fwd)
{
	if (captype_objkind(cap_type(target)) == CK_OBJ_NONE)
		return;
	for (unsigned i = 0; i < inv->nrc; i++)
		if (captype_objkind(cap_type(&inv->rc[i])) != CK_OBJ_NONE &&
		    inv->rc[i].oid == target->oid)
			inv->rc[i] = *fwd;
}

/* ------------------------------------------------------------ waiting */

void
fwd_wait(struct proc *p, const struct obj *blocked)
{
	sched_forget(p);
	assert(blocked->type == OT_NODE && obj_node(blocked)->kind == CK_NK_FORWARDER &&
	       (obj_node(blocked)->data & FWD_F_BLOCKED));  /* waits only on a blocked forwarder */
	p->queue = PQ_FWD;
	p->fwd_oid = blocked->oid;
	p->qnext = fwd_waiters;
	fwd_waiters = p;
}

void
fwd_forget(struct proc *p)
{
	for (struct proc **pp = &fwd_waiters; *pp; pp = &(*pp)->qnext) {
		if (*pp == p) {
			*pp = p->qnext;
			return;
		}
	}
}

/* The waiters of the forwarder node oid invoke again. */
static void
fwd_wake(uint64_t oid)
{
	struct proc **pp = &fwd_waiters;

	while (*pp) {
		struct proc *p = *pp;
		if (p->fwd_oid != oid) {
			pp = &p->qnext;
			continue;
		}
		*pp = p->qnext;
		p->queue = PQ_NONE;
		p->qnext = NULL;
		fwd_woken++;
		sched_ready(p);
	}
}

void
fwd_gone(const struct obj *o)
{
	if (o->type == OT_NODE)
		fwd_wake(o->oid);
}

uint32_t
fwd_wakeups(void)
{
	return fwd_woken;
}

/* --------------------------------------------------------- management */

static void
set_flags(ck_node_t *f, uint32_t set, uint32_t clear)
{
	f->data = (f->data | set) & ~clear;
}

static int
fwd_manage(struct inv *inv, ck_node_t *f)
{
	cap_t old;

	switch (inv->order) {
	case OC_FWD_GET_TARGET:
		return inv_reply_cap(inv, f->slot[FWD_SLOT_TARGET]);
	case OC_FWD_SWAP_TARGET:
		if (inv->nc < 1)
			return RC_BAD_ARG;
		old = f->slot[FWD_SLOT_TARGET];
		obj_will_modify(inv->obj);
		f->slot[FWD_SLOT_TARGET] = inv->c[0];
		return inv_reply_cap(inv, old);
	case OC_FWD_BLOCK:
		obj_will_modify(inv->obj);
		set_flags(f, FWD_F_BLOCKED, 0);
		return RC_OK;
	case OC_FWD_UNBLOCK:
		obj_will_modify(inv->obj);
		set_flags(f, 0, FWD_F_BLOCKED);
		fwd_wake(inv->obj->oid);
		return RC_OK;
	case OC_FWD_MAKE_OPAQUE:
		if (inv->w[0] & ~CAP_R_ALL)
			return RC_BAD_ARG;
		return inv_reply_cap(inv, cap_with_restr(*inv->cap, inv->w[0] | CAP_R_OPAQUE));
	case OC_FWD_SET_DATA:
		obj_will_modify(inv->obj);
		f->slot[FWD_SLOT_DATA] = cap_number(inv->w[0], 0, 0);
		set_flags(f, inv->w[1] ? FWD_F_DATA : 0, inv->w[1] ? 0 : FWD_F_DATA);
		return RC_OK;
	case OC_FWD_INFO:
		inv->rw[0] = f->data;
		inv->rw[1] = cap_num(&f->slot[FWD_SLOT_DATA], 0);
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}

/*
 * In-kernel invocation of a Forwarder capability.  Management orders
 * through a non-opaque one; through an opaque one the invocation goes to
 * the target, which must be a kernel object here (processes are reached
 * through the IPC path, ipc.c).
 */
int
forwarder_invoke(struct inv *inv)
{
	ck_node_t *f = obj_node(inv->obj);

	if (f->kind != CK_NK_FORWARDER)
		return RC_VOID;
	if (!(cap_restr(inv->cap) & CAP_R_OPAQUE)) {
		if (cap_restr(inv->cap) & (CAP_R_RO | CAP_R_WEAK) && inv->order != OC_FWD_INFO &&
		    inv->order != OC_FWD_GET_TARGET)
			return RC_NO_ACCESS;
		return fwd_manage(inv, f);
	}
	struct fwd_ret r = fwd_resolve(inv->cap, NULL);
	if (r.rc)
		return r.rc;
	cap_t fwd = *inv->cap, target = r.cap;
	struct inv fw = *inv;
	fw.cap = &target;
	fw.via_fwd = true;
	int rc = invoke_kernel(&fw);
	fwd_filter_reply(&fw, &r.cap, &fwd);
	memcpy(inv->rw, fw.rw, sizeof inv->rw);
	memcpy(inv->rc, fw.rc, sizeof inv->rc);
	inv->nrc = fw.nrc;
	inv->rslen = fw.rslen;
	inv->blocked = fw.blocked;
	return rc;
}
