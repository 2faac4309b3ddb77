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

/* Quickselect (Hoare): v is reordered; O(n) expected. */
uint32_t
utest_median(uint32_t *v, unsigned n)
{
	unsigned lo = 0, hi = n - 1u, k = n / 2u;

	while (n && lo < hi) {
		uint32_t pivot = v[(lo + hi) / 2u];
		unsigned i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				uint32_t t = v[i];
				v[i++] = v[j];
				v[j] = t;
				if (j-- == 0)
					break;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return n ? v[k] : 0;
}
