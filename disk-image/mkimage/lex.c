/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lex.c -- the map language's lexer.
 *
 *   comment     '#' to the end of the line
 *   identifier  [A-Za-z_][A-Za-z0-9_]*
 *   integer     decimal, 0x hex or 0b binary; a decimal may end in K, M
 *               or G (times 2^10, 2^20, 2^30).  Values up to 2^64-1.
 *   string      "..." on one line; escapes \n \t \r \0 \\ \" \xHH
 *   punctuation { } : ; , .
 *
 * The lexer works on the whole file in memory and never looks more than
 * one byte ahead, so a position is simply tracked as bytes go by.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/lex.h"

/* Every file name ever opened, so positions can keep pointing at them. */
struct kept_name {
	struct kept_name *next;
	char name[];
};
static struct kept_name *lex_names;

const char *
lex_keep_name(const char *name)
{
	for (struct kept_name *k = lex_names; k; k = k->next)
		if (!strcmp(k->name, name))
			return k->name;
	size_t n = strlen(name) + 1;
	struct kept_name *k = diag_xmalloc(sizeof *k + n);
	memcpy(k->name, name, n);
	k->next = lex_names;
	lex_names = k;
	return k->name;
}

static void
lex_start(struct lexer *lx, const char *name, char *buf, size_t len)
{
	memset(lx, 0, sizeof *lx);
	lx->buf = buf;
	lx->len = len;
	lx->at.file = lex_keep_name(name);
	lx->at.line = 1;
	lx->at.col = 1;
}

int
lex_open_file(struct lexer *lx, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return -1;
	errno = 0;
	do {
		if (cap - len < 4096)
			buf = diag_xrealloc(buf, cap = cap * 2 + 8192);
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got);
	int err = ferror(f) ? (errno ? errno : EIO) : 0;  /* a directory: EISDIR */
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return -1;
	}
	buf[len] = 0;
	lex_start(lx, path, buf, len);
	return 0;
}

void
lex_open_buffer(struct lexer *lx, const char *name, const char *text)
{
	lex_start(lx, name, diag_xstrdup(text), strlen(text));
}

void
lex_close(struct lexer *lx)
{
	free(lx->buf);
	free(lx->tok.text);
	lx->buf = lx->tok.text = NULL;
}

char *
lex_take_text(struct lexer *lx)
{
	char *t = lx->tok.text;

	lx->tok.text = NULL;
	return t;
}

/* The byte at the cursor (0 at the end). */
static int
lex_peek(const struct lexer *lx)
{
	return lx->off < lx->len ? (unsigned char)lx->buf[lx->off] : 0;
}

static int
lex_getc(struct lexer *lx)
{
	int c = lex_peek(lx);

	if (lx->off >= lx->len)
		return 0;
	lx->off++;
	if (c == '\n') {
		lx->at.line++;
		lx->at.col = 1;
	} else {
		lx->at.col++;
	}
	return c;
}

static void
lex_skip_space(struct lexer *lx)
{
	for (;;) {
		int c = lex_peek(lx);
		if (c == '#') {
			while (lex_peek(lx) && lex_peek(lx) != '\n')
				lex_getc(lx);
		} else if (c && isspace(c)) {
			lex_getc(lx);
		} else {
			return;
		}
	}
}

static int
lex_ident(struct lexer *lx)
{
	size_t start = lx->off;

	while (isalnum(lex_peek(lx)) || lex_peek(lx) == '_')
		lex_getc(lx);
	lx->tok.kind = TK_IDENT;
	lx->tok.len = lx->off - start;
	lx->tok.text = diag_xmalloc(lx->tok.len + 1);
	memcpy(lx->tok.text, lx->buf + start, lx->tok.len);
	lx->tok.text[lx->tok.len] = 0;
	return 0;
}

static int
lex_digit(int c, unsigned base)
{
	int d = isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : 99;

	return d < (int)base ? d : -1;
}

/* The multiplier of a size suffix, or 0 if c is not one. */
static uint64_t
lex_suffix(int c)
{
	return c == 'K' ? 1ull << 10 : c == 'M' ? 1ull << 20 : c == 'G' ? 1ull << 30 : 0;
}

