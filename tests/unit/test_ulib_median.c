/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ulib_median.c -- utest_median (domains/lib/median.c), which the
 * in-guest benchmarks print: compared with the middle of a sorted copy
 * over many sizes, with few and with many distinct values.
 */
#include "tests/unit/unit.h"
#include "cairn/median.h"

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

UNIT_TEST(median_matches_sorted_middle)
{
	uint32_t v[200], w[200];

	srand(7);
	for (unsigned t = 0; t < 20000; t++) {
		unsigned n = 1u + (unsigned)rand() % 200u;
		for (unsigned i = 0; i < n; i++)
			v[i] = w[i] = (uint32_t)rand() % (t % 3 ? 100000u : 3u);
		qsort(w, n, sizeof w[0], cmp_u32);
		CHECK_EQ(utest_median(v, n), w[n / 2]);
	}
}

UNIT_TEST(median_of_nothing_is_zero)
{
	uint32_t v[1] = { 5 };

	CHECK_EQ(utest_median(v, 0), 0);
	CHECK_EQ(utest_median(v, 1), 5);
}

UNIT_MAIN()
