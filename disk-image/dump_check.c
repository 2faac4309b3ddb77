/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_check.c -- `check`: the e2fsck of the store.
 *
 * One sequential pass over the store, read a chunk at a time with the
 * next chunk read ahead (dump_scan.c): the tag blocks beside the frames
 * they describe, then the pots, each record's allocation going into a
 * table (dump_state.c) against which every capability is judged, so the
 * store is never read in random order.  A capability naming a node the
 * pass has not reached waits in a bounded heap (dump_defer.c); if that
 * fills, the remaining pots are read again for their capabilities.
 * Then the log.  Memory is the chunk buffers, the heap and the table
 * (5 bytes an object), not the store; CRCs go at the speed of the
 * CPU's CRC32C or carry-less multiply instructions where it has them
 * (ckpt/crc32c_hw.c, crc32c_fold.c), and the CRCs of frames and node
 * records, and which slots of a record need judging, are worked out by
 * whichever thread reads the block (sum_frame, sum_pot), so that this
 * thread only compares and judges.
 * What is checked:
 *
 *   roots    both roots valid (ck_root_check: an all-zero root is
 *            damage, never "not written": cairn-mkimage writes both);
 *            at least one valid; both valid roots agree on the geometry
 *   pots     ck_pot_check (an all-zero pot is damage); every record
 *            passes ck_node_check (an all-zero record is damage)
 *   tags     ck_tag_block_check once per block, then ck_tag_check for
 *            every page's tag (its own CRC, known flags); each allocated,
 *            non-zero page's frame CRC; unused tail entries are zero
 *   log      the directory walk (ck_log_walk, through dump_log.c) ended
 *            cleanly; every entry passes ck_dir_entry_check and names a
 *            record whose block (ck_log_node_block_check) and CRC and
 *            counts (ck_log_node_check) match; the root's dir_entries
 *            matches its generation's directory, its log_head is the block
 *            after that generation's last block and its log_tail the
 *            first block of the oldest unmigrated generation; no
 *            generation names an OID twice
 *   caps     every slot of every allocated node's current version has a
 *            known type and restrictions, and a target of the right kind
 *            in range; stale and free targets are counted, not errors
 *            (rescind makes them, rule 4)
 *   runlist  Process (or Void) capabilities to nodes in range
 *   spaces   each running process's Space tree walks without problems
 *            (dump_space.c); problems are warnings: the kernel would
 *            fault the process, but the store itself is sound
 *   bank     if a space bank's tables are found (dump_bank.c): every
 *            object below its high-water mark has a record whose owner
 *            is a live bank (then the object is allocated) or the free
 *            list (then it is not), with the object's allocation count;
 *            every object above the mark is free; the banks' list
 *            lengths add up to the mark.  If the bank was caught in the
 *            middle of a request, disagreements are only warnings.
 *
 * Findings are a table: severity, object, block, problem.  The exit
 * status is DS_ERRORS if any error was found.  At most SHOW_MAX findings
 * are printed; all are counted.
 */
#include <stdlib.h>
#include <string.h>
#include "dump.h"

#define SHOW_MAX 1000u

uint32_t dcheck_defer_max = DDEFER_MAX;

typedef struct chk {
	const dstore_t *s;
	dstate_t *state;
	uint8_t *procs_why;     /* dprocs_mark's marks, made in the caps pass */
	ddefer_t defer;         /* capabilities to nodes the pass has not reached */
	uint32_t defer_from;    /* first pot whose capabilities wait for a second
				 * pass (the heap was full), or UINT32_MAX */
	dout_t *o;
	uint32_t errors, warnings;
	uint32_t nodes, pages, caps, stale, free_caps, log_entries;
	int bank_checked;
} chk_t;

