/* SPDX-License-Identifier: BSD-2-Clause */
/* utest.c -- runs the tests registered with TEST() (see cairn/utest.h). */
#include "cairn/utest.h"
#include "cairn/printf.h"

extern const struct utest utests_start[], utests_end[];

static int utest_cur_failed;

void
utest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (utest_cur_failed)
		return;         /* report the first failure of a test only */
	utest_cur_failed = 1;
	printf("UTEST FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int
utest_run(void)
{
	int passed = 0, failed = 0;

	printf("UTEST BEGIN %d\n", (int)(utests_end - utests_start));
	for (const struct utest *t = utests_start; t < utests_end; t++) {
		printf("UTEST RUN %s: %s\n", t->name, t->what);
		utest_cur_failed = 0;
		t->fn();
		printf("UTEST %s %s\n", utest_cur_failed ? "FAILED" : "PASS", t->name);
		if (utest_cur_failed)
			failed++;
		else
			passed++;
	}
	printf("UTEST END passed=%d failed=%d\n", passed, failed);
	printf_flush();
	return failed;
}
