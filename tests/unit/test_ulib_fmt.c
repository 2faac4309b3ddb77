/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ulib_fmt.c -- the user runtime's formatter (domains/lib/fmt.c),
 * built for the host: the cases shared with the in-guest suite
 * (domains/utest-basic/fmt_cases.h), each also checked against the
 * host's own snprintf, plus truncation, odd formats and the sink.
 */
#include "tests/unit/unit.h"
#include "cairn/fmt.h"
#include "domains/utest-basic/fmt_cases.h"

#define FMT_CHECK(want, ...) \
	do { char b_[64], h_[64]; int n_ = ulib_snprintf(b_, sizeof b_, __VA_ARGS__); \
	     CHECK_STR(b_, want); CHECK_EQ(n_, strlen(want)); \
	     snprintf(h_, sizeof h_, __VA_ARGS__); \
	     if (strcmp(want, "(null)") && strcmp(want, "0x0")) CHECK_STR(b_, h_); } while (0);

UNIT_TEST(fmt_shared_cases)
{
	FMT_CASES(FMT_CHECK)
}

UNIT_TEST(fmt_truncation)
{
	char b[8];

	memset(b, 'z', sizeof b);
	CHECK_EQ(ulib_snprintf(b, 4, "%d", 123456), 6);
	CHECK_STR(b, "123");
	CHECK_EQ(b[4], 'z');
	CHECK_EQ(ulib_snprintf(b, 0, "abc"), 3);
	CHECK_EQ(b[0], '1');
	CHECK_EQ(ulib_snprintf(b, 1, "abc"), 3);
	CHECK_EQ(b[0], 0);
	CHECK_EQ(ulib_snprintf(b, sizeof b, "%s", "1234567"), 7);
	CHECK_STR(b, "1234567");
	CHECK_EQ(ulib_snprintf(b, sizeof b, "%s", "12345678"), 8);
	CHECK_STR(b, "1234567");
}

/* Padding longer than the formatter's 16-byte runs. */
UNIT_TEST(fmt_long_padding)
{
	char b[128], h[128];

	ulib_snprintf(b, sizeof b, "[%50s][%-33d][%035x]", "x", -7, 0xabcu);
	snprintf(h, sizeof h, "[%50s][%-33d][%035x]", "x", -7, 0xabcu);
	CHECK_STR(b, h);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
UNIT_TEST(fmt_odd_formats)
{
	char b[32];

	CHECK_EQ(ulib_snprintf(b, sizeof b, "a%qb"), 4);
	CHECK_STR(b, "a%qb");
	CHECK_EQ(ulib_snprintf(b, sizeof b, "50%"), 3);
	CHECK_STR(b, "50%");
	ulib_snprintf(b, sizeof b, "%-05d|", 3);     /* '-' wins over '0' */
	CHECK_STR(b, "3    |");
	ulib_snprintf(b, sizeof b, "%.*d|", -1, 5);  /* negative precision: none */
	CHECK_STR(b, "5|");
}
#pragma GCC diagnostic pop

struct count_sink {
	struct fmt_sink sink;
	int calls;
	char text[64];
	size_t len;
};

static void
count_put(struct fmt_sink *self, const char *s, size_t n)
{
	struct count_sink *c = (struct count_sink *)self;

	c->calls++;
	memcpy(c->text + c->len, s, n);
	c->len += n;
}

static size_t
count_format(struct count_sink *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vformat(&c->sink, fmt, ap);
	va_end(ap);
	return n;
}

/* A literal stretch arrives in one piece, not byte by byte. */
UNIT_TEST(fmt_sink_gets_runs)
{
	struct count_sink c = { { count_put }, 0, "", 0 };

	CHECK_EQ(count_format(&c, "hello, world %d!", 42), 16);
	CHECK_EQ(c.len, 16);
	CHECK(memcmp(c.text, "hello, world 42!", 16) == 0);
	CHECK_EQ(c.calls, 3);
}

UNIT_MAIN()
