/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.c -- the orders of kernel/abi/bank.h.
 *
 * op_dispatch decodes the badge (bank id and restriction bits), refuses
 * a dead bank with RC_VOID and a restricted order with RC_NO_ACCESS,
 * and hands the request to one function per order.  Each checks
 * everything it can before it changes a table, so an error leaves every
 * bank as it was (allocation undoes the objects it took if the store
 * runs out half-way).  Capabilities of a reply are put in R_OUT0.. and
 * named in the reply descriptor d.
 */
#include "spacebank/sb.h"

struct op_req {
	cairn_msg_t *m;
	struct ipc_desc *d;
	uint32_t id, restr;
};

/* The kind word of a request: k, or -1 if it is no kind. */
static int
op_kind(uint32_t kind)
{
	return kind == BANK_KIND_NODE || kind == BANK_KIND_PAGE ? (int)kind - 1 : -1;
}

/* Undo the objects an allocation that failed half-way made. */
static void
op_untake(unsigned k, const uint32_t *idx, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		rec_rescind(k, idx[i]);
}

_Static_assert(BANK_ALLOC_MAX <= BANK_ALLOC_INTO_MAX, "op_take_n_idx");

/*
 * Allocate n objects of kind k to q's bank, all or nothing.  With into
 * MEM_TO_REG each capability is left in R_OUT0 + i; otherwise the Range
 * writes it into slot into + i of the node in R_IN0.
 */
static int
op_take_n(struct op_req *q, unsigned k, uint32_t n, uint32_t into)
{
	uint32_t idx[BANK_ALLOC_INTO_MAX];
	int rc = tree_check_limits(q->id, k, n);

	for (unsigned i = 0; i < n && rc == RC_OK; i++) {
		struct mem_ret r = into == MEM_TO_REG ? mem_make(k, q->id, R_OUT0 + i, MEM_TO_REG) :
				   mem_make(k, q->id, R_IN0, into + i);
		if ((rc = r.rc) != RC_OK)
			op_untake(k, idx, i);
		idx[i] = r.idx;
	}
	if (rc != RC_OK)
		return rc;
	tree_charge(q->id, k, (int32_t)n);
	return RC_OK;
}

static int
op_alloc(struct op_req *q)
{
	int k = op_kind(q->m->w[0]);
	uint32_t n = q->m->w[1];

	if (q->restr & BANK_R_NOALLOC)
		return RC_NO_ACCESS;
	if (k < 0 || n < 1 || n > BANK_ALLOC_MAX)
		return RC_BAD_ARG;
	int rc = op_take_n(q, (unsigned)k, n, MEM_TO_REG);
	for (unsigned i = 0; i < n && rc == RC_OK; i++)
		q->d->snd_cap[i] = (uint8_t)(R_OUT0 + i);
	return rc;
}

/* Like op_alloc, but the n new capabilities go into slots of the node
 * the caller sent (a reserve it keeps: docs/forwarders.md), up to 32 in
 * one request, each written there by the Range (OC_RANGE_CREATE_INTO).
 * Only a plain Node capability will do (checked first, so that a
 * damaged object and a bad node are told apart: the Range answers
 * RC_IO_ERROR for both); a node the bank cannot write into fails the
 * first create, and what was taken is undone. */
static int
op_alloc_into(struct op_req *q)
{
	int k = op_kind(q->m->w[0]);
	uint32_t slot = q->m->w[1], n = q->m->w[2];
	struct discrim_class dc = { CT_VOID, 0 };
	int rc;

	if (q->restr & BANK_R_NOALLOC)
		return RC_NO_ACCESS;
	if (k < 0 || n < 1 || n > BANK_ALLOC_INTO_MAX || slot > BANK_ALLOC_INTO_MAX - n)
		return RC_BAD_ARG;
	if ((rc = discrim_classify(CR_DISCRIM, R_IN0, &dc)) != RC_OK)
		return rc;
	if (dc.type != CT_NODE)
		return dc.type == CT_VOID ? RC_VOID : RC_BAD_ARG;
	return op_take_n(q, (unsigned)k, n, slot);
}

/* Which record does the capability in R_IN0 name, and is it one of
 * q's bank's?  On RC_OK *k and *idx say which. */
static int
op_find(struct op_req *q, unsigned *k, uint32_t *idx)
{
	struct range_ident id;
	struct discrim_class dc;
	int rc = range_identify(R_RANGE, R_IN0, &id);

	if (rc == RC_BAD_ARG && discrim_classify(CR_DISCRIM, R_IN0, &dc) == RC_OK &&
	    dc.type == CT_VOID)
		return RC_VOID;         /* Void or stale, rather than no object */
	if (rc != RC_OK)
		return rc;
	*k = id.kind - 1u;
	*idx = id.index;
	if (*k >= SB_KINDS || id.index >= sb_h->hwm[*k])
		return RC_NOT_FOUND;
	struct sb_rec *r = sb_rec(*k, id.index);
	if (r->count != id.count)
		return RC_VOID;
	return tree_within(r->owner, q->id) ? RC_OK : RC_NOT_FOUND;
}

