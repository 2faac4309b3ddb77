/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/printf.h -- formatted output to the console (printf.c).
 *
 * Output goes to the Console capability in CR_CONSOLE.  It is line
 * buffered: a write reaches the console at each newline, when the
 * buffer fills, on printf_flush(), and when the program ends
 * (cairn_exit).  A console error is not reported by printf (which
 * returns the number of bytes formatted); printf_flush returns it.
 */
#ifndef CAIRN_PRINTF_H
#define CAIRN_PRINTF_H

#include <stdarg.h>
#include "cairn/fmt.h"

/* Bytes buffered before a write is forced (<= IPC_MAX_STRING). */
#define PRINTF_BUF 512

int printf(const char *fmt, ...) FMT_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);
/* s and a newline. */
int puts(const char *s);
/* Write out what is buffered; returns the console's RC_*. */
int printf_flush(void);

#endif
