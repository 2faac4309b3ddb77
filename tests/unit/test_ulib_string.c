/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ulib_string.c -- the user runtime's string helpers
 * (domains/lib/string.c), built for the host as ulib_*: each compared
 * with the C library's answer over many sizes, offsets and overlaps.
 */
#include "tests/unit/unit.h"
#include "cairn/string.h"

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

UNIT_TEST(memcpy_memset_all_sizes)
{
	unsigned char src[80], a[80], b[80];

	for (int i = 0; i < 80; i++)
		src[i] = (unsigned char)(i * 37 + 1);
	for (size_t off = 0; off < 4; off++)
		for (size_t n = 0; n + off <= 64; n++) {
			memset(a, 0xee, sizeof a);
			memset(b, 0xee, sizeof b);
			CHECK(ulib_memcpy(a + off, src, n) == a + off);
			memcpy(b + off, src, n);
			CHECK(memcmp(a, b, sizeof a) == 0);
			CHECK(ulib_memset(a + off, 0x5a, n) == a + off);
			memset(b + off, 0x5a, n);
			CHECK(memcmp(a, b, sizeof a) == 0);
		}
}

UNIT_TEST(memmove_overlaps_both_ways)
{
	char a[40], b[40];

	for (int d = 0; d < 20; d++)
		for (int s = 0; s < 20; s++)
			for (int n = 0; n <= 20; n++) {
				for (int i = 0; i < 40; i++)
					a[i] = b[i] = (char)('A' + i);
				CHECK(ulib_memmove(a + d, a + s, n) == a + d);
				memmove(b + d, b + s, n);
				CHECK(memcmp(a, b, sizeof a) == 0);
			}
}

UNIT_TEST(memcmp_memchr)
{
	CHECK_EQ(ulib_memcmp("abc", "abc", 3), 0);
	CHECK_EQ(ulib_memcmp("abc", "abd", 0), 0);
	CHECK(ulib_memcmp("abc", "abd", 3) < 0);
	CHECK(ulib_memcmp("\xff", "\x01", 1) > 0);     /* bytes are unsigned */
	const char *s = "hello\0world";
	CHECK(ulib_memchr(s, 'o', 11) == s + 4);
	CHECK(ulib_memchr(s, 0, 11) == s + 5);
	CHECK(ulib_memchr(s, 'w', 5) == NULL);
	CHECK(ulib_memchr(s, 'w' + 256, 11) == s + 6);  /* c as unsigned char */
}

UNIT_TEST(strlen_strnlen_strchr)
{
	CHECK_EQ(ulib_strlen(""), 0);
	CHECK_EQ(ulib_strlen("abc"), 3);
	CHECK_EQ(ulib_strnlen("abc", 2), 2);
	CHECK_EQ(ulib_strnlen("abc", 10), 3);
	CHECK_EQ(ulib_strnlen("abc", 0), 0);
	const char *s = "a/b/c";
	CHECK(ulib_strchr(s, '/') == s + 1);
	CHECK(ulib_strchr(s, 0) == s + 5);
	CHECK(ulib_strchr(s, 'x') == NULL);
}

UNIT_TEST(strcmp_strncmp_match_libc)
{
	static const char *w[] = { "", "a", "ab", "abc", "abd", "b", "\xe9", "ab\xff" };

	for (size_t i = 0; i < 8; i++)
		for (size_t j = 0; j < 8; j++) {
			CHECK_EQ(sign(ulib_strcmp(w[i], w[j])), sign(strcmp(w[i], w[j])));
			for (size_t n = 0; n < 5; n++)
				CHECK_EQ(sign(ulib_strncmp(w[i], w[j], n)),
					 sign(strncmp(w[i], w[j], n)));
		}
}

UNIT_TEST(strlcpy_truncates_and_terminates)
{
	char b[8];

	memset(b, 'z', sizeof b);
	CHECK_EQ(ulib_strlcpy(b, "abc", sizeof b), 3);
	CHECK_STR(b, "abc");
	CHECK_EQ(ulib_strlcpy(b, "abcdefghij", sizeof b), 10);
	CHECK_STR(b, "abcdefg");
	CHECK_EQ(ulib_strlcpy(b, "xy", 1), 2);
	CHECK_STR(b, "");
	b[0] = 'q';
	CHECK_EQ(ulib_strlcpy(b, "xy", 0), 2);
	CHECK_EQ(b[0], 'q');
}

UNIT_MAIN()
