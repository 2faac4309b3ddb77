/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utest-ipc -- in-guest tests of processes and IPC: two address spaces
 * talking through Start and Resume capabilities, a caller queue, keepers
 * and faults, and bad invocations.  The other programs of utest-ipc.map take
 * part (proto.h).  The last test prints the CALL+RETURN benchmark.
 */
#include "cairn/cairn.h"
#include "cairn/utest.h"
#include "domains/utest-ipc/proto.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"

TEST(call_return_words, "CALL carries four words to another process and RETURN brings four back")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_WORDS, 1, 2, 3, 0xfffffffe);

	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	CHECK(m.w[0] == 2 && m.w[1] == 3 && m.w[2] == 4 && m.w[3] == 0xffffffff);
}

TEST(call_string_and_caps, "a string and capabilities go to the server and come back")
{
	static char reply[64];
	const char *msg = "hello, server";
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(ECHO_STRING);
	int same = 0;

	cairn_desc_init(&d);
	d.snd_cap[0] = R_PAGE;
	d.snd_cap[1] = CR_SYSINFO;
	d.rcv_cap[0] = R_TMP1;
	d.rcv_cap[1] = R_TMP2;
	d.snd_str = (uint32_t)msg;
	d.snd_len = strlen(msg);
	d.rcv_str = (uint32_t)reply;
	d.rcv_max = sizeof reply;
	m.desc = &d;
	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	CHECK_EQ(m.w[0], strlen(msg));
	CHECK_EQ(m.w[1], 2);
	CHECK_EQ(cairn_msg_ncaps(&m), 2);
	CHECK_EQ(d.rcv_len, strlen(msg));
	CHECK(memcmp(reply, "revres ,olleh", 13) == 0);
	CHECK_RC(discrim_compare(CR_DISCRIM, R_TMP1, R_PAGE, &same), RC_OK);
	CHECK(same);
	CHECK_RC(discrim_compare(CR_DISCRIM, R_TMP2, CR_SYSINFO, &same), RC_OK);
	CHECK(same);
}

TEST(send_does_not_wait, "SEND delivers without waiting for a reply")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_GET_SENT);

	CHECK_RC(cairn_send(R_ECHO1, &CAIRN_MSG(ECHO_SENT, 4242)), RC_OK);
	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	CHECK_EQ(m.w[0], 4242);
}

TEST(badges, "each Start capability delivers its own badge")
{
	cairn_msg_t a = CAIRN_MSG(ECHO_BADGE), b = CAIRN_MSG(ECHO_BADGE);

	CHECK_RC(cairn_call(R_ECHO1, &a), RC_OK);
	CHECK_RC(cairn_call(R_ECHO2, &b), RC_OK);
	CHECK_EQ(a.w[0], 1);
	CHECK_EQ(b.w[0], 2);
}

TEST(resume_works_once, "a Resume capability used once is void the second time")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_SAVE_RESUME);

	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	m = CAIRN_MSG(ECHO_USE_SAVED);
	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	CHECK_EQ(m.w[0], RC_VOID);
}

TEST(caller_queue, "three callers of a busy server wait their turn and are all served")
{
	unsigned seen = 0, served = 0;

	for (unsigned i = 0; i < 3; i++)
		CHECK_RC(process_start(R_CALLER1 + i, 0, 0), RC_OK);
	for (unsigned i = 0; i < 3; i++) {
		cairn_msg_t m = { 0 };
		CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
		CHECK_EQ(m.w[2], RC_OK);
		CHECK(m.w[0] >= 11 && m.w[0] <= 13);
		seen |= 1u << (m.w[0] - 11);
		served |= 1u << (m.w[1] % 32);
	}
	CHECK_EQ(seen, 7);        /* every caller reported */
	CHECK_EQ(__builtin_popcount(served), 3);  /* one at a time: three counts */
}

TEST(keeper_maps_page, "a page fault goes to the keeper, which maps a page and restarts the process")
{
	cairn_msg_t m = { 0 };

	CHECK_RC(process_start(R_FAULTER_K, 0, 0), RC_OK);
	CHECK_EQ(cairn_receive(&m), REPORT_FAULTER);
	CHECK_EQ(m.w[0], FAULT_VALUE);
}

TEST(fault_without_keeper, "a process without a keeper stops in the faulted state")
{
	struct process_state st;

	CHECK_RC(process_start(R_FAULTER_NK, 0, 0), RC_OK);
	sleep_ms(CR_SLEEP, 50);
	CHECK_RC(process_state(R_FAULTER_NK, &st), RC_OK);
	CHECK_EQ(st.run_state, PRS_FAULTED);
	CHECK_EQ(st.fault, PF_PAGE_NOT_PRESENT);
	CHECK_EQ(st.fault_addr, FAULT_ADDR);
}

