/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/fmt.h -- the printf formatter (fmt.c), and snprintf on top of it.
 *
 * Conversions  d i u x X o p s c %
 * Flags        '-' left-justify, '0' zero-pad, '+' and ' ' sign,
 *              '#' 0x / 0 prefix
 * Width and precision, either as digits or '*'; precision is the
 * minimum number of digits for integers and the maximum number of bytes
 * for %s.  Length modifiers hh h l ll z j.  An unknown conversion is
 * printed as written.  No floating point.
 *
 * fmt_vformat() writes through a sink in runs (a whole literal stretch
 * or a whole field at once), so the console printf can buffer lines and
 * snprintf can copy into its buffer, both with one formatter.
 */
#ifndef CAIRN_FMT_H
#define CAIRN_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include "cairn/libc.h"

#define FMT_PRINTF(f, a) __attribute__((format(printf, f, a)))

struct fmt_sink {
	void (*put)(struct fmt_sink *self, const char *s, size_t n);
};

/* Format into the sink; returns the number of bytes written to it. */
size_t fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

/* C99 semantics: at most size - 1 bytes and a NUL (when size > 0);
 * returns the length the whole output would have. */
int LIBC(vsnprintf)(char *buf, size_t size, const char *fmt, va_list ap);
int LIBC(snprintf)(char *buf, size_t size, const char *fmt, ...) FMT_PRINTF(3, 4);

#endif
