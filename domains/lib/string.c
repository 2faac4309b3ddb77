/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * string.c -- memory and string helpers for user programs.
 *
 * Plain C, no inline asm, so the same file builds for the host tests
 * (cairn/libc.h).  Byte loops are enough for the sizes user programs
 * copy (a message string is at most 4 KiB); the build passes
 * -fno-tree-loop-distribute-patterns so gcc cannot turn the loops of
 * memcpy and memset into calls to themselves.
 */
#include "cairn/string.h"

void *
LIBC(memcpy)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copies forward when dst is below src, backward otherwise, so
 * overlapping ranges come out right either way. */
void *
LIBC(memmove)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return LIBC(memcpy)(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *
LIBC(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int
LIBC(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (size_t i = 0; i < n; i++)
		if (p[i] != q[i])
			return p[i] - q[i];
	return 0;
}

void *
LIBC(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

size_t
LIBC(strlen)(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t
LIBC(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int
LIBC(strcmp)(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
LIBC(strncmp)(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

/* The terminating NUL counts as part of the string (strchr(s, 0)). */
char *
LIBC(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t
LIBC(strlcpy)(char *dst, const char *src, size_t size)
{
	size_t n = LIBC(strlen)(src);

	if (size) {
		size_t k = n < size - 1 ? n : size - 1;
		LIBC(memcpy)(dst, src, k);
		dst[k] = 0;
	}
	return n;
}
