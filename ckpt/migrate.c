/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * migrate.c -- migration: put the newest committed version of every
 * object in the overlay index at its home location.
 *
 * A round migrates the generations up to m (the newest committed when it
 * starts): the overlay entries of m and older, sorted by OID.  It runs in
 * steps -- one pot, or one run of at most MG_RUN pages -- between which
 * processes run and the writer goes on; a generation newer than m may
 * commit meanwhile and replace entries of the round (overlay_put): those
 * objects are superseded by a newer logged version and skipped, since
 * their home will be written when that version is migrated.  After the
 * last step and a FLUSH CACHE the caller records migrated_through = m (in
 * the next root, invariant I3) and drops the round's entries from the
 * overlay.
 *
 * The versions come from the log, never from the object cache: the log
 * copy is what a durable root committed, so only committed versions ever
 * reach a home (invariant I2), whatever has happened in memory since.
 * Every copy is verified against its directory entry before it is
 * written (I5); a damaged log copy stops migration with a message, and
 * nothing is recorded as migrated.  Their log blocks cannot be reused
 * during the round: no durable root says they are migrated yet (I1).
 *
 * Node records are read-modify-written one pot at a time, and page
 * frames -- which the writer logged mostly in OID order -- go out in
 * runs of consecutive frames read from runs of consecutive log blocks;
 * each tag block is read once, kept open over the steps of the pages it
 * covers, each tag updated and sealed on its own, and written when the
 * next entry is not one of its pages.
 *
 * Re-running a round is harmless: it writes the same versions again.
 */
#include "ckpt/migrate.h"
#include "ckpt/overlay.h"
#include "ckpt/ckio.h"
#include "kernel/pmem.h"

#define MG_RUN 64u

static uint32_t *order;        /* overlay positions, sorted by OID */
static uint8_t *run;           /* MG_RUN blocks of page data */
static ck_pot_t pot_buf, log_buf __attribute__((aligned(16)));
static ck_tag_block_t tag_buf __attribute__((aligned(16)));
static uint32_t log_buf_rel = CK_NO_BLOCK;
static const ck_root_t *mr;
static struct {
	uint64_t upto;             /* the round migrates generations <= upto */
	uint32_t n, next;          /* entries in order[]; the next to migrate */
	uint32_t tag_block;        /* in tag_buf, being updated; or CK_NO_BLOCK */
} mg;

void
migrate_init(uint32_t max)
{
	order = pmem_alloc_contig((uint32_t)(ALIGN_UP(max * sizeof *order, PAGE_SIZE) / PAGE_SIZE));
	run = pmem_alloc_contig(MG_RUN);
	if (!order || !run)
		panic("migrate: cannot reserve its buffers at boot");
}

static bool
oid_before(uint32_t a, uint32_t b)
{
	return overlay_at(a)->e.oid < overlay_at(b)->e.oid;
}

/* Is order[k] still an entry of the round (not superseded)? */
static bool
live(uint32_t k)
{
	return overlay_at(order[k])->gen <= mg.upto;
}

static int
bad(const struct ov_ent *v, const char *why)
{
	kprintf("migrate: log copy of %#llx (generation %llu, log block %u) is damaged: %s; not migrated\n",
		(unsigned long long)v->e.oid, (unsigned long long)v->gen, v->e.log_block, why);
	return CK_EDAMAGED;
}

/* Put node entry v's log record into pot_buf's record. */
static int
node_into_pot(const struct ov_ent *v, unsigned record)
{
	if (log_buf_rel != v->e.log_block) {
		log_buf_rel = CK_NO_BLOCK;
		int err = ckio_log_read(&mr->geo, v->e.log_block, 1, &log_buf);
		if (err)
			return err;
		log_buf_rel = v->e.log_block;
	}
	const char *why = ck_log_node_block_check(&log_buf, v->gen);
	if (!why)
		why = ck_log_node_check(&log_buf.node[v->e.slot], &v->e);
	if (why)
		return bad(v, why);
	pot_buf.node[record] = log_buf.node[v->e.slot];
	return 0;
}

/* Nodes order[i..] sharing one pot; returns how many were migrated. */
static int
migrate_pot(uint32_t i, uint32_t n, uint32_t *done)
{
	ck_node_home_t h;
	const struct ov_ent *v = overlay_at(order[i]);

	ck_node_home(&mr->geo, v->e.oid, &h);
	int err = ckio_read(h.block, 1, &pot_buf);
	if (err)
		return err;
	const char *why = ck_pot_check(&pot_buf, h.block - mr->geo.pot_start);
	if (why)
		return bad(v, why);
	uint32_t k = i;
	for (; k < n; k++) {
		ck_node_home_t hk;
		v = overlay_at(order[k]);
		if (v->e.type != CK_DIR_NODE || ck_node_home(&mr->geo, v->e.oid, &hk) || hk.block != h.block)
			break;
		if (live(k) && (err = node_into_pot(v, hk.record)))
			return err;
	}
	*done = k - i;
	return ckio_write(h.block, 1, &pot_buf);
}

