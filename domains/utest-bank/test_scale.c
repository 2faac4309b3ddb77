/* SPDX-License-Identifier: BSD-2-Clause */
/* test_scale.c -- 10,000 nodes revoked at once; the allocation benchmark. */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"

#define MANY 10000u

TEST(ten_thousand, "10,000 nodes of a sub-bank, held by another process, all void after destroy with space")
{
	uint32_t voids = 0, held = 0;
	struct bank_usage u;

	CHECK_RC(ub_hold(HOLD_RESET, IPC_NO_CAP, NULL, NULL), RC_OK);
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	uint64_t t0 = ub_rdtsc();
	for (uint32_t i = 0; i < MANY; i++) {
		CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
		CHECK_RC(ub_hold(HOLD_PUT, R_A, NULL, NULL), RC_OK);
	}
	uint64_t t1 = ub_rdtsc();
	CHECK_RC(bank_usage(R_SUB1, &u), RC_OK);
	CHECK_EQ(u.nodes, MANY);
	CHECK_RC(ub_hold(HOLD_CHECK, IPC_NO_CAP, &voids, &held), RC_OK);
	CHECK_EQ(held, MANY);
	CHECK_EQ(voids, 0);
	uint64_t t2 = ub_rdtsc();
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	uint64_t t3 = ub_rdtsc();
	CHECK_RC(ub_hold(HOLD_CHECK, IPC_NO_CAP, &voids, &held), RC_OK);
	printf("BANK destroy_with_space: %u of %u capabilities held by another process are void\n",
	       voids, held);
	printf("BANK ten_thousand: allocate+give %llu per node, destroy %llu per node (rdtsc)\n",
	       (unsigned long long)((t1 - t0) / MANY), (unsigned long long)((t3 - t2) / MANY));
	CHECK_EQ(held, MANY);
	CHECK_EQ(voids, MANY);
	CHECK_RC(ub_hold(HOLD_RESET, IPC_NO_CAP, NULL, NULL), RC_OK);
	CHECK_EQ(ub_bank_problems(), 0);
}

#define ROUNDS 1000u

TEST(bench_alloc_free, "allocate and free one node through a sub-bank (rdtsc)")
{
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB2), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB2, R_A), RC_OK);   /* warm */
	CHECK_RC(bank_free(R_SUB2, R_A), RC_OK);
	static uint32_t sa[ROUNDS], sf[ROUNDS];
	uint64_t ta = 0, tf = 0;
	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t t0 = ub_rdtsc();
		bank_alloc_node(R_SUB2, R_A);
		uint64_t t1 = ub_rdtsc();
		bank_free(R_SUB2, R_A);
		uint64_t t2 = ub_rdtsc();
		ta += sa[i] = (uint32_t)(t1 - t0);
		tf += sf[i] = (uint32_t)(t2 - t1);
	}
	CHECK(ub_is_void(R_A));
	struct bank_ident id;
	uint64_t t0 = ub_rdtsc();
	for (unsigned i = 0; i < ROUNDS; i++)
		bank_identify(R_SUB2, &id);
	uint64_t ti = ub_rdtsc() - t0;
	printf("BENCH bank_alloc %u per allocation, bank_free %u per free, "
	       "bank_identify %u (the IPC floor) (%u rounds, rdtsc)\n",
	       (unsigned)(ta / ROUNDS), (unsigned)(tf / ROUNDS), (unsigned)(ti / ROUNDS), ROUNDS);
	printf("BENCH bank_alloc_insns %u\n", utest_median(sa, ROUNDS));
	printf("BENCH bank_free_insns %u\n", utest_median(sf, ROUNDS));
	CHECK_RC(bank_destroy_with_space(R_SUB2), RC_OK);
}
