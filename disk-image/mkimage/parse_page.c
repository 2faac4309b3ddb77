/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse_page.c -- page declarations:
 *
 *   page NAME page-opt* ( ';' | '{' item* '}' )
 *   page-opt := 'file' STRING [ 'offset' INT ] | 'alloc' INT
 *   item     := STRING                  its bytes (no terminating NUL)
 *             | INT                     one byte
 *             | ('u8'|'u16'|'u32'|'u64') INT   little-endian
 *             | 'at' INT                move the cursor to a byte offset
 *
 * The file (if any) is copied first; the items then overwrite from
 * offset 0 (or from where 'at' puts the cursor).  Whatever is not
 * written is zero.  Writing past byte 4095 is an error, as is a file
 * with more than 4096 bytes after its offset: a page never silently
 * drops data.
 */
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/files.h"
#include "disk-image/mkimage/parse_int.h"

struct page_build {
	uint8_t *data;      /* CK_BLOCK_SIZE bytes */
	size_t cursor;
	uint32_t alloc;
	bool has_file;
};

/* Write n bytes at the cursor; `at` is where the item was written. */
static int
page_put(struct page_build *b, struct pos at, const void *src, size_t n)
{
	if (n > CK_BLOCK_SIZE - b->cursor)
		return diag_error(at, "this data runs past the end of the page (byte %zu of %u)",
				  b->cursor + n, CK_BLOCK_SIZE);
	memcpy(b->data + b->cursor, src, n);
	b->cursor += n;
	return 0;
}

/* 'file' STRING [ 'offset' INT ] */
static int
parse_page_file(struct parser *p, struct page_build *b)
{
	struct pos at = P_TOK(p)->pos;
	uint64_t off = 0;
	uint8_t *buf;
	size_t len;

	if (b->has_file)
		return diag_error(at, "this page already has a 'file'");
	if (P_TOK(p)->kind != TK_STRING)
		return p_expected(p, "a file name in quotes after 'file'");
	b->has_file = true;
	char *path = files_find(p->img, at, at.file, P_TOK(p)->text);
	if (!path || p_next(p) < 0)
		goto fail;
	if (p_is_kw(p, "offset") &&
	    (p_next(p) < 0 || p_expect_int(p, SIZE_MAX, "a byte offset into the file", &off) < 0))
		goto fail;
	if (files_read(p->img, at, path, (size_t)1 << 30, &buf, &len) < 0)
		goto fail;
	int rc = 0;
	if (off > len || len - off > CK_BLOCK_SIZE)
		rc = diag_error(at, "expected at most %u bytes from offset %llu of \"%s\", which has %zu bytes",
				CK_BLOCK_SIZE, (unsigned long long)off, path, len);
	else
		memcpy(b->data, buf + off, len - off);
	free(buf);
	free(path);
	return rc;
fail:
	free(path);
	return -1;
}

static int
parse_page_opts(struct parser *p, struct page_build *b)
{
	for (;;) {
		if (p_is_kw(p, "file")) {
			if (p_next(p) < 0 || parse_page_file(p, b) < 0)
				return -1;
		} else if (p_is_kw(p, "alloc")) {
			if (p_next(p) < 0 || p_expect_u32(p, "an allocation count", &b->alloc) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

/* 'u8' | 'u16' | 'u32' | 'u64' INT, or a bare INT (a byte). */
static int
parse_page_int(struct parser *p, struct page_build *b, unsigned width)
{
	struct pos at = P_TOK(p)->pos;
	uint64_t max = width == 8 ? UINT64_MAX : (1ull << (8 * width)) - 1;
	uint8_t le[8];
	uint64_t v = 0;

	if (p_expect_int(p, max, width == 1 ? "a byte value" : "a value that fits", &v) < 0)
		return -1;
	for (unsigned i = 0; i < width; i++)
		le[i] = (uint8_t)(v >> (8 * i));
	return page_put(b, at, le, width);
}

static int
parse_page_item(struct parser *p, struct page_build *b)
{
	static const char *const widths[] = { "u8", "u16", NULL, "u32", NULL, NULL, NULL, "u64" };
	struct token *t = P_TOK(p);

	if (t->kind == TK_STRING)
		return page_put(b, t->pos, t->text, t->len) < 0 ? -1 : p_next(p);
	if (t->kind == TK_INT)
		return parse_page_int(p, b, 1);
	for (unsigned w = 1; w <= 8; w++)
		if (widths[w - 1] && p_is_kw(p, widths[w - 1]))
			return p_next(p) < 0 ? -1 : parse_page_int(p, b, w);
	if (p_is_kw(p, "at")) {
		uint64_t off = 0;
		if (p_next(p) < 0 || p_expect_int(p, CK_BLOCK_SIZE, "a byte offset in the page", &off) < 0)
			return -1;
		b->cursor = (size_t)off;
		return 0;
	}
	return p_expected(p, "page data (a string, a byte, u8/u16/u32/u64 INT, at INT) or '}'");
}

static int
parse_page_body(struct parser *p, struct page_build *b)
{
	if (P_TOK(p)->kind == TK_SEMI)
		return p_next(p);
	if (P_TOK(p)->kind != TK_LBRACE)
		return p_expected(p, "'{', ';' or a page option (file, alloc)");
	if (p_next(p) < 0)
		return -1;
	while (P_TOK(p)->kind != TK_RBRACE)
		if (parse_page_item(p, b) < 0)
			return -1;
	return p_next(p);
}

int
parse_page_decl(struct parser *p)
{
	struct pos at = P_TOK(p)->pos;
	struct page_build b = { .data = diag_xcalloc(1, CK_BLOCK_SIZE) };
	char *name = p_expect_name(p, "the page's name");
	struct sym *s;

	if (!name || !(s = image_define(p->img, name, SYM_PAGE, at)) ||
	    parse_page_opts(p, &b) < 0 || parse_page_body(p, &b) < 0) {
		free(b.data);
		return -1;
	}
	if (image_new_page(p->img, at, b.data, &s->index) < 0)
		return -1;
	p->img->pages[s->index].alloc_count = b.alloc;
	return 0;
}
