/* SPDX-License-Identifier: BSD-2-Clause */
/* test_string.c -- the string helpers as built for i386 (the host unit
 * test tests/unit/test_ulib_string.c checks them more thoroughly). */
#include "cairn/utest.h"

TEST(string_basics, "memcpy, memmove both ways, memset, memcmp, strlcpy")
{
	char b[16] = "abcdefgh";

	memmove(b + 2, b, 6);
	CHECK_STR(b, "ababcdef");
	memmove(b, b + 2, 7);
	CHECK_STR(b, "abcdef");
	memset(b, 'x', 3);
	CHECK(memcmp(b, "xxxdef", 7) == 0);
	CHECK(memcmp("a", "b", 1) < 0);
	CHECK_EQ(strlcpy(b, "longer than sixteen", sizeof b), 19);
	CHECK_STR(b, "longer than six");
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strncmp("abc", "abd", 2) == 0);
	CHECK_EQ(strlen(""), 0);
}
