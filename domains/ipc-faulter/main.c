/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-faulter -- write to an address its space does not map.  With a
 * keeper that maps a page there, the write succeeds on the retry and the
 * value read back is reported to utest-ipc; without one, the process
 * stops faulted at the write.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"

int
main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)FAULT_ADDR;

	*p = FAULT_VALUE;
	cairn_send(C_REPORT, &CAIRN_MSG(REPORT_FAULTER, *p));
	return 0;
}
