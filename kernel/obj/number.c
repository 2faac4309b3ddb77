/* SPDX-License-Identifier: BSD-2-Clause */
/* number.c -- the Number capability: 96 bits of data, no authority. */
#include "kernel/invoke.h"

int
number_invoke(struct inv *inv)
{
	if (inv->order != OC_NUMBER_READ)
		return RC_UNKNOWN_REQUEST;
	for (unsigned i = 0; i < 3; i++)
		inv->rw[i] = cap_num(inv->cap, i);
	return RC_OK;
}
