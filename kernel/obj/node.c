/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * node.c -- the Node object: 32 capability slots.
 *
 * Restrictions of the invoking capability apply:
 *   read-only  no write, swap, clear, clone-into or make
 *   weak       fetched capabilities are weakened (cap_weaken); implies
 *              read-only for every practical purpose
 *   opaque     the node cannot be inspected at all (read, info); used by
 *              forwarders so a grantee learns nothing of the target
 * Any change to a slot calls obj_invalidate() on the node, because state
 * derived from the node (mappings built from a Space tree, a loaded
 * process) may depend on that slot; a write or swap of one slot calls
 * obj_slot_changed() with the old contents, which can be cheaper.
 */
#include "kernel/invoke.h"
#include "ckpt/objstore.h"
#include "kernel/proc.h"

static bool
slot_ok(uint32_t slot)
{
	return slot < CK_NODE_SLOTS;
}

/* After a change to several slots of o (o was obj_will_modify'd first). */
static void
node_changed(struct obj *o)
{
	obj_invalidate(o);
}

/* decode helpers: 0 if the invoking capability allows the order. */
static int
need_read(const struct inv *inv)
{
	return cap_restr(inv->cap) & CAP_R_OPAQUE ? RC_NO_ACCESS : RC_OK;
}

static int
need_write(const struct inv *inv)
{
	return cap_restr(inv->cap) & (CAP_R_RO | CAP_R_WEAK | CAP_R_OPAQUE) ?
	       RC_NO_ACCESS : RC_OK;
}

static int
node_read(struct inv *inv, ck_node_t *n)
{
	if (!slot_ok(inv->w[0]))
		return RC_BAD_ARG;
	int rc = need_read(inv);
	if (rc)
		return rc;
	cap_t c = n->slot[inv->w[0]];
	if (cap_restr(inv->cap) & CAP_R_WEAK)
		c = cap_weaken(c);
	return inv_reply_cap(inv, c);
}

void
node_set_slot(struct obj *o, unsigned slot, cap_t c)
{
	ck_node_t *n = obj_node(o);
	cap_t old = n->slot[slot];

	obj_will_modify(o);
	n->slot[slot] = c;
	obj_slot_changed(o, &old);
}

static int
node_write(struct inv *inv, ck_node_t *n, bool swap)
{
	if (!slot_ok(inv->w[0]) || inv->nc < 1)
		return RC_BAD_ARG;
	int rc = need_write(inv);
	if (rc)
		return rc;
	/* commit point */
	cap_t old = n->slot[inv->w[0]];
	node_set_slot(inv->obj, inv->w[0], inv->c[0]);
	if (swap)
		inv_reply_cap(inv, old);
	return RC_OK;
}

static int
node_clear(struct inv *inv, ck_node_t *n)
{
	int rc = need_write(inv);
	if (rc)
		return rc;
	obj_will_modify(inv->obj);
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		n->slot[i] = cap_void();
	node_changed(inv->obj);
	return RC_OK;
}

/* Copy every slot of the node c0 designates into this one. */
static int
node_clone(struct inv *inv, ck_node_t *n)
{
	int rc = need_write(inv);
	if (rc)
		return rc;
	if (inv->nc < 1 || cap_type(&inv->c[0]) != CT_NODE)
		return RC_BAD_ARG;
	if (cap_restr(&inv->c[0]) & CAP_R_OPAQUE)
		return RC_NO_ACCESS;
	struct cap_ret src = cap_target(&inv->c[0]);
	if (!src.obj)
		return src.rc;
	/* commit point */
	bool weak = cap_restr(&inv->c[0]) & CAP_R_WEAK;
	const ck_node_t *s = obj_node(src.obj);
	obj_will_modify(inv->obj);
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		n->slot[i] = weak ? cap_weaken(s->slot[i]) : s->slot[i];
	node_changed(inv->obj);
	return RC_OK;
}

static int
node_restrict(struct inv *inv)
{
	if (inv->w[0] & ~CAP_R_ALL)
		return RC_BAD_ARG;
	return inv_reply_cap(inv, cap_with_restr(*inv->cap, inv->w[0]));
}

/* Make a capability of another node-designating type to this node. */
static int
node_make(struct inv *inv)
{
	uint32_t type = inv->w[0], badge = inv->w[1];
	int rc = need_write(inv);

	if (rc)
		return rc;
	switch (type) {
	case CT_NODE:
	case CT_START:
	case CT_PROCESS:
	case CT_FORWARDER:
		break;
	case CT_SPACE:
		if (badge < 1 || badge > 4)
			return RC_BAD_ARG;
		break;
	default:
		return RC_BAD_ARG;
	}
	if (badge > CAP_BADGE_MASK)
		return RC_BAD_ARG;
	/* commit point */
	if (type == CT_FORWARDER && obj_node(inv->obj)->kind != CK_NK_FORWARDER) {
		obj_will_modify(inv->obj);
		obj_node(inv->obj)->kind = CK_NK_FORWARDER;   /* forwarder form */
		obj_node(inv->obj)->data = 0;
	}
	return inv_reply_cap(inv, cap_to(inv->obj, type, 0, badge));
}

