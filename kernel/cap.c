/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cap.c -- capabilities in OID form, validated lazily.
 *
 * A capability is never tracked: copying one is a 16-byte copy (rule 3)
 * and destroying an object only bumps its allocation count (rule 4).
 * The price is paid here, at use: the designated object is looked up
 * (faulted in if needed) and the capability's count compared with the
 * object's -- the allocation count for every object type, except a
 * Resume capability, which carries the process root's call count.  A
 * mismatch means the object was rescinded (or the reply already given)
 * since the capability was made: the capability is rewritten to Void in
 * place.  That rewrite does not dirty the container, since a stale
 * capability and Void mean the same thing wherever they are read.
 *
 * An object that cannot be had gives RC_VOID (out of the store's range),
 * RC_IO_ERROR (the disk failed, or the object is damaged) or RC_NO_SPACE
 * (the object cache is full of dirty, held or pinned objects: room comes
 * back with the next checkpoint; docs/objects.md).  Only the first voids
 * the capability.
 */
#include "cap.h"

static const uint8_t captype_kinds[CT_COUNT] = {
#define CAPTYPE(NAME, name, objkind, doc) [CT_##NAME] = objkind,
#include "abi/captype.def"
#undef CAPTYPE
};

static const char *const captype_names[CT_COUNT] = {
#define CAPTYPE(NAME, name, objkind, doc) [CT_##NAME] = #name,
#include "abi/captype.def"
#undef CAPTYPE
};

unsigned
captype_objkind(unsigned type)
{
	return type < CT_COUNT ? captype_kinds[type] : CK_OBJ_NONE;
}

const char *
captype_name(unsigned type)
{
	return type < CT_COUNT ? captype_names[type] : "invalid";
}

static uint32_t
current_count(const struct obj *o, unsigned type)
{
	if (type == CT_RESUME)
		return obj_node(o)->call_count;
	return obj_alloc_count(o);
}

struct cap_ret
cap_target(cap_t *c)
{
	unsigned type = cap_type(c);
	unsigned kind = captype_objkind(type);

	if (kind == CK_OBJ_NONE || ck_oid_kind(c->oid) != kind) {
		*c = cap_void();
		return (struct cap_ret){ NULL, RC_VOID };
	}
	struct obj_ret r = objcache_get(c->oid);
	if (!r.obj) {
		int rc = r.err == OBJ_ERR_RANGE ? RC_VOID : r.err == OBJ_ERR_FULL ? RC_NO_SPACE : RC_IO_ERROR;
		if (rc == RC_VOID)
			*c = cap_void();
		return (struct cap_ret){ NULL, rc };
	}
	if (c->count != current_count(r.obj, type)) {
		*c = cap_void();
		return (struct cap_ret){ NULL, RC_VOID };
	}
	return (struct cap_ret){ r.obj, RC_OK };
}

bool
cap_valid(cap_t *c)
{
	unsigned type = cap_type(c);

	if (type == CT_VOID || type >= CT_COUNT)
		return false;
	if (captype_objkind(type) == CK_OBJ_NONE)
		return true;
	return cap_target(c).obj != NULL;
}

cap_t
cap_weaken(cap_t c)
{
	switch (cap_type(&c)) {
	case CT_VOID:
	case CT_NUMBER:
		return c;
	case CT_NODE:
	case CT_SPACE:
	case CT_PAGE:
		return cap_with_restr(c, CAP_R_RO | CAP_R_WEAK);
	default:
		return cap_void();
	}
}

cap_t
cap_to(const struct obj *o, unsigned type, unsigned restr, unsigned badge)
{
	uint32_t count = type == CT_RESUME ? obj_node(o)->call_count : obj_alloc_count(o);

	return cap_make(type, restr, badge, count, o->oid);
}
