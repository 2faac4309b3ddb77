/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_logdir.c -- host tests of ck_log_walk() (ckpt/logdir.c), the one
 * walker of the log's directory chains, over logs laid out by the test
 * store's checkpoint writer (tests/lib/teststore_log.c).  Each test breaks
 * one link the walker must refuse and checks where and why it stops.
 */
#include "tests/unit/unit.h"
#include "tests/lib/teststore.h"
#include "ckpt/logdir.h"

#define MAX_SEEN 64

typedef struct walked {
	ts_t *t;
	unsigned reads, nseen;
	uint64_t gen[MAX_SEEN];
	uint32_t rel[MAX_SEEN];
} walked_t;

static int
read_block(void *ctx, uint32_t rel, ck_dir_block_t *buf)
{
	walked_t *w = ctx;

	w->reads++;
	memcpy(buf, ts_dir(w->t, rel), sizeof *buf);
	return 0;
}

static int
visit(void *ctx, uint64_t gen, uint32_t rel, const ck_dir_block_t *d)
{
	walked_t *w = ctx;

	(void)d;
	if (w->nseen < MAX_SEEN) {
		w->gen[w->nseen] = gen;
		w->rel[w->nseen++] = rel;
	}
	return 0;
}

static const ck_root_t *
newest(ts_t *t)
{
	int cur = ck_root_choose(ts_root(t, 0), ts_root(t, 1), t->blocks);

	return cur < 0 ? NULL : ts_root(t, (unsigned)cur);
}

/* Walk from the chosen root; the result in *out, what was seen in *w. */
static void
walk(ts_t *t, walked_t *w, ck_walk_t *out)
{
	static ck_dir_block_t buf;

	memset(w, 0, sizeof *w);
	w->t = t;
	ck_log_walk(newest(t), read_block, visit, w, &buf, out);
}

static void
reseal(ts_t *t)
{
	ts_reseal_log(t->buf, t->blocks, &t->geo);
}

/* The demo: gen 1 at log blocks 0..2 (directory 2, root B), gen 2 at
 * 3..4 (directory 4, root A). */
static void
demo(ts_t *t)
{
	ts_init(t, 256);
	ts_demo_log(t, 0);
}

/* A generation of n zero pages after the demo's two: its directory has
 * n / 126 + 1 blocks, from block 5 on. */
static void
demo_long(ts_t *t, unsigned n)
{
	demo(t);
	for (unsigned j = 0; j < n; j++)
		ts_log_zero_page(t, 10 + j);
	ts_log_commit(t, 0);
}

/* Leave at rel another sealed directory block of the same generation and
 * seq, as an earlier, uncommitted attempt would have: entry k differs. */
static void
make_stale(ts_t *t, uint32_t rel, unsigned k)
{
	ck_dir_block_t *d = ts_dir(t, rel);

	d->entry[k].alloc_count++;
	ck_dir_block_seal(d);
}

UNIT_TEST(good_two_generation_chain)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	walk(&t, &w, &r);
	CHECK(r.why == NULL);
	CHECK_EQ(r.ngens, 2);
	CHECK_EQ(r.nblocks, 2);
	CHECK_EQ(r.nentries, 4);
	CHECK_EQ(w.nseen, 2);
	CHECK(w.gen[0] == 2 && w.rel[0] == 4);
	CHECK(w.gen[1] == 1 && w.rel[1] == 2);
	ts_free(&t);
}

UNIT_TEST(long_generation_is_one_chain)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo_long(&t, 200);
	walk(&t, &w, &r);
	CHECK(r.why == NULL);
	CHECK_EQ(r.ngens, 3);
	CHECK_EQ(r.nblocks, 4);
	CHECK_EQ(r.nentries, 204);
	CHECK(w.gen[0] == 3 && w.rel[0] == 5 && w.gen[1] == 3 && w.rel[1] == 6);
	CHECK_EQ(ts_dir(&t, 5)->next_block, 6);
	ts_free(&t);
}

UNIT_TEST(wrapped_log_is_walked)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	ts_init(&t, 256);
	ts_demo_log(&t, t.geo.log_blocks - 2);  /* gen 1: L-2, L-1, 0; gen 2: 1, 2 */
	walk(&t, &w, &r);
	CHECK(r.why == NULL);
	CHECK_EQ(r.ngens, 2);
	CHECK(w.rel[0] == 2 && w.rel[1] == 0);
	CHECK_EQ(newest(&t)->log_tail, t.geo.log_blocks - 2);
	CHECK_EQ(newest(&t)->log_head, 3);
	/* A long directory that itself wraps round the end of the log. */
	ts_free(&t);
	ts_init(&t, 256);
	ts_demo(&t);
	t.log_head = t.geo.log_blocks - 1;
	for (unsigned j = 0; j < 130; j++)
		ts_log_zero_page(&t, j);
	CHECK_EQ(ts_log_commit(&t, 0), 1);
	walk(&t, &w, &r);
	CHECK(r.why == NULL);
	CHECK_EQ(r.nblocks, 2);
	CHECK(w.rel[0] == t.geo.log_blocks - 1 && w.rel[1] == 0);
	ts_free(&t);
}

UNIT_TEST(stale_block_of_the_same_generation_is_not_followed)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;
	const char *stale = "directory block: not the one its link names (CRC differs)";

	demo(&t);                       /* the root's link */
	make_stale(&t, 4, 0);
	walk(&t, &w, &r);
	CHECK_STR(r.why, stale);
	CHECK(r.why_block == 4 && r.why_gen == 2);
	CHECK_EQ(w.nseen, 0);
	ts_free(&t);
	demo_long(&t, 200);             /* a next link inside a generation */
	make_stale(&t, 6, 3);
	walk(&t, &w, &r);
	CHECK_STR(r.why, stale);
	CHECK(r.why_block == 6 && w.nseen == 1);
	ts_free(&t);
	demo(&t);                       /* a previous-generation link */
	make_stale(&t, 2, 1);
	walk(&t, &w, &r);
	CHECK_STR(r.why, stale);
	CHECK(r.why_block == 2 && r.why_gen == 1 && r.ngens == 1);
	ts_free(&t);
}

