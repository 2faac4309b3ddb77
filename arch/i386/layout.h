/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * layout.h -- the i386 virtual address layout, shared by C and assembly.
 *
 *   0x00000000 .. USER_TOP      user address space (built from Space trees)
 *   KERNBASE   .. +DIRECT_MAX   all physical memory, mapped 1:1 + KERNBASE
 *                               with 4 MiB global pages; the kernel image
 *                               sits at KERNBASE + 1 MiB
 */
#ifndef CAIRN_ARCH_LAYOUT_H
#define CAIRN_ARCH_LAYOUT_H

#define KERNBASE     0xC0000000
#define USER_TOP     0xC0000000
#define DIRECT_MAX   0x38000000 /* 896 MiB of physical memory at most */
#define BOOT_MAP_MB  16         /* mapped by boot.S before paging setup */
#define KSTACK_SIZE  16384

#endif
