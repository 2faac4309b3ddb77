/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_map_lang.c -- host tests of the map language: lexer, parser and
 * link pass of cairn-mkimage (disk-image/mkimage/).
 */
#include "tests/unit/unit.h"
#include "tests/unit/mkimage_util.h"
#include "disk-image/mkimage/lex.h"
#include "abi/process.h"

UNIT_MAIN();

UNIT_TEST(lex_tokens_values_and_positions)
{
	struct lexer lx;

	lex_open_buffer(&lx, "x.map", "node a { # comment\n\t3: number 0x10 4K 0b101;\n}");
	static const enum tok_kind kinds[] = {
		TK_IDENT, TK_IDENT, TK_LBRACE, TK_INT, TK_COLON, TK_IDENT, TK_INT, TK_INT,
		TK_INT, TK_SEMI, TK_RBRACE, TK_EOF
	};
	static const uint64_t values[] = { 0, 0, 0, 3, 0, 0, 16, 4096, 5, 0, 0, 0 };
	for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		CHECK_EQ(lex_next(&lx), 0);
		CHECK_EQ(lx.tok.kind, kinds[i]);
		if (kinds[i] == TK_INT)
			CHECK_EQ(lx.tok.value, values[i]);
		if (i == 3) {
			CHECK_EQ(lx.tok.pos.line, 2);
			CHECK_EQ(lx.tok.pos.col, 2);
		}
		if (i == 6)
			CHECK_EQ(lx.tok.pos.col, 12);
	}
	CHECK_STR(lx.tok.pos.file, "x.map");
	lex_close(&lx);
}

UNIT_TEST(lex_strings_and_escapes)
{
	struct lexer lx;

	lex_open_buffer(&lx, "x.map", "\"a\\n\\x41\\0b\\\"\" ident_1");
	CHECK_EQ(lex_next(&lx), 0);
	CHECK_EQ(lx.tok.kind, TK_STRING);
	CHECK_EQ(lx.tok.len, 6);
	CHECK(!memcmp(lx.tok.text, "a\nA\0b\"", 6));
	CHECK_EQ(lex_next(&lx), 0);
	CHECK_STR(lx.tok.text, "ident_1");
	lex_close(&lx);
}

/* Lex `text` to its first error; the messages land in mk_errors. */
static int
lex_all(const char *text)
{
	struct lexer lx;
	size_t len;
	int rc;

	free(mk_errors);
	FILE *f = open_memstream(&mk_errors, &len);
	diag_set_stream(f);
	lex_open_buffer(&lx, "e.map", text);
	while ((rc = lex_next(&lx)) == 0 && lx.tok.kind != TK_EOF)
		;
	lex_close(&lx);
	fclose(f);
	diag_set_stream(NULL);
	return rc;
}

UNIT_TEST(lex_errors_have_positions)
{
	CHECK_EQ(lex_all("a\n  \"open"), -1);
	CHECK(mk_said("e.map:2:3: error: unterminated string"));
	CHECK_EQ(lex_all("\"\\q\""), -1);
	CHECK(mk_said("e.map:1:3: error: expected an escape"));
	CHECK_EQ(lex_all("x 18446744073709551616"), -1);
	CHECK(mk_said("e.map:1:3: error: integer too large"));
	CHECK_EQ(lex_all("12ab"), -1);
	CHECK(mk_said("e.map:1:3: error: expected a digit"));
	CHECK_EQ(lex_all("0x"), -1);
	CHECK(mk_said("expected digits after '0x'"));
	CHECK_EQ(lex_all("a @"), -1);
	CHECK(mk_said("e.map:1:3: error: unexpected character '@'"));
	CHECK_EQ(lex_all("18446744073709551615 17179869183G"), 0);
}

