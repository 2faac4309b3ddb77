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



/* The one TSS: only esp0 matters (the stack a user trap starts on). */
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "tss_size");
extern struct tss arch_tss;

void serial_init(void);
void gdt_init(void);
void idt_init(void);
void fpu_init(void);
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
void sysenter_init(void);
/* A kernel-mode trap that belongs to the sysenter entry: repaired in tf. */
bool sysenter_fixup(struct hal_uregs *tf);

extern char kernel_start[], kernel_end[];

#endif