static void
report(chk_t *k, int error, const char *obj, int64_t block, const char *what)
{
	if (error)
		k->errors++;
	else
		k->warnings++;
	if (k->errors + k->warnings > SHOW_MAX)
		return;
	dout_row(k->o);
	dout_str(k->o, "severity", error ? "error" : "warning");
	dout_str(k->o, "object", obj);
	if (block >= 0)
		dout_u64(k->o, "block", (uint64_t)block);
	else
		dout_str(k->o, "block", "-");
	dout_str(k->o, "problem", what);
	dout_row_end(k->o);
}

static const char *
obj_name(uint64_t oid, char *buf, size_t len)
{
	char nb[32];

	snprintf(buf, len, "%s %s (0x%llx)",
		 ck_oid_kind(oid) == CK_OID_KIND_PAGE ? "page" : "node",
		 doid_name(oid, nb, sizeof nb), (unsigned long long)oid);
	return buf;
}

/* ------------------------------------------------------------ roots */

static void
check_roots(chk_t *k)
{
	const dstore_t *s = k->s;
	char what[160];

	for (unsigned i = 0; i < 2; i++)
		if (s->root_why[i])
			report(k, 1, i ? "root B" : "root A", i,
			       dstore_root_why(s, i, what, sizeof what));
	if (s->cur < 0) {
		report(k, 1, "roots", -1, "no valid root: the store cannot be used");
		return;
	}
	if (!s->root_why[0] && !s->root_why[1] &&
	    memcmp(&s->root[0]->geo, &s->root[1]->geo, sizeof(ck_geometry_t)))
		report(k, 1, "roots", -1, "the two valid roots disagree on the geometry");
}

/* ------------------------------------------------------------- sums */

/* What the scans' reader thread works out from each block it reads
 * (dump_scan.c), while the block is in its CPU's cache: the CRC of a
 * page frame; the CRC of each record of a pot, and which of its slots
 * hold something other than a Void or Number capability (most hold
 * Void: the checks then need not bring the whole record into the
 * checking thread's cache).  Only that: everything judged from them is
 * judged here, in order. */
static void
sum_frame(const uint8_t *block, uint32_t *out)
{
	out[0] = ck_page_crc(block);
}

_Static_assert(CT_VOID == 0 && CT_NUMBER == 1, "void_number_first");
_Static_assert(CK_NODE_SLOTS == 32, "slot_mask_bits");

/* Bit i: slot i is neither Void nor Number. */
static uint32_t
slot_mask(const ck_node_t *n)
{
	uint32_t m = 0;

	for (unsigned i = 0; i < CK_NODE_SLOTS; i++)
		m |= (uint32_t)(cap_type(&n->slot[i]) > CT_NUMBER) << i;
	return m;
}

/* out: the records' CRCs, then their slot masks. */
static void
sum_pot(const uint8_t *block, uint32_t *out)
{
	const ck_pot_t *p = (const ck_pot_t *)block;

	for (unsigned r = 0; r < CK_NODES_PER_POT; r++) {
		out[r] = ck_node_crc(&p->node[r]);
		out[CK_NODES_PER_POT + r] = slot_mask(&p->node[r]);
	}
}

static const dscan_sum_t frame_sums = { sum_frame, 1 };
static const dscan_sum_t pot_sums = { sum_pot, 2 * CK_NODES_PER_POT };

/* ------------------------------------------------------------- caps */

static void
check_cap(chk_t *k, uint64_t holder, unsigned slot, const cap_t *c)
{
	capinfo_t ci;
	char obj[96], what[96];

	dcap_eval(k->s, c, &ci);
	if (cap_type(c) == CT_VOID || cap_type(c) == CT_NUMBER)
		return;
	k->caps++;
	k->stale += ci.st == CS_STALE;
	k->free_caps += ci.st == CS_FREE;
	const char *why = ci.st == CS_BADTYPE ? "unknown capability type"
			: ci.st == CS_RANGE ? "capability target out of range"
			: (cap_restr(c) & ~CAP_R_ALL) ? "unknown restriction bits" : 0;
	if (!why)
		return;
	obj_name(holder, obj, sizeof obj);
	snprintf(what, sizeof what, "slot %u: %s (%s %llx)", slot, why,
		 dcap_type_name(cap_type(c)), (unsigned long long)c->oid);
	report(k, 1, obj, -1, what);
}

