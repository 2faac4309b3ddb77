/* SPDX-License-Identifier: BSD-2-Clause */
/* node.c -- wrappers for the Node orders (cairn/kobj.h). */
#include "kcall.h"

int
node_read(capreg_t node, uint32_t slot, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_READ, slot);
	return kcall_cap_out(node, &m, to);
}

int
node_write(capreg_t node, uint32_t slot, capreg_t from)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_WRITE, slot);
	return kcall_cap_in(node, &m, from);
}

int
node_swap(capreg_t node, uint32_t slot, capreg_t in, capreg_t out)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_SWAP, slot);
	return kcall(node, &m, in, KC_NONE, out, NULL);
}

int
node_clear(capreg_t node)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_CLEAR);
	return kcall_words(node, &m);
}

int
node_clone(capreg_t node, capreg_t from)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_CLONE);
	return kcall_cap_in(node, &m, from);
}

int
node_restrict(capreg_t node, unsigned restr, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_RESTRICT, restr);
	return kcall_cap_out(node, &m, to);
}

int
node_make(capreg_t node, unsigned type, unsigned badge, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_MAKE, type, badge);
	return kcall_cap_out(node, &m, to);
}

int
node_take_forwarder(capreg_t node, uint32_t slot, unsigned restr, capreg_t target,
		    capreg_t handle, capreg_t opaque)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_TAKE_FORWARDER, slot, restr);
	struct ipc_desc d;

	cairn_desc_init(&d);
	d.snd_cap[0] = (uint8_t)target;
	d.rcv_cap[0] = (uint8_t)handle;
	d.rcv_cap[1] = (uint8_t)opaque;
	m.desc = &d;
	return cairn_call(node, &m);
}

int
node_info(capreg_t node, struct node_info *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_NODE_INFO);
	int rc = kcall_words(node, &m);

	if (rc == RC_OK)
		*out = (struct node_info){ m.w[0] | (uint64_t)m.w[1] << 32, m.w[2], m.w[3] };
	return rc;
}
