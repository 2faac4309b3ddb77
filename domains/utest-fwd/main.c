/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utest-fwd -- in-guest tests of REVOCABLE COPY: forwarders made from
 * nodes the grantor's bank pays for.  Forwarding of every part of a
 * message, chains and loops, blocking, what a grantee can learn, bank
 * destruction, and the revocation of 100,000 copies at the cost of one;
 * then the revocation curve: the cost of revoke with 1, 10, ... 100,000
 * copies outstanding, the median of several runs each, printed as
 * "BENCH revoke_insns_<copies> <instructions>" for make bench (under
 * -icount the TSC counts guest instructions).
 * The other programs of disk-image/utest-fwd.map take part (proto.h).
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "cairn/fwd.h"
#include "cairn/utest.h"
#include "domains/utest-fwd/proto.h"
#include <stdbool.h>
#include "domains/utest-ipc/proto.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static bool
is_void(capreg_t reg)
{
	struct discrim_class c;
	return discrim_classify(CR_DISCRIM, reg, &c) == RC_OK && c.type == CT_VOID;
}

TEST(forwards_every_part, "words, a string, capabilities and the badge all pass through a forwarder")
{
	static char reply[32];
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(ECHO_WORDS, 1, 2, 3, 4);
	int same = 0;

	CHECK_RC(revocable_copy(U_BANK, U_ECHO, U_O, U_H), RC_OK);
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK(m.w[0] == 2 && m.w[1] == 3 && m.w[2] == 4 && m.w[3] == 5);
	cairn_desc_init(&d);
	d.snd_cap[0] = U_PAGE;
	d.rcv_cap[0] = U_T0;
	d.snd_str = (uint32_t)"forward";
	d.snd_len = 7;
	d.rcv_str = (uint32_t)reply;
	d.rcv_max = sizeof reply;
	m = CAIRN_MSG(ECHO_STRING);
	m.desc = &d;
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK_EQ(d.rcv_len, 7);
	CHECK(memcmp(reply, "drawrof", 7) == 0);
	CHECK_RC(discrim_compare(CR_DISCRIM, U_T0, U_PAGE, &same), RC_OK);
	CHECK(same);
	m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK_EQ(m.w[0], 5);                       /* the Start capability's */
	CHECK_RC(fwd_set_data(U_H, 77, 1), RC_OK);
	m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK_EQ(m.w[0], 77);                      /* the forwarder's data word */
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
	m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_O, &m), RC_VOID);
}

TEST(chains_and_loops, "a forwarder to a forwarder works; a loop is RC_LOOP, not a hang")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_BADGE);

	CHECK_RC(revocable_copy(U_BANK, U_ECHO, U_O, U_H), RC_OK);
	CHECK_RC(revocable_copy(U_BANK, U_O, U_O2, U_T1), RC_OK);
	CHECK_RC(cairn_call(U_O2, &m), RC_OK);
	CHECK_EQ(m.w[0], 5);
	CHECK_RC(fwd_swap_target(U_H, U_O2, IPC_NO_CAP), RC_OK);   /* H -> O2 -> O = H */
	m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_O2, &m), RC_LOOP);
	CHECK_RC(revoke(U_BANK, U_T1), RC_OK);
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
}

TEST(blocked_forwarder, "invokers of a blocked forwarder wait (RC_BUSY if non-blocking) until unblocked")
{
	struct process_state st;
	cairn_msg_t m = CAIRN_MSG(ECHO_BADGE);

	CHECK_RC(fwd_block(U_H_BLK), RC_OK);
	CHECK_RC(fwd_make_opaque(U_H_BLK, 0, U_O), RC_OK);
	CHECK_EQ(cairn_invoke(INV_WORD(U_O, INV_CALL, INV_F_NONBLOCK), &m), RC_BUSY);
	CHECK_RC(process_start(U_CALLER, 0, 0), RC_OK);     /* calls through fwd_blk */
	sleep_ms(CR_SLEEP, 50);
	CHECK_RC(process_state(U_CALLER, &st), RC_OK);
	CHECK_EQ(st.run_state, PRS_RUNNING);                /* still waiting */
	CHECK_RC(fwd_unblock(U_H_BLK), RC_OK);
	m = (cairn_msg_t){ 0 };
	CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
	CHECK_EQ(m.w[2], RC_OK);
}

#define CALLER_ENTRY 0x00400000u     /* _start of every program (user.ld) */
#define CALLER_STACK 0xbffffff0u

/* The caller, halted after its last report, calls its register 8 again. */
static int
restart_caller(void)
{
	return process_start(U_CALLER, CALLER_ENTRY, CALLER_STACK);
}

