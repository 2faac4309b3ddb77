/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * range.c -- the Range capability: the space bank's power to create and
 * destroy objects by OID.  There is one Range, covering the whole store;
 * only the space bank holds it.
 *
 * Create returns a capability with the object's current allocation
 * count and marks the object allocated.  Rescind destroys the object in
 * O(1), whatever number of capabilities to it exist anywhere (rule 4):
 *
 *   1. everything derived from it in memory is dropped (mappings, a
 *      process loaded from it: obj_destroy_derived),
 *   2. its contents are zeroed (a node's slots, kind and data; a page's
 *      bytes) and the allocated mark cleared,
 *   3. its allocation count is bumped -- and a node's call count too, so
 *      outstanding Resume capabilities die with it.
 *
 * Every capability that still names the old count is now stale and is
 * found so when next used (cap.c).  The object is dirty, so it stays in
 * memory until a checkpoint writes its new count.  Counts are 32 bits
 * and only grow; at 2^32 - 1 an object cannot be rescinded again
 * (RC_NO_SPACE): the bank should retire that OID.
 */
#include "kernel/invoke.h"
#include "kernel/proc.h"
#include "ckpt/objstore.h"

/*
 * Decode the object named by w0 (kind) and w1 (index) and fault it in.
 * An OID outside the store is RC_BAD_ARG; a full cache RC_NO_SPACE; a
 * damaged object or a disk error RC_IO_ERROR.
 */
static struct cap_ret
decode_object(const struct inv *inv)
{
	uint32_t kind = inv->w[0], index = inv->w[1];
	uint64_t oid = ck_oid_make(kind, index);

	if ((kind != CK_OID_KIND_NODE && kind != CK_OID_KIND_PAGE) ||
	    !objstore_in_range(oid))
		return (struct cap_ret){ NULL, RC_BAD_ARG };
	struct obj_ret r = objcache_get(oid);
	if (!r.obj)
		return (struct cap_ret){ NULL, r.err == OBJ_ERR_FULL ? RC_NO_SPACE : RC_IO_ERROR };
	return (struct cap_ret){ r.obj, RC_OK };
}

static void
set_allocated(struct obj *o, bool on)
{
	obj_will_modify(o);
	if (o->type == OT_NODE) {
		ck_node_t *n = obj_node(o);
		n->flags = (uint8_t)(on ? n->flags | CK_NF_ALLOCATED : n->flags & ~CK_NF_ALLOCATED);
	} else {
		o->page_flags = (uint16_t)(on ? o->page_flags | CK_TF_ALLOCATED :
					   o->page_flags & ~CK_TF_ALLOCATED);
	}
}

static bool
is_allocated(const struct obj *o)
{
	if (o->type == OT_NODE)
		return obj_node(o)->flags & CK_NF_ALLOCATED;
	return o->page_flags & CK_TF_ALLOCATED;
}

/* The capability a create hands out: full rights, the current count. */
static cap_t
fresh_cap(struct obj *o)
{
	return cap_to(o, o->type == OT_NODE ? CT_NODE : CT_PAGE, 0, 0);
}

static int
range_create(struct inv *inv)
{
	struct cap_ret r = decode_object(inv);
	if (!r.obj)
		return r.rc;
	/* commit point */
	set_allocated(r.obj, true);
	return inv_reply_cap(inv, fresh_cap(r.obj));
}

/* A copy of the capability in the invoker's register reg (the _REG
 * orders name a register instead of sending its capability: a copy, so
 * that a stale one is not voided in the register behind the
 * checkpoint's back). */
static int
named_reg(const struct inv *inv, uint32_t reg, cap_t *out)
{
	if (!inv->invoker || reg >= PROC_CAPREGS)
		return RC_BAD_ARG;
	*out = *proc_capreg(inv->invoker, reg);
	return RC_OK;
}

/* Create, and put the capability into the invoker's register w2 rather
 * than return it: a words-only invocation, so the IPC fast path takes it
 * (every object the space bank hands out is made this way).  The
 * invoker is loaded, so its register node is pinned while the object is
 * faulted in. */
static int
range_create_reg(struct inv *inv)
{
	if (!inv->invoker || inv->w[2] >= PROC_CAPREGS)
		return RC_BAD_ARG;
	struct cap_ret r = decode_object(inv);
	if (!r.obj)
		return r.rc;
	/* commit point */
	set_allocated(r.obj, true);
	obj_will_modify(inv->invoker->capregs);
	*proc_capreg(inv->invoker, inv->w[2]) = fresh_cap(r.obj);
	return RC_OK;
}

/*
 * Create, and write the capability into slot w2 of the node c0 names
 * (a writable Node capability; not a loaded process's root), instead of
 * returning it: how the bank fills a caller's reserve node in one
 * invocation per object (OC_BANK_ALLOC_INTO).  The node is pinned while
 * the object is faulted in.
 */
