/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktest.h -- the in-kernel test registry (test kernel builds only).
 *
 *   TEST(name, "what it checks") { ... KT_CHECK(expr); ... }
 *
 * Each TEST puts a descriptor in the .ktests section (file by file in
 * link order, within a file in the order written: the test kernel is
 * built with -fno-toplevel-reorder); ktest_run() runs
 * the ones selected by the boot option test=NAME[,NAME...] (or all; a
 * NAME ending in '*' selects every test starting with the rest), and
 * reports over the console, one line each, for tests/system to parse:
 *
 *   KTEST BEGIN n
 *   KTEST RUN name: what it checks
 *   KTEST FAIL file:line: expression or message    (first failure only)
 *   KTEST PASS name          or          KTEST FAILED name
 *   KTEST END passed=p failed=f
 */
#ifndef CAIRN_KTEST_H
#define CAIRN_KTEST_H

#include "kernel.h"

struct ktest {
	const char *name, *what;
	void (*fn)(void);
	int explicit_only;   /* not part of "all": needs its own boot setup */
};

#define KTEST_DEFINE(name, what, expl) \
	static void ktest_fn_##name(void); \
	static const struct ktest ktest_desc_##name \
		__attribute__((section(".ktests"), used, aligned(4))) = \
		{ #name, what, ktest_fn_##name, expl }; \
	static void ktest_fn_##name(void)

#define TEST(name, what) KTEST_DEFINE(name, what, 0)
/* A test that needs special boot options or a specially prepared image
 * (a small object cache, a damaged store): run only when named. */
#define TEST_EXPLICIT(name, what) KTEST_DEFINE(name, what, 1)

void ktest_fail(const char *file, int line, const char *fmt, ...) PRINTF(3, 4);
bool ktest_failed(void);

/* Check, report, and return from the test on failure. */
#define KT_CHECK(expr) \
	do { if (!(expr)) { ktest_fail(__FILE__, __LINE__, "%s", #expr); return; } } while (0)
#define KT_CHECK_EQ(a, b) \
	do { uint64_t ka_ = (uint64_t)(a), kb_ = (uint64_t)(b); \
	     if (ka_ != kb_) { ktest_fail(__FILE__, __LINE__, "%s == %s (%llu != %llu)", \
			#a, #b, (unsigned long long)ka_, (unsigned long long)kb_); return; } } while (0)
#define KT_CHECK_STR(a, b) \
	do { const char *sa_ = (a), *sb_ = (b); \
	     if (strcmp(sa_, sb_)) { ktest_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", \
			#a, #b, sa_, sb_); return; } } while (0)

/* Boot-option actions of the disk tests (test_disk.c); both end QEMU.
 * disk_pattern=BLOCK writes a known pattern to that store block and
 * flushes (the host then reads it from the image file); disk_absent
 * checks that every disk call fails cleanly when there is no disk. */
void ktest_disk_pattern(const char *block) NORETURN;
void ktest_disk_absent(void) NORETURN;
void ktest_disk_probe(const char *block) NORETURN; /* disk_probe=BLOCK */

/* Run the selected tests; returns the number that failed. */
unsigned ktest_run(const char *selection);

#endif
