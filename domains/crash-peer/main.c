/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crash-peer -- the crash workload's peer (domains/crash-workload/proto.h):
 * keeps one running sum three ways -- in its data page, in x87 ST0 and
 * in each 32-bit lane of XMM0 -- and calls echo on every addition.
 *
 * The FPU registers live only in the CPU and, while another process
 * owns the FPU or across a checkpoint, in this process's annex page; the
 * sum in the data page lives in an ordinary page.  After a restart the
 * three agree only if the annex and the page come from the same
 * generation.  Its C code is integer-only: nothing but the inline
 * assembly below touches the FPU or SSE registers.
 */
#include "cairn/cairn.h"
#include "domains/crash-workload/proto.h"
#include "domains/utest-ipc/proto.h"

static uint32_t sum, echo_errors;

static void
fpu_start(void)
{
	__asm__ volatile("fninit\n\tfldz\n\tpxor %%xmm0, %%xmm0" : : : "memory");
}

static void
fpu_add(uint32_t k)
{
	uint32_t lanes[4] = { k, k, k, k };

	__asm__ volatile("fildl %0\n\tfaddp %%st, %%st(1)" : : "m"(k) : "memory");
	__asm__ volatile("movups %0, %%xmm1\n\tpaddd %%xmm1, %%xmm0" : : "m"(lanes) : "memory");
}

/* The reply to PEER_REPORT into m. */
static void
report(cairn_msg_t *m)
{
	uint64_t st = 0;
	uint32_t lanes[4];

	__asm__ volatile("fld %%st(0)\n\tfistpll %0" : "=m"(st) : : "memory");
	__asm__ volatile("movups %%xmm0, %0" : "=m"(lanes) : : "memory");
	uint32_t errors = echo_errors + (st != sum);
	for (int i = 0; i < 4; i++)
		errors += lanes[i] != sum;
	*m = CAIRN_MSG(RC_OK, sum, (uint32_t)st, crash_lanes_hash(lanes), errors);
}

static void
add(cairn_msg_t *m)
{
	uint32_t k = m->w[0];
	cairn_msg_t e = CAIRN_MSG(ECHO_WORDS, k);

	if (cairn_call(P_ECHO, &e) != RC_OK || e.w[0] != k + 1)
		echo_errors++;
	sum += k;
	fpu_add(k);
	*m = CAIRN_MSG(RC_OK, sum);
}

int
main(void)
{
	cairn_msg_t m = { 0 };

	fpu_start();
	cairn_receive(&m);
	for (;;) {
		if (m.code == PEER_ADD)
			add(&m);
		else if (m.code == PEER_REPORT)
			report(&m);
		else
			m = (cairn_msg_t)CAIRN_MSG(RC_UNKNOWN_REQUEST);
		cairn_return_words(CR_REPLY, &m);
	}
}
