/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fpu-worker -- holds known values in the FPU and SSE registers and
 * checks them while other processes use theirs; its role, seed and
 * round count come from the Number in W_ARGS (domains/utest-fpu/proto.h).
 * Its C code is integer-only: nothing but fpustate.h's assembly touches
 * the FPU registers.
 */
#include "cairn/cairn.h"
#include "domains/utest-fpu/proto.h"
#include "domains/utest-fpu/fpustate.h"

static struct fpu_values mine;

/* Check, CALL the peer, again and again: every call is two switches. */
static void
ping(uint32_t rounds)
{
	uint32_t errors = 0, peer_errors = 0, answered = 0;

	fpu_values_load(&mine);
	for (uint32_t i = 0; i < rounds; i++) {
		cairn_msg_t m = CAIRN_MSG(PONG_CHECK);
		errors += fpu_values_check(&mine);
		if (cairn_call_words(W_PEER, &m) == RC_OK) {
			answered++;
			peer_errors += m.w[0];
		}
	}
	errors += fpu_values_check(&mine);
	cairn_send(W_REPORT, &CAIRN_MSG(REPORT_PING, errors, peer_errors, answered));
}

/* Answer every call with the result of a check. */
static void __attribute__((noreturn))
pong(void)
{
	cairn_msg_t m = { 0 };
	uint32_t checks = 0;

	fpu_values_load(&mine);
	cairn_receive(&m);
	for (;;) {
		uint32_t errors = fpu_values_check(&mine);
		m = CAIRN_MSG(RC_OK, errors, ++checks);
		cairn_return_words(CR_REPLY, &m);
	}
}

/* Check without pause for ticks timer ticks: the timer preempts us
 * wherever we are, in the middle of a check too.  A clock that jumps
 * by more than a tick between two checks means someone else ran. */
static void
spin(uint32_t ticks, uint32_t seed)
{
	uint64_t start = 0, prev, now = 0;
	uint32_t errors = 0, preempted = 0;

	sleep_ticks(CR_SLEEP, &start);
	fpu_values_load(&mine);
	prev = start;
	do {
		errors += fpu_values_check(&mine);
		sleep_ticks(CR_SLEEP, &now);
		preempted += now > prev + 1;
		prev = now;
	} while (now < start + ticks);
	cairn_send(W_REPORT, &CAIRN_MSG(REPORT_SPIN, errors, preempted, seed));
}

int
main(void)
{
	uint32_t args[3] = { 0, 0, 0 };

	number_read(W_ARGS, args);
	fpu_values_make(&mine, args[1]);
	switch (args[0]) {
	case ROLE_PING:
		ping(args[2]);
		break;
	case ROLE_PONG:
		pong();
	case ROLE_SPIN:
		spin(args[2], args[1]);
		break;
	case ROLE_TOUCH:
		fpu_values_load(&mine);
		cairn_send(W_REPORT, &CAIRN_MSG(REPORT_TOUCH, fpu_values_check(&mine)));
		break;
	}
	return 0;
}
