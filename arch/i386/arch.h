/* SPDX-License-Identifier: BSD-2-Clause */
/* arch.h -- declarations shared inside arch/i386 only. */
#ifndef CAIRN_ARCH_ARCH_H
#define CAIRN_ARCH_ARCH_H

#include "kernel/kernel.h"
#include "arch/i386/layout.h"
#include "kernel/hal.h"

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_TSS   0x28



void serial_init(void);
void gdt_init(void);
void tss_set_kernel_stack(uint32_t esp0);
void idt_init(void);
void pic_init(void);
void pic_eoi(unsigned irq);
void pic_unmask(unsigned irq);
void pit_init(unsigned hz);
void pit_tick(void);
void paging_init(void);
extern uint32_t *kernel_pgdir;  /* the kernel's own page directory */
void multiboot_init(uint32_t magic, uint32_t info);
const char *multiboot_cmdline(void);
void fwcfg_init(void);
const char *fwcfg_cmdline(void);
void trap_dump(const struct hal_uregs *tf);

extern char kernel_start[], kernel_end[];

#endif
