/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * discrim.c -- the Discrim capability: classify and compare capabilities
 * without any authority over them.
 *
 * Classify says a capability's type and restrictions (Void if stale).
 * Compare says whether two capabilities designate the same object with
 * the same type.  Neither reveals an OID, a badge or anything behind an
 * opaque capability: the forwarder behind an opaque capability is
 * "a forwarder", never its target.
 */
#include "kernel/invoke.h"

static int
discrim_classify(struct inv *inv)
{
	if (inv->nc < 1)
		return RC_BAD_ARG;
	cap_t c = inv->c[0];
	if (!cap_valid(&c))
		c = cap_void();
	inv->rw[0] = cap_type(&c);
	inv->rw[1] = cap_restr(&c);
	return RC_OK;
}

static int
discrim_compare(struct inv *inv)
{
	if (inv->nc < 2)
		return RC_BAD_ARG;
	cap_t a = inv->c[0], b = inv->c[1];
	bool va = cap_valid(&a), vb = cap_valid(&b);
	unsigned kind = captype_objkind(cap_type(&a));
	inv->rw[0] = va && vb && cap_type(&a) == cap_type(&b) &&
		     (kind == CK_OBJ_NONE ? cap_equal(&a, &b) : a.oid == b.oid);
	return RC_OK;
}

int
discrim_invoke(struct inv *inv)
{
	switch (inv->order) {
	case OC_DISCRIM_CLASSIFY: return discrim_classify(inv);
	case OC_DISCRIM_COMPARE: return discrim_compare(inv);
	default: return RC_UNKNOWN_REQUEST;
	}
}
