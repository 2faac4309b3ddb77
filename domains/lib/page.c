/* SPDX-License-Identifier: BSD-2-Clause */
/* page.c -- wrappers for the Page orders (cairn/kobj.h). */
#include "kcall.h"

int
page_read(capreg_t page, uint32_t off, void *buf, uint32_t len)
{
	cairn_msg_t m = CAIRN_MSG(OC_PAGE_READ, off, len);
	struct kcall_str s = { .rcv = buf, .rcv_max = len };
	return kcall(page, &m, KC_NONE, KC_NONE, KC_NONE, &s);
}

int
page_write(capreg_t page, uint32_t off, const void *buf, uint32_t len)
{
	cairn_msg_t m = CAIRN_MSG(OC_PAGE_WRITE, off);
	struct kcall_str s = { .snd = buf, .snd_len = len };
	return kcall(page, &m, KC_NONE, KC_NONE, KC_NONE, &s);
}

int
page_restrict(capreg_t page, unsigned restr, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_PAGE_RESTRICT, restr);
	return kcall_cap_out(page, &m, to);
}

int
page_clear(capreg_t page)
{
	cairn_msg_t m = CAIRN_MSG(OC_PAGE_CLEAR);
	return kcall_words(page, &m);
}

int
page_info(capreg_t page, struct page_info *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_PAGE_INFO);
	int rc = kcall_words(page, &m);

	if (rc == RC_OK)
		*out = (struct page_info){ m.w[0] | (uint64_t)m.w[1] << 32, m.w[2] };
	return rc;
}