UNIT_TEST(broken_next_crc_stops_the_chain)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo_long(&t, 200);
	ck_dir_block_t *d = ts_dir(&t, 5);
	d->next_crc ^= 1;
	ck_dir_block_seal(d);
	ck_root_t *root = ts_root(&t, 1);   /* generation 3's */
	root->dir_crc = d->crc;
	ck_root_seal(root);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block: not the one its link names (CRC differs)");
	CHECK(r.why_block == 6 && r.why_gen == 3 && w.nseen == 1);
	/* and its own CRC, unsealed */
	reseal(&t);
	walk(&t, &w, &r);
	CHECK(r.why == NULL);
	ts_dir(&t, 6)->entry[0].oid ^= 1;
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block: CRC mismatch");
	ts_free(&t);
}

UNIT_TEST(loops_end_bounded)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	/* seq 1 names seq 0 again, every CRC made consistent where it can be. */
	demo_long(&t, 200);
	ts_dir(&t, 6)->next_block = 5;
	reseal(&t);
	walk(&t, &w, &r);
	CHECK(r.why != NULL && r.why_block == 5);
	CHECK(w.reads <= 3);
	ts_free(&t);
	/* A block that names itself. */
	demo(&t);
	ts_dir(&t, 4)->next_block = 4;
	reseal(&t);
	walk(&t, &w, &r);
	CHECK(r.why != NULL && r.why_block == 4);
	CHECK(w.reads <= 2);
	ts_free(&t);
}

UNIT_TEST(zero_directory_block_is_damage)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	memset(ts_dir(&t, 2), 0, CK_BLOCK_SIZE);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block is all zero (lost write or damage)");
	CHECK(r.why_block == 2 && r.why_gen == 1 && r.ngens == 1);
	memset(ts_dir(&t, 4), 0, CK_BLOCK_SIZE);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block is all zero (lost write or damage)");
	CHECK(r.why_block == 4 && r.ngens == 0 && r.nblocks == 0);
	ts_free(&t);
}

UNIT_TEST(reserved_directory_block_field_is_checked)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	ts_dir(&t, 2)->reserved[11] = 1;   /* sealed, and bound by the links */
	reseal(&t);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block: reserved field not zero");
	CHECK(r.why_block == 2 && r.why_gen == 1 && r.ngens == 1);
	ts_free(&t);
}

UNIT_TEST(previous_generation_must_be_older)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	ck_dir_block_t *d = ts_dir(&t, 2);  /* gen 1 names gen 2 as its previous */
	d->prev_gen_block = 4;
	d->prev_generation = 2;
	reseal(&t);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "previous generation is not older");
	CHECK(r.why_gen == 1 && r.ngens == 2 && r.nblocks == 2);
	d->prev_generation = 1;             /* itself */
	reseal(&t);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "previous generation is not older");
	ts_free(&t);
	/* A previous link to a block of the wrong generation. */
	demo(&t);
	ts_dir(&t, 4)->prev_generation = 0;  /* gen 1's block called gen 0 */
	reseal(&t);
	walk(&t, &w, &r);
	CHECK(r.why == NULL && r.ngens == 1); /* gen 0 is never walked */
	ts_dir(&t, 4)->prev_generation = 3;
	reseal(&t);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "previous generation is not older");
	ts_free(&t);
}

UNIT_TEST(first_block_must_match_the_root)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	ck_root_t *root = ts_root(&t, 0);   /* generation 2: first block 3 */
	CHECK_EQ(root->gen_first_block, 3);
	root->gen_first_block = 2;
	ck_root_seal(root);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory names another first log block than the root");
	CHECK(r.why_gen == 2 && r.ngens == 0);
	root->gen_first_block = 3;
	ck_root_seal(root);
	ts_dir(&t, 4)->first_block = t.geo.log_blocks;
	reseal(&t);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block: first log block out of range");
	ts_free(&t);
}

UNIT_TEST(only_the_live_unmigrated_log_is_walked)
{
	ts_t t;
	walked_t w;
	ck_walk_t r;

	demo(&t);
	ts_log_zero_page(&t, 9);
	ts_log_commit(&t, 1);               /* gen 3; gen 1 is home now */
	const ck_root_t *root = newest(&t);
	CHECK(root->generation == 3 && root->log_tail == 3 && root->log_head == 6);
	walk(&t, &w, &r);
	CHECK(r.why == NULL && r.ngens == 2);
	CHECK(w.gen[0] == 3 && w.gen[1] == 2);
	ts_log_zero_page(&t, 8);
	ts_log_commit(&t, 3);               /* gen 4, the previous migrated */
	CHECK_EQ(ts_dir(&t, 6)->prev_gen_block, CK_NO_BLOCK);
	walk(&t, &w, &r);
	CHECK(r.why == NULL && r.ngens == 1);
	/* A directory block outside [log_tail, log_head) is not read. */
	ck_root_t *b = ts_root(&t, 0);
	CHECK_EQ(b->generation, 4);
	b->log_head = 6;
	ck_root_seal(b);
	walk(&t, &w, &r);
	CHECK_STR(r.why, "directory block outside the live log");
	CHECK_EQ(w.reads, 0);
	ts_free(&t);
}

UNIT_MAIN()
