/* SPDX-License-Identifier: BSD-2-Clause */
/* cairn/median.h -- the median of a sample (median.c), for benchmarks
 * that print "BENCH key N" lines. */
#ifndef CAIRN_MEDIAN_H
#define CAIRN_MEDIAN_H

#include <stdint.h>

/* The median of v[0..n-1] (the upper one of an even n); reorders v.
 * 0 if n is 0. */
uint32_t utest_median(uint32_t *v, unsigned n);

#endif
