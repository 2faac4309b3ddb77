/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-peer -- the process the invocation fuzzer must not be able to
 * starve or confuse (domains/fuzz-invoke/proto.h).  It answers every
 * message at once: FP_PING with w0 + 1 and the number of messages served,
 * anything else with its words incremented, the string reversed and the
 * capabilities it received sent back.  A fault delivered to it as a
 * keeper (the fuzzer may make it one) is not answered: the faulter
 * stays waiting rather than fault again for ever.
 */
#include "cairn/cairn.h"
#include "domains/fuzz-invoke/proto.h"
#include "kernel/abi/orders.h"

static char in[IPC_MAX_STRING], out[IPC_MAX_STRING];
static uint32_t served;

static void
receive_spec(struct ipc_desc *d)
{
	cairn_desc_init(d);
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++)
		d->rcv_cap[i] = (uint8_t)(PR_RCV0 + i);
	d->rcv_str = (uint32_t)in;
	d->rcv_max = sizeof in;
}

/* Turn m into its reply. */
static void
answer(cairn_msg_t *m, struct ipc_desc *d, uint32_t len)
{
	uint32_t order = m->code, ncaps = cairn_msg_ncaps(m);

	served++;
	m->code = RC_OK;
	if (order == FP_PING) {
		m->w[0]++;
		m->w[1] = served;
		return;
	}
	for (int i = 0; i < 4; i++)
		m->w[i]++;
	for (uint32_t i = 0; i < len && i < sizeof out; i++)
		out[i] = in[len - 1 - i];
	for (unsigned i = 0; i < ncaps && i < IPC_MAX_CAPS; i++)
		d->snd_cap[i] = (uint8_t)(PR_RCV0 + i);
	d->snd_str = (uint32_t)out;
	d->snd_len = len > sizeof out ? sizeof out : len;
}

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	receive_spec(&d);
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		uint32_t len = d.rcv_len;
		receive_spec(&d);
		if (m.code >= OC_KEEPER_FAULT && m.code < OC_KEEPER_FAULT + 16) {
			cairn_receive(&m);        /* a fault: no answer */
			continue;
		}
		answer(&m, &d, len);
		cairn_return(CR_REPLY, &m);
	}
}
