/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc.h -- build a process: root node in the kernel/abi/process.h
 * layout, its capability-register node, and (from an ELF file) its
 * address space with a stack.
 *
 * proc_begin() creates the root and capability-register nodes as soon
 * as the process is declared, so they get the next two node OIDs and
 * the map's own slot assignments (keeper, brand, capregs ...) can land
 * in them while the body is parsed.  proc_finish() then loads the ELF,
 * builds the tree and fills the remaining root slots:
 *
 *   space    Space cap (badge = height) to the tree, unless the map gave one
 *   capregs  Node cap to the capability-register node
 *   state    Number { state, 0, 0 }: filled by link_image(), which knows
 *            the run list
 *   sched    Number { priority, time slice, 0 }
 *   name     Number holding the map's name for the process (at most
 *            PROC_NAME_MAX bytes: a longer name is an error)
 *   regs     Number caps: eip = ELF entry, esp = stack top,
 *            eflags = PROC_EFLAGS_USER, others 0, each overridable
 *   receive  Number { 0, 0, 0 }
 */
#ifndef MK_PROC_H
#define MK_PROC_H

#include "disk-image/mkimage/image.h"

enum proc_reg {
	REG_EAX, REG_EBX, REG_ECX, REG_EDX, REG_ESI, REG_EDI,
	REG_EBP, REG_ESP, REG_EIP, REG_EFLAGS, REG_COUNT
};

#define PROC_STACK_DEFAULT (16u * 1024)

struct proc_spec {
	struct sym *sym;
	char *elf_path;             /* resolved path, or NULL */
	struct pos elf_pos;
	uint64_t stack_size, stack_top;
	struct pos stack_pos;
	uint32_t priority, slice;
	uint32_t reg[REG_COUNT];
	uint32_t reg_set;           /* bit r: reg[r] given in the map */
};

/* Register names, for the map's "reg NAME INT" (NULL-free, REG_COUNT long). */
extern const char *const proc_reg_names[REG_COUNT];

/* Create the root and capability-register nodes; fill spec defaults. */
int proc_begin(struct image *img, struct pos at, struct sym *s, struct proc_spec *spec);
/* Load the program and fill the root (see above).  Frees spec->elf_path. */
int proc_finish(struct image *img, struct proc_spec *spec);

#endif
