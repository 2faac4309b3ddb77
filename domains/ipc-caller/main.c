/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-caller -- one of three callers that queue on a busy server: CALL
 * echo's slow order, then report the reply to utest-ipc by SEND.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"

int
main(void)
{
	cairn_msg_t m = CAIRN_MSG(ECHO_SLOW, 30);
	int rc = cairn_call(C_ECHO, &m);
	uint32_t served = m.w[0], id = m.w[1];

	cairn_send(C_REPORT, &CAIRN_MSG(REPORT_CALLER, id, served, (uint32_t)rc));
	return 0;
}
