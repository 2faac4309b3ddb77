/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fmt_cases.h -- printf formatting cases shared by the host unit test
 * (tests/unit/test_ulib_fmt.c, against the host build of fmt.c) and the
 * in-guest test (test_fmt.c, against the i386 build), so both check
 * the same list: FMT_CASES(X) calls X(expected, format, args...) once
 * per case.  Every case fits in 64 bytes and is the same on a 32-bit
 * and a 64-bit build (pointers are kept small).
 */
#ifndef FMT_CASES_H
#define FMT_CASES_H

#include <stddef.h>
#include <stdint.h>

/* A null pointer the compiler cannot see (it warns about a literal one). */
static inline const char *
fmt_case_null(void)
{
	const char *volatile p = NULL;
	return p;
}

#define FMT_CASES(X) \
	X("0", "%d", 0) \
	X("-42", "%d", -42) \
	X("42", "%i", 42) \
	X("2147483647", "%d", 2147483647) \
	X("-2147483648", "%d", (int)-2147483647 - 1) \
	X("4294967295", "%u", 4294967295u) \
	X("deadbeef", "%x", 0xdeadbeefu) \
	X("DEADBEEF", "%X", 0xdeadbeefu) \
	X("17", "%o", 15u) \
	X("   42", "%5d", 42) \
	X("42   |", "%-5d|", 42) \
	X("00042", "%05d", 42) \
	X("-0042", "%05d", -42) \
	X("0000002a", "%08x", 42u) \
	X("42", "%1d", 42) \
	X("+7", "%+d", 7) \
	X(" 7", "% d", 7) \
	X("0x1f", "%#x", 31u) \
	X("0X1F", "%#X", 31u) \
	X("0", "%#x", 0u) \
	X("017", "%#o", 15u) \
	X("00012", "%.5d", 12) \
	X("-00012", "%.5d", -12) \
	X("", "%.0d", 0) \
	X("  012", "%5.3d", 12) \
	X("    -12", "%*d", 7, -12) \
	X("-12    |", "%-*d|", 7, -12) \
	X("-12    |", "%*d|", -7, -12) \
	X("   ab", "%5s", "ab") \
	X("ab   |", "%-5s|", "ab") \
	X("abc", "%.3s", "abcdef") \
	X("ab", "%.*s", 2, "abc") \
	X("(null)", "%s", fmt_case_null()) \
	X("", "%s", "") \
	X("x", "%c", 'x') \
	X("  x|x  |", "%3c|%-3c|", 'x', 'x') \
	X("100%", "%d%%", 100) \
	X("a1b2c", "a%db%dc", 1, 2) \
	X("18446744073709551615", "%llu", 18446744073709551615ull) \
	X("-9223372036854775808", "%lld", (long long)(-9223372036854775807ll - 1)) \
	X("123456789abcdef0", "%llx", 0x123456789abcdef0ull) \
	X("4294967296", "%llu", 4294967296ull) \
	X("-1", "%lld", -1ll) \
	X("ffffffff", "%lx", 0xfffffffful) \
	X("-5", "%ld", -5l) \
	X("255", "%hhu", 0x1ffu) \
	X("-1", "%hhd", 0xff) \
	X("-1", "%hd", 0xffff) \
	X("65535", "%hu", 0xffffu) \
	X("size 5", "size %zu", (size_t)5) \
	X("0x1000", "%p", (void *)0x1000) \
	X("0x0", "%p", (void *)0) \
	X("  0x1000", "%8p", (void *)0x1000) \
	X("0000000000000000000000000000000000000042", "%040d", 42)

#endif
