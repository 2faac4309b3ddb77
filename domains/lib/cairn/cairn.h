/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/cairn.h -- everything of the user runtime in one include.
 *
 *   cairn/ipc.h      CALL, SEND, RETURN, RECEIVE; the message
 *   cairn/kobj.h     typed wrappers for every kernel object
 *   cairn/printf.h   printf to the console; cairn/fmt.h: snprintf
 *   cairn/string.h   memcpy, strlen, ...
 *   cairn/names.h    rc_name, cap_type_name
 *   cairn/utest.h    TEST() for in-guest test programs (include it
 *                    yourself: it defines CHECK macros)
 *
 * A program is int main(void); crt0 runs it and then cairn_exit().
 */
#ifndef CAIRN_CAIRN_H
#define CAIRN_CAIRN_H

#include "cairn/ipc.h"
#include "cairn/kobj.h"
#include "cairn/printf.h"
#include "cairn/fmt.h"
#include "cairn/string.h"
#include "cairn/names.h"

int main(void);

/* Flush the console, halt this process (CR_SELF); never returns. */
void cairn_exit(int status) __attribute__((noreturn));

#endif
