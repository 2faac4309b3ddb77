/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printf.c -- printf to the console, line buffered.
 *
 * The formatter (fmt.c) hands over runs of bytes; they are gathered in
 * one buffer of PRINTF_BUF bytes, which is written with one
 * OC_CONSOLE_WRITE when a newline arrives or it is full.  One write per
 * line keeps lines from different processes from interleaving
 * mid-line, and costs one invocation instead of one per byte.  The
 * first console error is kept until printf_flush reports it.
 */
#include "cairn/printf.h"
#include "cairn/kobj.h"
#include "cairn/string.h"

static char printf_buf[PRINTF_BUF];
static size_t printf_len;
static int printf_err;

static void
printf_write(void)
{
	int rc = RC_OK;

	if (printf_len)
		rc = console_write(CR_CONSOLE, printf_buf, printf_len);
	printf_len = 0;
	if (printf_err == RC_OK)
		printf_err = rc;
}

int
printf_flush(void)
{
	printf_write();
	int rc = printf_err;
	printf_err = RC_OK;
	return rc;
}

/* Append s[0..n), writing after each newline and whenever full. */
static void
printf_put(struct fmt_sink *self, const char *s, size_t n)
{
	(void)self;
	while (n) {
		size_t room = PRINTF_BUF - printf_len;
		size_t k = n < room ? n : room;
		const char *nl = memchr(s, '\n', k);
		if (nl)
			k = (size_t)(nl - s) + 1;
		memcpy(printf_buf + printf_len, s, k);
		printf_len += k;
		s += k;
		n -= k;
		if (nl || printf_len == PRINTF_BUF)
			printf_write();
	}
}

static struct fmt_sink printf_sink = { printf_put };

int
vprintf(const char *fmt, va_list ap)
{
	return (int)fmt_vformat(&printf_sink, fmt, ap);
}

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
puts(const char *s)
{
	size_t n = strlen(s);

	printf_put(&printf_sink, s, n);
	printf_put(&printf_sink, "\n", 1);
	return (int)n + 1;
}
