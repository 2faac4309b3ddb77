/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/string.h -- memory and string helpers (string.c).
 *
 * The C standard's meanings, plus two bounded ones: strnlen, and
 * strlcpy (copies at most size - 1 bytes, always terminates when size
 * > 0, returns strlen(src) so truncation is visible as a result >= size).
 */
#ifndef CAIRN_STRING_H
#define CAIRN_STRING_H

#include <stddef.h>
#include "cairn/libc.h"

void *LIBC(memcpy)(void *dst, const void *src, size_t n);
void *LIBC(memmove)(void *dst, const void *src, size_t n);
void *LIBC(memset)(void *dst, int c, size_t n);
int LIBC(memcmp)(const void *a, const void *b, size_t n);
void *LIBC(memchr)(const void *s, int c, size_t n);
size_t LIBC(strlen)(const char *s);
size_t LIBC(strnlen)(const char *s, size_t max);
int LIBC(strcmp)(const char *a, const char *b);
int LIBC(strncmp)(const char *a, const char *b, size_t n);
char *LIBC(strchr)(const char *s, int c);
size_t LIBC(strlcpy)(char *dst, const char *src, size_t size);

#endif