static int
op_free(struct op_req *q)
{
	unsigned k;
	uint32_t idx;
	int rc;

	if (q->restr & BANK_R_NOFREE)
		return RC_NO_ACCESS;
	if ((rc = op_find(q, &k, &idx)) != RC_OK)
		return rc;
	uint32_t owner = sb_rec(k, idx)->owner;
	rc = rec_rescind(k, idx);
	tree_charge(owner, k, -1);      /* freed or retired: no longer owner's */
	return rc;
}

static int
op_verify(struct op_req *q)
{
	unsigned k;
	uint32_t idx;
	int rc = op_find(q, &k, &idx);

	if (rc != RC_OK && rc != RC_NOT_FOUND)
		return rc;
	q->m->w[0] = rc == RC_OK;
	q->m->w[1] = rc == RC_OK ? sb_rec(k, idx)->owner : 0;
	return RC_OK;
}

static int
op_create_sub(struct op_req *q)
{
	uint32_t id;
	int rc;

	if (q->restr & BANK_R_NOALLOC)
		return RC_NO_ACCESS;
	if ((rc = tree_new(q->id, &id)) != RC_OK)
		return rc;
	if ((rc = bankcap_give(id, 0, R_OUT0)) != RC_OK) {
		tree_destroy(id);       /* no objects yet: only takes it out */
		return rc;
	}
	q->d->snd_cap[0] = R_OUT0;
	q->m->w[0] = id;
	return RC_OK;
}

static int
op_set_limit(struct op_req *q)
{
	int k = op_kind(q->m->w[0]);

	if (q->restr & BANK_R_NOLIMIT)
		return RC_NO_ACCESS;
	if (k < 0)
		return RC_BAD_ARG;
	sb_bank(q->id)->limit[k] = q->m->w[1];
	return RC_OK;
}

static int
op_limits(struct op_req *q)
{
	const struct sb_bank *b = sb_bank(q->id);

	q->m->w[0] = b->limit[SB_NODE];
	q->m->w[1] = b->limit[SB_PAGE_K];
	return RC_OK;
}

static int
op_usage(struct op_req *q)
{
	const struct sb_bank *b = sb_bank(q->id);

	q->m->w[0] = b->usage[SB_NODE];
	q->m->w[1] = b->usage[SB_PAGE_K];
	q->m->w[2] = b->owned[SB_NODE];
	q->m->w[3] = b->owned[SB_PAGE_K];
	return RC_OK;
}

static int
op_destroy(struct op_req *q, bool space)
{
	if (q->restr & BANK_R_NODESTROY)
		return RC_NO_ACCESS;
	if (q->id == BANK_ID_PRIME)
		return RC_NO_ACCESS;
	if (space)
		tree_destroy_space(q->id);
	else
		tree_destroy(q->id);
	return RC_OK;
}

static int
op_restrict(struct op_req *q)
{
	uint32_t more = q->m->w[0];
	int rc;

	if (more & ~BANK_R_ALL)
		return RC_BAD_ARG;
	rc = bankcap_give(q->id, q->restr | more, R_OUT0);
	if (rc == RC_OK)
		q->d->snd_cap[0] = R_OUT0;
	return rc;
}

static int
op_identify(struct op_req *q)
{
	q->m->w[0] = q->id;
	q->m->w[1] = q->restr;
	q->m->w[2] = sb_bank(q->id)->parent;
	return RC_OK;
}

static int
op_check(struct op_req *q)
{
	if (q->id != BANK_ID_PRIME)
		return RC_NO_ACCESS;
	q->m->w[0] = check_all();
	q->m->w[1] = check_unreadable;
	return RC_OK;
}

static int
op_order(struct op_req *q)
{
	switch (q->m->code) {
	case OC_BANK_ALLOC: return op_alloc(q);
	case OC_BANK_FREE: return op_free(q);
	case OC_BANK_CREATE_SUB: return op_create_sub(q);
	case OC_BANK_SET_LIMIT: return op_set_limit(q);
	case OC_BANK_LIMITS: return op_limits(q);
	case OC_BANK_USAGE: return op_usage(q);
	case OC_BANK_DESTROY: return op_destroy(q, false);
	case OC_BANK_DESTROY_SPACE: return op_destroy(q, true);
	case OC_BANK_VERIFY: return op_verify(q);
	case OC_BANK_RESTRICT: return op_restrict(q);
	case OC_BANK_IDENTIFY: return op_identify(q);
	case OC_BANK_CHECK: return op_check(q);
	case OC_BANK_ALLOC_INTO: return op_alloc_into(q);
	default: return RC_UNKNOWN_REQUEST;
	}
}

int
op_dispatch(cairn_msg_t *m, struct ipc_desc *d)
{
	uint32_t badge = cairn_msg_badge(m);
	struct op_req q = { m, d, badge & BANK_BADGE_ID_MASK, badge & BANK_R_ALL };

	if (!tree_live(q.id))
		return RC_VOID;
	sb_h->in_request = 1;
	int rc = op_order(&q);
	mem_flush();            /* records for what a table growth took */
	sb_h->in_request = 0;
	return rc;
}
