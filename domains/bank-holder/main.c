/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bank-holder -- utest-bank's partner: holds capabilities it is given
 * and says how many of them have become Void (domains/utest-bank/proto.h).
 *
 * Capability i lives in slot i % 32 of leaf node i / 32, which is in
 * slot (i / 32) % 32 of mid node i / 1024, which is in slot i / 1024 of
 * the top node.  The nodes come from a sub-bank of the holder's bank,
 * destroyed with its space on HOLD_RESET.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/utest-bank/proto.h"

enum { H_IN = 8, H_STORE = 9, H_TOP = 10, H_MID = 11, H_LEAF = 12, H_X = 13, H_CALLER = 14 };

static uint32_t held;

static int
holder_reset(void)
{
	bank_destroy_with_space(H_STORE);       /* RC_VOID the first time */
	held = 0;
	int rc = bank_create_sub(CR_BANK, H_STORE);
	return rc == RC_OK ? bank_alloc_node(H_STORE, H_TOP) : rc;
}

static int
holder_put(void)
{
	uint32_t i = held;
	int rc = RC_OK;

	if (i >= HOLD_MAX)
		return RC_NO_SPACE;
	if (i % 1024u == 0 && (rc = bank_alloc_node(H_STORE, H_MID)) == RC_OK)
		rc = node_write(H_TOP, i / 1024u, H_MID);
	if (rc == RC_OK && i % 32u == 0 && (rc = bank_alloc_node(H_STORE, H_LEAF)) == RC_OK)
		rc = node_write(H_MID, (i / 32u) % 32u, H_LEAF);
	if (rc == RC_OK)
		rc = node_write(H_LEAF, i % 32u, H_IN);
	if (rc == RC_OK)
		held++;
	return rc;
}

static uint32_t
holder_count_void(void)
{
	struct discrim_class c;
	uint32_t voids = 0;

	for (uint32_t i = 0; i < held; i++) {
		if (i % 1024u == 0)
			node_read(H_TOP, i / 1024u, H_MID);
		if (i % 32u == 0)
			node_read(H_MID, (i / 32u) % 32u, H_LEAF);
		if (node_read(H_LEAF, i % 32u, H_X) == RC_OK &&
		    discrim_classify(CR_DISCRIM, H_X, &c) == RC_OK && c.type == CT_VOID)
			voids++;
	}
	return voids;
}

static int
holder_serve(cairn_msg_t *m)
{
	switch (m->code) {
	case HOLD_RESET:
		return holder_reset();
	case HOLD_PUT: {
		int rc = holder_put();
		m->w[0] = held;
		return rc;
	}
	case HOLD_CHECK:
		m->w[0] = holder_count_void();
		m->w[1] = held;
		return RC_OK;
	default:
		return RC_UNKNOWN_REQUEST;
	}
}

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	cairn_desc_init(&d);
	d.rcv_cap[0] = H_IN;
	d.rcv_reply = H_CALLER;
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		m.code = (uint32_t)holder_serve(&m);
		m.desc = &d;
		cairn_return(H_CALLER, &m);
	}
}
