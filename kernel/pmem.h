/* SPDX-License-Identifier: BSD-2-Clause */
/* pmem.h -- physical page frames (see pmem.c). */
#ifndef CAIRN_PMEM_H
#define CAIRN_PMEM_H

#include "kernel.h"

#define PAGE_SIZE 4096u

void pmem_init(void);
void *pmem_alloc(void);           /* a zeroed frame (kernel virtual), or NULL */
void pmem_free(void *page);
void *pmem_alloc_contig(uint32_t n); /* boot only: n consecutive zeroed frames */
uint32_t pmem_free_count(void);
uint32_t pmem_total_count(void);

#endif
