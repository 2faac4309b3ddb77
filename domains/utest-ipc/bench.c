/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench.c -- the IPC benchmarks of utest-ipc, printed one figure a line
 * as "BENCH <key> <n>" (tests/bench.py collects them; docs/processes.md
 * explains them).  Under QEMU's -icount shift=0 the guest's rdtsc counts
 * guest instructions, so every figure is an exact instruction count;
 * without -icount they are cycles of whatever the host does, and only
 * the bounds test_ipc.py checks under -icount mean anything.
 *
 * Each figure is the median over BENCH_REPS repetitions of one window
 *
 *     t0 = rdtsc; <the operation>; t1 = rdtsc
 *
 * minus the median of the empty window (rdtsc; rdtsc), so it counts the
 * operation's own instructions: for an invocation, the user stub that
 * loads the registers from the message, the trap, everything the kernel
 * does and the stub's stores of the reply back into the message.  The
 * "extra" figures are differences of two such medians.
 *
 * The servers are ipc-bench (BENCH_WORDS echoes the words back from the
 * registers; BENCH_DESC receives capabilities and a string with a
 * descriptor).  The bounds test_ipc.py keeps on these figures go red
 * when a change makes the fast path slower.
 */
#include "cairn/cairn.h"
#include "cairn/utest.h"
#include "domains/utest-ipc/proto.h"

#define BENCH_REPS 65u
#define PF_VA 0x28000000u      /* root slot 5 of a height-4 space: 5 * 128 MiB */
#define PF_SLOT 5u

static inline uint32_t
tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return lo;
}

static uint32_t
median(uint32_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

static uint32_t samples[BENCH_REPS];

/* The median cost of one window: BODY between two rdtsc, minus the
 * empty window's cost. */
#define MEASURE(out, BODY) do {                                        \
		for (unsigned i_ = 0; i_ < BENCH_REPS; i_++) {         \
			uint32_t t0_ = tsc();                          \
			BODY;                                          \
			samples[i_] = tsc() - t0_;                     \
		}                                                      \
		out = extra(median(samples, BENCH_REPS), empty_window()); \
	} while (0)

static uint32_t
empty_window(void)
{
	static uint32_t e[BENCH_REPS];

	for (unsigned i = 0; i < BENCH_REPS; i++) {
		uint32_t t0 = tsc();
		e[i] = tsc() - t0;
	}
	return median(e, BENCH_REPS);
}

/* a - b, or 0: without -icount the figures are cycles and may be noise. */
static uint32_t
extra(uint32_t a, uint32_t b)
{
	return a > b ? a - b : 0;
}

static void
report(const char *key, uint32_t n)
{
	printf("BENCH %s %u\n", key, n);
}

static uint32_t null_int80, null_sysenter, rt_int80, rt_sysenter;

TEST(bench_null_invoke, "the cheapest invocation, user to user: CALL on an empty register")
{
	cairn_msg_t m = CAIRN_MSG(0);

	CHECK_RC(cairn_call_words(R_VOIDREG, &m), RC_VOID);
	MEASURE(null_int80, cairn_trap_words(INV_WORD(R_VOIDREG, INV_CALL, 0), &m));
	CHECK_EQ(m.code, RC_VOID);
	MEASURE(null_sysenter, cairn_sysenter_words(INV_WORD(R_VOIDREG, INV_CALL, 0), &m));
	CHECK_EQ(m.code, RC_VOID);
	report("null_invoke_insns", null_int80 < null_sysenter ? null_int80 : null_sysenter);
	report("null_invoke_int80_insns", null_int80);
	report("null_invoke_sysenter_insns", null_sysenter);
}

TEST(bench_ipc_roundtrip, "CALL + RETURN of four words between two address spaces")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_NULL, 1, 2, 3, 4);

	CHECK_RC(cairn_call_words(R_BENCH, &m), RC_OK);     /* warm */
	MEASURE(rt_int80, cairn_trap_words(INV_WORD(R_BENCH, INV_CALL, 0), &m));
	CHECK_EQ(m.code, RC_OK);
	CHECK(m.w[0] == 1 && m.w[1] == 2 && m.w[2] == 3 && m.w[3] == 4);
	MEASURE(rt_sysenter, cairn_sysenter_words(INV_WORD(R_BENCH, INV_CALL, 0), &m));
	CHECK_EQ(m.code, RC_OK);
	CHECK(m.w[0] == 1 && m.w[1] == 2 && m.w[2] == 3 && m.w[3] == 4);
	uint32_t rt = rt_int80 < rt_sysenter ? rt_int80 : rt_sysenter;
	uint32_t null = null_int80 < null_sysenter ? null_int80 : null_sysenter;
	report("ipc_roundtrip_insns", rt);
	report("ipc_roundtrip_int80_insns", rt_int80);
	report("ipc_roundtrip_sysenter_insns", rt_sysenter);
	/* In hundredths: BENCH figures are integers. */
	report("ipc_vs_null_ratio_x100", null ? (rt * 100 + null / 2) / null : 0);
}

