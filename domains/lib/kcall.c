/* SPDX-License-Identifier: BSD-2-Clause */
/* kcall.c -- one CALL to a kernel object (see kcall.h). */
#include "kcall.h"

int
kcall(capreg_t obj, cairn_msg_t *m, capreg_t in0, capreg_t in1,
      capreg_t out, const struct kcall_str *str)
{
	struct ipc_desc d;
	int rc;

	if (in0 == KC_NONE && in1 == KC_NONE && out == KC_NONE && !str) {
		m->desc = NULL;
		return cairn_call(obj, m);
	}
	cairn_desc_init(&d);
	d.snd_cap[0] = (uint8_t)in0;
	d.snd_cap[1] = (uint8_t)in1;
	d.rcv_cap[0] = (uint8_t)out;
	if (str) {
		d.snd_str = (uint32_t)(uintptr_t)str->snd;
		d.snd_len = str->snd_len;
		d.rcv_str = (uint32_t)(uintptr_t)str->rcv;
		d.rcv_max = str->rcv_max;
	}
	m->desc = &d;
	rc = cairn_call(obj, m);
	m->desc = NULL;         /* d dies with this frame */
	return rc;
}