/* Whether c names a node at or past index seen (its record not yet in
 * the table: seen 0 means everything is). */
static int
unseen_target(const chk_t *k, const cap_t *c, uint32_t seen)
{
	uint32_t i = (uint32_t)ck_oid_index(c->oid);

	return seen && cap_type(c) < CT_COUNT && dcap_type_objkind(cap_type(c)) == CK_OBJ_NODE &&
	       cap_type(c) != CT_RESUME && ck_oid_kind(c->oid) == CK_OID_KIND_NODE &&
	       i >= seen && i < k->s->geo.node_count;
}

/* Every slot of an allocated node in mask (the others hold Void or
 * Number: slot_mask); those naming a node whose record the pass has not
 * read yet (index >= seen) wait in the heap.  Void and Number slots
 * (most of them) have nothing to judge: check_cap would only count them
 * out, so they are passed over here. */
static void
check_node_caps_seen(chk_t *k, uint64_t oid, const ck_node_t *n, uint32_t seen, uint32_t mask)
{
	k->nodes++;
	for (; mask; mask &= mask - 1) {
		unsigned i = (unsigned)__builtin_ctz(mask);
		if (cap_type(&n->slot[i]) == CT_VOID || cap_type(&n->slot[i]) == CT_NUMBER)
			continue;
		else if (unseen_target(k, &n->slot[i], seen))
			ddefer_push(&k->defer, (uint32_t)ck_oid_index(n->slot[i].oid), oid, i,
				    &n->slot[i]);
		else
			check_cap(k, oid, i, &n->slot[i]);
	}
}

static void
check_node_caps(chk_t *k, uint64_t oid, const ck_node_t *n)
{
	check_node_caps_seen(k, oid, n, 0, UINT32_MAX);
}

/* The waiting capabilities whose target is now below seen. */
static void
check_deferred(chk_t *k, uint32_t seen)
{
	ddefcap_t e;

	while (ddefer_pop_below(&k->defer, seen, &e))
		check_cap(k, ck_oid_make(CK_OID_KIND_NODE, e.holder), e.slot, &e.cap);
}

/* ------------------------------------------------------------- pots */

/*
 * A home copy that an unmigrated log copy supersedes is not the object:
 * a crash in the middle of migration leaves it half rewritten, and the
 * next migration writes it again from the log.  Damage there is only a
 * warning; damage to a home copy that is the object is an error.
 */
static void
report_home(chk_t *k, int superseded, uint64_t oid, int64_t block, const char *why)
{
	char obj[96], what[160];

	if (superseded)
		snprintf(what, sizeof what, "%s (home copy under a newer log copy: an interrupted migration, rewritten by the next)", why);
	report(k, !superseded, obj_name(oid, obj, sizeof obj), block, superseded ? what : why);
}

static void
check_record(chk_t *k, const ck_node_t *n, uint64_t oid, uint32_t block, uint32_t crc)
{
	const char *why = dstore_record_check_crc(n, oid, crc);
	const dlogent_t *le = dstore_log_find(k->s, oid);
	int logged = le && le->e->type == CK_DIR_NODE;

	if (why) {
		report_home(k, logged, oid, block, why);
		return;
	}
	if (!logged)
		dstate_set(k->state, CK_OID_KIND_NODE, ck_oid_index(oid),
			   (n->flags & CK_NF_ALLOCATED) != 0, n->alloc_count);
}

/* A block the disk could not give (EIO) or a short file. */
static void
report_unread(chk_t *k, const char *what, uint64_t block, int err)
{
	char why[160];

	snprintf(why, sizeof why, "block could not be read: %s",
		 err ? strerror(err) : "not in the image");
	report(k, 1, what, (int64_t)block, why);
}

