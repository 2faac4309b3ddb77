/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse_int.h -- what the parser's files (parse.c, parse_cap.c,
 * parse_page.c, parse_proc.c) share: the parser state and the small
 * "expect" helpers that turn a wrong token into a message of the form
 * "expected WHAT, found TOKEN".
 *
 * Every parse function returns 0 or -1; -1 means an error has been
 * reported and the whole parse stops (no recovery, no cascades).  On
 * entry the current token is the first one the function should look at;
 * on success it has consumed exactly its construct.
 */
#ifndef MK_PARSE_INT_H
#define MK_PARSE_INT_H

#include <stdbool.h>
#include "disk-image/mkimage/image.h"
#include "disk-image/mkimage/lex.h"

#define PARSE_MAX_INCLUDE_DEPTH 16

struct parser {
	struct image *img;
	struct lexer lx;
	unsigned depth;     /* include nesting */
};

/* The current token. */
#define P_TOK(p) (&(p)->lx.tok)

int p_next(struct parser *p);
/* Is the current token the identifier kw? */
bool p_is_kw(const struct parser *p, const char *kw);
/* Report "expected WHAT, found <current token>"; returns -1. */
int p_expected(const struct parser *p, const char *what);
/* Require a token kind and move past it. */
int p_expect(struct parser *p, enum tok_kind kind, const char *what);
/* Require an integer <= max and move past it. */
int p_expect_int(struct parser *p, uint64_t max, const char *what, uint64_t *out);
int p_expect_u32(struct parser *p, const char *what, uint32_t *out);
/* Require an identifier; returns its (taken) text, or NULL. */
char *p_expect_name(struct parser *p, const char *what);

/* A slot assignment "INT ':' cap ';'" into node `node`. */
int parse_slot(struct parser *p, uint32_t node);
/* "{ slot* }" into node `node`. */
int parse_slot_block(struct parser *p, uint32_t node);
/* A capability; queued for link_image() to land in node/slot (which the
 * caller has claimed). */
int parse_cap(struct parser *p, uint32_t node, unsigned slot);

/* Declarations (after their keyword). */
int parse_page_decl(struct parser *p);
int parse_process_decl(struct parser *p);

#endif
