/* SPDX-License-Identifier: BSD-2-Clause */
/* number.c -- wrapper for the Number order (cairn/kobj.h). */
#include "kcall.h"

int
number_read(capreg_t num, uint32_t out[3])
{
	cairn_msg_t m = CAIRN_MSG(OC_NUMBER_READ);
	int rc = kcall_words(num, &m);

	if (rc == RC_OK)
		for (unsigned i = 0; i < 3; i++)
			out[i] = m.w[i];
	return rc;
}
