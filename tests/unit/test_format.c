/* SPDX-License-Identifier: BSD-2-Clause */
/* test_format.c -- host tests of ckpt/format.c and kernel/abi/cap.h. */
#include "tests/unit/unit.h"
#include "ckpt/format.h"
#include "ckpt/crc32c_hw.h"

UNIT_TEST(crc32c_known_vectors)
{
	CHECK_EQ(ck_crc32c(0, "123456789", 9), 0xe3069283u);
	CHECK_EQ(ck_crc32c(0, "", 0), 0);
	/* Chaining equals one pass, whatever the split and alignment. */
	char buf[100];
	for (int i = 0; i < 100; i++)
		buf[i] = (char)(i * 7 + 3);
	uint32_t whole = ck_crc32c(0, buf, 100);
	for (int s = 0; s <= 100; s += 13)
		CHECK_EQ(ck_crc32c(ck_crc32c(0, buf, s), buf + s, 100 - s), whole);
	CHECK_EQ(ck_crc32c(0, buf + 1, 99), ck_crc32c(0, buf + 1, 99));
}

/* The CPU's instruction (crc32c_hw.c, three interleaved streams), with
 * the long part folded by carry-less multiplication where the CPU can
 * (crc32c_fold.c: 256 bytes and up), and the tables agree on every
 * length and alignment, across the boundaries of both stream lengths
 * (3 x 1360 and 3 x 168 bytes) and of the folding (64-byte steps). */
UNIT_TEST(crc32c_hardware_matches_tables)
{
	static unsigned char buf[3 * 3072 + 64];
	uint32_t x = 12345;

	if (!ck_crc32c_hw_ok())
		return;         /* nothing to compare on this CPU */
	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (unsigned char)(x >> 16);
	}
	static const size_t lens[] = { 0, 1, 7, 8, 9, 63, 64, 255, 256, 257, 319, 320, 321,
				       503, 504, 505, 512, 544, 1008, 1015,
				       3071, 3072, 3073, 4079, 4080, 4081, 4096, 4584, 4591,
				       8160, 8161, 9216, sizeof buf - 8 };
	for (unsigned a = 0; a < 8; a++)
		for (unsigned l = 0; l < sizeof lens / sizeof lens[0]; l++) {
			CHECK_EQ(ck_crc32c_hw(0, buf + a, lens[l]),
				 ck_crc32c_portable(0, buf + a, lens[l]));
			CHECK_EQ(ck_crc32c_hw(0x1234567u, buf + a, lens[l]),
				 ck_crc32c_portable(0x1234567u, buf + a, lens[l]));
			CHECK_EQ(ck_crc32c_streams(0x1234567u, buf + a, lens[l]),
				 ck_crc32c_portable(0x1234567u, buf + a, lens[l]));
		}
}

UNIT_TEST(cap_accessors_round_trip)
{
	cap_t c = cap_make(CT_START, CAP_R_NOCALL | CAP_R_WEAK, 0xbeef, 42,
			   ck_oid_make(CK_OID_KIND_NODE, 7));
	CHECK_EQ(cap_type(&c), CT_START);
	CHECK_EQ(cap_restr(&c), CAP_R_NOCALL | CAP_R_WEAK);
	CHECK_EQ(cap_badge(&c), 0xbeef);
	CHECK_EQ(c.count, 42);
	CHECK_EQ(ck_oid_kind(c.oid), CK_OID_KIND_NODE);
	CHECK_EQ(ck_oid_index(c.oid), 7);
	cap_t n = cap_number(1, 0xffffffffu, 3);
	CHECK_EQ(cap_type(&n), CT_NUMBER);
	CHECK_EQ(cap_num(&n, 0), 1);
	CHECK_EQ(cap_num(&n, 1), 0xffffffffu);
	CHECK_EQ(cap_num(&n, 2), 3);
	cap_set_num(&n, 1, 5);
	CHECK_EQ(cap_num(&n, 1), 5);
	CHECK_EQ(cap_num(&n, 2), 3);
	cap_t v = cap_void();
	CHECK_EQ(cap_type(&v), CT_VOID);
	CHECK(!cap_equal(&c, &v));
	CHECK_EQ(cap_restr(&(cap_t){ cap_with_restr(c, CAP_R_RO).w0, 0, 0 }),
		 CAP_R_NOCALL | CAP_R_WEAK | CAP_R_RO);
}

