/* SPDX-License-Identifier: BSD-2-Clause */
/* fwd.c -- REVOCABLE COPY for programs (see cairn/fwd.h). */
#include "cairn/fwd.h"
#include "cairn/bank.h"
#include "kcall.h"
#include "kernel/abi/orders.h"

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
revocable_copy(capreg_t bank, capreg_t cap, capreg_t opaque, capreg_t handle)
{
	return revocable_copy_info(bank, cap, opaque, handle, NULL);
}

int
revoke(capreg_t bank, capreg_t handle)
{
	return bank_free(bank, handle);
}
