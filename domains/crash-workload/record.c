/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * record.c -- measure what the objects hold and print the record of a
 * generation (the line is described in proto.h).
 *
 * Every field is measured by invoking the objects, never copied from the
 * driver's memory; the memory (wl.h) is used only to count disagreements
 * ("bad=").  Measuring invokes copies in scratch registers, never the
 * stashed capabilities themselves: invoking a stale capability voids
 * that copy, and a stash must keep its old count to prove, after every
 * later checkpoint and restart, that the count it names is still dead.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/crash-workload/wl.h"
#include "domains/utest-ipc/proto.h"

static uint32_t bad;
static uint32_t page_buf[1024];

static void
disagree(const char *what, uint32_t i, uint32_t want, uint32_t got)
{
	bad++;
	printf("CRASH bad step=%u %s %u: memory %08x, object %08x\n", wl.step, what, i, want, got);
}

static void
expect(const char *what, uint32_t i, uint32_t want, uint32_t got)
{
	if (want != got)
		disagree(what, i, want, got);
}

int
wl_inspect(unsigned reg, struct desc *out)
{
	struct discrim_class c;
	struct page_info pi;
	struct node_info ni;
	uint32_t w[3];
	int rc = discrim_classify(CR_DISCRIM, reg, &c);

	*out = (struct desc){ 0 };
	if (rc != RC_OK || c.type == CT_VOID)
		return rc;
	out->type = c.type | c.restr << 8;
	if (c.type == CT_PAGE && (rc = page_info(reg, &pi)) == RC_OK)
		*out = (struct desc){ out->type, (uint32_t)pi.oid, (uint32_t)(pi.oid >> 32), pi.count };
	else if (c.type == CT_NODE && (rc = node_info(reg, &ni)) == RC_OK)
		*out = (struct desc){ out->type, (uint32_t)ni.oid, (uint32_t)(ni.oid >> 32), ni.count };
	else if (c.type == CT_NUMBER && (rc = number_read(reg, w)) == RC_OK)
		*out = (struct desc){ out->type, w[0], w[1], w[2] };
	return rc;
}

uint64_t
wl_desc_oid(const struct desc *d)
{
	unsigned t = d->type & 0xff;
	return t == CT_PAGE || t == CT_NODE ? (uint64_t)d->b << 32 | d->a : 0;
}

/* The description of slot i of the node in register node. */
static int
slot_desc(unsigned node, uint32_t i, struct desc *d)
{
	int rc = node_read(node, i, D_T0);
	return rc ? rc : wl_inspect(D_T0, d);
}

static int
page_hash(unsigned reg, uint32_t *h)
{
	int rc = page_read(reg, 0, page_buf, sizeof page_buf);

	if (rc == RC_OK)
		*h = wl_page_hash(page_buf);
	return rc;
}

static int
measure_ctr(uint32_t *out)
{
	uint32_t h = 0, ph = 0;

	for (uint32_t p = 0; p < WL_CTR_PAGES; p++) {
		int rc = node_read(D_CTR, p, D_T0);
		if (rc || (rc = page_hash(D_T0, &ph)))
			return rc;
		expect("counter page", p, wl.ctr_hash[p], ph);
		h = wl_mix(h ^ ph);
	}
	*out = h;
	return RC_OK;
}

static int
measure_shuf(uint32_t *out)
{
	uint32_t h = 0;
	struct desc d;

	for (uint32_t i = 0; i < WL_SHUF_SLOTS; i++) {
		int rc = slot_desc(D_SHUF, i, &d);
		if (rc)
			return rc;
		expect("shuffle slot", i, wl_desc_hash(&wl.shuf[i].d), wl_desc_hash(&d));
		h = wl_mix(h ^ wl_desc_hash(&d));
	}
	*out = h;
	return RC_OK;
}

/* An allocated object's inner hash: a page's contents, a node's slot 0. */
static int
inner_hash(const struct pobj *o, uint32_t *h)
{
	struct desc d;
	int rc;

	if (o->kind == PK_PAGE)
		return page_hash(D_T0, h);
	if ((rc = node_read(D_T0, 0, D_T1)) || (rc = wl_inspect(D_T1, &d)))
		return rc;
	*h = wl_desc_hash(&d);
	return RC_OK;
}

/* The n objects of node reg, remembered in objs[]. */
static int
measure_objs(unsigned reg, const struct pobj *objs, uint32_t n, const char *what, uint32_t *out)
{
	uint32_t h = 0, ih = 0;
	struct desc d;

	for (uint32_t k = 0; k < n; k++) {
		int rc = slot_desc(reg, k, &d);
		if (rc)
			return rc;
		expect(what, k, wl_desc_hash(&objs[k].d), wl_desc_hash(&d));
		if (objs[k].kind != PK_NONE && d.type) {
			if ((rc = inner_hash(&objs[k], &ih)))
				return rc;
			expect(what, k, objs[k].hash, ih);
			h = wl_mix(h ^ ih);
		}
		h = wl_mix(h ^ wl_desc_hash(&d));
	}
	*out = h;
	return RC_OK;
}

/* How many stashed capabilities to freed objects are not void. */
static int
measure_grave(uint32_t *alive)
{
	uint32_t n = wl.grave_n < WL_GRAVE_SLOTS ? wl.grave_n : WL_GRAVE_SLOTS;
	struct discrim_class c;

	*alive = 0;
	for (uint32_t i = 0; i < n; i++) {
		int rc = node_read(D_GRAVE, i, D_T0);
		if (rc || (rc = discrim_classify(CR_DISCRIM, D_T0, &c)))
			return rc;
		if (c.type != CT_VOID) {
			disagree("freed object alive in grave slot", i, CT_VOID, c.type);
			++*alive;
		}
	}
	return RC_OK;
}

