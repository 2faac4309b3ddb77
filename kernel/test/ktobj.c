/* SPDX-License-Identifier: BSD-2-Clause */
/* ktobj.c -- shared helpers of the in-kernel tests (see ktobj.h). */
#include "kernel/test/ktobj.h"
#include "ckpt/objstore.h"
#include "abi/process.h"

int
kt_invoke(cap_t *cap, uint32_t order, uint32_t w0, uint32_t w1, const cap_t *c0,
	  struct inv *inv)
{
	memset(inv, 0, sizeof *inv);
	inv->cap = cap;
	inv->order = order;
	inv->w[0] = w0;
	inv->w[1] = w1;
	if (c0) {
		inv->c[0] = *c0;
		inv->nc = 1;
	}
	return invoke_kernel(inv);
}

cap_t
kt_range(void)
{
	return cap_make(CT_RANGE, 0, 0, 0, 0);
}

uint32_t
kt_top_index(unsigned kind, uint32_t from_top)
{
	const ck_root_t *r = objstore_root();

	if (!r)
		return 0;
	return (kind == CK_OID_KIND_NODE ? r->geo.node_count : r->geo.page_count) - 1 - from_top;
}

cap_t
kt_create(unsigned kind, uint32_t index, int *rc)
{
	cap_t range = kt_range();
	struct inv inv;
	int r = kt_invoke(&range, OC_RANGE_CREATE, kind, index, NULL, &inv);

	if (rc)
		*rc = r;
	return r == RC_OK ? inv.rc[0] : cap_void();
}

int
kt_rescind(const cap_t *c)
{
	cap_t range = kt_range();
	struct inv inv;

	return kt_invoke(&range, OC_RANGE_RESCIND, ck_oid_kind(c->oid),
			 ck_oid_index(c->oid), NULL, &inv);
}

struct obj *
kt_proc_root(uint32_t from_top)
{
	cap_t root = kt_create(CK_OID_KIND_NODE, kt_top_index(CK_OID_KIND_NODE, from_top), NULL);
	cap_t regs = kt_create(CK_OID_KIND_NODE, kt_top_index(CK_OID_KIND_NODE, from_top + 1), NULL);
	struct cap_ret r = cap_target(&root);

	if (!r.obj || !cap_valid(&regs))
		return NULL;
	obj_will_modify(r.obj);
	obj_node(r.obj)->slot[PR_SLOT_CAPREGS] = regs;
	obj_node(r.obj)->slot[PR_SLOT_STATE] = cap_number(PRS_HALTED, 0, 0);
	return r.obj;
}