/* crcs: each record's ck_node_crc(). */
static void
check_pot(chk_t *k, const ck_pot_t *p, uint32_t pot, const uint32_t *crcs)
{
	uint32_t block = k->s->geo.pot_start + pot;
	char obj[32];
	const char *why = ck_pot_check(p, pot);

	snprintf(obj, sizeof obj, "pot %u", pot);
	if (why) {
		report(k, 1, obj, block, why);
		return;
	}
	for (uint32_t r = 0; r < CK_NODES_PER_POT; r++) {
		uint32_t i = pot * CK_NODES_PER_POT + r;
		check_record(k, &p->node[r], ck_oid_make(CK_OID_KIND_NODE, i), block, crcs[r]);
	}
}

/* The capabilities of the pot's allocated nodes that are sound at home
 * and have no log copy (the table knows them; check_log does the rest),
 * and what every allocated node says of processes (dump_procs.c).
 * seen: nodes below it are in the table (0: all are).  masks: each
 * record's slot_mask(), or NULL (every slot is looked at). */
static void
check_pot_caps(chk_t *k, const ck_pot_t *p, uint32_t pot, uint32_t seen, const uint32_t *masks)
{
	for (uint32_t r = 0; r < CK_NODES_PER_POT; r++) {
		uint32_t i = pot * CK_NODES_PER_POT + r;
		uint64_t oid = ck_oid_make(CK_OID_KIND_NODE, i);
		int allocated;
		uint32_t count;
		dnode_t d;
		if (dstate_get(k->state, oid, &allocated, &count) == 0) {
			if (!allocated)
				continue;
			uint32_t mask = masks ? masks[r] : UINT32_MAX;
			check_node_caps_seen(k, oid, &p->node[r], seen, mask);
			dprocs_mark_slots(k->s, k->procs_why, i, &p->node[r], mask);
		} else if (dstore_node(k->s, oid, &d) == 0 && dstore_node_allocated(&d))
			dprocs_mark(k->s, k->procs_why, i, d.n);   /* log copy */
	}
}

/* One pot of the first pass: its records, then (while the heap has room
 * for all its slots) its capabilities, and those waiting for it.  sums:
 * sum_pot's values for it (when p is not NULL). */
static void
first_pass_pot(chk_t *k, const ck_pot_t *p, uint32_t pot, const uint32_t *sums)
{
	uint32_t seen = (pot + 1) * CK_NODES_PER_POT;

	if (p)
		check_pot(k, p, pot, sums);
	if (k->defer_from == UINT32_MAX &&
	    !ddefer_room(&k->defer, CK_NODES_PER_POT * CK_NODE_SLOTS))
		k->defer_from = pot;
	if (p && pot < k->defer_from)
		check_pot_caps(k, p, pot, seen, sums + CK_NODES_PER_POT);
	check_deferred(k, seen);
}

/* Every pot in order: the first pass checks them and, as far as the heap
 * allows, their capabilities; the second (only if the heap filled) the
 * capabilities of the pots from defer_from on. */
static void
scan_pots(chk_t *k, int second)
{
	const ck_geometry_t *g = &k->s->geo;
	dscan_t sc;

	if (dscan_open(&sc, &k->s->img, DSCAN_CHUNK, 1, second ? NULL : &pot_sums) < 0) {
		report(k, 1, "pots", -1, "out of memory");
		return;
	}
	for (uint32_t pot = second ? k->defer_from : 0; pot < g->pot_count; pot++) {
		const ck_pot_t *p = (const ck_pot_t *)dscan_block(&sc, g->pot_start + pot);
		char obj[32];
		if (!p && !second) {
			snprintf(obj, sizeof obj, "pot %u", pot);
			report_unread(k, obj, g->pot_start + pot, sc.err);
		}
		if (second && p)
			check_pot_caps(k, p, pot, 0, NULL);
		else if (!second)
			first_pass_pot(k, p, pot, p ? dscan_sums(&sc, g->pot_start + pot) : NULL);
	}
	dscan_close(&sc);
	check_deferred(k, UINT32_MAX);
}

