/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crc32c_hw.c -- CRC32C by the CPU's own instruction, for the host tools.
 *
 * x86 has a CRC32C instruction (SSE4.2: crc32 r64, r/m64, eight bytes a
 * step).  Its latency is three cycles and it can start one a cycle, so a
 * long buffer is summed as three interleaved streams whose CRCs are then
 * combined (shifting a CRC over n zero bytes is a multiplication in
 * GF(2), done here with a precomputed table per stream length), which is
 * about three times as fast as one stream.  Two stream lengths: a long
 * one for pages, and a short one so that a node record's 512 bytes of
 * slots (check sums 400,000 of them in a 1 GiB store) go three at a
 * time too.  Whether the CPU has the
 * instruction is asked at run time (cpuid); ckpt/format.c's ck_crc32c
 * uses this when it can and its own table-driven version when not, and
 * the kernel always uses that version (it may not touch SSE state and
 * runs on any i686).  A CPU that can multiply carry-lessly 512 bits at a
 * time folds the long part of a buffer instead (crc32c_fold.c), several
 * times as fast again.  All give the same value: tests/unit/test_format.c.
 */
#include "crc32c_hw.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <pthread.h>

/* Bytes each of three streams sums at a time: 3 x 1360 = 4080 (a page
 * leaves a 16-byte tail); 3 x 168 = 504 (a record's slots leave 8). */
static const unsigned stream[2] = { 1360u, 168u };
#define CRC32C_POLY 0x82f63b78u

/* shift[s][k][b]: the CRC register after byte b at position k of a
 * 32-bit value is pushed through stream[s] zero bytes (so that a CRC can
 * be moved past the bytes the next stream summed). */
static uint32_t shift[2][4][256];
static int have;
static pthread_once_t once = PTHREAD_ONCE_INIT; /* cairn-dump sums in two threads */

/* x * x^8n mod P for one byte position, by plain bitwise steps. */
static uint32_t
zeros(uint32_t crc, unsigned n)
{
	while (n--)
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ CRC32C_POLY : crc >> 1;
	return crc;
}

/* Shifting is linear: the 32 single bits are shifted the slow way, and
 * each table entry is the XOR of its bits' results. */
static void
init_shift(uint32_t t[4][256], unsigned len)
{
	uint32_t bit[32];

	for (unsigned i = 0; i < 32; i++)
		bit[i] = zeros(1u << i, len);
	for (unsigned k = 0; k < 4; k++)
		for (uint32_t b = 0; b < 256; b++) {
			uint32_t v = 0;
			for (unsigned i = 0; i < 8; i++)
				if (b & 1u << i)
					v ^= bit[8 * k + i];
			t[k][b] = v;
		}
}

static void
init(void)
{
	for (unsigned s = 0; s < 2; s++)
		init_shift(shift[s], stream[s]);
	__builtin_cpu_init();
	have = __builtin_cpu_supports("sse4.2");
}

int
ck_crc32c_hw_ok(void)
{
	pthread_once(&once, init);
	return have;
}

static uint32_t
shift_stream(const uint32_t t[4][256], uint32_t crc)
{
	return t[0][crc & 0xff] ^ t[1][(crc >> 8) & 0xff] ^
	       t[2][(crc >> 16) & 0xff] ^ t[3][crc >> 24];
}

__attribute__((target("sse4.2"))) static uint64_t
one_stream(uint64_t c, const uint8_t *p, size_t n)
{
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		__builtin_memcpy(&w, p, 8);
		c = _mm_crc32_u64(c, w);
	}
	for (; n; p++, n--)
		c = _mm_crc32_u8((uint32_t)c, *p);
	return c;
}

/* Three streams of stream[s] bytes each, their CRCs combined (always
 * inlined: the length is then a constant). */
__attribute__((target("sse4.2"), always_inline)) static inline uint64_t
three_streams(uint64_t c0, const uint8_t *p, unsigned s)
{
	const unsigned n = stream[s];
	uint64_t c1 = 0, c2 = 0, a, b, d;

	for (unsigned i = 0; i < n; i += 8) {
		__builtin_memcpy(&a, p + i, 8);
		__builtin_memcpy(&b, p + n + i, 8);
		__builtin_memcpy(&d, p + 2 * n + i, 8);
		c0 = _mm_crc32_u64(c0, a);
		c1 = _mm_crc32_u64(c1, b);
		c2 = _mm_crc32_u64(c2, d);
	}
	c0 = shift_stream(shift[s], (uint32_t)c0) ^ c1;
	return shift_stream(shift[s], (uint32_t)c0) ^ c2;
}

uint32_t
ck_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (len >= 256 && ck_crc32c_fold_ok()) {
		size_t n = len & ~(size_t)63;
		crc = ~ck_crc32c_fold(~crc, p, n);
		p += n;
		len -= n;
	}
	return ck_crc32c_streams(crc, p, len);
}

__attribute__((target("sse4.2"))) uint32_t
ck_crc32c_streams(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t c = ~crc;

	for (; len >= 3 * stream[0]; p += 3 * stream[0], len -= 3 * stream[0])
		c = three_streams(c, p, 0);
	for (; len >= 3 * stream[1]; p += 3 * stream[1], len -= 3 * stream[1])
		c = three_streams(c, p, 1);
	return ~(uint32_t)one_stream(c, p, len);
}

#else

int
ck_crc32c_hw_ok(void)
{
	return 0;
}

uint32_t
ck_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	(void)buf, (void)len;
	return crc;     /* never called: ck_crc32c_hw_ok() is 0 */
}

uint32_t
ck_crc32c_streams(uint32_t crc, const void *buf, size_t len)
{
	return ck_crc32c_hw(crc, buf, len);
}

#endif
