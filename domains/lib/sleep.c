/* SPDX-License-Identifier: BSD-2-Clause */
/* sleep.c -- wrappers for the Sleep orders (cairn/kobj.h). */
#include "kcall.h"

int
sleep_ms(capreg_t sl, uint32_t ms)
{
	cairn_msg_t m = CAIRN_MSG(OC_SLEEP_MS, ms);
	return kcall_words(sl, &m);
}

int
sleep_ticks(capreg_t sl, uint64_t *ticks)
{
	cairn_msg_t m = CAIRN_MSG(OC_SLEEP_TICKS);
	int rc = kcall_words(sl, &m);

	if (rc == RC_OK)
		*ticks = m.w[0] | (uint64_t)m.w[1] << 32;
	return rc;
}
