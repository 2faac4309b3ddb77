/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dump.c -- host tests of cairn-dump's parsing helpers (disk-image/dump_*.c)
 * over hand-made stores (tests/lib/teststore.c). */
#include "tests/unit/unit.h"
#include "tests/lib/teststore.h"
#include "disk-image/dump.h"

static int
open_ts(ts_t *t, dstore_t *s)
{
	dimg_t im;
	const char *why;

	if (dimg_from_buffer(&im, t->buf, (uint64_t)t->blocks * CK_BLOCK_SIZE, &why) < 0)
		return -1;
	dstore_open(s, &im);
	return 0;
}

UNIT_TEST(oid_forms_parse_and_print)
{
	uint64_t o;
	char buf[32];

	CHECK_EQ(doid_parse("n:5", &o), 0);
	CHECK_EQ(o, 0x100000005ull);
	CHECK_EQ(doid_parse("page:0x1c", &o), 0);
	CHECK_EQ(o, 0x20000001cull);
	CHECK_EQ(doid_parse("0x100000005", &o), 0);
	CHECK_EQ(o, 0x100000005ull);
	CHECK_EQ(doid_parse("p:4294967295", &o), 0);
	CHECK_EQ(doid_parse("p:4294967296", &o), -1);
	CHECK_EQ(doid_parse("n:", &o), -1);
	CHECK_EQ(doid_parse("n:-1", &o), -1);
	CHECK_EQ(doid_parse("n:5x", &o), -1);
	CHECK_EQ(doid_parse("5", &o), -1);
	CHECK_EQ(doid_parse("x:5", &o), -1);
	CHECK_EQ(doid_parse("0x1ffffffffffffffff", &o), -1);
	CHECK_STR(doid_name(0x100000005ull, buf, sizeof buf), "n:5");
	CHECK_STR(doid_name(0x200000000ull, buf, sizeof buf), "p:0");
	CHECK_STR(doid_name(0x300000001ull, buf, sizeof buf), "0x300000001");
}

UNIT_TEST(cap_hex_and_names_come_from_captype_def)
{
	cap_t c;
	char rb[48];

	CHECK_EQ(dcap_parse_hex("06 08 07 00 01000000 0500000001000000", &c), 0);
	CHECK_EQ(cap_type(&c), CT_START);
	CHECK_EQ(cap_restr(&c), CAP_R_OPAQUE);
	CHECK_EQ(cap_badge(&c), 7);
	CHECK_EQ(c.count, 1);
	CHECK_EQ(c.oid, 0x100000005ull);
	CHECK_EQ(dcap_parse_hex("0600", &c), -1);
	CHECK_EQ(dcap_parse_hex("06080700010000000500000001000000ff", &c), -1);
	CHECK_EQ(dcap_parse_hex("zz080700010000000500000001000000", &c), -1);
	CHECK_STR(dcap_type_name(CT_SPACE), "space");
	CHECK_STR(dcap_type_name(CT_COUNT), "unknown");
	CHECK_EQ(dcap_type_lookup("resume"), CT_RESUME);
	CHECK_EQ(dcap_type_lookup("nosuch"), -1);
	CHECK_EQ(dcap_type_objkind(CT_PAGE), CK_OBJ_PAGE);
	CHECK_STR(dcap_restr_str(CAP_R_RO | CAP_R_NOCALL, rb, sizeof rb), "ro,nocall");
	CHECK_STR(dcap_restr_str(0, rb, sizeof rb), "-");
	CHECK_STR(dcap_restr_str(0xff, rb, sizeof rb), "ro,weak,nocall,opaque,?,?,?,?");
}

UNIT_TEST(image_finds_bare_and_mbr_stores)
{
	static uint8_t buf[3 * CK_BLOCK_SIZE];
	dimg_t im;
	const char *why;
	uint64_t magic = CK_ROOT_MAGIC;

	CHECK_EQ(dimg_from_buffer(&im, buf, sizeof buf, &why), -1); /* all zero */
	memcpy(buf + CK_BLOCK_SIZE, &magic, 8);                      /* root B only */
	CHECK_EQ(dimg_from_buffer(&im, buf, sizeof buf, &why), 0);
	CHECK_EQ(im.part_index, 0);
	CHECK_EQ(im.nblocks, 3);
	memset(buf, 0, sizeof buf);
	buf[510] = 0x55, buf[511] = 0xaa;
	buf[446 + 16 + 4] = CK_MBR_PART_TYPE;
	buf[446 + 16 + 8] = 8;        /* LBA 8 */
	buf[446 + 16 + 12 + 1] = 0xff; /* 65280 sectors: far past the end */
	CHECK_EQ(dimg_from_buffer(&im, buf, sizeof buf, &why), 0);
	CHECK_EQ(im.part_index, 2);
	CHECK_EQ(im.store_off, 4096);
	CHECK_EQ(im.nblocks, 2); /* clipped to the file */
	CHECK(dimg_block(&im, 1) != NULL);
	CHECK(dimg_block(&im, 2) == NULL);
	buf[446 + 16 + 8] = 16;       /* starts at the last block: too short */
	CHECK_EQ(dimg_from_buffer(&im, buf, sizeof buf, &why), -1);
	CHECK_EQ(dimg_from_buffer(&im, buf, 100, &why), -1);
}

