/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * client -- the demo client the shell grants to (domains/shell/demo.h).
 *
 * It keeps what it is given in the slots of its copies node (a node of
 * the map, so its copies are as persistent as the rest of it) and, when
 * the shell asks, calls one and reports what happened.  It calls without
 * waiting (INV_F_NONBLOCK): a blocked copy answers RC_BUSY at once
 * instead of holding the client -- and the shell, which is waiting for
 * the client -- until someone unblocks it.  A revoked copy answers
 * RC_VOID, like every stale capability.
 *
 * Capability registers: C_COPIES (its copies node), C_IN (where a
 * capability sent to it arrives), C_COPY (scratch).
 */
#include "cairn/cairn.h"
#include "domains/shell/demo.h"

enum { C_COPIES = 8, C_IN = 9, C_COPY = 10 };

static int
take(uint32_t slot)
{
	return node_write(C_COPIES, slot, C_IN);
}

/* Call the copy in slot; its rc and reply words into m. */
static void
call(uint32_t slot, cairn_msg_t *m)
{
	cairn_msg_t q = CAIRN_MSG(OC_SERVICE_HELLO);
	int rc = node_read(C_COPIES, slot, C_COPY);

	if (rc == RC_OK)
		rc = (int)cairn_invoke(INV_WORD(C_COPY, INV_CALL, INV_F_NONBLOCK), &q);
	*m = (cairn_msg_t)CAIRN_MSG(RC_OK, (uint32_t)rc, rc == RC_OK ? q.w[0] : 0,
				    rc == RC_OK ? q.w[1] : 0);
}

static void
serve(cairn_msg_t *m)
{
	uint32_t slot = m->w[0];

	if (slot >= DEMO_SLOTS)
		*m = (cairn_msg_t)CAIRN_MSG(RC_BAD_ARG);
	else if (m->code == OC_CLIENT_TAKE)
		*m = (cairn_msg_t)CAIRN_MSG(take(slot));
	else if (m->code == OC_CLIENT_CALL)
		call(slot, m);
	else
		*m = (cairn_msg_t)CAIRN_MSG(RC_UNKNOWN_REQUEST);
}

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(0);

	cairn_desc_init(&d);
	d.rcv_cap[0] = C_IN;
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		serve(&m);
		m.desc = &d;
		cairn_return(CR_REPLY, &m);
	}
}
