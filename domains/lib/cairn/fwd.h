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
/* From now on revocable_copy(bank, ...) takes its nodes from a reserve
 * kept in a node in register node (the library's from now on), bought
 * from bank FWD_RESERVE_NODES at a time: one kernel invocation per copy
 * while the reserve lasts (docs/forwarders.md). */
#define FWD_RESERVE_NODES 16u
int fwd_reserve(capreg_t bank, capreg_t node);
/* No reserve any more (what is left in it stays the bank's). */
void fwd_reserve_end(void);
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
