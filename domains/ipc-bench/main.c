/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-bench -- the null server of the CALL+RETURN benchmark: every
 * message is answered at once, words only, no descriptor, so the round
 * trip measures the trap path and nothing else.
 */
#include "cairn/cairn.h"

int
main(void)
{
	cairn_msg_t m = { 0 };

	cairn_receive(&m);
	for (;;) {
		m.code = RC_OK;
		cairn_return_words(CR_REPLY, &m);
	}
}
