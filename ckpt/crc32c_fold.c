/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crc32c_fold.c -- CRC32C of long buffers by carry-less multiplication
 * (AVX-512 VPCLMULQDQ), for the host tools.
 *
 * The CRC instruction (crc32c_hw.c) sums 8 bytes a cycle at best; a CPU
 * with 512-bit carry-less multiplication can fold 64 bytes a step, four
 * steps in flight.  Folding: a 128-bit block X of the message, D bits
 * before a later block, contributes X * x^D to the message polynomial,
 * and only that modulo P (the CRC32C polynomial) matters.  With X = H *
 * x^64 + L (H its first 8 bytes: the bits are reflected, the first byte's
 * low bit is the highest power), X * x^D == H * (x^(64+D) mod P) + L *
 * (x^D mod P), a product of under 96 bits that is XORed into the later
 * block.  The buffer is folded this way into its last 16 bytes, which
 * the CRC instruction then sums: the CRC of what remains is the CRC of
 * the whole.  The constants are worked out at first use from P itself.
 *
 * ck_crc32c_hw() (crc32c_hw.c) uses this for the part of a buffer that
 * is a multiple of 64 bytes (at least 256) when the CPU has AVX-512F and
 * VPCLMULQDQ (asked at run time), and the CRC instruction for the rest;
 * the kernel never does (format.c's table version).  tests/unit/
 * test_format.c compares the three.
 */
#include "crc32c_hw.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <pthread.h>

#define POLY_NORMAL 0x1edc6f41u /* P without x^32, highest power first */

enum { D128, D256, D384, D512, D2048, NDIST };
static const unsigned dist[NDIST] = { 128, 256, 384, 512, 2048 };

/* k[d] = { the multiplier of H, of L } for folding dist[d] bits. */
static uint64_t k[NDIST][2];
static int have;
static pthread_once_t once = PTHREAD_ONCE_INIT; /* cairn-dump sums in two threads */

/* x^n mod P, bit t the coefficient of x^t. */
static uint32_t
xpow(unsigned n)
{
	uint32_t r = 1;

	while (n--)
		r = (r & 0x80000000u) ? (r << 1) ^ POLY_NORMAL : r << 1;
	return r;
}

/* The 64-bit operand that multiplies a reflected 64-bit half into a
 * reflected 128-bit block by x * (x^n mod P): bit 63 - t for x^t (the
 * extra x lines the product up with the block's bits). */
static uint64_t
operand(unsigned n)
{
	uint32_t r = xpow(n);
	uint64_t v = 0;

	for (unsigned t = 0; t < 32; t++)
		if (r & 1u << t)
			v |= 1ull << (63 - t);
	return v;
}

static void
init(void)
{
	for (unsigned d = 0; d < NDIST; d++) {
		k[d][0] = operand(63 + dist[d]);
		k[d][1] = operand(dist[d] - 1);
	}
	__builtin_cpu_init();
	have = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("vpclmulqdq");
}

int
ck_crc32c_fold_ok(void)
{
	pthread_once(&once, init);
	return have;
}

#define TARGET __attribute__((target("avx512f,vpclmulqdq,pclmul,sse4.2")))

/* Each 128-bit lane of x folded over the distance kk is for, into y. */
TARGET static inline __m512i
fold512(__m512i x, __m512i kk, __m512i y)
{
	return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, kk, 0x00),
					 _mm512_clmulepi64_epi128(x, kk, 0x11), y, 0x96);
}

TARGET static inline __m128i
fold128(__m128i x, unsigned d, __m128i y)
{
	__m128i kk = _mm_set_epi64x((long long)k[d][1], (long long)k[d][0]);

	return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, kk, 0x00),
					   _mm_clmulepi64_si128(x, kk, 0x11)), y);
}

TARGET static inline __m512i
constant(unsigned d)
{
	return _mm512_set_epi64((long long)k[d][1], (long long)k[d][0], (long long)k[d][1],
				(long long)k[d][0], (long long)k[d][1], (long long)k[d][0],
				(long long)k[d][1], (long long)k[d][0]);
}

TARGET uint32_t
ck_crc32c_fold(uint32_t reg, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	__m512i a0, a1, a2, a3, kk;

	/* Four accumulators, 256 bytes a step; the register goes into the
	 * first four bytes (the CRC of a message is that of the message
	 * with its initial register XORed into its start, from zero). */
	a0 = _mm512_xor_si512(_mm512_loadu_si512(p), _mm512_castsi128_si512(_mm_cvtsi32_si128((int)reg)));
	a1 = _mm512_loadu_si512(p + 64);
	a2 = _mm512_loadu_si512(p + 128);
	a3 = _mm512_loadu_si512(p + 192);
	p += 256;
	n -= 256;
	kk = constant(D2048);
	for (; n >= 256; p += 256, n -= 256) {
		a0 = fold512(a0, kk, _mm512_loadu_si512(p));
		a1 = fold512(a1, kk, _mm512_loadu_si512(p + 64));
		a2 = fold512(a2, kk, _mm512_loadu_si512(p + 128));
		a3 = fold512(a3, kk, _mm512_loadu_si512(p + 192));
	}
	/* Each accumulator's lanes are 64 bytes before the next one's. */
	kk = constant(D512);
	a1 = fold512(a0, kk, a1);
	a2 = fold512(a1, kk, a2);
	a0 = fold512(a2, kk, a3);
	for (; n >= 64; p += 64, n -= 64)
		a0 = fold512(a0, kk, _mm512_loadu_si512(p));
	/* The four lanes into the last. */
	__m128i x = _mm512_extracti32x4_epi32(a0, 3);
	x = fold128(_mm512_extracti32x4_epi32(a0, 2), D128, x);
	x = fold128(_mm512_extracti32x4_epi32(a0, 1), D256, x);
	x = fold128(_mm512_castsi512_si128(a0), D384, x);
	uint64_t c = _mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(x));
	return (uint32_t)_mm_crc32_u64(c, (uint64_t)_mm_extract_epi64(x, 1));
}

#else

int
ck_crc32c_fold_ok(void)
{
	return 0;
}

uint32_t
ck_crc32c_fold(uint32_t reg, const void *buf, size_t n)
{
	(void)buf, (void)n;
	return reg;     /* never called: ck_crc32c_fold_ok() is 0 */
}

#endif
