/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse.c -- the map parser's driver: files and includes, the top-level
 * statements (include, node, run, set), and the expect helpers.  Pages
 * are in parse_page.c, processes in parse_proc.c, capabilities in
 * parse_cap.c.
 *
 * The grammar is LL(1): every statement starts with its keyword, so the
 * parser dispatches on the first identifier through a table.  A new kind
 * of declaration (the space bank's "bank", say) is one more table row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/files.h"
#include "disk-image/mkimage/parse.h"
#include "disk-image/mkimage/parse_int.h"

/* ------------------------------------------------------------ helpers */

int
p_next(struct parser *p)
{
	return lex_next(&p->lx);
}

bool
p_is_kw(const struct parser *p, const char *kw)
{
	return P_TOK(p)->kind == TK_IDENT && !strcmp(P_TOK(p)->text, kw);
}

int
p_expected(const struct parser *p, const char *what)
{
	char buf[96];

	return diag_error(P_TOK(p)->pos, "expected %s, found %s", what,
			  lex_describe(P_TOK(p), buf, sizeof buf));
}

int
p_expect(struct parser *p, enum tok_kind kind, const char *what)
{
	if (P_TOK(p)->kind != kind)
		return p_expected(p, what);
	return p_next(p);
}

int
p_expect_int(struct parser *p, uint64_t max, const char *what, uint64_t *out)
{
	if (P_TOK(p)->kind != TK_INT)
		return p_expected(p, what);
	if (P_TOK(p)->value > max)
		return diag_error(P_TOK(p)->pos, "expected %s (at most %llu), found %llu", what,
				  (unsigned long long)max, (unsigned long long)P_TOK(p)->value);
	*out = P_TOK(p)->value;
	return p_next(p);
}

int
p_expect_u32(struct parser *p, const char *what, uint32_t *out)
{
	uint64_t v = 0;

	if (p_expect_int(p, UINT32_MAX, what, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

char *
p_expect_name(struct parser *p, const char *what)
{
	if (P_TOK(p)->kind != TK_IDENT) {
		p_expected(p, what);
		return NULL;
	}
	char *name = lex_take_text(&p->lx);
	if (p_next(p) < 0) {
		free(name);
		return NULL;
	}
	return name;
}

/* --------------------------------------------------------- node slots */

int
parse_slot(struct parser *p, uint32_t node)
{
	struct pos at = P_TOK(p)->pos;
	uint64_t slot = 0;

	if (p_expect_int(p, CK_NODE_SLOTS - 1, "a slot number", &slot) < 0 ||
	    p_expect(p, TK_COLON, "':' after the slot number") < 0 ||
	    image_claim_slot(p->img, at, node, (unsigned)slot) < 0 ||
	    parse_cap(p, node, (unsigned)slot) < 0)
		return -1;
	return p_expect(p, TK_SEMI, "';' after the capability");
}

int
parse_slot_block(struct parser *p, uint32_t node)
{
	if (p_expect(p, TK_LBRACE, "'{'") < 0)
		return -1;
	while (P_TOK(p)->kind != TK_RBRACE)
		if (parse_slot(p, node) < 0)
			return -1;
	return p_next(p);
}

/* ------------------------------------------------------ node statement */

static const struct {
	const char *name;
	enum ck_node_kind kind;
} node_kinds[] = {
	{ "node", CK_NK_NODE },
	{ "forwarder", CK_NK_FORWARDER },
};

static int
parse_node_kind(struct parser *p, ck_node_t *n)
{
	for (size_t i = 0; i < sizeof node_kinds / sizeof node_kinds[0]; i++)
		if (p_is_kw(p, node_kinds[i].name)) {
			n->kind = node_kinds[i].kind;
			return p_next(p);
		}
	return p_expected(p, "a node kind (node, forwarder)");
}

/* node-opt*: kind K | data INT | alloc INT */
static int
parse_node_opts(struct parser *p, uint32_t idx)
{
	for (;;) {
		ck_node_t *n = &p->img->nodes[idx];
		int bad = 0;
		if (p_is_kw(p, "kind"))
			bad = p_next(p) < 0 || parse_node_kind(p, n) < 0;
		else if (p_is_kw(p, "data"))
			bad = p_next(p) < 0 || p_expect_u32(p, "the node's data word", &n->data) < 0;
		else if (p_is_kw(p, "alloc"))
			bad = p_next(p) < 0 || p_expect_u32(p, "an allocation count", &n->alloc_count) < 0;
		else
			return 0;
		if (bad)
			return -1;
	}
}

/* node NAME node-opt* ( ';' | '{' slot* '}' ) */
static int
parse_node_decl(struct parser *p)
{
	struct pos at = P_TOK(p)->pos;
	char *name = p_expect_name(p, "the node's name");
	struct sym *s;

	if (!name || !(s = image_define(p->img, name, SYM_NODE, at)) ||
	    image_new_node(p->img, at, &s->index) < 0 ||
	    parse_node_opts(p, s->index) < 0)
		return -1;
	if (P_TOK(p)->kind == TK_SEMI)
		return p_next(p);
	if (P_TOK(p)->kind != TK_LBRACE)
		return p_expected(p, "'{', ';' or a node option (kind, data, alloc)");
	return parse_slot_block(p, s->index);
}

/* ------------------------------------------------ run, set, include */

/* run NAME (',' NAME)* ';' */
static int
parse_run(struct parser *p)
{
	for (;;) {
		struct pos at = P_TOK(p)->pos;
		char *name = p_expect_name(p, "the name of a process to run");
		if (!name)
			return -1;
		image_add_run(p->img, name, at);
		if (P_TOK(p)->kind != TK_COMMA)
			return p_expect(p, TK_SEMI, "',' or ';' after the process name");
		if (p_next(p) < 0)
			return -1;
	}
}

/* The log size: the store is laid out again, and what the map made so
 * far must still fit (errors point at the number). */
static int
parse_set_log(struct parser *p)
{
	struct pos at = P_TOK(p)->pos;
	uint64_t mb = 0;

	if (p_expect_int(p, UINT64_MAX, "a log size in MiB", &mb) < 0)
		return -1;
	return image_set_log(p->img, at, mb);
}

/* set checkpoint_period INT ';' | set created INT ';' | set log_mb INT ';' */
static int
parse_set(struct parser *p)
{
	struct image *img = p->img;
	uint64_t v = 0;

	if (p_is_kw(p, "checkpoint_period")) {
		if (p_next(p) < 0 || p_expect_int(p, UINT32_MAX, "a period in milliseconds", &v) < 0)
			return -1;
		img->ckpt_period_ms = (uint32_t)v;
	} else if (p_is_kw(p, "created")) {
		if (p_next(p) < 0 || p_expect_int(p, UINT64_MAX, "a build sequence number", &v) < 0)
			return -1;
		img->created = v;
	} else if (p_is_kw(p, "log_mb")) {
		if (p_next(p) < 0 || parse_set_log(p) < 0)
			return -1;
	} else {
		return p_expected(p, "a setting (checkpoint_period, created, log_mb)");
	}
	return p_expect(p, TK_SEMI, "';' after the setting");
}

static int parse_file_at(struct image *img, const char *path, unsigned depth);

/* include STRING ';' */
static int
parse_include(struct parser *p)
{
	struct pos at = P_TOK(p)->pos;
	char *path;

	if (P_TOK(p)->kind != TK_STRING)
		return p_expected(p, "a file name in quotes after 'include'");
	if (strlen(P_TOK(p)->text) != P_TOK(p)->len)
		return diag_error(at, "file name contains a NUL byte");
	if (p->depth >= PARSE_MAX_INCLUDE_DEPTH)
		return diag_error(at, "includes nested more than %d deep (does a file include itself?)",
				  PARSE_MAX_INCLUDE_DEPTH);
	if (!(path = files_find(p->img, at, at.file, P_TOK(p)->text)))
		return -1;
	int rc = parse_file_at(p->img, path, p->depth + 1);
	if (rc == -2)
		rc = diag_error(at, "cannot read \"%s\": %s", path, strerror(errno));
	free(path);
	if (rc < 0 || p_next(p) < 0)
		return -1;
	return p_expect(p, TK_SEMI, "';' after the include");
}

/* ---------------------------------------------------------- driver */

static const struct {
	const char *kw;
	int (*parse)(struct parser *p);
} statements[] = {
	{ "include", parse_include },
	{ "node", parse_node_decl },
	{ "page", parse_page_decl },
	{ "process", parse_process_decl },
	{ "run", parse_run },
	{ "set", parse_set },
};

static int
parse_statement(struct parser *p)
{
	for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
		if (p_is_kw(p, statements[i].kw))
			return p_next(p) < 0 ? -1 : statements[i].parse(p);
	return p_expected(p, "a statement (include, node, page, process, run, set)");
}

static int
parse_statements(struct parser *p)
{
	if (p_next(p) < 0)
		return -1;
	while (P_TOK(p)->kind != TK_EOF)
		if (parse_statement(p) < 0)
			return -1;
	return 0;
}

/* Parse one file.  -2 (errno set, nothing reported) if it cannot be read. */
static int
parse_file_at(struct image *img, const char *path, unsigned depth)
{
	struct parser p = { .img = img, .depth = depth };

	if (lex_open_file(&p.lx, path) < 0)
		return -2;
	files_add_input(img, path);
	int rc = parse_statements(&p);
	lex_close(&p.lx);
	return rc;
}

int
parse_map_file(struct image *img, const char *path)
{
	int rc = parse_file_at(img, path, 0);

	if (rc == -2)
		return diag_tool_error("cannot read map \"%s\": %s", path, strerror(errno));
	return rc;
}

int
parse_map_string(struct image *img, const char *name, const char *text)
{
	struct parser p = { .img = img };

	lex_open_buffer(&p.lx, name, text);
	int rc = parse_statements(&p);
	lex_close(&p.lx);
	return rc;
}