UNIT_TEST(geometry_fits_and_homes_are_distinct)
{
	ck_geometry_t g;
	CHECK_EQ(ck_geometry_compute(&g, 10, 0), -1);
	CHECK_EQ(ck_geometry_compute(&g, 16384, 0), 0);
	CHECK(ck_geometry_check(&g, 16384) == NULL);
	CHECK(ck_geometry_check(&g, 16383) != NULL);
	CHECK(g.frame_start + g.page_count <= 16384);
	CHECK(g.tag_count * CK_TAGS_PER_BLOCK >= g.page_count);
	ck_node_home_t nh;
	ck_page_home_t ph;
	CHECK_EQ(ck_node_home(&g, ck_oid_make(CK_OID_KIND_NODE, 0), &nh), 0);
	CHECK_EQ(nh.block, g.pot_start);
	CHECK_EQ(ck_node_home(&g, ck_oid_make(CK_OID_KIND_NODE, 8), &nh), 0);
	CHECK_EQ(nh.block, g.pot_start + 1);
	CHECK_EQ(nh.record, 1);
	CHECK_EQ(ck_node_home(&g, ck_oid_make(CK_OID_KIND_NODE, g.node_count), &nh), -1);
	CHECK_EQ(ck_node_home(&g, ck_oid_make(CK_OID_KIND_PAGE, 0), &nh), -1);
	uint32_t last = g.page_count - 1;
	CHECK_EQ(ck_page_home(&g, ck_oid_make(CK_OID_KIND_PAGE, last), &ph), 0);
	CHECK_EQ(ph.frame_block, g.total_blocks - 1 - (g.total_blocks - g.frame_start - g.page_count));
	CHECK_EQ(ph.tag_block, g.tag_start + last / CK_TAGS_PER_BLOCK);
	CHECK_EQ(ck_page_home(&g, ck_oid_make(CK_OID_KIND_PAGE, g.page_count), &ph), -1);
	/* Every size from tiny to 4 GiB lays out soundly. */
	for (uint32_t t = 64; t < 1048576; t = t * 3 + 1) {
		CHECK_EQ(ck_geometry_compute(&g, t, 0), 0);
		CHECK(ck_geometry_check(&g, t) == NULL);
	}
}

UNIT_TEST(log_size_default_asked_and_refused)
{
	ck_geometry_t g;

	CHECK_EQ(ck_geometry_compute(&g, 16384, 0), 0);
	CHECK_EQ(g.log_blocks, 16384 / 8);
	CHECK_EQ(ck_geometry_compute(&g, 64, 0), 0);
	CHECK_EQ(g.log_blocks, CK_MIN_LOG_BLOCKS);             /* an eighth is too few */
	CHECK_EQ(ck_geometry_compute(&g, 1048576, 0), 0);
	CHECK_EQ(g.log_blocks, CK_DEFAULT_LOG_MAX);            /* an eighth is too many */
	CHECK_EQ(ck_geometry_compute(&g, 16384, 100), 0);
	CHECK_EQ(g.log_blocks, 100);
	CHECK_EQ(g.pot_start, 102);
	CHECK(ck_geometry_check(&g, 16384) == NULL);
	CHECK_EQ(ck_geometry_compute(&g, 16384, 8192), 0);     /* half the store */
	CHECK_EQ(ck_geometry_compute(&g, 16384, 8193), -1);    /* more than half */
	CHECK_EQ(ck_geometry_compute(&g, 16384, CK_MIN_LOG_BLOCKS - 1), -1);
	/* A root's geometry with a log out of range is refused, whatever else it says. */
	CHECK_EQ(ck_geometry_compute(&g, 16384, 8192), 0);
	g.log_blocks = 8193;
	g.pot_start = g.log_start + g.log_blocks;
	CHECK_STR(ck_geometry_check(&g, 16384), "log size out of range");
}