TEST(unblock_wakes_only_its_waiters, "unblocking one forwarder again and again wakes nobody waiting on another")
{
	uint32_t f0, s0, f1, s1;
	struct process_state st;

	CHECK_RC(fwd_block(U_H_BLK), RC_OK);
	CHECK_RC(restart_caller(), RC_OK);              /* waits in fwd_blk */
	sleep_ms(CR_SLEEP, 30);
	CHECK_RC(revocable_copy(U_BANK, U_ECHO, U_O, U_H), RC_OK);
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f0, &s0), RC_OK);
	for (int i = 0; i < 20; i++) {
		CHECK_RC(fwd_block(U_H), RC_OK);
		CHECK_RC(fwd_unblock(U_H), RC_OK);
	}
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f1, &s1), RC_OK);
	printf("FWD wakeups: %u of fwd_blk's waiter by 20 unblocks of another forwarder\n", f1 - f0);
	CHECK_EQ(f1 - f0, 0);
	CHECK_RC(process_state(U_CALLER, &st), RC_OK);
	CHECK_EQ(st.run_state, PRS_RUNNING);            /* still waiting */
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
}

TEST(revoke_releases_waiters, "revoking a blocked forwarder releases its waiter at once, with RC_VOID")
{
	uint32_t f0, s0, f1, s1;
	cairn_msg_t m = { 0 };

	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f0, &s0), RC_OK);
	CHECK_RC(revoke(U_BANK, U_H_BLK), RC_OK);       /* the caller still waits in it */
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f1, &s1), RC_OK);
	CHECK_EQ(f1 - f0, 1);                           /* else the receive would hang */
	CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
	CHECK_EQ(m.w[2], RC_VOID);
}

TEST(bank_destroy_releases_waiters, "destroying the bank that paid for a blocked forwarder releases its waiter with RC_VOID")
{
	uint32_t f0, s0, f1, s1;
	cairn_msg_t m = { 0 };

	CHECK_RC(bank_create_sub(U_BANK, U_SUB), RC_OK);
	CHECK_RC(revocable_copy(U_SUB, U_ECHO, U_O, U_H), RC_OK);
	CHECK_RC(fwd_block(U_H), RC_OK);
	/* The caller's register 8 becomes U_O: through its capability node. */
	CHECK_RC(process_swap_slot(U_CALLER, PR_SLOT_CAPREGS, CR_VOID, U_T1), RC_OK);
	CHECK_RC(node_write(U_T1, 8, U_O), RC_OK);
	CHECK_RC(process_swap_slot(U_CALLER, PR_SLOT_CAPREGS, U_T1, IPC_NO_CAP), RC_OK);
	CHECK_RC(restart_caller(), RC_OK);
	sleep_ms(CR_SLEEP, 30);
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f0, &s0), RC_OK);
	CHECK_RC(bank_destroy_with_space(U_SUB), RC_OK);
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f1, &s1), RC_OK);
	CHECK_EQ(f1 - f0, 1);
	CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
	CHECK_EQ(m.w[2], RC_VOID);
}

TEST(info_names_no_target, "page and node INFO through a forwarder refuse: nothing returned names the target")
{
	struct page_info pi;
	struct node_info ni;
	struct discrim_class c;
	int same = 1;

	CHECK_RC(revocable_copy(U_BANK, U_PAGE, U_O, U_H), RC_OK);
	CHECK_RC(page_info(U_O, &pi), RC_NO_ACCESS);
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
	CHECK_RC(bank_alloc_node(U_BANK, U_T1), RC_OK);
	CHECK_RC(revocable_copy(U_BANK, U_T1, U_O, U_H), RC_OK);
	CHECK_RC(node_info(U_O, &ni), RC_NO_ACCESS);
	CHECK_RC(node_info(U_T1, &ni), RC_OK);           /* the target itself answers */
	CHECK_RC(node_make(U_O, CT_START, 3, U_T0), RC_OK);
	CHECK_RC(discrim_classify(CR_DISCRIM, U_T0, &c), RC_OK);
	CHECK_EQ(c.type, CT_FORWARDER);                  /* not a Start to the target */
	CHECK_RC(node_restrict(U_O, CAP_R_RO, U_T0), RC_OK);
	CHECK_RC(discrim_compare(CR_DISCRIM, U_T0, U_T1, &same), RC_OK);
	CHECK(!same);
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
	CHECK_RC(bank_free(U_BANK, U_T1), RC_OK);
}