/* ------------------------------------------------------------- tags */

static void
check_tag(chk_t *k, dscan_t *frames, const ck_tag_block_t *t, uint32_t tb, uint32_t e)
{
	const ck_geometry_t *g = &k->s->geo;
	uint32_t j = tb * CK_TAGS_PER_BLOCK + e;
	uint64_t oid = ck_oid_make(CK_OID_KIND_PAGE, j);
	const ck_tag_t *tag = &t->tag[e];
	const char *why = ck_tag_check(t, tb, e, j);
	const dlogent_t *le = dstore_log_find(k->s, oid);
	int logged = le && le->e->type != CK_DIR_NODE;
	char obj[96];

	if (why) {
		report_home(k, logged, oid, g->tag_start + tb, why);
		return;
	}
	if (!logged)
		dstate_set(k->state, CK_OID_KIND_PAGE, j, (tag->flags & CK_TF_ALLOCATED) != 0,
			   tag->alloc_count);
	if (!(tag->flags & CK_TF_ALLOCATED))
		return;
	k->pages += !logged;
	if (tag->flags & CK_TF_ZERO)
		return;
	dpage_t d = { .data = dscan_block(frames, (uint64_t)g->frame_start + j),
		      .crc = tag->crc, .flags = tag->flags };
	if (!d.data) {
		report_unread(k, obj_name(oid, obj, sizeof obj), (uint64_t)g->frame_start + j,
			      frames->err);
		return;
	}
	d.summed = 1;
	d.sum = dscan_sums(frames, (uint64_t)g->frame_start + j)[0];
	why = dstore_page_verify(&d);
	if (why)
		report_home(k, logged, oid, g->frame_start + j, why);
}

static void
check_tag_block(chk_t *k, dscan_t *frames, const ck_tag_block_t *t, uint32_t tb)
{
	const ck_geometry_t *g = &k->s->geo;
	uint32_t block = g->tag_start + tb;
	const char *why = ck_tag_block_check(t, tb);
	char obj[32];

	snprintf(obj, sizeof obj, "tag block %u", tb);
	if (why) {
		report(k, 1, obj, block, why);
		return;
	}
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++) {
		uint64_t j = (uint64_t)tb * CK_TAGS_PER_BLOCK + e;
		if (j < g->page_count)
			check_tag(k, frames, t, tb, e);
		else if (!dimg_is_zero(&t->tag[e], sizeof t->tag[e]))
			report(k, 0, obj, block, "tag entry past the last page is not zero");
	}
}

/* Every tag block in order, and the frames they describe (each its own
 * reader: both go forward). */
static void
scan_tags(chk_t *k)
{
	const ck_geometry_t *g = &k->s->geo;
	dscan_t tags, frames;
	char obj[32];

	if (dscan_open(&tags, &k->s->img, DSCAN_CHUNK, 0, NULL) < 0 ||
	    dscan_open(&frames, &k->s->img, DSCAN_CHUNK, 1, &frame_sums) < 0) {
		dscan_close(&tags);
		report(k, 1, "tags", -1, "out of memory");
		return;
	}
	for (uint32_t tb = 0; tb < g->tag_count; tb++) {
		const ck_tag_block_t *t = (const ck_tag_block_t *)dscan_block(&tags, g->tag_start + tb);
		snprintf(obj, sizeof obj, "tag block %u", tb);
		if (!t)
			report_unread(k, obj, g->tag_start + tb, tags.err);
		else
			check_tag_block(k, &frames, t, tb);
	}
	dscan_close(&tags);
	dscan_close(&frames);
}

/* -------------------------------------------------------------- log */

