/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-echo -- the server side of the IPC tests (domains/utest-ipc/proto.h).
 * One receive loop; every message is answered by RETURN through the
 * Resume capability the kernel put in CR_REPLY, except ECHO_SENT, which
 * arrives by SEND and has nobody to answer.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"

static char in[IPC_MAX_STRING], out[IPC_MAX_STRING];
static uint32_t served, last_sent;

static void
reverse(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
}

/* The receive half of the descriptor: strings into in[], capabilities
 * into E_RCV0..; nothing to send. */
static void
receive_spec(struct ipc_desc *d)
{
	cairn_desc_init(d);
	for (unsigned i = 0; i < 4; i++)
		d->rcv_cap[i] = (uint8_t)(E_RCV0 + i);
	d->rcv_str = (uint32_t)in;
	d->rcv_max = sizeof in;
}

/* Turn the message m into its reply; d may get things to send back. */
static void
handle(cairn_msg_t *m, struct ipc_desc *d, uint32_t rcv_len)
{
	uint32_t order = m->code, badge = cairn_msg_badge(m), ncaps = cairn_msg_ncaps(m);

	m->code = RC_OK;
	switch (order) {
	case ECHO_WORDS:
		for (int i = 0; i < 4; i++)
			m->w[i]++;
		break;
	case ECHO_BADGE:
		m->w[0] = badge;
		break;
	case ECHO_STRING:
		reverse(rcv_len);
		for (unsigned i = 0; i < ncaps; i++)
			d->snd_cap[i] = (uint8_t)(E_RCV0 + i);
		d->snd_str = (uint32_t)out;
		d->snd_len = rcv_len;
		m->w[0] = rcv_len;
		m->w[1] = ncaps;
		break;
	case ECHO_SAVE_RESUME:
		m->code = (uint32_t)node_write(E_CAPREGS, E_SAVED, CR_REPLY);
		break;
	case ECHO_USE_SAVED:
		m->w[0] = (uint32_t)cairn_send(E_SAVED, &CAIRN_MSG(RC_OK));
		break;
	case ECHO_REPLY_SAVED2:
		m->w[0] = (uint32_t)cairn_send(E_SAVED2, &CAIRN_MSG(RC_OK, STALE_GOOD));
		break;
	case ECHO_SLOW:
		sleep_ms(CR_SLEEP, m->w[0]);
		m->w[0] = ++served;
		m->w[1] = badge;
		break;
	case ECHO_SENT:
		last_sent = m->w[0];
		break;
	case ECHO_GET_SENT:
		m->w[0] = last_sent;
		break;
	case ECHO_NULL:
	case ECHO_DROP:
		break;
	default:
		m->code = RC_UNKNOWN_REQUEST;
	}
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
		uint32_t n = d.rcv_len;
		receive_spec(&d);
		if (m.code == ECHO_DROP) {
			cairn_receive(&m);        /* no reply, ever */
			continue;
		}
		if (m.code == ECHO_RETURN_STALE) {
			node_write(E_CAPREGS, E_SAVED2, CR_REPLY);
			m = CAIRN_MSG(RC_OK, STALE_BAD);
			cairn_return_words(E_SAVED, &m);  /* must go nowhere */
			continue;
		}
		handle(&m, &d, n);
		cairn_return(CR_REPLY, &m);
	}
}
