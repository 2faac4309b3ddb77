# SPDX-License-Identifier: BSD-2-Clause
# arch/i386: boot, CPU tables, traps, paging, devices.
KERNEL_SRCS += arch/i386/boot.S arch/i386/trapentry.S arch/i386/ipcfast.S arch/i386/gdt.c \
	arch/i386/idt.c arch/i386/sysenter.c arch/i386/trap.c arch/i386/pic.c arch/i386/pit.c \
	arch/i386/paging.c arch/i386/mmu.c arch/i386/multiboot.c arch/i386/fwcfg.c \
	arch/i386/serial.c arch/i386/hal.c arch/i386/fpu.c arch/i386/tsc.c arch/i386/ata.c arch/i386/ata_dma.c arch/i386/ata_queue.c
KERNEL_LDS := arch/i386/kernel.ld