TEST(stall_wakes_one, "a server becoming available lets one stalled caller retry, not all of them")
{
	uint32_t f0, s0, f1, s1;
	unsigned seen = 0;

	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f0, &s0), RC_OK);
	for (unsigned i = 0; i < 4; i++)
		CHECK_RC(process_start(U_Q1 + i, 0, 0), RC_OK);
	sleep_ms(CR_SLEEP, 10);         /* q1 is served (slowly); q2..q4 stall on echo */
	for (unsigned i = 0; i < 4; i++) {
		cairn_msg_t m = { 0 };
		CHECK_EQ(cairn_receive(&m), REPORT_CALLER);
		CHECK_EQ(m.w[2], RC_OK);
		seen |= 1u << (m.w[0] - 21);
	}
	CHECK_EQ(seen, 15);
	CHECK_RC(sysinfo_wakeups(CR_SYSINFO, &f1, &s1), RC_OK);
	printf("FWD stall wake-ups for 4 queued callers: %u\n", s1 - s0);
	/* One wake-up per held-back call to echo and per report that waited
	 * for this process: 5 under -icount (test_fwd.py runs it so, where
	 * the count is deterministic); waking every staller made it 6. */
	CHECK(s1 - s0 <= 5);
}

TEST(grantee_learns_nothing, "Discrim and node orders on an opaque forwarder reveal nothing of the target")
{
	struct discrim_class c;
	int same = 1;

	CHECK_RC(revocable_copy(U_BANK, U_PAGE, U_O, U_H), RC_OK);
	CHECK_RC(discrim_classify(CR_DISCRIM, U_O, &c), RC_OK);
	CHECK_EQ(c.type, CT_FORWARDER);
	CHECK_RC(discrim_compare(CR_DISCRIM, U_O, U_PAGE, &same), RC_OK);
	CHECK(!same);
	/* A "restricted capability to itself" comes back as the forwarder. */
	CHECK_RC(page_restrict(U_O, CAP_R_RO, U_T0), RC_OK);
	CHECK_RC(discrim_compare(CR_DISCRIM, U_T0, U_PAGE, &same), RC_OK);
	CHECK(!same);
	CHECK_RC(discrim_classify(CR_DISCRIM, U_T0, &c), RC_OK);
	CHECK_EQ(c.type, CT_FORWARDER);
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
	CHECK(is_void(U_T0));
}

TEST(bank_destroy_revokes, "destroying the grantor's bank revokes every forwarder it paid for")
{
	cairn_msg_t m = CAIRN_MSG(ECHO_BADGE);

	CHECK_RC(bank_create_sub(U_BANK, U_SUB), RC_OK);
	CHECK_RC(revocable_copy(U_SUB, U_ECHO, U_O, U_H), RC_OK);
	CHECK_RC(revocable_copy(U_SUB, U_PAGE, U_O2, U_T1), RC_OK);
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK_RC(bank_destroy_with_space(U_SUB), RC_OK);
	CHECK(is_void(U_O) && is_void(U_O2) && is_void(U_H) && is_void(U_T1));
	m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_ECHO, &m), RC_OK);            /* the target lives on */
}

static uint64_t
timed_revoke(capreg_t handle, int *rc)
{
	uint64_t t0 = rdtsc();
	*rc = revoke(U_BANK, handle);
	return rdtsc() - t0;
}

TEST(revoke_100000_copies, "a grantee's 100,000 copies, many on disk, all die with one revoke costing what one copy's does")
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(G_STORE);
	struct sysinfo_objcache before, after;
	int rc1, rc2;

	cairn_desc_init(&d);
	d.snd_cap[0] = U_O_MANY;
	d.snd_cap[1] = U_O_ONE;
	m.desc = &d;
	CHECK_RC(cairn_call(U_GRANTEE, &m), RC_OK);
	CHECK_EQ(m.w[0], FWD_MAP_COPIES);
	CHECK_EQ(m.w[1], FWD_RUNTIME_COPIES);
	/* Warm up: the bank's records of both forwarders read, and frees
	 * done (the last of a neighbour the image builder made, like them),
	 * so both timed frees find the bank's pages cached and mapped alike. */
	int yes = 0;
	CHECK_RC(bank_verify(U_BANK, U_H_ONE, &yes), RC_OK);
	CHECK(yes);
	CHECK_RC(bank_verify(U_BANK, U_H_MANY, &yes), RC_OK);
	CHECK(yes);
	for (int i = 0; i < 2; i++) {
		CHECK_RC(bank_alloc_node(U_BANK, U_T0), RC_OK);
		CHECK_RC(bank_free(U_BANK, U_T0), RC_OK);
	}
	CHECK_RC(revoke(U_BANK, U_H_WARM), RC_OK);   /* a neighbour of both */
	CHECK_RC(sysinfo_objcache(CR_SYSINFO, &before), RC_OK);
	uint64_t one = timed_revoke(U_H_ONE, &rc1);
	uint64_t many = timed_revoke(U_H_MANY, &rc2);
	CHECK_RC(rc1, RC_OK);
	CHECK_RC(rc2, RC_OK);
	printf("FWD revoke: 1 copy %llu instructions, %u copies %llu instructions\n",
	       (unsigned long long)one, FWD_TOTAL_COPIES, (unsigned long long)many);
	m = CAIRN_MSG(G_VERIFY);
	CHECK_RC(cairn_call(U_GRANTEE, &m), RC_OK);
	CHECK_RC(sysinfo_objcache(CR_SYSINFO, &after), RC_OK);
	printf("FWD void: %u of %u copies, the single copy %s; %u evictions, %u faults while checking\n",
	       m.w[0], m.w[2], m.w[1] ? "void" : "VALID",
	       after.evictions - before.evictions, after.faults - before.faults);
	CHECK_EQ(m.w[0], FWD_TOTAL_COPIES);
	CHECK_EQ(m.w[1], 1);
	CHECK(after.faults - before.faults >= FWD_MAP_HOLDERS);  /* evicted ones came back */
}

