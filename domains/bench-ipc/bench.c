/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench-ipc -- the client half of the CALL+RETURN benchmark: the cost
 * of one round trip between two address spaces, words only.
 *
 * The map gives it a Start capability to bench-ipc-echo in register
 * BENCH_IPC_SERVER.  It calls the server BENCH_IPC_WARMUP times (to
 * fault in pages, mappings and cached processes), then BENCH_IPC_ROUNDS
 * times between two rdtsc readings, and subtracts the same loop with
 * the trap left out.  Under QEMU with -icount shift=0,sleep=off the TSC
 * advances by one per instruction, so the result is the number of
 * instructions of CALL + RETURN, user side included; on other clocks it
 * is cycles.  Output, one line for the host to parse:
 *
 *   BENCH ipc_call_return <per round trip> per-round-trip (<rounds> rounds)
 *
 * or "BENCH ipc_call_return error <rc name>" if a call fails.
 */
#include "cairn/cairn.h"

#define BENCH_IPC_SERVER CR_FIRST_FREE
#define BENCH_IPC_WARMUP 64
#define BENCH_IPC_ROUNDS 4096

static inline uint64_t
bench_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (uint64_t)hi << 32;
}

/* rounds round trips (or, with trap == 0, the loop alone); returns the
 * TSC ticks taken, or 0 and *rc on a failed call. */
static uint64_t
bench_loop(unsigned rounds, int trap, int *rc)
{
	cairn_msg_t m = CAIRN_MSG(1, 1, 2, 3, 4);
	uint64_t t0 = bench_rdtsc();

	for (unsigned i = 0; i < rounds; i++) {
		m.code = 1;
		if (trap)
			*rc = cairn_call_words(BENCH_IPC_SERVER, &m);
		else
			__asm__ volatile("" : "+m"(m) : : "memory");
		if (*rc != RC_OK)
			return 0;
	}
	return bench_rdtsc() - t0;
}

int
main(void)
{
	int rc = RC_OK;

	bench_loop(BENCH_IPC_WARMUP, 1, &rc);
	uint64_t with = bench_loop(BENCH_IPC_ROUNDS, 1, &rc);
	uint64_t without = bench_loop(BENCH_IPC_ROUNDS, 0, &rc);
	if (rc != RC_OK) {
		printf("BENCH ipc_call_return error %s\n", rc_name(rc));
		return 1;
	}
	printf("BENCH ipc_call_return %llu per-round-trip (%u rounds)\n",
	       (unsigned long long)((with - without) / BENCH_IPC_ROUNDS),
	       BENCH_IPC_ROUNDS);
	return 0;
}
