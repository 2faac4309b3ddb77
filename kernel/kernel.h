/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel.h -- what every kernel file needs: fixed-width types, the console
 * printf, panic(), and the two kinds of checks:
 *
 *   require(expr)  always on: an invariant whose failure must stop the
 *                  machine even in a release build (a corrupt structure
 *                  would otherwise reach the disk)
 *   assert(expr)   debug builds only (CAIRN_DEBUG): cheap sanity checks
 *
 * Both name the expression, file and line through panic().
 */
#ifndef CAIRN_KERNEL_H
#define CAIRN_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((a) - 1))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* printf.c */
int kprintf(const char *fmt, ...) PRINTF(1, 2);
int kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF(3, 4);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* panic.c.  The function has the macro's name (written "(panic)" so
 * that the macro does not expand), so a debugger's "break panic" stops
 * in it. */
void (panic)(const char *file, int line, const char *fmt, ...) NORETURN PRINTF(3, 4);
#define panic(...) (panic)(__FILE__, __LINE__, __VA_ARGS__)

#define require(expr) \
	do { if (unlikely(!(expr))) panic("require failed: %s", #expr); } while (0)
#ifdef CAIRN_DEBUG
#define assert(expr) \
	do { if (unlikely(!(expr))) panic("assert failed: %s", #expr); } while (0)
#else
#define assert(expr) ((void)0)
#endif

/* string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void sort_u32(uint32_t *a, size_t n, bool (*before)(uint32_t, uint32_t));
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
