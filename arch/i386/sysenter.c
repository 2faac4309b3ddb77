/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sysenter.c -- the second way in for invocations: the sysenter
 * instruction (trapentry.S, sysenter_entry, has the entry and says what
 * the user passes; kernel/abi/invoke.h the user's side).
 *
 * Setup: the three MSRs.  SYSENTER_CS is the kernel's code selector (the
 * CPU derives the kernel stack selector and, for sysexit, the user's
 * from it: the GDT order of gdt.c, KCODE KDATA UCODE UDATA, is what it
 * expects); SYSENTER_ESP is the top of the one kernel stack, so that
 * whatever traps before the entry reaches the process's frame lands on
 * that stack; SYSENTER_EIP is sysenter_entry.  A CPU without sysenter
 * (CPUID SEP) is left alone: the instruction is then an invalid-opcode
 * fault of the process, and int $0x80 works as always.
 *
 * Two kernel-mode traps belong to the entry and are repaired here
 * rather than being kernel bugs:
 *   - a single-step trap after its first instruction, when the user
 *     entered with TF set: TF is cleared in the trap's frame and the
 *     entry goes on (the user's flags, TF included, are already saved);
 *   - a page fault reading the two words from the user's stack (an
 *     address the user chose): the entry resumes at sysenter_slow, which
 *     reads them by walking the process's space.
 */
#include "arch/i386/arch.h"

#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define CPUID_SEP (1u << 11)
#define EFLAGS_TF 0x100u
#define VEC_DEBUG 1
#define VEC_PAGE_FAULT 14

extern char sysenter_entry[], sysenter_db[], sysenter_peek0[], sysenter_peek1[];
extern char sysenter_slow[], boot_stack_top[];

static inline void
wrmsr(uint32_t msr, uint32_t lo)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"(lo), "d"(0));
}

static bool
cpu_has_sep(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d & CPUID_SEP;
}

void
sysenter_init(void)
{
	if (!cpu_has_sep())
		return;
	wrmsr(MSR_SYSENTER_CS, SEL_KCODE);
	wrmsr(MSR_SYSENTER_ESP, (uint32_t)boot_stack_top);
	wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
}

bool
sysenter_fixup(struct hal_uregs *tf)
{
	if (tf->vector == VEC_DEBUG && tf->eip == (uint32_t)sysenter_db) {
		tf->eflags &= ~EFLAGS_TF;
		return true;
	}
	if (tf->vector == VEC_PAGE_FAULT &&
	    (tf->eip == (uint32_t)sysenter_peek0 || tf->eip == (uint32_t)sysenter_peek1)) {
		tf->eip = (uint32_t)sysenter_slow;
		return true;
	}
	return false;
}
