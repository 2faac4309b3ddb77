/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crc32c_hw.h -- CRC32C by the CPU's instruction, for host tools only
 * (crc32c_hw.c; ck_crc32c in format.c picks it when the CPU has it).
 */
#ifndef CAIRN_CKPT_CRC32C_HW_H
#define CAIRN_CKPT_CRC32C_HW_H

#include <stddef.h>
#include <stdint.h>

/* 1 if this CPU has the instruction (asked once). */
int ck_crc32c_hw_ok(void);
/* As ck_crc32c; only when ck_crc32c_hw_ok(). */
uint32_t ck_crc32c_hw(uint32_t crc, const void *buf, size_t len);
/* The same by the CRC instruction alone (ck_crc32c_hw folds the long
 * part first when the CPU can: crc32c_fold.c). */
uint32_t ck_crc32c_streams(uint32_t crc, const void *buf, size_t len);

/* crc32c_fold.c: 1 if this CPU can fold with 512-bit carry-less
 * multiplication (asked once). */
int ck_crc32c_fold_ok(void);
/* The CRC register (not inverted) after n bytes from reg; n a multiple
 * of 64, at least 256; only when ck_crc32c_fold_ok(). */
uint32_t ck_crc32c_fold(uint32_t reg, const void *buf, size_t n);

#endif
