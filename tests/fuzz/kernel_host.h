/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel_host.h -- the kernel's store-reading code on the host (kernel_host.c). */
#ifndef CAIRN_FUZZ_KERNEL_HOST_H
#define CAIRN_FUZZ_KERNEL_HOST_H

#include <stddef.h>
#include <stdint.h>

/* The disk the HAL shows is the bytes disk[0..size): read-only, whole
 * sectors only.  Also frees what the kernel code allocated at "boot"
 * for the previous disk. */
void kh_set_disk(const uint8_t *disk, size_t size);

#endif
