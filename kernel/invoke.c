/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * invoke.c -- dispatch an invocation to the handler of the invoked
 * capability's type.
 *
 * For types that designate an object, the object is resolved first
 * (cap_target: faulted in, count checked, a stale capability voided) and
 * pinned for the length of the handler, so that a handler that faults in
 * a second object cannot have the first evicted under it.
 */
#include "invoke.h"

static const inv_handler_t handlers[CT_COUNT] = {
#define CAPTYPE(NAME, name, objkind, doc) [CT_##NAME] = name##_invoke,
#include "abi/captype.def"
#undef CAPTYPE
};

int
invoke_kernel(struct inv *inv)
{
	unsigned type = cap_type(inv->cap);
	int rc;

	inv->nrc = 0;
	inv->rslen = 0;
	inv->obj = NULL;
	if (invoke_is_void(type))
		return RC_VOID;
	if (captype_objkind(type) != CK_OBJ_NONE) {
		struct cap_ret t = cap_target(inv->cap);
		if (!t.obj)
			return t.rc;
		inv->obj = t.obj;
	}
	if (!handlers[type])
		return RC_UNKNOWN_REQUEST;
	if (!inv->obj)
		return handlers[type](inv);
	objcache_pin(inv->obj);
	rc = handlers[type](inv);
	objcache_unpin(inv->obj);
	return rc;
}
