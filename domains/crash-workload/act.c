/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * act.c -- the workload's actions on pages, slots and banks (the
 * forwarder actions are in act_fwd.c).  Each changes the objects and
 * the driver's memory of them (wl.h) in the same step, so that the two
 * agree at every take(); each returns 0 or the rc of the order that
 * failed unexpectedly.
 *
 * Capabilities to objects about to be freed are stashed in the grave
 * ring first (a capability written after the free would be written
 * stale, or not at all): after the free they are stale in place, and
 * record.c proves at every generation that they stay void.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/crash-workload/wl.h"

/* Add a small number to a random counter word of a random counter page. */
int
act_counter(void)
{
	uint32_t p = wl_rand(WL_CTR_PAGES), i = wl_rand(1024), v = wl_rand(1000) + 1, old = 0;
	int rc = node_read(D_CTR, p, D_T0);

	if (rc || (rc = page_read(D_T0, i * 4, &old, 4)))
		return rc;
	uint32_t now = old + v;
	if ((rc = page_write(D_T0, i * 4, &now, 4)))
		return rc;
	wl.ctr_hash[p] ^= wl_word_hash(i, old) ^ wl_word_hash(i, now);
	return 0;
}

/* Exchange two slots of the shuffle node. */
int
act_swap(void)
{
	uint32_t a = wl_rand(WL_SHUF_SLOTS), b = wl_rand(WL_SHUF_SLOTS);
	int rc;

	if (a == b)
		return 0;
	if ((rc = node_read(D_SHUF, a, D_T0)) || (rc = node_swap(D_SHUF, b, D_T0, D_T1)) ||
	    (rc = node_write(D_SHUF, a, D_T1)))
		return rc;
	struct sslot t = wl.shuf[a];
	wl.shuf[a] = wl.shuf[b];
	wl.shuf[b] = t;
	return 0;
}

/* Where act_copy takes a capability from: node reg, slot, origin. */
struct source {
	unsigned reg;
	uint32_t slot;
	int32_t fwd;
};

static int
pick_source(struct source *s)
{
	uint32_t k = wl_rand(WL_POOL_SLOTS), f = wl_rand(WL_FWDS);

	switch (wl_rand(4)) {
	case 0:
		*s = (struct source){ D_CTR, wl_rand(WL_CTR_PAGES), -1 };
		return 1;
	case 1:
		*s = (struct source){ D_POOL, k, -1 };
		return wl.pool[k].kind != PK_NONE;
	case 2:
		*s = (struct source){ D_FWD, WL_FWDS + f, (int32_t)f };
		return wl.fwd[f] == FS_LIVE || wl.fwd[f] == FS_BLOCKED;
	default:
		*s = (struct source){ D_SUBPOOL, k % WL_SUB_SLOTS, -1 };
		return wl.sub[k % WL_SUB_SLOTS].kind != PK_NONE;
	}
}

/* Copy a capability from a counter page, the pool, a forwarder or the
 * sub-bank's objects into a shuffle slot. */
int
act_copy(void)
{
	struct source s;
	uint32_t b = wl_rand(WL_SHUF_SLOTS);
	struct desc d;
	int rc;

	if (!pick_source(&s))
		return 0;
	if ((rc = node_read(s.reg, s.slot, D_T0)) || (rc = wl_inspect(D_T0, &d)) ||
	    (rc = node_write(D_SHUF, b, D_T0)))
		return rc;
	wl.shuf[b] = (struct sslot){ d, wl_desc_oid(&d), s.fwd };
	return 0;
}

void
wl_forget(uint64_t oid, int fwd)
{
	for (uint32_t i = 0; i < WL_SHUF_SLOTS; i++) {
		struct sslot *s = &wl.shuf[i];
		if ((oid && s->oid == oid) || (fwd >= 0 && s->fwd == fwd))
			*s = (struct sslot){ { 0, 0, 0, 0 }, 0, -1 };
	}
}

int
wl_bury(unsigned reg)
{
	int rc = node_write(D_GRAVE, wl.grave_n % WL_GRAVE_SLOTS, reg);

	if (rc == RC_OK)
		wl.grave_n++;
	return rc;
}

/* A new page or node from bank into slot k of node holder; a node gets
 * a counter page's capability in its slot 0. */
static int
alloc_into(unsigned bank, unsigned holder, uint32_t k, struct pobj *o)
{
	uint32_t p = wl_rand(WL_CTR_PAGES);
	int page = (int)wl_rand(2);
	int rc = page ? bank_alloc_page(bank, D_T0) : bank_alloc_node(bank, D_T0);

	if (rc || (rc = node_write(holder, k, D_T0)) || (rc = wl_inspect(D_T0, &o->d)))
		return rc;
	o->kind = page ? PK_PAGE : PK_NODE;
	o->hash = 0;
	if (!page) {
		if ((rc = node_read(D_CTR, p, D_T1)) || (rc = node_write(D_T0, 0, D_T1)))
			return rc;
		o->hash = wl_desc_hash(&wl.ctr_desc[p]);
	}
	return 0;
}