static int
create_into(struct inv *inv, cap_t *node)
{
	if (cap_type(node) != CT_NODE || inv->w[2] >= CK_NODE_SLOTS)
		return RC_BAD_ARG;
	if (cap_restr(node) & (CAP_R_RO | CAP_R_WEAK | CAP_R_OPAQUE))
		return RC_NO_ACCESS;
	struct cap_ret n = cap_target(node);
	if (!n.obj)
		return n.rc;
	if (n.obj->proc)
		return RC_BAD_ARG;
	objcache_pin(n.obj);
	struct cap_ret r = decode_object(inv);
	if (r.obj) {
		/* commit point */
		set_allocated(r.obj, true);
		node_set_slot(n.obj, inv->w[2], fresh_cap(r.obj));
	}
	objcache_unpin(n.obj);
	return r.obj ? RC_OK : r.rc;
}

static int
range_create_into(struct inv *inv)
{
	return inv->nc < 1 ? RC_BAD_ARG : create_into(inv, &inv->c[0]);
}

/* The same with the Node capability in the invoker's register w3, named
 * instead of sent (words only: the fast path; a copy, so that a stale
 * capability is not voided in the register behind the checkpoint's back). */
static int
range_create_into_reg(struct inv *inv)
{
	cap_t c;
	int rc = named_reg(inv, inv->w[3], &c);
	return rc ? rc : create_into(inv, &c);
}

/* Perform a rescind of o: cannot fail. */
static void
rescind(struct obj *o)
{
	obj_destroy_derived(o);
	obj_will_modify(o);
	if (o->type == OT_NODE) {
		ck_node_t *n = obj_node(o);
		uint32_t count = n->alloc_count + 1, calls = n->call_count + 1;
		memset(n, 0, sizeof *n);
		n->oid = o->oid;
		n->alloc_count = count;
		n->call_count = calls;
	} else {
		memset(o->body, 0, CK_BLOCK_SIZE);
		o->page_count++;
		o->page_flags = 0;
	}
}

static int
range_rescind(struct inv *inv)
{
	struct cap_ret r = decode_object(inv);
	if (!r.obj)
		return r.rc;
	if (obj_alloc_count(r.obj) == UINT32_MAX)
		return RC_NO_SPACE;
	/* commit point */
	rescind(r.obj);
	return RC_OK;
}

static int
range_query(struct inv *inv)
{
	struct cap_ret r = decode_object(inv);
	if (!r.obj)
		return r.rc;
	inv->rw[0] = is_allocated(r.obj);
	inv->rw[1] = obj_alloc_count(r.obj);
	return RC_OK;
}

static int
range_info(struct inv *inv)
{
	const ck_root_t *root = objstore_root();

	if (!root)
		return RC_IO_ERROR;
	inv->rw[0] = root->geo.node_count;
	inv->rw[1] = root->geo.page_count;
	return RC_OK;
}

/* Which object does c designate (valid node or page capability, or a
 * forwarder's handle)?  c is a copy: cap_target voids it if stale. */
static int
identify(struct inv *inv, cap_t *c)
{
	unsigned type = cap_type(c);
	bool handle = type == CT_FORWARDER && !(cap_restr(c) & CAP_R_OPAQUE);
	if (type != CT_NODE && type != CT_PAGE && !handle)
		return RC_BAD_ARG;
	struct cap_ret r = cap_target(c);
	if (!r.obj)
		return r.rc;
	inv->rw[0] = ck_oid_kind(r.obj->oid);
	inv->rw[1] = ck_oid_index(r.obj->oid);
	inv->rw[2] = obj_alloc_count(r.obj);
	return RC_OK;
}

static int
range_identify(struct inv *inv)
{
	return inv->nc < 1 ? RC_BAD_ARG : identify(inv, &inv->c[0]);
}

/* The same of the invoker's own register w0, named instead of sent: a
 * words-only invocation, so the IPC fast path takes it (the space bank
 * identifies every object it is asked to free this way). */
static int
range_identify_reg(struct inv *inv)
{
	cap_t c;
	int rc = named_reg(inv, inv->w[0], &c);
	return rc ? rc : identify(inv, &c);
}

int
range_invoke(struct inv *inv)
{
	switch (inv->order) {
	case OC_RANGE_CREATE: return range_create(inv);
	case OC_RANGE_RESCIND: return range_rescind(inv);
	case OC_RANGE_QUERY: return range_query(inv);
	case OC_RANGE_INFO: return range_info(inv);
	case OC_RANGE_IDENTIFY: return range_identify(inv);
	case OC_RANGE_CREATE_INTO: return range_create_into(inv);
	case OC_RANGE_IDENTIFY_REG: return range_identify_reg(inv);
	case OC_RANGE_CREATE_REG: return range_create_reg(inv);
	case OC_RANGE_CREATE_INTO_REG: return range_create_into_reg(inv);
	default: return RC_UNKNOWN_REQUEST;
	}
}