TEST(reserve, "copies from a reserve the bank paid for work, are revocable, and die with the bank")
{
	cairn_msg_t m;
	struct bank_usage u;

	CHECK_RC(bank_create_sub(U_BANK, U_SUB), RC_OK);
	CHECK_RC(fwd_reserve(U_SUB, U_RES), RC_OK);
	for (unsigned i = 0; i < FWD_RESERVE_NODES + 4u; i++) {    /* one refill on the way */
		bool keep = i == FWD_RESERVE_NODES;
		capreg_t o = keep ? U_O2 : U_O, h = keep ? U_T1 : U_H;
		CHECK_RC(revocable_copy(U_SUB, U_ECHO, o, h), RC_OK);
		m = CAIRN_MSG(ECHO_BADGE);
		CHECK_RC(cairn_call(o, &m), RC_OK);
		CHECK_EQ(m.w[0], 5);
		if (!keep) {
			CHECK_RC(revoke(U_SUB, h), RC_OK);
			CHECK(is_void(o));
		}
	}
	CHECK_RC(bank_usage(U_SUB, &u), RC_OK);                  /* R, two fills, less 19 freed */
	CHECK_EQ(u.own_nodes, 1u + 2u * FWD_RESERVE_NODES - (FWD_RESERVE_NODES + 3u));
	CHECK(!is_void(U_O2));
	CHECK_RC(bank_destroy_with_space(U_SUB), RC_OK);          /* the reserve dies too */
	CHECK(is_void(U_RES) && is_void(U_O2) && is_void(U_T1));
	CHECK_RC(revocable_copy(U_SUB, U_ECHO, U_O, U_H), RC_VOID);
	fwd_reserve_end();
}

TEST(take_forwarder_checks, "OC_NODE_TAKE_FORWARDER refuses what is no full Node capability to another plain node")
{
	CHECK_RC(bank_alloc_node(U_BANK, U_RES), RC_OK);
	CHECK_RC(node_take_forwarder(U_RES, 0, 0, U_ECHO, U_H, U_O), RC_VOID);      /* empty slot */
	CHECK_RC(node_write(U_RES, 1, U_PAGE), RC_OK);
	CHECK_RC(node_take_forwarder(U_RES, 1, 0, U_ECHO, U_H, U_O), RC_BAD_ARG);   /* a page */
	CHECK_RC(node_write(U_RES, 2, U_RES), RC_OK);
	CHECK_RC(node_take_forwarder(U_RES, 2, 0, U_ECHO, U_H, U_O), RC_BAD_ARG);   /* itself */
	CHECK_RC(node_take_forwarder(U_RES, 32, 0, U_ECHO, U_H, U_O), RC_BAD_ARG);
	CHECK_RC(bank_alloc_node(U_BANK, U_T0), RC_OK);
	CHECK_RC(node_restrict(U_T0, CAP_R_RO, U_T1), RC_OK);
	CHECK_RC(node_write(U_RES, 3, U_T1), RC_OK);
	CHECK_RC(node_take_forwarder(U_RES, 3, 0, U_ECHO, U_H, U_O), RC_BAD_ARG);   /* read-only */
	CHECK_RC(node_write(U_RES, 4, U_T0), RC_OK);
	CHECK_RC(node_restrict(U_RES, CAP_R_RO, U_T1), RC_OK);
	CHECK_RC(node_take_forwarder(U_T1, 4, 0, U_ECHO, U_H, U_O), RC_NO_ACCESS);  /* R read-only */
	CHECK_RC(node_take_forwarder(U_RES, 4, 0, U_ECHO, U_H, U_O), RC_OK);
	CHECK_RC(node_take_forwarder(U_RES, 4, 0, U_ECHO, U_T0, U_T1), RC_VOID);    /* taken */
	cairn_msg_t m = CAIRN_MSG(ECHO_BADGE);
	CHECK_RC(cairn_call(U_O, &m), RC_OK);
	CHECK_EQ(m.w[0], 5);
	CHECK_RC(revoke(U_BANK, U_H), RC_OK);
	CHECK(is_void(U_O));
	CHECK_RC(bank_free(U_BANK, U_RES), RC_OK);
}