/* Free the object in slot k of holder (remembered as *o) through bank. */
static int
free_from(unsigned bank, unsigned holder, uint32_t k, struct pobj *o)
{
	int rc = node_read(holder, k, D_T0);

	if (rc || (rc = wl_bury(D_T0)) || (rc = bank_free(bank, D_T0)))
		return rc;
	wl_forget(wl_desc_oid(&o->d), -1);
	*o = (struct pobj){ 0 };
	return 0;
}

static void
count_own(uint32_t kind, int delta)
{
	if (kind == PK_NODE)
		wl.own_nodes += (uint32_t)delta;
	else
		wl.own_pages += (uint32_t)delta;
}

/* Allocate into a random pool slot (freeing what it held). */
int
act_alloc(void)
{
	uint32_t k = wl_rand(WL_POOL_SLOTS);
	int rc;

	if (wl.pool[k].kind != PK_NONE) {
		count_own(wl.pool[k].kind, -1);
		if ((rc = free_from(D_BANK, D_POOL, k, &wl.pool[k])))
			return rc;
	}
	if ((rc = alloc_into(D_BANK, D_POOL, k, &wl.pool[k])))
		return rc;
	count_own(wl.pool[k].kind, 1);
	return 0;
}

/* Free the object of a random pool slot, if it holds one. */
int
act_free(void)
{
	uint32_t k = wl_rand(WL_POOL_SLOTS);

	if (wl.pool[k].kind == PK_NONE)
		return 0;
	count_own(wl.pool[k].kind, -1);
	return free_from(D_BANK, D_POOL, k, &wl.pool[k]);
}

/* Change one word of a random pool page. */
int
act_write(void)
{
	uint32_t k = wl_rand(WL_POOL_SLOTS), i = wl_rand(1024), old = 0;
	uint32_t now = wl_mix(wl_rand(0x7fffffff) + 1);
	int rc;

	if (wl.pool[k].kind != PK_PAGE)
		return 0;
	if ((rc = node_read(D_POOL, k, D_T0)) || (rc = page_read(D_T0, i * 4, &old, 4)) ||
	    (rc = page_write(D_T0, i * 4, &now, 4)))
		return rc;
	wl.pool[k].hash ^= wl_word_hash(i, old) ^ wl_word_hash(i, now);
	return 0;
}

static int
sub_create(void)
{
	struct bank_ident id;
	int rc = bank_create_sub(D_BANK, D_SUB);

	if (rc || (rc = bank_identify(D_SUB, &id)))
		return rc;
	wl.sub_id = id.id;
	return 0;
}

static int
sub_alloc(void)
{
	uint32_t k = wl_rand(WL_SUB_SLOTS);
	int rc;

	if (wl.sub[k].kind != PK_NONE)
		return 0;
	if ((rc = alloc_into(D_SUB, D_SUBPOOL, k, &wl.sub[k])))
		return rc;
	if (wl.sub[k].kind == PK_NODE)
		wl.sub_nodes++;
	else
		wl.sub_pages++;
	return 0;
}

/* Destroy the sub-bank with its space: every object it paid for --
 * its slots' objects and its forwarders -- is rescinded. */
static int
sub_destroy(void)
{
	int rc;

	for (uint32_t k = 0; k < WL_SUB_SLOTS; k++) {
		if (wl.sub[k].kind == PK_NONE)
			continue;
		if ((rc = node_read(D_SUBPOOL, k, D_T0)) || (rc = wl_bury(D_T0)))
			return rc;
		wl_forget(wl_desc_oid(&wl.sub[k].d), -1);
		wl.sub[k] = (struct pobj){ 0 };
	}
	if ((rc = bank_destroy_with_space(D_SUB)))
		return rc;
	for (uint32_t i = 0; i < WL_FWDS; i++) {
		if (wl.fwd_sub[i] && (wl.fwd[i] == FS_LIVE || wl.fwd[i] == FS_BLOCKED)) {
			wl.fwd[i] = FS_REVOKED;
			wl_forget(0, (int)i);
		}
		wl.fwd_sub[i] = 0;
	}
	wl.sub_id = wl.sub_nodes = wl.sub_pages = 0;
	return 0;
}

/* Create the sub-bank, allocate from it, or destroy it with its space. */
int
act_sub(void)
{
	if (!wl.sub_id)
		return sub_create();
	return wl_rand(3) ? sub_alloc() : sub_destroy();
}

/* Add to the peer's sum. */
int
act_peer(void)
{
	uint32_t k = wl_rand(1000) + 1;
	cairn_msg_t m = CAIRN_MSG(PEER_ADD, k);
	int rc = cairn_call(D_PEER, &m);

	if (rc)
		return rc;
	wl.peer_sum += k;
	return m.w[0] == wl.peer_sum ? 0 : RC_BAD_ARG;
}
