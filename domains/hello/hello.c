/* SPDX-License-Identifier: BSD-2-Clause */
/* hello.c -- the first user program: one line on the console, then exit. */
#include "cairn/cairn.h"

int
main(void)
{
	printf("Hello from user mode, Cairn.\n");
	return 0;
}