UNIT_TEST(demo_store_objects_resolve)
{
	ts_t t;
	dstore_t s;
	dnode_t d;
	dpage_t p;
	capinfo_t ci;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_demo(&t);
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(s.cur, 0);
	CHECK_EQ(s.ngens, 0);
	CHECK_EQ(dstore_node(&s, ts_n(0), &d), 0);
	CHECK(dstore_node_allocated(&d) && !d.in_log);
	CHECK_EQ(dstore_node(&s, ts_n(100), &d), 0);
	CHECK(!dstore_node_allocated(&d) && !d.bad);
	CHECK_EQ(dstore_node(&s, ts_n(s.geo.node_count), &d), -1);
	CHECK_EQ(dstore_node(&s, ts_p(0), &d), -1);
	CHECK_EQ(dstore_page(&s, ts_p(2), &p), 0);
	CHECK(p.data == NULL && (p.flags & CK_TF_ZERO));
	CHECK_EQ(dstore_page(&s, ts_p(0), &p), 0);
	CHECK(dstore_page_verify(&p) == NULL);
	dcap_eval(&s, &ts_node(&t, 3)->slot[3], &ci);
	CHECK_EQ(ci.st, CS_STALE);
	CHECK_EQ(ci.want, 2);
	cap_t r = cap_make(CT_RESUME, 0, 0, 0, ts_n(4));
	dcap_eval(&s, &r, &ci);
	CHECK_EQ(ci.st, CS_OK); /* call count 0 */
	r.count = 1;
	dcap_eval(&s, &r, &ci);
	CHECK_EQ(ci.st, CS_STALE);
	dstore_close(&s);
	ts_free(&t);
}

UNIT_TEST(log_generations_overlay_home)
{
	ts_t t;
	dstore_t s;
	dnode_t d;
	dpage_t p;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_demo_log(&t, 0);
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(s.cur, 0);                 /* gen 1 went to B, gen 2 to A */
	CHECK_EQ(s.ngens, 2);
	CHECK_EQ(s.gens[0].gen, 2);
	CHECK_EQ(s.gens[1].gen, 1);
	CHECK(s.gens[0].why == NULL && s.gens[1].why == NULL && s.walk_clean);
	CHECK(s.gens[0].first_block == 3 && s.gens[0].first_dir == 4 && s.gens[0].last_dir == 4);
	CHECK(s.gens[1].first_block == 0 && s.gens[1].first_dir == 2);
	CHECK_STR(dlog_binding(&s), "ok");
	CHECK_EQ(s.nix, 4);
	CHECK_EQ(dstore_node(&s, ts_n(5), &d), 0);
	CHECK(d.in_log && d.gen == 1 && !d.bad);
	CHECK_EQ(cap_type(&d.n->slot[2]), CT_PAGE);
	CHECK_EQ(dstore_node(&s, ts_n(7), &d), 0);
	CHECK(d.in_log && d.gen == 2 && dstore_node_allocated(&d));
	CHECK_EQ(dstore_page(&s, ts_p(1), &p), 0);
	CHECK(p.in_log && p.data && p.data[0] == 0xa5 && !dstore_page_verify(&p));
	CHECK_EQ(dstore_page(&s, ts_p(4), &p), 0);
	CHECK(p.in_log && !p.data && (p.flags & CK_TF_ALLOCATED));
	dstore_close(&s);
	ts_free(&t);
}

UNIT_TEST(log_walk_problems_are_kept_with_their_generation)
{
	ts_t t;
	dstore_t s;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_demo_log(&t, 0);
	ck_dir_block_t *d1 = ts_dir(&t, 2);
	d1->prev_gen_block = 4;            /* gen 1 names gen 2 as older */
	d1->prev_generation = 2;
	ts_reseal_log(t.buf, t.blocks, &t.geo);
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(s.ngens, 2);
	CHECK_STR(s.gens[1].why, "previous generation is not older");
	CHECK(!s.walk_clean && s.nix == 4);
	dstore_close(&s);
	ts_dir(&t, 4)->crc ^= 1;
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(s.ngens, 1);              /* a row for the problem, no blocks */
	CHECK_STR(s.gens[0].why, "directory block: CRC mismatch");
	CHECK(s.gens[0].ndirs == 0 && s.gens[0].why_block == 4);
	CHECK_STR(dlog_binding(&s), "directory block: CRC mismatch");
	CHECK_EQ(s.nix, 0);
	dstore_close(&s);
	ts_free(&t);
}

