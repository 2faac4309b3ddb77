/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exit.c -- the end of a program: cairn_exit().
 *
 * Flushes the console buffer, then halts the process by invoking its
 * own Process capability (CR_SELF) with OC_PROCESS_HALT, which does not
 * return when it works.  If it returns (CR_SELF is not this process's
 * Process capability, or the kernel refused), the process has nothing
 * left to do and no other way to stop, so it waits for messages forever
 * and never runs its code again.  There is no exit status in the ABI:
 * status is accepted for the C convention and otherwise ignored.
 */
#include "cairn/cairn.h"

void
cairn_exit(int status)
{
	(void)status;
	printf_flush();
	process_halt(CR_SELF);
	for (;;) {
		cairn_msg_t m = CAIRN_MSG(0);
		cairn_receive(&m);
	}
}
