/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unit.h -- a small host unit-test harness.
 *
 *   UNIT_TEST(name) { ... CHECK(expr); CHECK_EQ(a, b); ... }
 *
 * Tests register themselves (a constructor per test); each test binary
 * ends with UNIT_MAIN().  The binary prints one line per test,
 * "PASS name" or "FAIL name: file:line: what", which tests/run.py counts,
 * and exits non-zero if any failed.  A failed CHECK returns from the test.
 */
#ifndef CAIRN_UNIT_H
#define CAIRN_UNIT_H

#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

extern struct unit_test *unit_tests;
extern int unit_failed_now;

#define UNIT_TEST(tname) \
	static void unit_fn_##tname(void); \
	static struct unit_test unit_desc_##tname = { #tname, unit_fn_##tname, 0 }; \
	__attribute__((constructor)) static void unit_reg_##tname(void) \
	{ \
		struct unit_test **p = &unit_tests; \
		while (*p) \
			p = &(*p)->next; \
		*p = &unit_desc_##tname; \
	} \
	static void unit_fn_##tname(void)

#define UNIT_FAIL(...) \
	do { printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); \
	     printf("\n"); unit_failed_now = 1; return; } while (0)
#define CHECK(expr) \
	do { if (!(expr)) UNIT_FAIL("%s", #expr); } while (0)
#define CHECK_EQ(a, b) \
	do { unsigned long long ua_ = (unsigned long long)(a), ub_ = (unsigned long long)(b); \
	     if (ua_ != ub_) UNIT_FAIL("%s == %s (%llu != %llu)", #a, #b, ua_, ub_); } while (0)
#define CHECK_STR(a, b) \
	do { const char *sa_ = (a), *sb_ = (b); \
	     if (!sa_ || !sb_ || strcmp(sa_, sb_)) \
		UNIT_FAIL("%s == %s (\"%s\" != \"%s\")", #a, #b, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)"); } while (0)

#define UNIT_MAIN() \
	struct unit_test *unit_tests; \
	int unit_failed_now; \
	int main(int argc, char **argv) \
	{ \
		int failed = 0; \
		for (struct unit_test *t = unit_tests; t; t = t->next) { \
			if (argc > 1 && strcmp(argv[1], t->name)) \
				continue; \
			unit_failed_now = 0; \
			t->fn(); \
			printf("%s %s\n", unit_failed_now ? "FAILED" : "PASS", t->name); \
			failed += unit_failed_now; \
		} \
		return failed != 0; \
	}

#endif
