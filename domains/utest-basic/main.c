/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utest-basic -- the first in-guest test suite: what the user runtime
 * can check alone, without a second process.  Formatting and the
 * string helpers (test_fmt.c, test_string.c) and the kernel objects
 * every process holds (test_kobj.c).
 *
 * What the map must give it (beyond the conventional registers of
 * kernel/abi/invoke.h: CR_SELF, CR_CONSOLE, CR_SYSINFO, CR_DISCRIM):
 * a Number capability { 0x11111111, 0x22222222, 0x33333333 } in
 * register UTEST_BASIC_NUMBER (test_kobj.c).
 */
#include "cairn/utest.h"

int
main(void)
{
	return utest_run();
}
