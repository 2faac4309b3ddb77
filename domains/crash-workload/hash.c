/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hash.c -- the workload's random numbers and hashes.
 *
 * The random walk is xorshift64* from the seed, kept in wl.rng, so it
 * continues after a restart exactly where the restarted generation left
 * it.  Page contents hash as the XOR of one mixed word per nonzero word:
 * a zero page hashes to 0, and changing one word updates the hash in
 * O(1) (XOR out the old word, XOR in the new), which is how the driver
 * keeps its memory of every page it writes without a copy of the page.
 */
#include "domains/crash-workload/wl.h"

uint32_t
wl_mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

uint32_t
wl_word_hash(uint32_t index, uint32_t value)
{
	return value ? wl_mix(value ^ wl_mix(index + 0x9e3779b9u)) : 0;
}

uint32_t
wl_desc_hash(const struct desc *d)
{
	return wl_mix(d->type ^ wl_mix(d->a ^ wl_mix(d->b ^ wl_mix(d->c))));
}

uint32_t
wl_page_hash(const uint32_t *words)
{
	uint32_t h = 0;

	for (uint32_t i = 0; i < 1024; i++)
		h ^= wl_word_hash(i, words[i]);
	return h;
}

/* A number in [0, n). */
uint32_t
wl_rand(uint32_t n)
{
	wl.rng ^= wl.rng >> 12;
	wl.rng ^= wl.rng << 25;
	wl.rng ^= wl.rng >> 27;
	return (uint32_t)((wl.rng * 0x2545f4914f6cdd1dull) >> 32) % n;
}