UNIT_TEST(node_seal_and_check)
{
	ck_node_t n;
	memset(&n, 0, sizeof n);
	n.oid = ck_oid_make(CK_OID_KIND_NODE, 3);
	n.alloc_count = 9;
	n.slot[5] = cap_number(1, 2, 3);
	ck_node_seal(&n);
	CHECK(ck_node_check(&n, n.oid) == NULL);
	CHECK(ck_node_check(&n, n.oid + 1) != NULL);
	n.slot[5].count ^= 1;
	CHECK_STR(ck_node_check(&n, n.oid), "CRC mismatch");
}

static void
make_root(ck_root_t *r, unsigned slot, uint64_t gen)
{
	memset(r, 0, sizeof *r);
	r->magic = CK_ROOT_MAGIC;
	r->version = CK_FORMAT_VERSION;
	r->block_size = CK_BLOCK_SIZE;
	r->generation = gen;
	r->root_slot = slot;
	ck_geometry_compute(&r->geo, 16384, 0);
	r->dir_block = gen ? 7 : CK_NO_BLOCK;
	r->gen_first_block = gen ? 5 : CK_NO_BLOCK;
	r->log_head = gen ? 8 : 0;
	ck_root_seal(r);
}

UNIT_TEST(root_choice_survives_a_torn_root)
{
	static ck_root_t a, b;
	make_root(&a, 0, 4);
	make_root(&b, 1, 5);
	CHECK_EQ(ck_root_choose(&a, &b, 16384), 1);
	b.runlist[3].oid ^= 0x100; /* torn: the CRC no longer matches */
	CHECK_STR(ck_root_check(&b, 1, 16384), "CRC mismatch (torn or damaged)");
	CHECK_EQ(ck_root_choose(&a, &b, 16384), 0);
	a.magic = 0;
	CHECK_EQ(ck_root_choose(&a, &b, 16384), -1);
	make_root(&a, 0, 4);
	a.version = 99;
	ck_root_seal(&a);
	CHECK_STR(ck_root_check(&a, 0, 16384), "unknown format version");
	make_root(&a, 0, 4);
	CHECK(ck_root_check(&a, 1, 16384) != NULL); /* wrong slot */
}

UNIT_TEST(root_check_version_before_crc_and_zero_is_damage)
{
	static ck_root_t r;

	/* A root of another version is named as such even though this
	 * version's CRC rule does not hold for it (v1 sealed differently). */
	make_root(&r, 0, 0);
	r.version = 1;
	CHECK_STR(ck_root_check(&r, 0, 16384), "unknown format version");
	memset(&r, 0, sizeof r);
	CHECK_STR(ck_root_check(&r, 0, 16384), "all zero (lost write or damage)");
	r.magic = 1;
	CHECK_STR(ck_root_check(&r, 0, 16384), "bad magic");
}

/* Seal r after edit(), then expect why from ck_root_check. */
static const char *
root_edited(unsigned gen, void (*edit)(ck_root_t *r))
{
	static ck_root_t r;

	make_root(&r, 0, gen);
	edit(&r);
	ck_root_seal(&r);
	const char *why = ck_root_check(&r, 0, 16384);
	return why ? why : "(valid)";
}

static void e_none(ck_root_t *r) { (void)r; }
static void e_dir(ck_root_t *r) { r->dir_block = 3; }
static void e_nodir(ck_root_t *r) { r->dir_block = CK_NO_BLOCK; }
static void e_first(ck_root_t *r) { r->gen_first_block = r->geo.log_blocks; }
static void e_migrated(ck_root_t *r) { r->migrated_through = r->generation + 1; }
static void e_reserved(ck_root_t *r) { r->reserved0 = 1; }

UNIT_TEST(root_binds_its_generation)
{
	CHECK_STR(root_edited(0, e_none), "(valid)");
	CHECK_STR(root_edited(3, e_none), "(valid)");
	CHECK_STR(root_edited(0, e_dir), "directory block and generation disagree");
	CHECK_STR(root_edited(3, e_nodir), "directory block and generation disagree");
	CHECK_STR(root_edited(3, e_first), "first log block out of range");
	CHECK_STR(root_edited(3, e_migrated), "migrated past its own generation");
	CHECK_STR(root_edited(3, e_reserved), "reserved field not zero");
}