/* Invoke (without waiting) a copy of forwarder i's stashed opaque capability. */
static char
probe_fwd(uint32_t i)
{
	static const char want[] = { '.', 'o', 'b', 'v' };
	cairn_msg_t m = CAIRN_MSG(ECHO_BADGE);
	char got = '?';

	if (wl.fwd[i] == FS_NONE)
		return '.';
	if (node_read(D_FWD, WL_FWDS + i, D_T0) != RC_OK)
		return '!';
	int rc = (int)cairn_invoke(INV_WORD(D_T0, INV_CALL, INV_F_NONBLOCK), &m);
	if (rc == RC_OK && m.w[0] == WL_ECHO_BADGE)
		got = 'o';
	else if (rc == RC_BUSY)
		got = 'b';
	else if (rc == RC_VOID)
		got = 'v';
	expect("forwarder", i, (uint32_t)want[wl.fwd[i]], (uint32_t)got);
	return got;
}

struct bank_rec {
	uint32_t id, sub, problems;
	struct bank_usage u;
};

static int
measure_bank(struct bank_rec *b)
{
	struct bank_ident id;
	int rc = bank_identify(D_BANK, &id);

	if (rc || (rc = bank_usage(D_BANK, &b->u)) || (rc = bank_check(CR_BANK, &b->problems)))
		return rc;
	b->id = id.id;
	b->sub = 0;
	if (wl.sub_id && (rc = bank_identify(D_SUB, &id)) == RC_OK)
		b->sub = id.id;
	expect("bank id", 0, wl.bank_id, b->id);
	expect("sub-bank id", 0, wl.sub_id, b->sub);
	expect("bank nodes", 0, wl.own_nodes + wl.sub_nodes, b->u.nodes);
	expect("bank pages", 0, wl.own_pages + wl.sub_pages, b->u.pages);
	expect("bank own nodes", 0, wl.own_nodes, b->u.own_nodes);
	expect("bank own pages", 0, wl.own_pages, b->u.own_pages);
	expect("bank problems", 0, 0, b->problems);
	return rc;
}

static int
measure_peer(cairn_msg_t *m)
{
	*m = CAIRN_MSG(PEER_REPORT);
	int rc = cairn_call(D_PEER, m);

	if (rc)
		return rc;
	uint32_t lanes[4] = { wl.peer_sum, wl.peer_sum, wl.peer_sum, wl.peer_sum };
	expect("peer sum in its page", 0, wl.peer_sum, m->w[0]);
	expect("peer sum in ST0", 0, wl.peer_sum, m->w[1]);
	expect("peer sum in XMM0", 0, crash_lanes_hash(lanes), m->w[2]);
	expect("peer disagreements", 0, 0, m->w[3]);
	return RC_OK;
}

int
wl_record(const char *tag, uint64_t gen)
{
	uint32_t ctr = 0, shuf = 0, pool = 0, sub = 0, alive = 0;
	struct bank_rec b;
	cairn_msg_t peer;
	char fwd[WL_FWDS + 1];
	int rc;

	bad = 0;
	if ((rc = measure_ctr(&ctr)) || (rc = measure_shuf(&shuf)) ||
	    (rc = measure_objs(D_POOL, wl.pool, WL_POOL_SLOTS, "pool slot", &pool)) ||
	    (rc = measure_objs(D_SUBPOOL, wl.sub, WL_SUB_SLOTS, "sub-bank slot", &sub)) ||
	    (rc = measure_grave(&alive)) || (rc = measure_bank(&b)) || (rc = measure_peer(&peer)))
		return rc;
	for (uint32_t i = 0; i < WL_FWDS; i++)
		fwd[i] = probe_fwd(i);
	fwd[WL_FWDS] = 0;
	printf("CRASH %s g=%llu step=%u ctr=%08x shuf=%08x pool=%08x grave=%u/%u fwd=%s "
	       "bank=%u:%u,%u,%u,%u sub=%u chk=%u peer=%u,%u,%08x,%u bad=%u\n",
	       tag, (unsigned long long)gen, wl.step, ctr, shuf, wl_mix(pool ^ wl_mix(sub)),
	       wl.grave_n, alive, fwd, b.id, b.u.nodes, b.u.pages, b.u.own_nodes, b.u.own_pages,
	       b.sub, b.problems, peer.w[0], peer.w[1], peer.w[2], peer.w[3], bad);
	return RC_OK;
}

/* First start: the map's capabilities in the shuffle node are whatever
 * the map says; learn them (generation 0 is the one state not at risk). */
int
wl_init_from_objects(void)
{
	uint32_t h = 0;

	for (uint32_t i = 0; i < WL_SHUF_SLOTS; i++) {
		int rc = slot_desc(D_SHUF, i, &wl.shuf[i].d);
		if (rc)
			return rc;
		wl.shuf[i].oid = wl_desc_oid(&wl.shuf[i].d);
		wl.shuf[i].fwd = -1;
	}
	for (uint32_t p = 0; p < WL_CTR_PAGES; p++) {
		int rc = node_read(D_CTR, p, D_T0);
		if (rc || (rc = wl_inspect(D_T0, &wl.ctr_desc[p])) || (rc = page_hash(D_T0, &h)))
			return rc;
		wl.ctr_hash[p] = h;
	}
	return RC_OK;
}