static void
check_entry(chk_t *k, const dgen_t *g, uint32_t dirb, const ck_dir_entry_t *e)
{
	dnode_t dn;
	dpage_t dp;
	char obj[96], what[160];
	const char *why = dlog_entry_check(k->s, e, g->gen, &dn, &dp);

	k->log_entries++;
	if (!why && e->type != CK_DIR_NODE)
		why = dstore_page_verify(&dp);
	if (why) {
		snprintf(what, sizeof what, "generation %llu, directory log block %u: %s",
			 (unsigned long long)g->gen, dirb, why);
		report(k, 1, obj_name(e->oid, obj, sizeof obj),
		       (int64_t)k->s->geo.log_start + e->log_block, what);
		return;
	}
	const dlogent_t *le = dstore_log_find(k->s, e->oid);
	if (le && le->e != e)
		return; /* an older copy; the newest is checked on its own */
	if (e->type == CK_DIR_NODE && (dn.n->flags & CK_NF_ALLOCATED))
		check_node_caps(k, e->oid, dn.n);
	k->pages += e->type != CK_DIR_NODE && (e->flags & CK_TF_ALLOCATED);
}

static void
check_gen(chk_t *k, const dgen_t *g)
{
	const dstore_t *s = k->s;
	char what[160];

	if (g->why) {
		snprintf(what, sizeof what, "generation %llu: %s",
			 (unsigned long long)g->gen, g->why);
		report(k, 1, "log", (int64_t)s->geo.log_start + g->why_block, what);
	}
	for (uint32_t i = 0; i < g->ndirs; i++) {
		uint32_t b = s->dirblk[g->dir_off + i];
		const ck_dir_block_t *d = dlog_dir_block(s, b);
		for (uint32_t e = 0; e < d->count; e++)
			check_entry(k, g, b, &d->entry[e]);
	}
}

/* The root's log fields against the generations the walk found. */
static void
check_log_root(chk_t *k)
{
	const dstore_t *s = k->s;
	const ck_root_t *r = s->r;
	const char *root = s->cur ? "root B" : "root A";

	if (r->dir_block == CK_NO_BLOCK && r->dir_entries)
		report(k, 1, root, s->cur, "dir_entries without a directory");
	if (!s->ngens || s->gens[0].why || s->gens[0].gen != r->generation)
		return;
	const dgen_t *newest = &s->gens[0], *oldest = &s->gens[s->ngens - 1];
	if (newest->nentries != r->dir_entries)
		report(k, 1, root, s->cur, "dir_entries differs from its generation's directory");
	if ((newest->last_dir + 1) % s->geo.log_blocks != r->log_head)
		report(k, 1, root, s->cur, "log_head is not the block after its generation's last");
	if (s->walk_clean && oldest->first_block != r->log_tail)
		report(k, 1, root, s->cur, "log_tail is not the first block of the oldest "
		       "unmigrated generation");
}

static void
check_log(chk_t *k)
{
	const dstore_t *s = k->s;

	for (uint32_t i = 0; i < s->ngens; i++)
		check_gen(k, &s->gens[i]);
	if (s->ndup) {
		char obj[96], what[160];
		snprintf(what, sizeof what, "generation %llu names it twice (%u repeats "
			 "in the log)", (unsigned long long)s->dup.gen, s->ndup);
		report(k, 1, obj_name(s->dup.oid, obj, sizeof obj),
		       (int64_t)s->geo.log_start + s->dup.dir_block, what);
	}
	check_log_root(k);
}

/* ---------------------------------------------------------- runlist */

static void
check_runlist(chk_t *k)
{
	const ck_root_t *r = k->s->r;
	char obj[32];
	capinfo_t ci;

	for (uint32_t i = 0; i < r->runlist_count; i++) {
		const cap_t *c = &r->runlist[i];
		snprintf(obj, sizeof obj, "runlist[%u]", i);
		if (cap_type(c) == CT_VOID)
			continue;
		dcap_eval(k->s, c, &ci);
		if (cap_type(c) != CT_PROCESS)
			report(k, 1, obj, k->s->cur, "not a Process capability");
		else if (ci.st == CS_RANGE)
			report(k, 1, obj, k->s->cur, "process OID out of range");
		else if (ci.st != CS_OK)
			report(k, 0, obj, k->s->cur, dcap_status_name(ci.st));
	}
}

