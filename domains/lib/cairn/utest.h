/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/utest.h -- in-guest test programs (utest.c).
 *
 *   TEST(name, "what it checks") { ... CHECK(expr); CHECK_EQ(a, b); ... }
 *   int main(void) { return utest_run(); }
 *
 * Each TEST puts a descriptor in the .utests section (user.ld gathers
 * them between utests_start and utests_end: file by file in link order,
 * and within a file in the order written, which -fno-toplevel-reorder
 * keeps -- domains/rules.mk); utest_run()
 * runs them all and reports on the console one line each, in the format
 * of the in-kernel tests (kernel/ktest.h) with UTEST for KTEST, so the
 * host harness parses both alike:
 *
 *   UTEST BEGIN n
 *   UTEST RUN name: what it checks
 *   UTEST FAIL file:line: expression or message    (first failure only)
 *   UTEST PASS name          or          UTEST FAILED name
 *   UTEST END passed=p failed=f
 *
 * A failed CHECK reports and returns from the test function.
 */
#ifndef CAIRN_UTEST_H
#define CAIRN_UTEST_H

#include <stdint.h>
#include "cairn/fmt.h"
#include "cairn/median.h"
#include "cairn/names.h"
#include "cairn/string.h"

struct utest {
	const char *name, *what;
	void (*fn)(void);
};

#define TEST(name, what) \
	static void utest_fn_##name(void); \
	static const struct utest utest_desc_##name \
		__attribute__((section(".utests"), used, aligned(4))) = \
		{ #name, what, utest_fn_##name }; \
	static void utest_fn_##name(void)

void utest_fail(const char *file, int line, const char *fmt, ...) FMT_PRINTF(3, 4);

/* Runs every test; returns the number that failed. */
int utest_run(void);


#define CHECK(expr) \
	do { if (!(expr)) { utest_fail(__FILE__, __LINE__, "%s", #expr); return; } } while (0)
#define CHECK_EQ(a, b) \
	do { uint64_t ua_ = (uint64_t)(a), ub_ = (uint64_t)(b); \
	     if (ua_ != ub_) { utest_fail(__FILE__, __LINE__, "%s == %s (%llu != %llu)", \
			#a, #b, (unsigned long long)ua_, (unsigned long long)ub_); return; } } while (0)
#define CHECK_STR(a, b) \
	do { const char *sa_ = (a), *sb_ = (b); \
	     if (!sa_ || !sb_ || strcmp(sa_, sb_)) { \
		utest_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", \
			   #a, #b, sa_, sb_); return; } } while (0)
/* An invocation's result code, reported by name. */
#define CHECK_RC(expr, want) \
	do { int ra_ = (expr), rb_ = (want); \
	     if (ra_ != rb_) { utest_fail(__FILE__, __LINE__, "%s -> %s, expected %s", \
			#expr, rc_name(ra_), rc_name(rb_)); return; } } while (0)

#endif
