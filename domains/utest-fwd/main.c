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

static uint64_t
median(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
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
	uint64_t t[CURVE_REPS];
	int rc;

	for (unsigned c = 0; c < sizeof curve / sizeof curve[0]; c++) {
		uint32_t n = curve[c].copies;
		unsigned reps = n >= 10000 ? CURVE_REPS_LARGE : CURVE_REPS;
		for (unsigned r = 0; r < reps; r++) {
			CHECK_RC(revocable_copy(U_BANK, U_ECHO, U_O, U_H), RC_OK);
			CHECK_EQ(grantee(G_FILL, n, U_O), (int64_t)n);
			warm_bank(U_H);
			t[r] = timed_revoke(U_H, &rc);
			CHECK_RC(rc, RC_OK);
			CHECK_EQ(grantee(G_COUNT_VOID, n, IPC_NO_CAP), (int64_t)n);
		}
		printf("BENCH revoke_insns_%s %llu\n", curve[c].name,
		       (unsigned long long)median(t, reps));
	}
}

int
main(void)
{
	return utest_run();
}
