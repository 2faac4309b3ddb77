/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utest-fpu -- in-guest tests of per-process FPU/SSE state (the lazy
 * switch of arch/i386/fpu.c, the annex page of kernel/proc_fpu.c): two
 * processes keep different x87 and SSE values across thousands of
 * switches, by IPC and by preemption; the annex page holds the FXSAVE
 * image; swapping the annex swaps the state; a process without a
 * usable annex faults cleanly, to its keeper or to a stop.  The other
 * programs of utest-fpu.map take part (proto.h).  This program holds
 * FPU values of its own across the tests that make others run.
 */
#include "cairn/cairn.h"
#include "cairn/utest.h"
#include "domains/utest-fpu/proto.h"
#include "domains/utest-fpu/fpustate.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"

static struct fpu_values mine;

/* Load our own values; each test checks them at its end, after others
 * used the FPU (tests may run in any order). */
static void
hold_own_values(void)
{
	fpu_values_make(&mine, SEED_RUNNER);
	fpu_values_load(&mine);
}

/* Wait for the next report; returns its code. */
static uint32_t
receive_report(cairn_msg_t *m)
{
	*m = (cairn_msg_t){ 0 };
	return cairn_receive(m);
}

TEST(ping_pong_keeps_both_states, "two processes with annex pages keep different x87 and SSE values across 4,000 switches (CALL and RETURN), checking after every one")
{
	cairn_msg_t m;

	hold_own_values();
	CHECK_RC(process_start(R_PING, 0, 0), RC_OK);
	CHECK_EQ(receive_report(&m), REPORT_PING);
	CHECK_EQ(m.w[2], PING_ROUNDS);      /* every call answered */
	CHECK_EQ(m.w[0], 0);                /* the caller's values held */
	CHECK_EQ(m.w[1], 0);                /* the callee's values held */
	CHECK_EQ(fpu_values_check(&mine), 0);   /* and ours, all along */
}

TEST(preemption_keeps_both_states, "two processes checking their FPU values without pause, preempted by the timer, never see the other's")
{
	cairn_msg_t m[2];
	uint32_t seen = 0, preempted = 0;

	hold_own_values();
	CHECK_RC(process_start(R_SPIN1, 0, 0), RC_OK);
	CHECK_RC(process_start(R_SPIN2, 0, 0), RC_OK);
	for (int i = 0; i < 2; i++)
		receive_report(&m[i]);     /* both, before any check can return */
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(m[i].code, REPORT_SPIN);
		CHECK_EQ(m[i].w[0], 0);
		preempted += m[i].w[1];
		seen |= m[i].w[2] == SEED_SPIN1 ? 1 : m[i].w[2] == SEED_SPIN2 ? 2 : 4;
	}
	CHECK_EQ(seen, 3);
	CHECK(preempted > 0);                   /* they did take turns */
	printf("FPU spinners saw each other run %u times\n", preempted);
	CHECK_EQ(fpu_values_check(&mine), 0);
}

TEST(annex_holds_fxsave_image, "a process's annex page holds its saved state: the FXSAVE image and the kernel's magic word")
{
	static uint8_t img[PROC_ANNEX_FXSAVE_SIZE];
	struct fpu_values pong;
	cairn_msg_t m = CAIRN_MSG(PONG_CHECK);

	CHECK_RC(cairn_call(R_PONG_START, &m), RC_OK);   /* pong owns the FPU */
	CHECK_EQ(m.w[0], 0);
	hold_own_values();                      /* now we do: pong's is saved */
	CHECK_RC(page_read(R_PONG_ANNEX, 0, img, sizeof img), RC_OK);
	fpu_values_make(&pong, SEED_PONG);
	CHECK_EQ(fpu_values_diff_image(&pong, img), 0);
	CHECK_EQ(fpu_values_check(&mine), 0);
}

TEST(annex_swap_swaps_state, "swapping a process's annex page swaps its FPU state: a fresh page gives the reset state, the old page brings the values back")
{
	static uint8_t img[PROC_ANNEX_FXSAVE_SIZE];
	struct fpu_values pong;
	cairn_msg_t m = CAIRN_MSG(PONG_CHECK);

	hold_own_values();
	CHECK_RC(cairn_call(R_PONG_START, &m), RC_OK);
	CHECK_EQ(m.w[0], 0);
	CHECK_RC(process_swap_slot(R_PONG, PR_SLOT_ANNEX, R_SPARE, R_TMP), RC_OK);
	m = CAIRN_MSG(PONG_CHECK);
	CHECK_RC(cairn_call(R_PONG_START, &m), RC_OK);
	CHECK_EQ(m.w[0], FPU_CHECK_ITEMS);      /* nothing of its values */
	CHECK_RC(process_swap_slot(R_PONG, PR_SLOT_ANNEX, R_TMP, R_SPARE), RC_OK);
	m = CAIRN_MSG(PONG_CHECK);
	CHECK_RC(cairn_call(R_PONG_START, &m), RC_OK);
	CHECK_EQ(m.w[0], 0);                    /* all of them again */
	fpu_values_make(&pong, SEED_PONG);
	CHECK_RC(page_read(R_SPARE, 0, img, sizeof img), RC_OK);
	CHECK_EQ(fpu_values_diff_image(&pong, img), FPU_CHECK_ITEMS);  /* saved, but not pong's */
	CHECK_EQ(fpu_values_check(&mine), 0);
}

TEST(no_annex_faults_to_keeper, "a process without an annex page faults on its first FPU instruction (PF_EXCEPTION, vector 7); its keeper gives it one and it runs on")
{
	cairn_msg_t m[2];
	uint32_t seen = 0;

	hold_own_values();
	CHECK_RC(process_start(R_TOUCH_K, 0, 0), RC_OK);
	for (int i = 0; i < 2; i++)
		receive_report(&m[i]);     /* the keeper's and the process's */
	for (int i = 0; i < 2; i++) {
		if (m[i].code == REPORT_KEEPER) {
			CHECK_EQ(m[i].w[0], OC_KEEPER_FAULT + PF_EXCEPTION);
			CHECK_EQ(m[i].w[1], VEC_NM);
			CHECK_EQ(m[i].w[2], VEC_NM << 16);
			seen |= 1;
		} else {
			CHECK_EQ(m[i].code, REPORT_TOUCH);
			CHECK_EQ(m[i].w[0], 0);
			seen |= 2;
		}
	}
	CHECK_EQ(seen, 3);
	CHECK_EQ(fpu_values_check(&mine), 0);
}

TEST(no_usable_annex_stops_faulted, "without a keeper, a process with no annex page or a read-only one stops faulted (PF_EXCEPTION, vector 7); the rest runs on")
{
	struct process_state st;

	hold_own_values();
	CHECK_RC(process_start(R_TOUCH_NK, 0, 0), RC_OK);
	CHECK_RC(process_start(R_TOUCH_RO, 0, 0), RC_OK);
	sleep_ms(CR_SLEEP, 50);
	for (capreg_t r = R_TOUCH_NK; r <= R_TOUCH_RO; r++) {
		CHECK_RC(process_state(r, &st), RC_OK);
		CHECK_EQ(st.run_state, PRS_FAULTED);
		CHECK_EQ(st.fault, PF_EXCEPTION);
		CHECK_EQ(st.fault_addr, VEC_NM);
	}
	CHECK_EQ(fpu_values_check(&mine), 0);
}

int
main(void)
{
	return utest_run();
}
