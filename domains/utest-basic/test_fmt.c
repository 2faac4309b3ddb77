/* SPDX-License-Identifier: BSD-2-Clause */
/* test_fmt.c -- snprintf in the guest: the shared cases (fmt_cases.h)
 * and truncation. */
#include "cairn/utest.h"
#include "fmt_cases.h"

#define FMT_CHECK(want, ...) \
	do { char b_[64]; int n_ = snprintf(b_, sizeof b_, __VA_ARGS__); \
	     CHECK_STR(b_, want); CHECK_EQ(n_, strlen(want)); } while (0);

TEST(fmt_cases, "snprintf formats every shared case as expected")
{
	FMT_CASES(FMT_CHECK)
}

TEST(fmt_truncates, "snprintf truncates, terminates, returns the full length")
{
	char b[8];

	memset(b, 'z', sizeof b);
	CHECK_EQ(snprintf(b, 4, "%d", 123456), 6);
	CHECK_STR(b, "123");
	CHECK_EQ(b[4], 'z');
	CHECK_EQ(snprintf(b, 0, "abc"), 3);
	CHECK_EQ(b[0], '1');
	CHECK_EQ(snprintf(b, 1, "abc"), 3);
	CHECK_EQ(b[0], 0);
}
