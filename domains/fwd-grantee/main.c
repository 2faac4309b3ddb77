/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fwd-grantee -- the grantee of the revocation test (domains/utest-fwd/
 * proto.h).  G_STORE: counts the valid opaque copies the image builder
 * stored in map-made nodes, then writes more copies into nodes it
 * allocates from its bank, until FWD_TOTAL_COPIES copies exist.
 * G_VERIFY: after the grantor revoked, counts how many are void.
 * G_FILL and G_COUNT_VOID (the revocation curve): write the capability
 * sent into the first n of those 100,000 slots; count the void ones.
 *
 * Every copy is looked at through Discrim (a stale capability classifies
 * as Void), one node slot at a time, so nodes the kernel evicted to disk
 * in between are faulted back in.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/utest-fwd/proto.h"
#include <stdbool.h>

/* Node i of a three-level tree (gen-fwd-holders.py) into register to. */
static int
tree_node(capreg_t top, uint32_t i, capreg_t to)
{
	int rc = node_read(top, i / 1024, G_DIR);

	if (!rc)
		rc = node_read(G_DIR, (i / 32) % 32, G_DIR);
	if (!rc)
		rc = node_read(G_DIR, i % 32, to);
	return rc;
}

static bool
is_type(capreg_t reg, unsigned type)
{
	struct discrim_class c;
	return discrim_classify(CR_DISCRIM, reg, &c) == RC_OK && c.type == type;
}

/* Count the slots of node holding a capability of the given type. */
static uint32_t
count_in(capreg_t node, uint32_t slots, unsigned type)
{
	uint32_t n = 0;

	for (uint32_t s = 0; s < slots; s++)
		if (node_read(node, s, G_CAP) == RC_OK && is_type(G_CAP, type))
			n++;
	return n;
}

static uint32_t
count_all(unsigned type)
{
	uint32_t n = 0, runtime_nodes = (FWD_RUNTIME_COPIES + 31) / 32;

	for (uint32_t i = 0; i < FWD_MAP_HOLDERS; i++)
		if (tree_node(G_TOP, i, G_NODE) == RC_OK)
			n += count_in(G_NODE, 32, type);
	for (uint32_t i = 0; i < runtime_nodes; i++)
		if (tree_node(G_RTOP, i, G_NODE) == RC_OK)
			n += count_in(G_NODE, i + 1 < runtime_nodes ? 32 :
				      FWD_RUNTIME_COPIES - 32 * i, type);
	return n;
}

/* Allocate nodes, fill them with copies, hang them in the G_RTOP tree. */
static uint32_t
store(uint32_t copies)
{
	uint32_t written = 0;

	for (uint32_t i = 0; written < copies; i++) {
		if (bank_alloc_node(G_BANK, G_NODE) != RC_OK)
			break;
		for (uint32_t s = 0; s < 32 && written < copies; s++, written++)
			node_write(G_NODE, s, G_MANY);
		node_read(G_RTOP, i / 1024, G_DIR);
		node_read(G_DIR, (i / 32) % 32, G_DIR);
		node_write(G_DIR, i % 32, G_NODE);
	}
	return written;
}

/* The node holding copy i of the 100,000 (the map's holders first, then
 * the nodes store() allocated) into G_NODE; its slot is i % 32. */
static int
copy_node(uint32_t i)
{
	if (i < FWD_MAP_COPIES)
		return tree_node(G_TOP, i / 32, G_NODE);
	return tree_node(G_RTOP, (i - FWD_MAP_COPIES) / 32, G_NODE);
}

/* Write G_MANY (the capability just sent) into the first n copy slots; how many were written. */
static uint32_t
fill(uint32_t n)
{
	uint32_t i = 0;

	for (; i < n && i < FWD_TOTAL_COPIES; i++)
		if ((i % 32 == 0 && copy_node(i) != RC_OK) ||
		    node_write(G_NODE, i % 32, G_MANY) != RC_OK)
			break;
	return i;
}

/* How many of the first n copy slots hold a void capability. */
static uint32_t
count_void(uint32_t n)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < n && i < FWD_TOTAL_COPIES; i += 32)
		if (copy_node(i) == RC_OK)
			v += count_in(G_NODE, n - i < 32 ? n - i : 32, CT_VOID);
	return v;
}

static void
handle(cairn_msg_t *m)
{
	uint32_t order = m->code;

	m->code = RC_OK;
	switch (order) {
	case G_STORE:
		m->w[0] = count_all(CT_FORWARDER);   /* only the map's yet */
		m->w[1] = store(m->w[0] == FWD_MAP_COPIES ? FWD_RUNTIME_COPIES : 0);
		break;
	case G_VERIFY:
		m->w[0] = count_all(CT_VOID);
		m->w[1] = is_type(G_ONE, CT_VOID);
		m->w[2] = FWD_TOTAL_COPIES;
		break;
	case G_FILL:
		m->w[0] = fill(m->w[0]);
		break;
	case G_COUNT_VOID:
		m->w[0] = count_void(m->w[0]);
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

	cairn_desc_init(&d);
	d.rcv_cap[0] = G_MANY;
	d.rcv_cap[1] = G_ONE;
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		handle(&m);
		m.desc = &d;
		cairn_return(CR_REPLY, &m);
	}
}
