/* SPDX-License-Identifier: BSD-2-Clause */
/* median.c -- utest_median (cairn/utest.h): pure C, also built for the
 * host (tests/unit/test_ulib_median.c). */
#include "cairn/median.h"

/* Quickselect with Hoare's partition: v is reordered; O(n) expected. */
uint32_t
utest_median(uint32_t *v, unsigned n)
{
	int lo = 0, hi = (int)n - 1, k = (int)n / 2;

	while (lo < hi) {
		uint32_t pivot = v[lo + (hi - lo) / 2];
		int i = lo - 1, j = hi + 1;
		for (;;) {      /* then v[lo..j] <= pivot <= v[j+1..hi] */
			do
				i++;
			while (v[i] < pivot);
			do
				j--;
			while (v[j] > pivot);
			if (i >= j)
				break;
			uint32_t t = v[i];
			v[i] = v[j];
			v[j] = t;
		}
		if (k <= j)
			hi = j;
		else
			lo = j + 1;
	}
	return n ? v[k] : 0;
}
