/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fpustate.h -- known FPU values for the FPU tests: made from a seed,
 * loaded into the registers, checked in the registers, and found in a
 * saved annex image.
 *
 *   x87   ST0..ST7 hold eight doubles (a full stack), ST0 = st[0]
 *   SSE   XMM0..XMM7 hold eight 128-bit patterns
 *   FCW, MXCSR  rounding modes taken from the seed
 *
 * Everything goes through inline assembly (fld/fstp, movups, fldcw,
 * ldmxcsr), and the C code here and in its users is integer-only, so
 * the compiler never puts anything of its own in these registers: what
 * the registers hold between two checks is exactly what the kernel
 * saved and restored.  A check pops the x87 stack to memory and pushes
 * back what it popped, so it leaves the registers as it found them.
 */
#ifndef CAIRN_UTEST_FPU_FPUSTATE_H
#define CAIRN_UTEST_FPU_FPUSTATE_H

#include <stdint.h>
#include "cairn/string.h"
#include "kernel/abi/process.h"

struct fpu_values {
	uint64_t st[8];          /* IEEE doubles, as bits */
	uint32_t xmm[8][4];
	uint32_t mxcsr;
	uint16_t fcw;
};

/* fcw, mxcsr, eight x87 and eight XMM registers */
#define FPU_CHECK_ITEMS 18u

static inline void
fpu_values_make(struct fpu_values *v, uint32_t seed)
{
	for (uint32_t i = 0; i < 8; i++) {
		/* 1.x: a normal double, exact in the x87's 80-bit format */
		v->st[i] = 0x3ff0000000000000ull | (uint64_t)(seed & 0xfffff) << 32 |
			   (uint64_t)i << 24 | 0x5a5au;
		for (uint32_t j = 0; j < 4; j++)
			v->xmm[i][j] = seed << 16 | i << 8 | j << 4 | 0xa;
	}
	v->fcw = (uint16_t)(0x037f | (seed & 3) << 10);     /* RC bits 10-11 */
	v->mxcsr = 0x1f80 | (seed & 3) << 13;                /* RC bits 13-14 */
}

static inline void
fpu_values_load(const struct fpu_values *v)
{
	__asm__ volatile("fninit\n\t"
			 "fldcw %0\n\t"
			 "ldmxcsr %1" : : "m"(v->fcw), "m"(v->mxcsr) : "memory");
	__asm__ volatile("fldl 56(%0)\n\t" "fldl 48(%0)\n\t" "fldl 40(%0)\n\t"
			 "fldl 32(%0)\n\t" "fldl 24(%0)\n\t" "fldl 16(%0)\n\t"
			 "fldl 8(%0)\n\t" "fldl 0(%0)"
			 : : "r"(v->st) : "memory");
	__asm__ volatile("movups 0(%0), %%xmm0\n\t" "movups 16(%0), %%xmm1\n\t"
			 "movups 32(%0), %%xmm2\n\t" "movups 48(%0), %%xmm3\n\t"
			 "movups 64(%0), %%xmm4\n\t" "movups 80(%0), %%xmm5\n\t"
			 "movups 96(%0), %%xmm6\n\t" "movups 112(%0), %%xmm7"
			 : : "r"(v->xmm) : "memory");
}

/* What the registers hold now (x87 stack popped and pushed back). */
static inline void
fpu_values_read(struct fpu_values *now)
{
	__asm__ volatile("fnstcw %0\n\t"
			 "stmxcsr %1" : "=m"(now->fcw), "=m"(now->mxcsr) : : "memory");
	__asm__ volatile("fstpl 0(%0)\n\t" "fstpl 8(%0)\n\t" "fstpl 16(%0)\n\t"
			 "fstpl 24(%0)\n\t" "fstpl 32(%0)\n\t" "fstpl 40(%0)\n\t"
			 "fstpl 48(%0)\n\t" "fstpl 56(%0)\n\t"
			 "fldl 56(%0)\n\t" "fldl 48(%0)\n\t" "fldl 40(%0)\n\t"
			 "fldl 32(%0)\n\t" "fldl 24(%0)\n\t" "fldl 16(%0)\n\t"
			 "fldl 8(%0)\n\t" "fldl 0(%0)"
			 : : "r"(now->st) : "memory");
	__asm__ volatile("movups %%xmm0, 0(%0)\n\t" "movups %%xmm1, 16(%0)\n\t"
			 "movups %%xmm2, 32(%0)\n\t" "movups %%xmm3, 48(%0)\n\t"
			 "movups %%xmm4, 64(%0)\n\t" "movups %%xmm5, 80(%0)\n\t"
			 "movups %%xmm6, 96(%0)\n\t" "movups %%xmm7, 112(%0)"
			 : : "r"(now->xmm) : "memory");
}

/* How many of the FPU_CHECK_ITEMS differ between want and got. */
static inline unsigned
fpu_values_diff(const struct fpu_values *want, const struct fpu_values *got)
{
	unsigned bad = (want->fcw != got->fcw) + (want->mxcsr != got->mxcsr);

	for (unsigned i = 0; i < 8; i++) {
		bad += want->st[i] != got->st[i];
		bad += memcmp(want->xmm[i], got->xmm[i], sizeof want->xmm[i]) != 0;
	}
	return bad;
}

/* How many of the FPU_CHECK_ITEMS the registers do not hold. */
static inline unsigned
fpu_values_check(const struct fpu_values *v)
{
	struct fpu_values now;

	fpu_values_read(&now);
	return fpu_values_diff(v, &now);
}

/* A double's bits in the x87's 80-bit form (normal numbers only):
 * out[0] the 64-bit significand, out[1] sign and biased exponent. */
static inline void
fpu_double_to_ext(uint64_t d, uint64_t out[2])
{
	uint64_t exp = d >> 52 & 0x7ff, sign = d >> 63;

	out[0] = 1ull << 63 | (d & 0xfffffffffffffull) << 11;
	out[1] = sign << 15 | (exp - 1023 + 16383);
}

/* How many of the FPU_CHECK_ITEMS the saved image img (an annex page,
 * kernel/abi/process.h) does not hold; FPU_CHECK_ITEMS + 1 without the
 * kernel's magic word. */
static inline unsigned
fpu_values_diff_image(const struct fpu_values *v, const uint8_t *img)
{
	struct fpu_values saved;
	uint32_t magic;

	memcpy(&magic, img + PROC_ANNEX_MAGIC_OFFSET, 4);
	if (magic != PROC_ANNEX_MAGIC)
		return FPU_CHECK_ITEMS + 1;
	memcpy(&saved.fcw, img, 2);
	memcpy(&saved.mxcsr, img + PROC_ANNEX_MXCSR_OFFSET, 4);
	memcpy(saved.xmm, img + PROC_ANNEX_XMM_OFFSET, sizeof saved.xmm);
	for (unsigned i = 0; i < 8; i++) {
		uint64_t ext[2], reg[2] = { 0, 0 };
		fpu_double_to_ext(v->st[i], ext);
		memcpy(reg, img + PROC_ANNEX_ST_OFFSET + 16 * i, 10);
		saved.st[i] = reg[0] == ext[0] && reg[1] == ext[1] ? v->st[i] : ~v->st[i];
	}
	return fpu_values_diff(v, &saved);
}

#endif