UNIT_TEST(caps_of_every_kind_resolve)
{
	struct image img;

	CHECK_EQ(mk_compile(&img,
		"page p { \"hi\" }\n"
		"node n { 0: number 1 2 3; 1: page p ro weak; 2: node m badge 9 nocall;\n"
		"         3: console opaque; 4: space m height 2; 5: void; 6: number; }\n"
		"node m { 31: page p count 7; }\n"
		"node f kind forwarder data 5 alloc 3 { 0: node n; }\n"
		"node g { 0: forwarder f; }\n"), 0);
	CHECK_EQ(img.nnodes, 4);
	CHECK_EQ(img.npages, 1);
	cap_t c = mk_slot(&img, 0, 0);
	CHECK_EQ(cap_type(&c), CT_NUMBER);
	CHECK_EQ(cap_num(&c, 0), 1);
	CHECK_EQ(cap_num(&c, 2), 3);
	c = mk_slot(&img, 0, 1);
	CHECK_EQ(cap_type(&c), CT_PAGE);
	CHECK_EQ(cap_restr(&c), CAP_R_RO | CAP_R_WEAK);
	CHECK_EQ(c.oid, ck_oid_make(CK_OID_KIND_PAGE, 0));
	c = mk_slot(&img, 0, 2);
	CHECK_EQ(cap_badge(&c), 9);
	CHECK_EQ(cap_restr(&c), CAP_R_NOCALL);
	CHECK_EQ(c.oid, ck_oid_make(CK_OID_KIND_NODE, 1));
	c = mk_slot(&img, 0, 3);
	CHECK_EQ(cap_type(&c), CT_CONSOLE);
	CHECK_EQ(c.oid, 0);
	c = mk_slot(&img, 0, 4);
	CHECK_EQ(cap_type(&c), CT_SPACE);
	CHECK_EQ(cap_badge(&c), 2);
	CHECK_EQ(mk_slot(&img, 1, 31).count, 7);
	CHECK_EQ(img.nodes[2].kind, CK_NK_FORWARDER);
	CHECK_EQ(img.nodes[2].data, 5);
	CHECK_EQ(img.nodes[2].alloc_count, 3);
	c = mk_slot(&img, 3, 0);
	CHECK_EQ(cap_type(&c), CT_FORWARDER);
	CHECK_EQ(c.count, 3);
	for (uint32_t i = 0; i < img.nnodes; i++)
		CHECK_EQ(img.nodes[i].flags, CK_NF_ALLOCATED);
	image_free(&img);
}

UNIT_TEST(oids_follow_declaration_order)
{
	struct image img;

	CHECK_EQ(mk_compile(&img, "node a; page x; node b; page y; node c { 0: node z; }\n"
			    "node z;"), 0);
	CHECK_EQ(image_lookup(&img, "a")->index, 0);
	CHECK_EQ(image_lookup(&img, "b")->index, 1);
	CHECK_EQ(image_lookup(&img, "c")->index, 2);
	CHECK_EQ(image_lookup(&img, "z")->index, 3);
	CHECK_EQ(image_lookup(&img, "x")->index, 0);
	CHECK_EQ(image_lookup(&img, "y")->index, 1);
	CHECK_EQ(mk_slot(&img, 2, 0).oid, ck_oid_make(CK_OID_KIND_NODE, 3));
	image_free(&img);
}

UNIT_TEST(page_inline_data)
{
	struct image img;

	CHECK_EQ(mk_compile(&img, "page p { \"ab\" 0 255 u16 0x1234 u32 0xdeadbeef at 4088 "
			    "u64 0x0102030405060708 }"), 0);
	const uint8_t *d = img.pages[0].data;
	static const uint8_t want[] = { 'a', 'b', 0, 255, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde };
	CHECK(!memcmp(d, want, sizeof want));
	CHECK_EQ(d[4088], 8);
	CHECK_EQ(d[4095], 1);
	image_free(&img);
	CHECK_EQ(mk_compile(&img, "page p { at 4094 u32 1 }"), -1);
	CHECK(mk_said("t.map:1:22: error: this data runs past the end of the page"));
	image_free(&img);
	CHECK_EQ(mk_compile(&img, "page p { 256 }"), -1);
	CHECK(mk_said("expected a byte value (at most 255), found 256"));
	image_free(&img);
}