/* A CALL to the descriptor server with desc d; the median window. */
static uint32_t
desc_call(struct ipc_desc *d)
{
	cairn_msg_t m = CAIRN_MSG(ECHO_NULL);
	uint32_t n;

	m.desc = d;
	MEASURE(n, (m.code = ECHO_NULL, cairn_call(R_BENCH_DESC, &m)));
	return m.code == RC_OK ? n : 0;
}

TEST(bench_cap_xfer, "extra cost of each capability a CALL carries")
{
	struct ipc_desc d;
	static const capreg_t send[IPC_MAX_CAPS] = { CR_CONSOLE, CR_SYSINFO, CR_DISCRIM, CR_SLEEP };

	cairn_desc_init(&d);
	uint32_t none = desc_call(&d);
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++)
		d.snd_cap[i] = send[i];
	uint32_t four = desc_call(&d);
	CHECK(none && four);
	report("cap_xfer_insns", (extra(four, none) + IPC_MAX_CAPS / 2) / IPC_MAX_CAPS);
}

static uint32_t str_src[IPC_MAX_STRING / 4], str_dst[IPC_MAX_STRING / 4];

TEST(bench_string_4k, "extra cost of a 4 KiB string in a CALL, and a bare 4 KiB rep movsd")
{
	struct ipc_desc d;
	uint32_t movs;

	for (unsigned i = 0; i < IPC_MAX_STRING / 4; i++)
		str_src[i] = i * 2654435761u;
	cairn_desc_init(&d);
	uint32_t none = desc_call(&d);
	d.snd_str = (uint32_t)str_src;
	d.snd_len = IPC_MAX_STRING;
	uint32_t with = desc_call(&d);
	CHECK(none && with);
	MEASURE(movs, ({
		void *s_ = str_src, *d_ = str_dst;
		uint32_t n_ = IPC_MAX_STRING / 4;
		__asm__ volatile("cld; rep movsl" : "+S"(s_), "+D"(d_), "+c"(n_) : : "memory");
	}));
	CHECK(memcmp(str_src, str_dst, sizeof str_dst) == 0);
	report("string_4k_insns", extra(with, none));
	report("rep_movsd_4k_insns", movs);
}

TEST(bench_forwarder, "extra cost of the same CALL through an opaque forwarder")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_NULL, 5, 6, 7, 8);
	uint32_t fwd;

	CHECK_RC(cairn_call_words(R_FWD_BENCH, &m), RC_OK);  /* warm */
	MEASURE(fwd, cairn_trap_words(INV_WORD(R_FWD_BENCH, INV_CALL, 0), &m));
	CHECK_EQ(m.code, RC_OK);
	CHECK(m.w[0] == 5 && m.w[3] == 8);
	report("forwarder_extra_insns", extra(fwd, rt_int80));
}

TEST(bench_pagefault, "a fault on a page in memory but not mapped, to the retried instruction")
{
	volatile uint32_t *va = (volatile uint32_t *)PF_VA;
	uint32_t n, sum = 0;

	CHECK_RC(node_swap(R_OWN_SPACE, PF_SLOT, R_PAGE, R_TMP1), RC_OK);
	sum += *va;                                  /* in memory now */
	for (unsigned i = 0; i < BENCH_REPS; i++) {
		/* Put the same page in again: the mapping goes, the page stays. */
		CHECK_RC(node_write(R_OWN_SPACE, PF_SLOT, R_PAGE), RC_OK);
		uint32_t t0 = tsc();
		sum += *va;
		samples[i] = tsc() - t0;
	}
	n = extra(median(samples, BENCH_REPS), empty_window());
	CHECK_RC(node_swap(R_OWN_SPACE, PF_SLOT, R_TMP1, R_TMP2), RC_OK);
	report("pagefault_insns", n);
	(void)sum;
}