/* A tag block whose tags are all sealed for pages index*255 + e. */
static void
make_tags(ck_tag_block_t *t, uint32_t index)
{
	memset(t, 0, sizeof *t);
	t->magic = CK_TAG_MAGIC;
	t->index = index;
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++) {
		t->tag[e].alloc_count = e;
		t->tag[e].crc = 0x1000 + e;
		t->tag[e].flags = CK_TF_ALLOCATED;
		ck_tag_seal(&t->tag[e], index * CK_TAGS_PER_BLOCK + e);
	}
}

static unsigned
bad_tags(const ck_tag_block_t *t, uint32_t index)
{
	unsigned n = 0;

	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++)
		n += ck_tag_check(t, index, e, index * CK_TAGS_PER_BLOCK + e) != NULL;
	return n;
}

UNIT_TEST(each_tag_is_checked_on_its_own)
{
	static ck_tag_block_t t;

	make_tags(&t, 3);
	CHECK_EQ(bad_tags(&t, 3), 0);
	CHECK_STR(ck_tag_check(&t, 4, 0, 4 * CK_TAGS_PER_BLOCK), "tag block holds another index");
	/* One torn tag: only that page's tag is bad. */
	t.tag[40].alloc_count ^= 0x10000;
	CHECK_STR(ck_tag_check(&t, 3, 40, 3 * CK_TAGS_PER_BLOCK + 40), "tag CRC mismatch");
	CHECK(ck_tag_check(&t, 3, 39, 3 * CK_TAGS_PER_BLOCK + 39) == NULL);
	CHECK(ck_tag_check(&t, 3, 41, 3 * CK_TAGS_PER_BLOCK + 41) == NULL);
	CHECK_EQ(bad_tags(&t, 3), 1);
	/* A torn sector (here: zeroed) damages exactly the 32 tags in it. */
	make_tags(&t, 3);
	memset((uint8_t *)&t + 2 * CK_SECTOR_SIZE, 0, CK_SECTOR_SIZE);
	CHECK_EQ(bad_tags(&t, 3), CK_SECTOR_SIZE / sizeof(ck_tag_t));
	/* A tag is bound to its page: the same bytes one entry on are bad. */
	make_tags(&t, 3);
	t.tag[8] = t.tag[7];
	CHECK_STR(ck_tag_check(&t, 3, 8, 3 * CK_TAGS_PER_BLOCK + 8), "tag CRC mismatch");
	/* Unknown flags, even sealed. */
	make_tags(&t, 3);
	t.tag[2].flags |= 0x80;
	ck_tag_seal(&t.tag[2], 3 * CK_TAGS_PER_BLOCK + 2);
	CHECK_STR(ck_tag_check(&t, 3, 2, 3 * CK_TAGS_PER_BLOCK + 2), "tag has unknown flags");
}

UNIT_TEST(zeroed_tag_block_is_damage)
{
	static ck_tag_block_t t;

	memset(&t, 0, sizeof t);
	CHECK_STR(ck_tag_block_check(&t, 0), "tag block is all zero (lost write or damage)");
	CHECK_STR(ck_tag_check(&t, 0, 5, 5), "tag block is all zero (lost write or damage)");
	t.reserved[1] = 1;
	CHECK_STR(ck_tag_check(&t, 0, 5, 5), "tag block has a bad magic number");
	/* A zero tag in a good block fails its CRC: the page index is in it. */
	make_tags(&t, 0);
	memset(&t.tag[5], 0, sizeof t.tag[5]);
	CHECK_STR(ck_tag_check(&t, 0, 5, 5), "tag CRC mismatch");
}

UNIT_TEST(pot_check_names_zero_magic_and_index)
{
	static ck_pot_t p;

	memset(&p, 0, sizeof p);
	CHECK_STR(ck_pot_check(&p, 2), "pot is all zero (lost write or damage)");
	p.node[3].oid = 1;
	CHECK_STR(ck_pot_check(&p, 2), "pot has a bad magic number");
	p.h.magic = CK_POT_MAGIC;
	CHECK_STR(ck_pot_check(&p, 2), "pot holds another index");
	p.h.index = 2;
	CHECK(ck_pot_check(&p, 2) == NULL);
}

