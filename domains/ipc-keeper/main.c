/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-keeper -- the keeper of ipc-faulter.  On a page-not-present fault
 * at FAULT_ADDR it puts its spare page into the faulter's top Space node
 * (a Page capability in a slot maps the first page of that slot's
 * range) and returns through the fault Resume capability, which restarts
 * the faulter at the faulting instruction.  Any other fault is left
 * unanswered.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/process.h"
#include <stdbool.h>

/* Slot of a height-4 Space node covering FAULT_ADDR (2^27 bytes each). */
#define TOP_SLOT (FAULT_ADDR >> 27)

int
main(void)
{
	cairn_msg_t m = { 0 };

	cairn_receive(&m);
	for (;;) {
		bool ours = m.code == OC_KEEPER_FAULT + PF_PAGE_NOT_PRESENT &&
			    m.w[0] == FAULT_ADDR;
		if (ours && node_write(K_SPACE, TOP_SLOT, K_PAGE) == RC_OK) {
			m.code = RC_OK;
			cairn_return(CR_REPLY, &m);
		} else {
			printf("ipc-keeper: fault %#x at %#x not handled\n", m.code, m.w[0]);
			cairn_receive(&m);
		}
	}
}
