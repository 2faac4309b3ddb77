/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * logdir.c -- the one walker of the checkpoint log's directories, shared
 * by the kernel's restart and cairn-dump.  It does no I/O of its own:
 * the caller reads blocks (from the disk, or from a mapped image).
 *
 *   root --dir_block, dir_crc--> [gen g, seq 0] --next, next_crc--> [g, 1] ...
 *                                   | prev_gen_block, prev_crc
 *                                   v
 *                                [gen g', seq 0] --> ...          (g' < g)
 *
 * Every link is untrusted until checked: the block it names must lie in
 * the live part of the log, carry the directory magic and its own good
 * CRC, and that CRC must be the one the link promised (so a directory
 * block left behind by an earlier, uncommitted attempt at the same
 * generation is never taken for the committed one); its generation and
 * seq must be the expected ones and its entry count in range.
 * Generations strictly decrease, only generations newer than the root's
 * migrated_through are walked (older ones are at home and their log
 * space may have been reused), and the whole walk is bounded by
 * log_blocks steps, so no image can make it loop.
 */
#include "ckpt/logdir.h"

/* Why the block just read is not generation gen's block seq with CRC want. */
static const char *
dir_why(const ck_root_t *r, const ck_dir_block_t *d, uint64_t gen, uint32_t seq,
	uint32_t want)
{
	if (d->magic != CK_DIR_MAGIC)
		return ck_block_is_zero(d) ? "directory block is all zero (lost write or damage)"
					   : "directory block: bad magic";
	if (d->crc != ck_dir_block_crc(d))
		return "directory block: CRC mismatch";
	if (d->crc != want)
		return "directory block: not the one its link names (CRC differs)";
	if (d->generation != gen)
		return "directory block: wrong generation";
	if (d->seq != seq)
		return "directory block: out of sequence";
	if (d->count > CK_DIR_ENTRIES)
		return "directory block: entry count too large";
	if (!ck_is_zero(d->reserved, sizeof d->reserved))
		return "directory block: reserved field not zero";
	if (seq == 0 && d->first_block >= r->geo.log_blocks)
		return "directory block: first log block out of range";
	return 0;
}

static int
stop(ck_walk_t *w, const char *why, uint32_t block, uint64_t gen)
{
	w->why = why;
	w->why_block = block;
	w->why_gen = gen;
	return -1;
}

/* What a generation's seq-0 block says about the generation before it. */
struct links {
	uint32_t prev_block, prev_crc, first_block;
	uint64_t prev_gen;
};

/* Walk generation gen's chain from block b (CRC want); on success the
 * seq-0 block's links are left in *l. */
static int
walk_gen(const ck_root_t *r, ck_dir_read_fn rd, ck_dir_visit_fn visit, void *ctx,
	 ck_dir_block_t *buf, ck_walk_t *w, uint64_t gen, uint32_t b, uint32_t want,
	 struct links *l)
{
	for (uint32_t seq = 0; b != CK_NO_BLOCK; seq++) {
		if (w->nblocks >= r->geo.log_blocks)
			return stop(w, "directory chain loops", b, gen);
		if (b >= r->geo.log_blocks || !ck_log_live(r, b))
			return stop(w, "directory block outside the live log", b, gen);
		if (rd(ctx, b, buf))
			return stop(w, "directory block could not be read", b, gen);
		const char *why = dir_why(r, buf, gen, seq, want);
		if (why)
			return stop(w, why, b, gen);
		if (seq == 0)
			*l = (struct links){ buf->prev_gen_block, buf->prev_crc,
					     buf->first_block, buf->prev_generation };
		w->nblocks++;
		w->nentries += buf->count;
		uint32_t next = buf->next_block;
		want = buf->next_crc;
		if (visit && visit(ctx, gen, b, buf)) {
			w->stopped = 1;
			return -1;
		}
		b = next;
	}
	return 0;
}

void
ck_log_walk(const ck_root_t *r, ck_dir_read_fn rd, ck_dir_visit_fn visit,
	    void *ctx, ck_dir_block_t *buf, ck_walk_t *w)
{
	struct links head = { 0 };  /* always set by walk_gen before use; gcc cannot see it */
	uint64_t gen = r->generation;
	uint32_t b = r->dir_block, want = r->dir_crc;

	*w = (ck_walk_t){ 0 };
	while (b != CK_NO_BLOCK && gen > r->migrated_through) {
		if (walk_gen(r, rd, visit, ctx, buf, w, gen, b, want, &head))
			return;
		if (gen == r->generation && head.first_block != r->gen_first_block) {
			stop(w, "directory names another first log block than the root", b, gen);
			return;
		}
		w->ngens++;
		if (head.prev_block != CK_NO_BLOCK && head.prev_gen >= gen) {
			stop(w, "previous generation is not older", b, gen);
			return;
		}
		b = head.prev_block;
		want = head.prev_crc;
		gen = head.prev_gen;
	}
}
