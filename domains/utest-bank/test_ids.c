/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ids.c -- a destroyed bank's capabilities are void for good, even
 * after its id has been given to another bank (spacebank/bankcap.c).
 */
#include "domains/utest-bank/ub.h"
#include "cairn/utest.h"
#include "cairn/fwd.h"

#define ID_ROUNDS 10240u         /* > 2.5 times the 4093 bank ids */
#define ID_SAMPLE 1024u          /* keep every 1024th destroyed bank's capability */

static uint32_t
ub_bank_id(capreg_t bank)
{
	struct bank_ident id = { 0, 0, 0 };

	return bank_identify(bank, &id) == RC_OK ? id.id : 0;
}

/* Every order through the stale capability in reg: RC_VOID, and the
 * live bank's node in R_B is neither freed nor vouched for. */
static int
ub_all_void(capreg_t reg)
{
	static const uint32_t words[][2] = {
		[OC_BANK_ALLOC] = { BANK_KIND_NODE, 1 }, [OC_BANK_SET_LIMIT] = { BANK_KIND_NODE, 0 },
		[OC_BANK_RESTRICT] = { BANK_R_NOFREE, 0 },
	};
	for (uint32_t oc = OC_BANK_ALLOC; oc <= OC_BANK_CHECK + 1u; oc++) {
		struct ipc_desc d;
		cairn_msg_t m = CAIRN_MSG(oc);
		cairn_desc_init(&d);
		if (oc < sizeof words / sizeof words[0]) {
			m.w[0] = words[oc][0];
			m.w[1] = words[oc][1];
		}
		d.snd_cap[0] = oc == OC_BANK_FREE || oc == OC_BANK_VERIFY ? R_B : IPC_NO_CAP;
		d.rcv_cap[0] = R_Y;
		m.desc = &d;
		int rc = cairn_call(reg, &m);
		if (rc != RC_VOID) {
			printf("order %u through a stale bank capability: %s\n", oc, rc_name(rc));
			return 0;
		}
	}
	return 1;
}

TEST(stale_bank_ids, "10,240 banks made and destroyed: stale capabilities, one of a reused id, are void for every order")
{
	struct bank_usage u;
	struct node_info ni;
	uint32_t nsample = 0;

	CHECK_RC(bank_alloc_node(CR_BANK, R_X), RC_OK);         /* holds the samples */
	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOLIMIT, R_RESTR), RC_OK);
	uint32_t old = ub_bank_id(R_SUB1);
	CHECK(old > BANK_ID_PRIME);
	CHECK_RC(bank_destroy(R_SUB1), RC_OK);
	uint64_t t0 = ub_rdtsc();
	for (uint32_t i = 0; i < ID_ROUNDS; i++) {
		CHECK_RC(bank_create_sub(CR_BANK, R_SUB2), RC_OK);
		CHECK_RC(bank_destroy(R_SUB2), RC_OK);
		if (i % ID_SAMPLE == 0)
			CHECK_RC(node_write(R_X, nsample++, R_SUB2), RC_OK);
	}
	uint64_t t1 = ub_rdtsc();
	uint32_t got = 0, tries = 0;
	while (got != old && tries++ < 2u * BANK_ID_MAX) {     /* the reused slot */
		CHECK_RC(bank_create_sub(CR_BANK, R_SUB3), RC_OK);
		if ((got = ub_bank_id(R_SUB3)) != old)
			CHECK_RC(bank_destroy(R_SUB3), RC_OK);
	}
	CHECK_EQ(got, old);
	CHECK_RC(bank_set_limit(R_SUB3, BANK_KIND_NODE, 4), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB3, R_B), RC_OK);
	CHECK(ub_all_void(R_SUB1));
	CHECK(ub_all_void(R_RESTR));
	for (uint32_t i = 0; i < nsample; i++) {
		CHECK_RC(node_read(R_X, i, R_SUB2), RC_OK);
		CHECK(ub_all_void(R_SUB2));
	}
	CHECK_RC(node_info(R_B, &ni), RC_OK);                  /* the new bank: untouched */
	CHECK_RC(bank_usage(R_SUB3, &u), RC_OK);
	CHECK(u.nodes == 1 && u.own_nodes == 1);
	CHECK_EQ(ub_bank_id(R_SUB3), old);
	CHECK_RC(bank_alloc(R_SUB3, BANK_KIND_NODE, 3, (const capreg_t[]){ R_A, R_C, R_Y }), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB3, R_A), RC_NO_SPACE);   /* its limit of 4 held */
	CHECK_RC(bank_destroy_with_space(R_SUB3), RC_OK);
	CHECK_RC(bank_free(CR_BANK, R_X), RC_OK);
	CHECK_EQ(ub_bank_problems(), 0);
	printf("BANK ids: %u banks made and destroyed, %llu rdtsc each; %u stale capabilities void\n",
	       ID_ROUNDS, (unsigned long long)((t1 - t0) / ID_ROUNDS), nsample + 2);
}

