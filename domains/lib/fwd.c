/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fwd.c -- REVOCABLE COPY for programs (see cairn/fwd.h).
 *
 * Without a reserve a copy is a node from the bank (a request to the
 * bank) made into a forwarder (three kernel invocations).  With one
 * (fwd_reserve), the program keeps a node R whose slots hold Node
 * capabilities to nodes its bank already paid for; a copy takes one
 * with a single invocation (OC_NODE_TAKE_FORWARDER), and an empty R is
 * refilled with FWD_RESERVE_NODES nodes in one bank request
 * (OC_BANK_ALLOC_INTO).  The reserve's nodes are the bank's objects
 * like any other: the bank's holder can free them or destroy the bank
 * with its space, and then a take finds a Void slot or a Void R, and
 * the copy falls back to the bank, which answers for itself.
 *
 *   fwd_res.n   slots 0..n-1 of R are (believed) full; a take uses n-1
 *
 * The reserve serves revocable_copy with the very register it was set
 * up with; other banks go to their bank as before.
 */
#include "cairn/fwd.h"
#include "cairn/bank.h"
#include "kcall.h"
#include "kernel/abi/orders.h"

static struct {
	capreg_t bank, node;    /* the reserve's bank and R */
	unsigned on, n;
} fwd_res;

int
fwd_get_target(capreg_t handle, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_GET_TARGET);
	return kcall_cap_out(handle, &m, to);
}

int
fwd_swap_target(capreg_t handle, capreg_t in, capreg_t out)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_SWAP_TARGET);
	return kcall(handle, &m, in, KC_NONE, out, NULL);
}

int
fwd_make_opaque(capreg_t handle, unsigned restr, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_MAKE_OPAQUE, restr);
	return kcall_cap_out(handle, &m, to);
}

int
fwd_set_data(capreg_t handle, uint32_t data, int deliver)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_SET_DATA, data, deliver ? 1 : 0);
	return kcall_words(handle, &m);
}

int
fwd_info(capreg_t handle, struct fwd_info *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_INFO);
	int rc = kcall_words(handle, &m);

	out->flags = m.w[0];
	out->data = m.w[1];
	return rc;
}

int
fwd_block(capreg_t handle)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_BLOCK);
	return kcall_words(handle, &m);
}

int
fwd_unblock(capreg_t handle)
{
	cairn_msg_t m = CAIRN_MSG(OC_FWD_UNBLOCK);
	return kcall_words(handle, &m);
}

/* A node from the bank (its OID and count into *info, if info is not
 * NULL), turned into a forwarder to cap; on failure the node goes back
 * to the bank. */
int
revocable_copy_info(capreg_t bank, capreg_t cap, capreg_t opaque, capreg_t handle,
		    struct node_info *info)
{
	int rc = bank_alloc_node(bank, handle);

	if (rc)
		return rc;
	if (info)
		rc = node_info(handle, info);
	if (!rc)
		rc = node_make(handle, CT_FORWARDER, 0, handle);
	if (!rc)
		rc = fwd_swap_target(handle, cap, KC_NONE);
	if (!rc)
		rc = fwd_make_opaque(handle, 0, opaque);
	if (rc)
		bank_free(bank, handle);
	return rc;
}

int
fwd_reserve(capreg_t bank, capreg_t node)
{
	int rc = bank_alloc_node(bank, node);

	if (rc == RC_OK)
		fwd_res = (typeof(fwd_res)){ bank, node, 1, 0 };
	return rc;
}

void
fwd_reserve_end(void)
{
	fwd_res.on = 0;
}

/* A forwarder from the reserve.  RC_VOID (R or its slot rescinded: the
 * bank's holder took them back) empties it; on any error the caller
 * goes to the bank instead. */
static int
fwd_reserve_take(capreg_t cap, capreg_t opaque, capreg_t handle)
{
	int rc = RC_OK;

	if (fwd_res.n == 0) {
		rc = bank_alloc_into(fwd_res.bank, BANK_KIND_NODE, fwd_res.node, 0,
				     FWD_RESERVE_NODES);
		fwd_res.n = rc == RC_OK ? FWD_RESERVE_NODES : 0;
	}
	if (rc == RC_OK)
		rc = node_take_forwarder(fwd_res.node, fwd_res.n - 1u, 0, cap, handle, opaque);
	if (rc == RC_OK)
		fwd_res.n--;
	else if (rc == RC_VOID)
		fwd_res.n = 0;
	return rc;
}

int
revocable_copy(capreg_t bank, capreg_t cap, capreg_t opaque, capreg_t handle)
{
	if (fwd_res.on && bank == fwd_res.bank && fwd_reserve_take(cap, opaque, handle) == RC_OK)
		return RC_OK;
	return revocable_copy_info(bank, cap, opaque, handle, NULL);
}

int
revoke(capreg_t bank, capreg_t handle)
{
	return bank_free(bank, handle);
}
