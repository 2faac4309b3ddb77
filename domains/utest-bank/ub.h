/* SPDX-License-Identifier: BSD-2-Clause */
/* ub.h -- helpers shared by the utest-bank test files (ub.c). */
#ifndef UTEST_BANK_UB_H
#define UTEST_BANK_UB_H

#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/utest-bank/proto.h"

/* CALL the holder with order and (unless KC none = IPC_NO_CAP) cap;
 * returns the rc, w0/w1 of the reply in *w0, *w1 when not NULL. */
int ub_hold(uint32_t order, capreg_t cap, uint32_t *w0, uint32_t *w1);
/* Is the capability in reg Void (or stale)? */
int ub_is_void(capreg_t reg);
uint64_t ub_rdtsc(void);
/* The prime bank's consistency check: the number of problems (or ~0u
 * if the check itself failed). */
uint32_t ub_bank_problems(void);

#endif