static int
lex_int(struct lexer *lx)
{
	unsigned base = 10;
	uint64_t v = 0, mul;
	int d, digits = 0;

	if (lex_peek(lx) == '0' && lx->off + 1 < lx->len &&
	    lx->buf[lx->off + 1] && strchr("xXbB", lx->buf[lx->off + 1])) {
		lex_getc(lx);
		base = tolower(lex_getc(lx)) == 'x' ? 16 : 2;
	}
	while ((d = lex_digit(lex_peek(lx), base)) >= 0) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return diag_error(lx->tok.pos, "integer too large (the limit is 2^64-1)");
		v = v * base + (uint64_t)d;
		lex_getc(lx);
		digits++;
	}
	if (!digits)
		return diag_error(lx->tok.pos, "expected digits after '0%c'", base == 16 ? 'x' : 'b');
	if (base == 10 && (mul = lex_suffix(lex_peek(lx)))) {
		if (v > UINT64_MAX / mul)
			return diag_error(lx->tok.pos, "integer too large (the limit is 2^64-1)");
		v *= mul;
		lex_getc(lx);
	}
	if (isalnum(lex_peek(lx)) || lex_peek(lx) == '_')
		return diag_error(lx->at, "expected a digit, a size suffix (K, M, G) or a separator, found '%c'",
				  lex_peek(lx));
	lx->tok.kind = TK_INT;
	lx->tok.value = v;
	return 0;
}

/* One escape sequence after the backslash; -1 after reporting. */
static int
lex_escape(struct lexer *lx)
{
	struct pos at = lx->at;
	int c = lex_getc(lx), hi, lo;

	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case '0': return 0;
	case '\\': return '\\';
	case '"': return '"';
	case 'x':
		hi = lex_digit(lex_getc(lx), 16);
		lo = lex_digit(lex_getc(lx), 16);
		if (hi >= 0 && lo >= 0)
			return hi * 16 + lo;
		return diag_error(at, "expected two hex digits after '\\x'");
	}
	return diag_error(at, "expected an escape (\\n \\t \\r \\0 \\\\ \\\" \\xHH) after '\\'");
}

static int
lex_string(struct lexer *lx)
{
	size_t cap = 64, n = 0;
	char *s = diag_xmalloc(cap);
	int c;

	lex_getc(lx); /* the opening quote */
	while ((c = lex_peek(lx)) != '"') {
		if (c == 0 || c == '\n') {
			free(s);
			return diag_error(lx->tok.pos, "unterminated string (expected '\"' before the end of the line)");
		}
		lex_getc(lx);
		if (c == '\\' && (c = lex_escape(lx)) < 0) {
			free(s);
			return -1;
		}
		if (n + 2 > cap)
			s = diag_xrealloc(s, cap *= 2);
		s[n++] = (char)c;
	}
	lex_getc(lx);
	s[n] = 0;
	lx->tok.kind = TK_STRING;
	lx->tok.text = s;
	lx->tok.len = n;
	return 0;
}

int
lex_next(struct lexer *lx)
{
	static const char punct[] = "{}:;,.";
	static const enum tok_kind pkind[] = {
		TK_LBRACE, TK_RBRACE, TK_COLON, TK_SEMI, TK_COMMA, TK_DOT
	};
	const char *p;
	int c;

	free(lx->tok.text);
	memset(&lx->tok, 0, sizeof lx->tok);
	lex_skip_space(lx);
	lx->tok.pos = lx->at;
	c = lex_peek(lx);
	if (lx->off >= lx->len) {
		lx->tok.kind = TK_EOF;
		return 0;
	}
	if (isalpha(c) || c == '_')
		return lex_ident(lx);
	if (isdigit(c))
		return lex_int(lx);
	if (c == '"')
		return lex_string(lx);
	if (c && (p = strchr(punct, c))) {
		lex_getc(lx);
		lx->tok.kind = pkind[p - punct];
		return 0;
	}
	if (isprint(c))
		return diag_error(lx->at, "unexpected character '%c'", c);
	return diag_error(lx->at, "unexpected byte 0x%02x", c);
}

const char *
lex_describe(const struct token *t, char *buf, size_t n)
{
	switch (t->kind) {
	case TK_EOF: return "the end of the file";
	case TK_IDENT: snprintf(buf, n, "'%s'", t->text); return buf;
	case TK_INT: snprintf(buf, n, "the integer %llu", (unsigned long long)t->value); return buf;
	case TK_STRING: return "a string";
	case TK_LBRACE: return "'{'";
	case TK_RBRACE: return "'}'";
	case TK_COLON: return "':'";
	case TK_SEMI: return "';'";
	case TK_COMMA: return "','";
	case TK_DOT: return "'.'";
	}
	return "a token";
}