/* Each bad map must fail with the message (and position) given. */
static const struct {
	const char *map, *msg;
} bad_maps[] = {
	{ "node a { 0: number 1 }", "t.map:1:22: error: expected ';' after the capability, found '}'" },
	{ "node a { 32: void; }", "t.map:1:10: error: expected a slot number (at most 31), found 32" },
	{ "node a { 1: void; 1: console; }", "t.map:1:19: error: slot 1 of this node is already set" },
	{ "node a; page a;", "t.map:1:14: error: 'a' is already defined (at t.map:1:6)" },
	{ "node a { 0: node b; }", "t.map:1:18: error: 'b' is not defined" },
	{ "node a { 0: start a; }", "t.map:1:19: error: expected a process, but 'a' is not one" },
	{ "node a { 0: page a; }", "t.map:1:18: error: expected a page, but 'a' is a node" },
	{ "page p; node a { 0: node p; }", "error: expected a node or process, but 'p' is a page" },
	{ "node a { 0: number 1 2 3 4; }", "t.map:1:26: error: a number capability holds at most 3 words" },
	{ "node a { 0: node a badge 65536; }", "expected a 16-bit badge (at most 65535), found 65536" },
	{ "node a { 0: space a; }", "t.map:1:13: error: expected 'height N' (1..4)" },
	{ "node a { 0: node a height 1; }", "t.map:1:20: error: only a space capability has a height" },
	{ "node a { 0: console count 1; }", "'count' applies only to capabilities that designate an object" },
	{ "node a { 0: fish; }", "t.map:1:13: error: expected a capability type (void, number, node, page" },
	{ "node a { 0: forwarder a; }", "expected a node declared 'kind forwarder', found 'a'" },
	{ "node a { 0: node a.space; }", "'a' is not a process, so it has no member 'space'" },
	{ "nod a;", "t.map:1:1: error: expected a statement (include, node, page, process, run, set), found 'nod'" },
	{ "node 3;", "t.map:1:6: error: expected the node's name, found the integer 3" },
	{ "node a kind widget;", "expected a node kind (node, forwarder), found 'widget'" },
	{ "run a;", "t.map:1:5: error: 'a' is not defined" },
	{ "node a; run a;", "expected a process to run, but 'a' is a node" },
	{ "set colour 3;", "expected a setting (checkpoint_period, created, log_mb), found 'colour'" },
	{ "set log_mb 3;", "t.map:1:12: error: a 3-MiB log does not fit a 4-MiB store (the log may take at most half of it: 2 MiB)" },
	{ "set log_mb;", "t.map:1:11: error: expected a log size in MiB, found ';'" },
	{ "include \"no/such.map\";", "t.map:1:9: error: cannot find \"no/such.map\"" },
	{ "page p file \"no-such-file.bin\";", "t.map:1:13: error: cannot find \"no-such-file.bin\"" },
	{ "process p { state asleep; }", "expected a state (halted, running, available, waiting, faulted), found 'asleep'" },
	{ "process p { stack 100; }", "t.map:1:19: error: expected a multiple of 4096, found 100" },
	{ "process p { stack_top 0xc0001000; }", "t.map:1:23: error: expected a stack top at most USER_TOP" },
	{ "page p file \"LICENSE\" file \"LICENSE\";", "t.map:1:28: error: this page already has a 'file'" },
	{ "node a { 0: void ro; }", "t.map:1:18: error: expected ';' after the capability, found 'ro'" },
	{ "process p { reg eip; }", "expected a register value, found ';'" },
	{ "process p { priority 16; }", "expected a priority (at most 15), found 16" },
	{ "process p { elf \"t.map\"; keeper console; }", "cannot find \"t.map\"" },
	{ "process p { wings 2; }", "expected a process item (elf, stack" },
	{ "process p { capregs { 0: node q; } }", "t.map:1:31: error: 'q' is not defined" },
	{ "node a { 0: node p.space; } process p { }", "process 'p' has no address-space tree" },
	{ "node a { 0: node x; 1: page y; }", "'y' is not defined" },
};

UNIT_TEST(bad_maps_are_reported_with_positions)
{
	for (size_t i = 0; i < sizeof bad_maps / sizeof bad_maps[0]; i++) {
		struct image img;
		int rc = mk_compile(&img, bad_maps[i].map);
		image_free(&img);
		if (rc != -1 || !mk_said(bad_maps[i].msg))
			UNIT_FAIL("map %zu: \"%s\"\n  wanted: %s\n  got: %s", i, bad_maps[i].map,
				  bad_maps[i].msg, mk_errors ? mk_errors : "(nothing)");
	}
}

UNIT_TEST(link_reports_every_undefined_name)
{
	struct image img;

	CHECK_EQ(mk_compile(&img, "node a { 0: node x; 1: page y; }"), -1);
	CHECK(mk_said("'x' is not defined"));
	CHECK(mk_said("'y' is not defined"));
	image_free(&img);
}