/*
 * Every reserved field of the format is zero, and the shared checks
 * refuse a structure where one is not, even sealed (docs/disk-format.md,
 * "Reserved fields"): so a later version can use them and an older
 * reader never misreads that store as its own.
 */
static void e_reserved_tail(ck_root_t *r) { r->reserved[CK_ROOT_HEADER_SIZE - 137] = 1; }
static void e_reserved_head(ck_root_t *r) { r->reserved[0] = 0x80; }

UNIT_TEST(reserved_root_fields_are_checked)
{
	CHECK_STR(root_edited(0, e_reserved), "reserved field not zero");
	CHECK_STR(root_edited(0, e_reserved_head), "reserved field not zero");
	CHECK_STR(root_edited(0, e_reserved_tail), "reserved field not zero");
}

UNIT_TEST(reserved_node_fields_are_checked)
{
	ck_node_t n;

	memset(&n, 0, sizeof n);
	n.oid = ck_oid_make(CK_OID_KIND_NODE, 3);
	n.reserved0 = 1;
	ck_node_seal(&n);
	CHECK_STR(ck_node_check(&n, n.oid), "reserved fields not zero");
	n.reserved0 = 0;
	n.reserved1 = 0x80000000u;
	ck_node_seal(&n);
	CHECK_STR(ck_node_check(&n, n.oid), "reserved fields not zero");
	n.reserved1 = 0;
	ck_node_seal(&n);
	CHECK(ck_node_check(&n, n.oid) == NULL);
}

UNIT_TEST(reserved_tag_fields_are_checked)
{
	static ck_tag_block_t t;

	make_tags(&t, 1);
	t.tag[9].reserved0 = 2;
	ck_tag_seal(&t.tag[9], CK_TAGS_PER_BLOCK + 9);
	CHECK_STR(ck_tag_check(&t, 1, 9, CK_TAGS_PER_BLOCK + 9), "tag: reserved field not zero");
	CHECK(ck_tag_check(&t, 1, 8, CK_TAGS_PER_BLOCK + 8) == NULL);
	make_tags(&t, 1);
	t.reserved[1] = 1;
	CHECK_STR(ck_tag_block_check(&t, 1), "tag block: reserved field not zero");
	CHECK_STR(ck_tag_check(&t, 1, 0, CK_TAGS_PER_BLOCK), "tag block: reserved field not zero");
}

UNIT_TEST(reserved_pot_and_log_node_block_fields_are_checked)
{
	static ck_pot_t p;

	memset(&p, 0, sizeof p);
	p.h.magic = CK_POT_MAGIC;
	p.h.index = 2;
	p.h.reserved[15] = 1;
	CHECK_STR(ck_pot_check(&p, 2), "pot: reserved field not zero");
	p.h.reserved[15] = 0;
	p.h.generation = 4;           /* a pot's generation is 0 */
	CHECK_STR(ck_pot_check(&p, 2), "pot: reserved field not zero");
	p.h.magic = CK_LNODE_MAGIC;   /* in the log it is the block's generation */
	CHECK(ck_log_node_block_check(&p, 4) == NULL);
	p.h.reserved[0] = 1;
	CHECK_STR(ck_log_node_block_check(&p, 4), "log node block: reserved field not zero");
}

UNIT_TEST(reserved_directory_entry_field_is_checked)
{
	static ck_root_t r;
	ck_dir_entry_t e = { .oid = ck_oid_make(CK_OID_KIND_PAGE, 1), .type = CK_DIR_ZERO_PAGE,
			     .flags = CK_TF_ZERO };

	make_root(&r, 0, 3);
	CHECK(ck_dir_entry_check(&r, &e) == NULL);
	e.reserved = 1;
	CHECK_STR(ck_dir_entry_check(&r, &e), "directory entry: reserved field not zero");
}

UNIT_MAIN()
