/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fpu-keeper -- the keeper of a process that has no annex page.  Every
 * fault is reported to utest-fpu; on the FPU fault (PF_EXCEPTION,
 * vector 7) it puts its page into the process's annex slot and returns
 * through the fault Resume capability, which retries the FPU
 * instruction -- now with somewhere to keep the state.
 */
#include "cairn/cairn.h"
#include "domains/utest-fpu/proto.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"
#include <stdbool.h>

int
main(void)
{
	cairn_msg_t m = { 0 };

	cairn_receive(&m);
	for (;;) {
		bool fpu = m.code == OC_KEEPER_FAULT + PF_EXCEPTION && m.w[0] == VEC_NM;
		cairn_send(K_REPORT, &CAIRN_MSG(REPORT_KEEPER, m.code, m.w[0], m.w[2]));
		if (fpu && process_swap_slot(K_PROCESS, PR_SLOT_ANNEX, K_PAGE, K_OLD) == RC_OK) {
			m.code = RC_OK;
			cairn_return(CR_REPLY, &m);
		} else {
			cairn_receive(&m);
		}
	}
}
