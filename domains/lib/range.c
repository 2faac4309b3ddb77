/* SPDX-License-Identifier: BSD-2-Clause */
/* range.c -- wrappers for the Range orders (cairn/kobj.h). */
#include "kcall.h"

int
range_create(capreg_t range, unsigned kind, uint32_t index, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_CREATE_REG, kind, index, to);   /* words only: fast */
	return kcall_words(range, &m);
}

int
range_create_into(capreg_t range, unsigned kind, uint32_t index, capreg_t node, uint32_t slot)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_CREATE_INTO_REG, kind, index, slot, node); /* fast */
	return kcall_words(range, &m);
}

int
range_rescind(capreg_t range, unsigned kind, uint32_t index)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_RESCIND, kind, index);
	return kcall_words(range, &m);
}

int
range_query(capreg_t range, unsigned kind, uint32_t index, struct range_query *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_QUERY, kind, index);
	int rc = kcall_words(range, &m);

	if (rc == RC_OK)
		*out = (struct range_query){ m.w[0], m.w[1] };
	return rc;
}

int
range_info(capreg_t range, struct range_info *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_INFO);
	int rc = kcall_words(range, &m);

	if (rc == RC_OK)
		*out = (struct range_info){ m.w[0], m.w[1] };
	return rc;
}

int
range_identify(capreg_t range, capreg_t cap, struct range_ident *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_RANGE_IDENTIFY_REG, cap);   /* words only: fast */
	int rc = kcall_words(range, &m);

	if (rc == RC_OK)
		*out = (struct range_ident){ m.w[0], m.w[1], m.w[2] };
	return rc;
}