#define COPY_ROUNDS 200u

static uint32_t
bench_copies(uint32_t *t, uint64_t *total)
{
	*total = 0;
	for (unsigned i = 0; i < COPY_ROUNDS; i++) {
		uint64_t t0 = rdtsc();
		int rc = revocable_copy(U_BANK, U_ECHO, U_O, U_H);
		t[i] = (uint32_t)(rdtsc() - t0);
		*total += t[i];
		if (rc != RC_OK || revoke(U_BANK, U_H) != RC_OK)
			return 0;
	}
	return utest_median(t, COPY_ROUNDS);
}

TEST(bench_revocable_copy, "revocable_copy of a Start capability, without and with a reserve, each revoked after (rdtsc)")
{
	static uint32_t t[COPY_ROUNDS];
	uint64_t total;

	uint32_t bank = bench_copies(t, &total);
	CHECK(bank > 0);
	CHECK_RC(fwd_reserve(U_BANK, U_RES), RC_OK);
	uint32_t common = bench_copies(t, &total);
	CHECK(common > 0);
	printf("BENCH revocable_copy_bank_insns %u\n", bank);
	printf("BENCH revocable_copy_reserve_insns %u\n", common);
	printf("BENCH revocable_copy_insns %u\n", (unsigned)(total / COPY_ROUNDS));
	fwd_reserve_end();
}

/* One order to the grantee with cap (or none) as c0; its w0, or -1. */
static int64_t
grantee(uint32_t order, uint32_t n, capreg_t cap)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(order, n);

	cairn_desc_init(&d);
	d.snd_cap[0] = cap;
	m.desc = &d;
	return cairn_call(U_GRANTEE, &m) == RC_OK ? (int64_t)m.w[0] : -1;
}

/* Writing 100,000 copies makes the small object cache (objcache.nodes=
 * 2600) evict the bank's tables; bring back what a revoke reads (the
 * forwarder's record, the free path) so the timed revoke pays for the
 * revoke, not for faulting the bank in again (revoke_100000_copies does
 * the same). */
static void
warm_bank(capreg_t handle)
{
	struct discrim_class c;
	int yes = 0;

	discrim_classify(CR_DISCRIM, handle, &c);
	bank_verify(U_BANK, handle, &yes);
	for (int i = 0; i < 2; i++)
		if (bank_alloc_node(U_BANK, U_T0) == RC_OK)
			bank_free(U_BANK, U_T0);
}

static const struct {
	uint32_t copies;
	const char *name;
} curve[] = {
	{ 1, "1" }, { 10, "10" }, { 100, "100" }, { 1000, "1k" }, { 10000, "10k" },
	{ 100000, "100k" },
};
#define CURVE_REPS 7u
#define CURVE_REPS_LARGE 3u   /* 10,000 copies and more: each run takes seconds */

TEST(revoke_curve, "revoke costs the same with 1 to 100,000 copies outstanding, and voids them all")
{
	uint32_t t[CURVE_REPS];
	int rc;

	for (unsigned c = 0; c < sizeof curve / sizeof curve[0]; c++) {
		uint32_t n = curve[c].copies;
		unsigned reps = n >= 10000 ? CURVE_REPS_LARGE : CURVE_REPS;
		for (unsigned r = 0; r < reps; r++) {
			CHECK_RC(revocable_copy(U_BANK, U_ECHO, U_O, U_H), RC_OK);
			CHECK_EQ(grantee(G_FILL, n, U_O), (int64_t)n);
			warm_bank(U_H);
			t[r] = (uint32_t)timed_revoke(U_H, &rc);
			CHECK_RC(rc, RC_OK);
			CHECK_EQ(grantee(G_COUNT_VOID, n, IPC_NO_CAP), (int64_t)n);
		}
		printf("BENCH revoke_insns_%s %u\n", curve[c].name, utest_median(t, reps));
	}
}

int
main(void)
{
	return utest_run();
}
