/* SPDX-License-Identifier: BSD-2-Clause */
/* discrim.c -- wrappers for the Discrim orders (cairn/kobj.h). */
#include "kcall.h"

int
discrim_classify(capreg_t discrim, capreg_t cap, struct discrim_class *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_DISCRIM_CLASSIFY);
	int rc = kcall_cap_in(discrim, &m, cap);

	if (rc == RC_OK)
		*out = (struct discrim_class){ m.w[0], m.w[1] };
	return rc;
}

int
discrim_compare(capreg_t discrim, capreg_t a, capreg_t b, int *same)
{
	cairn_msg_t m = CAIRN_MSG(OC_DISCRIM_COMPARE);
	int rc = kcall(discrim, &m, a, b, KC_NONE, NULL);

	if (rc == RC_OK)
		*same = m.w[0] != 0;
	return rc;
}