TEST(nocall_start, "a no-call Start capability may SEND but not CALL")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_GET_SENT);

	CHECK_RC(cairn_call(R_NOCALL, &m), RC_NO_ACCESS);
	CHECK_RC(cairn_send(R_NOCALL, &CAIRN_MSG(ECHO_SENT, 77)), RC_OK);
	m = CAIRN_MSG(ECHO_GET_SENT);     /* the refused CALL left its rc in m */
	CHECK_RC(cairn_call(R_ECHO1, &m), RC_OK);
	CHECK_EQ(m.w[0], 77);
}

TEST(reply_that_never_comes, "a caller whose Resume capability was dropped is ended by START with RC_VOID")
{
	struct process_state st;
	cairn_msg_t m = { 0 };

	CHECK_RC(process_start(R_CALLER4, 0, 0), RC_OK);
	sleep_ms(CR_SLEEP, 50);
	CHECK_RC(process_state(R_CALLER4, &st), RC_OK);
	CHECK_EQ(st.run_state, PRS_WAITING);          /* the reply will not come */
	CHECK_RC(process_start(R_CALLER4, 0, 0), RC_OK);
	CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
	CHECK_EQ(m.w[2], RC_VOID);
}

TEST(invoke_unheld, "invoking an empty register or a used Resume capability is RC_VOID")
{
	cairn_msg_t m = CAIRN_MSG(1);

	CHECK_RC(cairn_call(R_VOIDREG, &m), RC_VOID);
	CHECK_RC(cairn_send(R_VOIDREG, &m), RC_VOID);
}

static int
call_with(struct ipc_desc *d, uint32_t desc_addr)
{
	cairn_msg_t m = CAIRN_MSG(OC_CONSOLE_WRITE);
	m.desc = desc_addr ? (struct ipc_desc *)desc_addr : d;
	return cairn_call(CR_CONSOLE, &m);
}

TEST(bad_invocations, "bad pointers, lengths and registers are errors, never a kernel crash")
{
	struct ipc_desc d;

	cairn_desc_init(&d);
	CHECK_RC(call_with(&d, 0xdead0000u), RC_BAD_ADDRESS);   /* unmapped */
	CHECK_RC(call_with(&d, 0xc0001000u), RC_BAD_ADDRESS);   /* kernel */
	CHECK_RC(call_with(&d, 0xfffffff0u), RC_BAD_ADDRESS);   /* wraps */
	d.snd_str = 0x30000000u;
	d.snd_len = 10;
	CHECK_RC(call_with(&d, 0), RC_BAD_ADDRESS);             /* string unmapped */
	d.snd_str = (uint32_t)"x";
	d.snd_len = IPC_MAX_STRING + 1;
	CHECK_RC(call_with(&d, 0), RC_BAD_ARG);                 /* too long */
	d.snd_len = 1;
	d.rcv_cap[2] = 40;
	CHECK_RC(call_with(&d, 0), RC_BAD_ARG);                 /* no such register */
	d.rcv_cap[2] = IPC_NO_CAP;
	d.snd_cap[0] = 33;
	CHECK_RC(call_with(&d, 0), RC_BAD_ARG);
	d.snd_cap[0] = IPC_NO_CAP;
	CHECK_RC(call_with(&d, 0), RC_OK);                      /* and now it is fine */
	printf("\n");
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

#define BENCH_ROUNDS 1000u

TEST(bench_call_return, "CALL+RETURN round trip between two address spaces (rdtsc)")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_NULL);

	CHECK_RC(cairn_call(R_BENCH, &m), RC_OK);     /* warm: mappings, caches */
	uint64_t t0 = rdtsc();
	for (unsigned i = 0; i < BENCH_ROUNDS; i++)
		cairn_call_words(R_BENCH, &m);
	uint64_t t1 = rdtsc();
	CHECK_EQ(m.code, RC_OK);
	printf("BENCH call_return_round_trip %u per round trip (%u rounds, rdtsc)\n",
	       (unsigned)((t1 - t0) / BENCH_ROUNDS), BENCH_ROUNDS);
}

TEST(bench_null_invocation, "a null kernel invocation: CALL on an empty capability register (rdtsc)")
{
	cairn_msg_t m = CAIRN_MSG(0);

	CHECK_RC(cairn_call_words(R_VOIDREG, &m), RC_VOID);
	uint64_t t0 = rdtsc();
	for (unsigned i = 0; i < BENCH_ROUNDS; i++) {
		m.code = 0;
		cairn_call_words(R_VOIDREG, &m);
	}
	uint64_t t1 = rdtsc();
	CHECK_EQ(m.code, RC_VOID);
	printf("BENCH null_invocation %u per invocation (%u rounds, rdtsc)\n",
	       (unsigned)((t1 - t0) / BENCH_ROUNDS), BENCH_ROUNDS);
}

int
main(void)
{
	return utest_run();
}
