/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-agent -- the invocation fuzzer's hands for what blocks
 * (domains/fuzz-invoke/proto.h).  A message is answered at once (a SEND
 * through the Resume capability, if it came by CALL), and then:
 *   FA_CALL      CALL the capability that came with it (AG_TARGET),
 *                blocking: a blocked forwarder, a busy process, a
 *                forwarder revoked while it waits;
 *   FA_CALLBACK  CALL the fuzzer, which RECEIVEs it and so holds a
 *                Resume capability to this process.
 * The fuzzer restarts it when it stays stuck.
 */
#include "cairn/cairn.h"
#include "domains/fuzz-invoke/proto.h"

static uint32_t calls;

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m;

	for (;;) {
		cairn_desc_init(&d);
		d.rcv_cap[0] = AG_TARGET;
		m = (cairn_msg_t){ .desc = &d };
		cairn_receive(&m);
		cairn_msg_t r = m;
		r.desc = NULL;
		cairn_send(CR_REPLY, &r);          /* answer first: never block a caller */
		if (m.code == FA_CALL) {
			cairn_msg_t c = CAIRN_MSG(m.w[1], m.w[2], m.w[3]);
			cairn_call(AG_TARGET, &c);
		} else if (m.code == FA_CALLBACK) {
			cairn_msg_t c = CAIRN_MSG(FA_HELLO, ++calls);
			cairn_call(AG_FUZZ, &c);
		}
	}
}