/* Is entry b the page right after a, in the log and at home? */
static bool
follows(const struct ov_ent *a, const struct ov_ent *b)
{
	return b->e.type == CK_DIR_PAGE && a->e.type == CK_DIR_PAGE &&
	       b->e.oid == a->e.oid + 1 &&
	       b->e.log_block == (a->e.log_block + 1) % mr->geo.log_blocks &&
	       ck_oid_index(b->e.oid) % CK_TAGS_PER_BLOCK != 0;
}

/* Frames of the run order[i .. i+k): read from the log, verified, written home. */
static int
page_frames(uint32_t i, uint32_t k)
{
	const struct ov_ent *v = overlay_at(order[i]);
	ck_page_home_t h;

	ck_page_home(&mr->geo, v->e.oid, &h);
	int err = ckio_log_read(&mr->geo, v->e.log_block, k, run);
	if (err)
		return err;
	for (uint32_t j = 0; j < k; j++) {
		const struct ov_ent *w = overlay_at(order[i + j]);
		if (ck_page_crc(run + (size_t)j * CK_BLOCK_SIZE) != w->e.crc)
			return bad(w, "page contents do not match the CRC in its directory entry");
	}
	return ckio_write(h.frame_block, k, run);
}

static void
set_tag(const struct ov_ent *v)
{
	ck_page_home_t h;

	ck_page_home(&mr->geo, v->e.oid, &h);
	ck_tag_t *t = &tag_buf.tag[h.tag_index];
	*t = (ck_tag_t){ .alloc_count = v->e.alloc_count, .crc = v->e.crc, .flags = v->e.flags };
	ck_tag_seal(t, ck_oid_index(v->e.oid));
}

/* The home tag block of entry k (a page), or CK_NO_BLOCK (a node, or k
 * past the end). */
static uint32_t
tag_block_of(uint32_t k)
{
	ck_page_home_t h;
	const struct ov_ent *v;

	if (k >= mg.n || (v = overlay_at(order[k]))->e.type == CK_DIR_NODE ||
	    ck_page_home(&mr->geo, v->e.oid, &h))
		return CK_NO_BLOCK;
	return h.tag_block;
}

/* The open tag block goes home unless entry k needs it too. */
static int
close_tags_unless(uint32_t k)
{
	if (mg.tag_block == CK_NO_BLOCK || tag_block_of(k) == mg.tag_block)
		return 0;
	mg.tag_block = CK_NO_BLOCK;
	return ckio_write(tag_buf.index + mr->geo.tag_start, 1, &tag_buf);
}

static int
open_tags(const struct ov_ent *v, uint32_t block)
{
	if (mg.tag_block == block)
		return 0;
	int err = ckio_read(block, 1, &tag_buf);
	if (err)
		return err;
	if (tag_buf.magic != CK_TAG_MAGIC || tag_buf.index != block - mr->geo.tag_start)
		return bad(v, "its home tag block is damaged");
	mg.tag_block = block;
	return 0;
}

/* One run of pages from order[i] (consecutive in the log and at home,
 * at most MG_RUN, or one all-zero page): frames home, tags set in the
 * open tag block, which goes home once no later entry needs it. */
static int
migrate_pages(uint32_t i, uint32_t n, uint32_t *done)
{
	const struct ov_ent *v = overlay_at(order[i]);
	uint32_t len = 1;
	int err = open_tags(v, tag_block_of(i));

	if (err)
		return err;
	while (v->e.type == CK_DIR_PAGE && i + len < n && len < MG_RUN && live(i + len) &&
	       follows(overlay_at(order[i + len - 1]), overlay_at(order[i + len])))
		len++;
	if (v->e.type == CK_DIR_PAGE && (err = page_frames(i, len)))
		return err;
	for (uint32_t j = 0; j < len; j++)
		set_tag(overlay_at(order[i + j]));
	*done = len;
	return 0;
}

void
migrate_begin(const ck_root_t *r, uint64_t upto)
{
	uint32_t n = overlay_count();

	mr = r;
	log_buf_rel = CK_NO_BLOCK;
	mg.upto = upto;
	mg.n = mg.next = 0;
	mg.tag_block = CK_NO_BLOCK;
	for (uint32_t k = 0; k < n; k++)
		if (overlay_at(k)->gen <= upto)
			order[mg.n++] = k;
	sort_u32(order, mg.n, oid_before);
}

int
migrate_step(void)
{
	uint32_t done = 0;

	while (mg.next < mg.n && !live(mg.next))
		mg.next++;                      /* superseded since the round began */
	int err = close_tags_unless(mg.next);
	if (err || mg.next == mg.n)
		return err;
	err = overlay_at(order[mg.next])->e.type == CK_DIR_NODE ?
	      migrate_pot(mg.next, mg.n, &done) : migrate_pages(mg.next, mg.n, &done);
	mg.next += done;
	return err ? err : MIGRATE_MORE;
}
