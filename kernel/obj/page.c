/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * page.c -- the Page object: 4096 bytes.
 *
 * Reads and writes of byte ranges (for tests, and for programs that
 * hold a page capability without mapping it), a read-only capability,
 * and clear.  A read-only (or weak) capability refuses writes; an opaque
 * one refuses reads too.
 */
#include "kernel/invoke.h"

static bool
range_ok(uint32_t off, uint32_t len)
{
	return off <= CK_BLOCK_SIZE && len <= CK_BLOCK_SIZE - off;
}

static bool
may_write(const struct inv *inv)
{
	return !(cap_restr(inv->cap) & (CAP_R_RO | CAP_R_WEAK | CAP_R_OPAQUE));
}

static int
page_read(struct inv *inv)
{
	uint32_t off = inv->w[0], len = inv->w[1];

	if (!range_ok(off, len) || len > inv->rs_max)
		return RC_BAD_ARG;
	if (cap_restr(inv->cap) & CAP_R_OPAQUE)
		return RC_NO_ACCESS;
	memcpy(inv->rs, (uint8_t *)inv->obj->body + off, len);
	inv->rslen = len;
	return RC_OK;
}

static int
page_write(struct inv *inv)
{
	uint32_t off = inv->w[0];

	if (!range_ok(off, inv->slen))
		return RC_BAD_ARG;
	if (!may_write(inv))
		return RC_NO_ACCESS;
	/* commit point */
	obj_will_modify(inv->obj);
	memcpy((uint8_t *)inv->obj->body + off, inv->s, inv->slen);
	return RC_OK;
}

static int
page_clear(struct inv *inv)
{
	if (!may_write(inv))
		return RC_NO_ACCESS;
	obj_will_modify(inv->obj);
	memset(inv->obj->body, 0, CK_BLOCK_SIZE);
	return RC_OK;
}

static int
page_info(struct inv *inv)
{
	int rc = inv_may_identify(inv);

	if (rc)
		return rc;
	inv->rw[0] = (uint32_t)inv->obj->oid;
	inv->rw[1] = (uint32_t)(inv->obj->oid >> 32);
	inv->rw[2] = inv->obj->page_count;
	return RC_OK;
}

int
page_invoke(struct inv *inv)
{
	switch (inv->order) {
	case OC_PAGE_READ: return page_read(inv);
	case OC_PAGE_WRITE: return page_write(inv);
	case OC_PAGE_RESTRICT:
		if (inv->w[0] & ~CAP_R_ALL)
			return RC_BAD_ARG;
		return inv_reply_cap(inv, cap_with_restr(*inv->cap, inv->w[0]));
	case OC_PAGE_CLEAR: return page_clear(inv);
	case OC_PAGE_INFO: return page_info(inv);
	default: return RC_UNKNOWN_REQUEST;
	}
}

/* Why a cached page is inconsistent, or NULL.  A clean page must still
 * have the contents it was read with (a captured one has not been
 * summed yet: the writer does that). */
const char *
page_validate(const struct obj *o)
{
	if (ck_oid_kind(o->oid) != CK_OID_KIND_PAGE)
		return "page header holds a node OID";
	if (o->page_flags & ~CK_TF_ALL)
		return "unknown page flags";
	if (!(o->flags & OF_DIRTY_ANY) && ck_page_crc(o->body) != o->page_crc)
		return "clean page changed in memory";
	return NULL;
}
