/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench-ipc-echo -- the server half of the CALL+RETURN benchmark
 * (bench-ipc): receive, and answer every message with RC_OK and the
 * same four words, for ever.  Words only, so both directions take the
 * inline trap path of cairn/ipc.h and nothing but the kernel's IPC
 * path is measured.  It needs nothing in its registers; the Resume
 * capability of each CALL arrives in CR_REPLY.
 */
#include "cairn/cairn.h"

int
main(void)
{
	cairn_msg_t m = CAIRN_MSG(0);

	cairn_receive(&m);
	for (;;) {
		m.code = RC_OK;
		cairn_return_words(CR_REPLY, &m);
	}
}
