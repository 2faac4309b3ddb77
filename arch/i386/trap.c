/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trap.c -- where every trap lands (trap_dispatch, called by
 * trapentry.S).  IRQs go to their drivers; an exception in the kernel is
 * a kernel bug: it is reported with its vector, name, error code, the
 * faulting address (CR2 for #PF) and a register dump, and the machine
 * halts.  Exceptions and invocations from user mode are handed to the
 * generic kernel (kernel/hal.h: kern_user_trap), which owns processes;
 * #NM from user mode is the lazy FPU switch's trap (fpu.c).
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"
#include "arch/i386/ata.h"
#include "arch/i386/frame.h"

#define VEC_SYSCALL 0x80
#define VEC_NO_FPU 7       /* #NM: CR0.TS set (fpu.c) */
#define VEC_PAGE_FAULT 14
_Static_assert(HAL_USER_TOP == USER_TOP, "user_top");

static const char *const exc_name[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

void
trap_dump(const struct hal_uregs *tf)
{
	const char *name = tf->vector < 32 && exc_name[tf->vector] ?
			   exc_name[tf->vector] : "unknown";

	kprintf("EXCEPTION vector %u (%s) err=%#x at eip=%#x cs=%#x eflags=%#x\n",
		tf->vector, name, tf->err, tf->eip, tf->cs, tf->eflags);
	if (tf->vector == VEC_PAGE_FAULT)
		kprintf("  fault address cr2=%#x (%s, %s, %s)\n", read_cr2(),
			tf->err & 1 ? "protection" : "not present",
			tf->err & 2 ? "write" : "read",
			tf->err & 4 ? "user" : "kernel");
	kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
		tf->eax, tf->ebx, tf->ecx, tf->edx);
	kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", tf->esi, tf->edi,
		tf->ebp, (tf->cs & 3) ? tf->esp : (uint32_t)&tf->esp);
	kprintf("  ds=%04x es=%04x fs=%04x gs=%04x cr0=%08x cr3=%08x cr4=%08x\n",
		tf->ds, tf->es, tf->fs, tf->gs, read_cr0(), read_cr3(), read_cr4());
}

static void
trap_irq(struct hal_uregs *tf)
{
	unsigned irq = tf->vector - 32;

	pic_eoi(irq);
	if (irq == 0) {
		pit_tick();
		ata_tick();
	}
	if (irq == 14)
		ata_irq();
}

void trap_dispatch(struct hal_uregs *tf);

/* The offsets trapentry.S uses (frame.h). */
_Static_assert(offsetof(struct hal_uregs, ebp) == FRAME_EBP, "frame_ebp");
_Static_assert(offsetof(struct hal_uregs, ebx) == FRAME_EBX, "frame_ebx");
_Static_assert(offsetof(struct hal_uregs, edx) == FRAME_EDX, "frame_edx");
_Static_assert(offsetof(struct hal_uregs, ecx) == FRAME_ECX, "frame_ecx");
_Static_assert(offsetof(struct hal_uregs, eax) == FRAME_EAX, "frame_eax");
_Static_assert(offsetof(struct hal_uregs, gs) == FRAME_GS, "frame_gs");
_Static_assert(offsetof(struct hal_uregs, eip) == FRAME_EIP, "frame_eip");
_Static_assert(offsetof(struct hal_uregs, cs) == FRAME_CS, "frame_cs");
_Static_assert(offsetof(struct hal_uregs, eflags) == FRAME_EFLAGS, "frame_eflags");
_Static_assert(offsetof(struct hal_uregs, esp) == FRAME_ESP, "frame_esp");
_Static_assert(sizeof(struct hal_uregs) == FRAME_SIZE, "frame_size");
_Static_assert(offsetof(struct tss, esp0) == TSS_ESP0, "tss_esp0");

static void NORETURN
trap_from_user(struct hal_uregs *tf)
{
	if (tf->vector >= 32 && tf->vector < 48) {
		trap_irq(tf);
		kern_user_trap(tf, HAL_TRAP_IRQ);
	}
	if (tf->vector == VEC_PAGE_FAULT)
		kern_user_trap(tf, HAL_TRAP_PAGE_FAULT);
	if (tf->vector == VEC_NO_FPU)
		kern_user_trap(tf, HAL_TRAP_FPU);
	kern_user_trap(tf, HAL_TRAP_EXCEPTION);
}

void
trap_dispatch(struct hal_uregs *tf)
{
	if (tf->cs & 3)
		trap_from_user(tf);
	if (tf->vector >= 32 && tf->vector < 48) {
		trap_irq(tf);
		kern_irq_in_kernel();
		return;
	}
	if (sysenter_fixup(tf))
		return;
	/* An exception in the kernel is a kernel bug. */
	kprintf("\nkernel fault\n");
	trap_dump(tf);
	hal_exit(3);
}

void
hal_uregs_init(struct hal_uregs *r, uint32_t eip, uint32_t esp, uint32_t eflags)
{
	memset(r, 0, sizeof *r);
	r->eip = eip;
	r->esp = esp;
	r->eflags = (eflags & 0xcd5) | 0x202;   /* user flags only; IF on */
	r->cs = SEL_UCODE;
	r->ss = r->ds = r->es = SEL_UDATA;
}

uint32_t
hal_fault_address(void)
{
	return read_cr2();
}