UNIT_TEST(process_without_elf)
{
	struct image img;

	CHECK_EQ(mk_compile(&img,
		"process p { priority 3; slice 5; reg eax 11; reg eflags 0x3202;\n"
		"  keeper start k badge 2; brand number 9; alloc 4;\n"
		"  capregs { 0: console; 5: process p; } }\n"
		"process k { state available; }\n"
		"run p;"), 0);
	const struct sym *p = image_lookup(&img, "p");
	CHECK_EQ(p->index, 0);
	CHECK_EQ(p->capregs, 1);
	const ck_node_t *root = &img.nodes[p->index];
	CHECK_EQ(root->alloc_count, 4);
	CHECK_EQ(cap_type(&root->slot[PR_SLOT_SPACE]), CT_VOID);
	CHECK_EQ(cap_type(&root->slot[PR_SLOT_KEEPER]), CT_START);
	CHECK_EQ(cap_badge(&root->slot[PR_SLOT_KEEPER]), 2);
	CHECK_EQ(root->slot[PR_SLOT_CAPREGS].oid, ck_oid_make(CK_OID_KIND_NODE, 1));
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_STATE], 0), PRS_RUNNING);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_SCHED], 0), 3);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_SCHED], 1), 5);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_REGS0], 0), 11);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_REGS3], 0), 0x3202);
	CHECK_EQ(cap_type(&root->slot[PR_SLOT_RECV]), CT_NUMBER);
	CHECK_EQ(cap_type(&root->slot[PR_SLOT_NAME]), CT_NUMBER);      /* "p" */
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_NAME], 0), 'p');
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_NAME], 1), 0);
	CHECK_EQ(cap_num(&img.nodes[2].slot[PR_SLOT_STATE], 0), PRS_AVAILABLE);
	CHECK_EQ(cap_num(&img.nodes[2].slot[PR_SLOT_SCHED], 1), PROC_SLICE_DEFAULT);
	cap_t self = mk_slot(&img, 1, 5);
	CHECK_EQ(cap_type(&self), CT_PROCESS);
	CHECK_EQ(self.count, 4);
	CHECK_EQ(img.runlist_count, 1);
	CHECK_EQ(img.runlist[0].oid, root->oid);
	CHECK_EQ(cap_type(&img.runlist[0]), CT_PROCESS);
	image_free(&img);
}

UNIT_TEST(run_list_rules)
{
	struct image img;

	CHECK_EQ(mk_compile(&img, "process p { } process q { } run p, q;"), 0);
	CHECK_EQ(img.runlist_count, 2);
	image_free(&img);
	CHECK_EQ(mk_compile(&img, "process p { } run p; run p;"), -1);
	CHECK(mk_said("t.map:1:26: error: 'p' is already in the run list"));
	image_free(&img);
}

UNIT_TEST(store_full_is_reported_where_it_happens)
{
	struct image img;
	char *map = malloc(64 * 1024), *p = map;

	/* A 1-MiB store has room for some hundreds of nodes, not 2000. */
	for (int i = 0; i < 2000; i++)
		p += sprintf(p, "node n%d;\n", i);
	CHECK_EQ(mk_compile_named(&img, 1, "big.map", map), -1);
	CHECK(mk_said("error: the store is full: a 1-MiB store holds"));
	CHECK(mk_said("nodes"));
	CHECK_EQ(img.nnodes, img.geo.node_count);
	image_free(&img);
	free(map);
}

UNIT_TEST(log_size_is_set_by_the_map)
{
	struct image img;
	ck_geometry_t dflt;

	CHECK_EQ(mk_compile(&img, "node a;"), 0);
	dflt = img.geo;
	CHECK_EQ(dflt.log_blocks, dflt.total_blocks / 8);
	image_free(&img);
	CHECK_EQ(mk_compile(&img, "node a;\nset log_mb 2;\nnode b;"), 0);
	CHECK_EQ(img.geo.log_blocks, 2 * MK_BLOCKS_PER_MB);
	CHECK(ck_geometry_check(&img.geo, dflt.total_blocks) == NULL);
	CHECK(img.geo.node_count < dflt.node_count);
	image_free(&img);
	CHECK_EQ(mk_compile(&img, "set log_mb 2; set log_mb 0;"), 0); /* back to the default */
	CHECK(!memcmp(&img.geo, &dflt, sizeof dflt));
	image_free(&img);
}

UNIT_TEST(log_size_that_leaves_too_little_room_is_reported_there)
{
	struct image img;
	char *map = malloc(64 * 1024), *p = map;

	/* Fill most of a 4-MiB store's nodes, then take half of it for the log. */
	CHECK_EQ(mk_compile(&img, ""), 0);
	uint32_t n = img.geo.node_count * 3 / 4;
	image_free(&img);
	for (uint32_t i = 0; i < n; i++)
		p += sprintf(p, "node n%u;\n", i);
	sprintf(p, "set log_mb 2;\n");
	CHECK_EQ(mk_compile(&img, map), -1);
	char where[64];
	snprintf(where, sizeof where, "t.map:%u:12: error: the store is full", n + 1);
	CHECK(mk_said(where));
	image_free(&img);
	free(map);
}
