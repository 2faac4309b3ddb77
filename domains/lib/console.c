/* SPDX-License-Identifier: BSD-2-Clause */
/* console.c -- wrappers for the Console orders (cairn/kobj.h); printf.c
 * buffers lines on top of console_write. */
#include "kcall.h"

int
console_write(capreg_t con, const void *buf, uint32_t len)
{
	cairn_msg_t m = CAIRN_MSG(OC_CONSOLE_WRITE);
	struct kcall_str s = { .snd = buf, .snd_len = len };
	return kcall(con, &m, KC_NONE, KC_NONE, KC_NONE, &s);
}

int
console_read(capreg_t con, int *ch)
{
	cairn_msg_t m = CAIRN_MSG(OC_CONSOLE_READ);
	int rc = kcall_words(con, &m);

	if (rc == RC_OK)
		*ch = (int)m.w[0];
	return rc;
}