/*
 * Take a forwarder out of a reserve (docs/forwarders.md): slot w0 of
 * this node holds a full Node capability to a plain node F; F becomes a
 * forwarder to c0, the slot becomes Void, and the invoker gets F's
 * handle and an opaque capability with the restrictions w1 -- what
 * node_make, fwd_swap_target and fwd_make_opaque do, in one invocation,
 * on a node the invoker's bank already paid for.
 */
static struct cap_ret
take_decode(const struct inv *inv, const ck_node_t *n)
{
	if (!slot_ok(inv->w[0]) || inv->nc < 1 || (inv->w[1] & ~CAP_R_ALL))
		return (struct cap_ret){ NULL, RC_BAD_ARG };
	int rc = need_write(inv);
	if (rc)
		return (struct cap_ret){ NULL, rc };
	cap_t s = n->slot[inv->w[0]];
	if (cap_type(&s) != CT_NODE || cap_restr(&s))
		return (struct cap_ret){ NULL, cap_type(&s) == CT_VOID ? RC_VOID : RC_BAD_ARG };
	struct cap_ret f = cap_target(&s);
	if (f.obj && (f.obj == inv->obj || f.obj->proc ||
		      obj_node(f.obj)->kind != CK_NK_NODE))
		return (struct cap_ret){ NULL, RC_BAD_ARG };
	return f;
}

static int
node_take_forwarder(struct inv *inv, ck_node_t *n)
{
	struct cap_ret f = take_decode(inv, n);

	if (!f.obj)
		return f.rc;
	/* commit point */
	ck_node_t *fn = obj_node(f.obj);
	obj_will_modify(f.obj);
	fn->kind = CK_NK_FORWARDER;
	fn->data = 0;
	fn->slot[FWD_SLOT_TARGET] = inv->c[0];
	node_changed(f.obj);
	node_set_slot(inv->obj, inv->w[0], cap_void());
	inv->rc[0] = cap_to(f.obj, CT_FORWARDER, 0, 0);
	inv->rc[1] = cap_with_restr(inv->rc[0], inv->w[1] | CAP_R_OPAQUE);
	inv->nrc = 2;
	return RC_OK;
}

static int
node_info(struct inv *inv, const ck_node_t *n)
{
	int rc = inv_may_identify(inv);
	if (rc)
		return rc;
	inv->rw[0] = (uint32_t)n->oid;
	inv->rw[1] = (uint32_t)(n->oid >> 32);
	inv->rw[2] = n->alloc_count;
	inv->rw[3] = n->kind;
	return RC_OK;
}

static int
node_dispatch(struct inv *inv, ck_node_t *n)
{
	switch (inv->order) {
	case OC_NODE_READ: return node_read(inv, n);
	case OC_NODE_WRITE: return node_write(inv, n, false);
	case OC_NODE_SWAP: return node_write(inv, n, true);
	case OC_NODE_CLEAR: return node_clear(inv, n);
	case OC_NODE_CLONE: return node_clone(inv, n);
	case OC_NODE_RESTRICT: return node_restrict(inv);
	case OC_NODE_MAKE: return node_make(inv);
	case OC_NODE_INFO: return node_info(inv, n);
	case OC_NODE_TAKE_FORWARDER: return node_take_forwarder(inv, n);
	default: return RC_UNKNOWN_REQUEST;
	}
}

/*
 * A node that is the root of a loaded process is read and written as the
 * root says, so the process table's cached registers and state are
 * written back first and read again afterwards.
 */
int
node_invoke(struct inv *inv)
{
	struct proc *p = inv->obj->proc;

	if (p)
		proc_writeback(p);
	int rc = node_dispatch(inv, obj_node(inv->obj));
	if (p && p->in_use && p->root == inv->obj)
		proc_reload(p);
	return rc;
}

/* A Space capability answers the node orders on its tree node. */
int
space_invoke(struct inv *inv)
{
	return node_invoke(inv);
}

/* Why a cached node is inconsistent, or NULL. */
const char *
node_validate(const struct obj *o)
{
	const ck_node_t *n = obj_node(o);

	if (n->oid != o->oid)
		return "body holds another OID";
	if (n->kind >= CK_NK_COUNT)
		return "unknown node kind";
	if (n->flags & ~CK_NF_ALL)
		return "unknown node flags";
	for (unsigned i = 0; i < CK_NODE_SLOTS; i++) {
		const cap_t *c = &n->slot[i];
		unsigned t = cap_type(c), kind = captype_objkind(t);
		if (t >= CT_COUNT)
			return "slot holds an unknown capability type";
		if (t == CT_VOID && (c->w0 || c->count || c->oid))
			return "Void capability with nonzero bits";
		if (t == CT_NUMBER && (c->w0 >> 8))
			return "Number capability with restrictions or badge";
		if (kind != CK_OBJ_NONE && ck_oid_kind(c->oid) != kind)
			return "capability OID of the wrong kind";
		if (cap_restr(c) & ~CAP_R_ALL)
			return "capability with unknown restriction bits";
	}
	return NULL;
}