/* ------------------------------------------------------------ spaces */

/* Walk the address space of each running process; problems are warnings
 * (the kernel faults the process, the store is sound). */
static void
check_space(chk_t *k, uint64_t oid)
{
	dnode_t d;
	dspace_t w;
	char obj[96], what[160];

	dstore_node(k->s, oid, &d);
	dspace_walk(&w, k->s, &d.n->slot[PR_SLOT_SPACE]);
	obj_name(oid, obj, sizeof obj);
	for (uint32_t j = 0; j < w.nprob && j < DSPACE_PROBLEMS; j++) {
		snprintf(what, sizeof what, "address space: %s", w.prob[j]);
		report(k, 0, obj, -1, what);
	}
	if (w.nprob > DSPACE_PROBLEMS) {
		snprintf(what, sizeof what, "address space: %u more problems",
			 w.nprob - DSPACE_PROBLEMS);
		report(k, 0, obj, -1, what);
	}
	dspace_free(&w);
}

static void
check_spaces(chk_t *k)
{
	const ck_root_t *r = k->s->r;
	capinfo_t ci;

	for (uint32_t i = 0; i < r->runlist_count; i++) {
		if (cap_type(&r->runlist[i]) != CT_PROCESS)
			continue;
		dcap_eval(k->s, &r->runlist[i], &ci);
		if (ci.st == CS_OK)
			check_space(k, r->runlist[i].oid);
	}
}

/* -------------------------------------------------------------- bank */

/* One object against its bank record; err: severity of a disagreement. */
static void
check_bank_obj(chk_t *k, const dbank_t *b, unsigned kind, uint32_t idx, int err)
{
	uint64_t oid = ck_oid_make(kind + 1u, idx);
	struct sb_rec r;
	struct sb_bank owner;
	int allocated;
	uint32_t count;
	char obj[64];

	if (dbank_obj_state(k->s, kind, idx, &allocated, &count) < 0)
		return;
	obj_name(oid, obj, sizeof obj);
	if (idx >= b->h.hwm[kind]) {
		if (allocated)
			report(k, err, obj, -1, "allocated, but the space bank never handed it out");
		return;
	}
	if (dbank_rec(k->s, b, kind, idx, &r) < 0) {
		report(k, err, obj, -1, "space bank record unreadable");
		return;
	}
	if (r.flags & SB_RF_RETIRED)
		return;
	if (r.owner >= BANK_ID_PRIME &&
	    (dbank_bank(k->s, b, r.owner, &owner) < 0 || !(owner.flags & SB_BF_LIVE)))
		report(k, err, obj, -1, "space bank record names a bank that does not exist");
	else if (allocated != (r.owner != BANK_ID_FREE))
		report(k, err, obj, -1, allocated ? "allocated, but free in the space bank's records"
					 : "owned in the space bank's records, but not allocated");
	else if (count != r.count)
		report(k, err, obj, -1, "allocation count differs from the space bank's record");
}

static void
check_bank(chk_t *k)
{
	dbank_t b;
	const char *why;
	struct sb_bank bk;

	if (dbank_find(k->s, &b, &why) < 0)
		return;         /* no bank has run (or checkpointed) yet */
	int err = !b.h.in_request;
	for (unsigned kind = 0; kind < SB_KINDS; kind++) {
		uint64_t owned = 0;
		uint32_t n = kind == SB_NODE ? k->s->geo.node_count : k->s->geo.page_count;
		for (uint32_t idx = 0; idx < n; idx++)
			check_bank_obj(k, &b, kind, idx, err);
		for (uint32_t id = 0; id < b.h.bank_ids; id++)
			if (dbank_bank(k->s, &b, id, &bk) == 0 && (id < BANK_ID_PRIME ||
								  (bk.flags & SB_BF_LIVE)))
				owned += bk.owned[kind] + (kind == SB_NODE ? bk.nfwd : 0);
		if (owned != b.h.hwm[kind])
			report(k, err, kind == SB_NODE ? "bank node lists" : "bank page lists", -1,
			       "the banks' lists do not add up to the high-water mark");
	}
	k->bank_checked = 1;
}

