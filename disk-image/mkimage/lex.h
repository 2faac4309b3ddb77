/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lex.h -- the map language's tokens (docs/map-language.md, "Lexical").
 *
 * A lexer reads one whole map file into memory and hands out one token
 * at a time, each with the position of its first byte.  Keywords are
 * not special here: they are identifiers, and the parser decides by
 * context (so an object may be called "page" if one insists).
 *
 * Ownership: tok.text (identifier or decoded string bytes, always NUL
 * terminated) belongs to the lexer and is freed by the next lex_next(),
 * unless the parser takes it with lex_take_text().  File names in
 * positions are kept for the life of the program, because errors found
 * after parsing (undefined names) still point into the files.
 */
#ifndef MK_LEX_H
#define MK_LEX_H

#include <stdint.h>
#include "disk-image/mkimage/diag.h"

enum tok_kind {
	TK_EOF,
	TK_IDENT,
	TK_INT,
	TK_STRING,
	TK_LBRACE,
	TK_RBRACE,
	TK_COLON,
	TK_SEMI,
	TK_COMMA,
	TK_DOT,
};

struct token {
	enum tok_kind kind;
	struct pos pos;
	char *text;     /* TK_IDENT, TK_STRING: bytes, NUL terminated */
	size_t len;     /* TK_STRING: bytes (may include NULs); TK_IDENT: strlen */
	uint64_t value; /* TK_INT */
};

struct lexer {
	char *buf;          /* the whole file, NUL terminated */
	size_t len, off;
	struct pos at;      /* position of buf[off] */
	struct token tok;   /* the current token */
};

/* Open a map file: 0, or -1 with errno set (the caller reports it,
 * since only it knows where the file was named). */
int lex_open_file(struct lexer *lx, const char *path);
/* Lex a buffer held in memory (unit tests); name is its file name. */
void lex_open_buffer(struct lexer *lx, const char *name, const char *text);
void lex_close(struct lexer *lx);

/* Advance to the next token.  0, or -1 after reporting a lexical error. */
int lex_next(struct lexer *lx);
/* Take ownership of the current token's text. */
char *lex_take_text(struct lexer *lx);
/* A short description of a token for "found ..." in messages. */
const char *lex_describe(const struct token *t, char *buf, size_t n);
/* A file name that lives until the program ends. */
const char *lex_keep_name(const char *name);

#endif
