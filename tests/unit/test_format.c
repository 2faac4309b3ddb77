/* SPDX-License-Identifier: BSD-2-Clause */
/* test_format.c -- host tests of ckpt/format.c and kernel/abi/cap.h. */
#include "tests/unit/unit.h"
#include "ckpt/format.h"

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
	CHECK_EQ(ck_geometry_compute(&g, 10), -1);
	CHECK_EQ(ck_geometry_compute(&g, 16384), 0);
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
		CHECK_EQ(ck_geometry_compute(&g, t), 0);
		CHECK(ck_geometry_check(&g, t) == NULL);
	}
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
	ck_geometry_compute(&r->geo, 16384);
	r->dir_block = CK_NO_BLOCK;
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

UNIT_MAIN()
