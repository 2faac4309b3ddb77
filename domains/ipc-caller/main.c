/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-caller -- CALL echo with the order in its C_ORDER register (the
 * slow order for the three callers that queue on a busy server; one
 * that echo never answers for the fourth), then report the reply, or
 * the result code that ended the wait, to utest-ipc by SEND.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"

int
main(void)
{
	uint32_t what[3];
	cairn_msg_t m = CAIRN_MSG(ECHO_SLOW, 30);

	if (number_read(C_ORDER, what) == RC_OK)
		m = CAIRN_MSG(what[0], what[1]);
	int rc = cairn_call(C_ECHO, &m);
	uint32_t served = m.w[0], id = m.w[1];

	cairn_send(C_REPORT, &CAIRN_MSG(REPORT_CALLER, id, served, (uint32_t)rc));
	return 0;
}
