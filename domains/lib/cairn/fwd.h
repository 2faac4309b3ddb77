/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/fwd.h -- REVOCABLE COPY (fwd.c): forwarders made from nodes the
 * grantor's bank pays for (docs/design.md section 5, kernel/abi/orders.h).
 *
 *   revocable_copy(bank, cap, opaque, handle)
 *        a forwarder to the capability in register cap: the opaque
 *        capability (give this away) lands in register opaque, the
 *        handle (keep this) in register handle
 *   revoke(bank, handle)
 *        free the forwarder node through the bank: every copy of the
 *        opaque capability, wherever it is, is void -- in O(1)
 *   fwd_block(handle), fwd_unblock(handle)
 *        make invokers wait, and let them go on
 *
 * The handle is a non-opaque Forwarder capability: it manages the
 * forwarder (the fwd_* wrappers below) and the bank accepts it to free
 * the node.  The wrappers return RC_* codes.
 */
#ifndef CAIRN_FWD_H
#define CAIRN_FWD_H

#include "cairn/ipc.h"
#include "cairn/kobj.h"

int revocable_copy(capreg_t bank, capreg_t cap, capreg_t opaque, capreg_t handle);
/* The same, and the forwarder node's OID and allocation count into *info
 * (what a test needs to find the node in the store). */
int revocable_copy_info(capreg_t bank, capreg_t cap, capreg_t opaque, capreg_t handle,
			struct node_info *info);
int revoke(capreg_t bank, capreg_t handle);
int fwd_block(capreg_t handle);
int fwd_unblock(capreg_t handle);

int fwd_get_target(capreg_t handle, capreg_t to);
int fwd_swap_target(capreg_t handle, capreg_t in, capreg_t out);
int fwd_make_opaque(capreg_t handle, unsigned restr, capreg_t to);
int fwd_set_data(capreg_t handle, uint32_t data, int deliver);
struct fwd_info {
	uint32_t flags;      /* FWD_F_* */
	uint32_t data;
};
int fwd_info(capreg_t handle, struct fwd_info *out);

#endif