TEST(restricted_caps_shared, "restricting twice with the same bits gives the same bank, and destroy voids both")
{
	struct bank_ident a = { 0, 0, 0 }, b = { 0, 0, 0 };
	int same = 0;

	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOFREE, R_A), RC_OK);
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOFREE, R_B), RC_OK);     /* the same forwarder */
	CHECK_RC(bank_restrict(R_A, BANK_R_NOLIMIT, R_C), RC_OK);       /* a second one */
	CHECK_RC(discrim_compare(CR_DISCRIM, R_A, R_B, &same), RC_OK);
	CHECK(same);
	CHECK_RC(discrim_compare(CR_DISCRIM, R_A, R_C, &same), RC_OK);
	CHECK(!same);
	CHECK_RC(bank_identify(R_B, &a), RC_OK);
	CHECK_RC(bank_identify(R_C, &b), RC_OK);
	CHECK(a.id == b.id && a.restr == BANK_R_NOFREE && b.restr == (BANK_R_NOFREE | BANK_R_NOLIMIT));
	CHECK_RC(bank_alloc_node(R_B, R_X), RC_OK);
	CHECK_RC(bank_free(R_B, R_X), RC_NO_ACCESS);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK(ub_is_void(R_A) && ub_is_void(R_B) && ub_is_void(R_C) && ub_is_void(R_X));
	CHECK_EQ(ub_bank_problems(), 0);
}

TEST(wrapped_bank_cap, "a forwarder of one's own around a bank capability cannot make it name another bank")
{
	struct bank_ident id = { 0, 0, 0 };

	CHECK_RC(bank_create_sub(CR_BANK, R_SUB1), RC_OK);
	CHECK_RC(bank_restrict(R_SUB1, BANK_R_NOALLOC, R_RESTR), RC_OK);
	CHECK_RC(bank_alloc_node(R_SUB1, R_A), RC_OK);
	CHECK_RC(node_make(R_A, CT_FORWARDER, 0, R_A), RC_OK);
	CHECK_RC(fwd_swap_target(R_A, R_RESTR, IPC_NO_CAP), RC_OK);
	CHECK_RC(fwd_set_data(R_A, BANK_ID_PRIME, 1), RC_OK);   /* "the prime bank, unrestricted" */
	CHECK_RC(fwd_make_opaque(R_A, 0, R_B), RC_OK);
	CHECK_RC(bank_identify(R_B, &id), RC_OK);
	CHECK(id.id != BANK_ID_PRIME && id.restr == BANK_R_NOALLOC);
	CHECK_RC(bank_alloc_node(R_B, R_C), RC_NO_ACCESS);
	CHECK_RC(bank_destroy_with_space(R_SUB1), RC_OK);
	CHECK_RC(bank_identify(R_B, &id), RC_VOID);
}
