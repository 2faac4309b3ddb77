/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spacebank -- the space bank process (docs/design.md section 4,
 * docs/spacebank.md).  One process serves every bank; the badge of the
 * Start capability a request came through names the bank.  On its first
 * start it sets up its tables (init.c); after a restart it finds them
 * in its persistent memory and simply serves.
 *
 * The loop receives with one capability register for an object sent in
 * (R_IN0) and the caller's Resume capability in R_CALLER -- not
 * CR_REPLY, so that nothing the bank calls in between can disturb it.
 */
#include "spacebank/sb.h"

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	if (sb_h->magic[0] == 0)
		init_first_start();
	cairn_desc_init(&d);
	d.rcv_cap[0] = R_IN0;
	d.rcv_reply = R_CALLER;
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		for (unsigned i = 0; i < IPC_MAX_CAPS; i++)
			d.snd_cap[i] = IPC_NO_CAP;
		int rc = op_dispatch(&m, &d);
		if (rc != RC_OK)
			for (unsigned i = 0; i < IPC_MAX_CAPS; i++)
				d.snd_cap[i] = IPC_NO_CAP;
		m.code = (uint32_t)rc;
		m.desc = &d;
		cairn_return(R_CALLER, &m);
	}
}