/* ----------------------------------------------------------- summary */

static void
summary(chk_t *k)
{
	const ck_geometry_t *g = &k->s->geo;

	dout_section(k->o, "summary");
	dout_str(k->o, "status", k->errors ? "errors found" : "clean");
	dout_u64(k->o, "errors", k->errors);
	dout_u64(k->o, "warnings", k->warnings);
	dout_fmt(k->o, "nodes", "%u/%u", k->nodes, g->node_count);
	dout_fmt(k->o, "pages", "%u/%u", k->pages, g->page_count);
	dout_u64(k->o, "generations", k->s->ngens);
	dout_u64(k->o, "log_entries", k->log_entries);
	dout_u64(k->o, "capabilities", k->caps);
	dout_u64(k->o, "stale_capabilities", k->stale);
	dout_u64(k->o, "capabilities_to_free_objects", k->free_caps);
	dout_bool(k->o, "space_bank_checked", k->bank_checked);
	dout_section_end(k->o);
	dout_text(k->o, "%s: %u errors, %u warnings, %u/%u nodes, %u/%u pages, "
		 "%u log generations\n", k->errors ? "ERRORS FOUND" : "clean", k->errors,
		 k->warnings, k->nodes, g->node_count, k->pages, g->page_count, k->s->ngens);
}

/* The passes over a store with a valid root.  The table (and the list
 * of processes made in the caps pass) then stand in for the image when
 * a target is looked up. */
static void
check_store(chk_t *k, dstore_t *s)
{
	dprocs_t procs;

	k->defer_from = UINT32_MAX;
	k->procs_why = calloc(s->geo.node_count + 1, 1);
	if (!k->procs_why || ddefer_init(&k->defer, dcheck_defer_max) < 0) {
		free(k->procs_why);
		report(k, 1, "check", -1, "out of memory");
		return;
	}
	s->state = k->state;    /* targets are judged by it as it fills */
	scan_tags(k);
	scan_pots(k, 0);
	if (k->defer_from < s->geo.pot_count)
		scan_pots(k, 1);
	ddefer_free(&k->defer);
	if (dprocs_from_marks(s, k->procs_why, &procs) == 0)
		s->procs = &procs;
	free(k->procs_why);
	check_log(k);
	check_runlist(k);
	check_spaces(k);
	check_bank(k);
	if (s->procs)
		dprocs_free(&procs);
	s->procs = NULL;
	s->state = NULL;
}

int
dcmd_check(dctx_t *c, int argc, char **argv)
{
	static const char *const cols[] = { "severity", "object", "block", "problem", 0 };
	dstate_t state;
	chk_t k;

	(void)argc, (void)argv;
	memset(&k, 0, sizeof k);
	memset(&state, 0, sizeof state);
	if (c->s->r && dstate_init(&state, &c->s->geo) < 0)
		return dump_fail(DS_OPERR, "check: out of memory for the table of %u nodes and %u pages",
				 c->s->geo.node_count, c->s->geo.page_count);
	k.s = c->s;
	k.state = &state;
	k.o = c->o;
	dout_begin(c->o, "check");
	dout_table(c->o, "problems", cols);
	check_roots(&k);
	if (c->s->r)
		check_store(&k, c->s);
	dstate_free(&state);
	dout_table_end(c->o);
	if (k.errors + k.warnings > SHOW_MAX)
		dout_text(c->o, "# ... %u more not shown\n", k.errors + k.warnings - SHOW_MAX);
	summary(&k);
	dout_end(c->o);
	return k.errors ? DS_ERRORS : 0;
}
