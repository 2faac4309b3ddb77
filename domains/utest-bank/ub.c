/* SPDX-License-Identifier: BSD-2-Clause */
/* ub.c -- helpers shared by the utest-bank test files (ub.h). */
#include "domains/utest-bank/ub.h"

int
ub_hold(uint32_t order, capreg_t cap, uint32_t *w0, uint32_t *w1)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(order);

	cairn_desc_init(&d);
	d.snd_cap[0] = (uint8_t)cap;
	m.desc = &d;
	int rc = cairn_call(R_HOLDER, &m);
	if (w0)
		*w0 = m.w[0];
	if (w1)
		*w1 = m.w[1];
	return rc;
}

int
ub_is_void(capreg_t reg)
{
	struct discrim_class c = { CT_NODE, 0 };

	discrim_classify(CR_DISCRIM, reg, &c);
	return c.type == CT_VOID;
}

uint64_t
ub_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint32_t
ub_bank_problems(void)
{
	uint32_t n = 0;

	return bank_check(CR_BANK, &n) == RC_OK ? n : ~0u;
}
