/* SPDX-License-Identifier: BSD-2-Clause */
/* reseal.h -- reseal a fuzzed store so mutations get past its CRCs (reseal.c). */
#ifndef CAIRN_FUZZ_RESEAL_H
#define CAIRN_FUZZ_RESEAL_H

#include <stdint.h>

/* Reseal, in place, every structure of the nblocks-block store at store
 * whose magic is right, then the directory chains and the roots. */
void fuzz_reseal_store(uint8_t *store, uint32_t nblocks);

#endif