UNIT_TEST(zero_blocks_are_damage_not_blank)
{
	ts_t t;
	dstore_t s;
	dnode_t d;
	dpage_t p;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_demo_log(&t, 0);
	memset(ts_block(&t, t.geo.pot_start + 1), 0, CK_BLOCK_SIZE);  /* n:7 .. n:13 */
	memset(ts_block(&t, t.geo.tag_start), 0, CK_BLOCK_SIZE);      /* p:0 .. p:254 */
	memset(ts_dir(&t, 0), 0, CK_BLOCK_SIZE);                      /* gen 1's node block */
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(dstore_node(&s, ts_n(8), &d), 0);
	CHECK_STR(d.bad, "pot is all zero (lost write or damage)");
	CHECK_EQ(dstore_page(&s, ts_p(100), &p), 0);
	CHECK_STR(p.bad, "tag block is all zero (lost write or damage)");
	CHECK_EQ(dstore_node(&s, ts_n(5), &d), 0);
	CHECK_STR(d.bad, "log node block is all zero (lost write or damage)");
	memset(ts_dir(&t, 1), 0, CK_BLOCK_SIZE);                      /* gen 1's page p:1 */
	CHECK_EQ(dstore_page(&s, ts_p(1), &p), 0);
	CHECK_STR(dstore_page_verify(&p), "log page record is all zero (lost write or damage)");
	dstore_close(&s);
	memset(ts_block(&t, 0), 0, CK_BLOCK_SIZE);                    /* root A (gen 2) */
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_STR(s.root_why[0], "all zero (lost write or damage)");
	CHECK_EQ(s.cur, 1);
	CHECK_EQ(s.r->generation, 1);
	dstore_close(&s);
	ts_free(&t);
}

UNIT_TEST(procs_are_runlist_cap_or_shape)
{
	ts_t t;
	dstore_t s;
	dprocs_t p;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_demo(&t);
	CHECK_EQ(open_ts(&t, &s), 0);
	CHECK_EQ(dprocs_find(&s, &p), 0);
	CHECK_EQ(p.n, 2);
	CHECK_EQ(p.index[0], 0);
	CHECK_EQ(p.why[0], PW_RUNLIST | PW_SHAPE);
	CHECK_EQ(p.index[1], 4);
	CHECK_EQ(p.why[1], PW_RUNLIST | PW_CAP | PW_SHAPE);
	CHECK(!dprocs_shape(ts_node(&t, 5)));
	dprocs_free(&p);
	dstore_close(&s);
	ts_free(&t);
}

UNIT_TEST(json_output_is_escaped_and_nested)
{
	char *text = 0;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	dout_t o;
	static const char *const cols[] = { "a", 0 };

	dout_init(&o, f, 1);
	dout_begin(&o, "t");
	dout_str(&o, "s", "q\"b\\\x01\xff");
	dout_table(&o, "rows", cols);
	dout_row(&o);
	dout_u64(&o, "a", 1);
	dout_row_end(&o);
	dout_row(&o);
	dout_hex(&o, "a", 0x10);
	dout_row_end(&o);
	dout_table_end(&o);
	dout_section(&o, "sec");
	dout_bool(&o, "b", 1);
	dout_end(&o); /* closes the open section too */
	fclose(f);
	CHECK_STR(text, "{\"command\":\"t\",\"s\":\"q\\\"b\\\\\\u0001\\u00ff\","
		  "\"rows\":[{\"a\":1},{\"a\":\"0x10\"}],\"sec\":{\"b\":true}}\n");
	free(text);
}

/* check's JSON output of t's store. */
static char *
check_json(ts_t *t)
{
	char *text = 0;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	dout_t o;
	dstore_t s;

	if (open_ts(t, &s) < 0)
		return 0;
	dout_init(&o, f, 1);
	dctx_t c = { .s = &s, .o = &o };
	dcmd_check(&c, 0, 0);
	fclose(f);
	dstore_close(&s);
	return text;
}

/* check reads the pots once and lets capabilities to nodes further on
 * wait in a heap (dump_defer.c); when the heap is too small it reads the
 * rest of the pots again.  Both ways judge every capability alike: one
 * stale far ahead, one stale behind, the rest sound. */
UNIT_TEST(check_judges_alike_with_a_full_heap)
{
	ts_t t;

	CHECK_EQ(ts_init(&t, 256), 0);
	ts_fill(&t);
	uint32_t last = t.geo.node_count - 1;
	ts_node(&t, 0)->slot[3] = cap_make(CT_NODE, 0, 0, 7, ts_n(last));
	ts_node(&t, last)->slot[3] = cap_make(CT_NODE, 0, 0, 7, ts_n(1));
	ts_node(&t, 5)->slot[4] = cap_make(CT_NODE, 0, 0, 1, ts_n(last - 3));
	ts_seal(&t);
	char *big = check_json(&t);
	dcheck_defer_max = CK_NODES_PER_POT * CK_NODE_SLOTS + 1;   /* full after pot 0 */
	char *small = check_json(&t);
	dcheck_defer_max = DDEFER_MAX;
	CHECK(big && small);
	CHECK(strstr(big, "\"stale_capabilities\":2") != 0);
	CHECK(strstr(big, "\"status\":\"clean\"") != 0);
	CHECK_STR(small, big);
	free(big);
	free(small);
	ts_free(&t);
}

UNIT_MAIN()
