/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * service -- the demo service the shell shares (domains/shell/demo.h).
 *
 * It answers every call with how many calls it has answered so far and
 * the badge it was invoked with.  The count is an ordinary static
 * variable: it lives in one of the service's pages, which the kernel
 * checkpoints, so it goes on counting across restarts.
 *
 * Capability registers: the conventional ones only (CR_REPLY for the
 * caller's Resume capability).
 */
#include "cairn/cairn.h"
#include "domains/shell/demo.h"

static uint32_t answered;   /* persistent */

static void
serve(cairn_msg_t *m)
{
	uint32_t badge = cairn_msg_badge(m);

	if (m->code != OC_SERVICE_HELLO) {
		*m = (cairn_msg_t)CAIRN_MSG(RC_UNKNOWN_REQUEST);
		return;
	}
	*m = (cairn_msg_t)CAIRN_MSG(RC_OK, ++answered, badge);
}

int
main(void)
{
	cairn_msg_t m = CAIRN_MSG(0);

	cairn_receive(&m);
	for (;;) {
		serve(&m);
		cairn_return_words(CR_REPLY, &m);
	}
}
