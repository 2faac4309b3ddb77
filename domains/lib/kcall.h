/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kcall.h -- the helper every typed wrapper uses (library-internal).
 *
 * Kernel orders pass at most two capabilities in and one out, and at
 * most one string; kcall() builds the descriptor for that shape, or
 * none at all when no capability or string moves, so a words-only order
 * takes the inline trap path.
 */
#ifndef CAIRN_KCALL_H
#define CAIRN_KCALL_H

#include "cairn/kobj.h"

#define KC_NONE IPC_NO_CAP

struct kcall_str {
	const void *snd;        /* string sent, or NULL */
	uint32_t snd_len;
	void *rcv;              /* buffer for a returned string, or NULL */
	uint32_t rcv_max;
};

/* CALL obj with m (order and words set by the caller); in0, in1 are
 * the registers sent as c0, c1 and out receives c0 (KC_NONE: none);
 * str may be NULL.  Returns the rc; m holds the reply words. */
int kcall(capreg_t obj, cairn_msg_t *m, capreg_t in0, capreg_t in1,
	  capreg_t out, const struct kcall_str *str);

/* The common shapes. */
static inline int
kcall_words(capreg_t obj, cairn_msg_t *m)
{
	return kcall(obj, m, KC_NONE, KC_NONE, KC_NONE, NULL);
}

static inline int
kcall_cap_out(capreg_t obj, cairn_msg_t *m, capreg_t out)
{
	return kcall(obj, m, KC_NONE, KC_NONE, out, NULL);
}

static inline int
kcall_cap_in(capreg_t obj, cairn_msg_t *m, capreg_t in)
{
	return kcall(obj, m, in, KC_NONE, KC_NONE, NULL);
}

#endif
