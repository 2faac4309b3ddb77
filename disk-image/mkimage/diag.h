/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diag.h -- source positions and error reports for cairn-mkimage.
 *
 * Every error the map compiler reports names where it is, in the form
 * compilers use so editors can jump to it:
 *
 *     file:line:column: error: expected ';' after the capability, found '}'
 *
 * Lines and columns count from 1; a column counts bytes (a tab is one).
 * Errors that belong to no place in a map (a bad command line, an I/O
 * error on the output) are reported as "cairn-mkimage: error: ...".
 *
 * Reporting never exits: the caller returns an error value up to main(),
 * which exits non-zero.  The first syntax error stops the parse, so a
 * report never cascades into follow-on noise; the link pass, whose
 * errors are independent of each other (undefined names, wrong kinds of
 * target), reports all of them.
 */
#ifndef MK_DIAG_H
#define MK_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* A place in a map file.  file points at storage that lives as long as
 * the image (lex_open keeps every file name it opened). */
struct pos {
	const char *file;
	unsigned line, col;
};

#define MK_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* "file:line:col: error: ..." on stderr; always returns -1. */
int diag_error(struct pos at, const char *fmt, ...) MK_PRINTF(2, 3);
/* "cairn-mkimage: error: ..." on stderr; always returns -1. */
int diag_tool_error(const char *fmt, ...) MK_PRINTF(1, 2);

/* Where reports go (stderr unless a unit test captures them). */
void diag_set_stream(FILE *f);

/* Allocation that ends the program on exhaustion (a host tool has no
 * better answer to running out of memory). */
void *diag_xmalloc(size_t n);
void *diag_xcalloc(size_t n, size_t size);
void *diag_xrealloc(void *p, size_t n);
char *diag_xstrdup(const char *s);

#endif
