/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diag.c -- error reports with positions, and allocation that cannot
 * fail.  See diag.h for the message format.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/diag.h"

static FILE *diag_stream;

void
diag_set_stream(FILE *f)
{
	diag_stream = f;
}

static FILE *
diag_out(void)
{
	return diag_stream ? diag_stream : stderr;
}

int
diag_error(struct pos at, const char *fmt, ...)
{
	va_list ap;

	fprintf(diag_out(), "%s:%u:%u: error: ", at.file, at.line, at.col);
	va_start(ap, fmt);
	vfprintf(diag_out(), fmt, ap);
	va_end(ap);
	fputc('\n', diag_out());
	return -1;
}

int
diag_tool_error(const char *fmt, ...)
{
	va_list ap;

	fputs("cairn-mkimage: error: ", diag_out());
	va_start(ap, fmt);
	vfprintf(diag_out(), fmt, ap);
	va_end(ap);
	fputc('\n', diag_out());
	return -1;
}

static void *
diag_check_alloc(void *p)
{
	if (!p) {
		diag_tool_error("out of memory");
		exit(1);
	}
	return p;
}

void *
diag_xmalloc(size_t n)
{
	return diag_check_alloc(malloc(n ? n : 1));
}

void *
diag_xcalloc(size_t n, size_t size)
{
	return diag_check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *
diag_xrealloc(void *p, size_t n)
{
	return diag_check_alloc(realloc(p, n ? n : 1));
}

char *
diag_xstrdup(const char *s)
{
	return diag_check_alloc(strdup(s));
}
