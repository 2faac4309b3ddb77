/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fpu.c -- the x87/SSE registers, switched lazily between processes.
 *
 * The registers hold one process's FPU state at a time: the *owner's*
 * (fpu_owner, the process's struct hal_uregs; NULL for nobody).  Nothing
 * is saved or loaded when processes switch.  Instead CR0.TS is set
 * whenever the process about to run is not the owner, so its first x87,
 * MMX or SSE instruction raises #NM (vector 7), which trap.c hands to
 * the generic kernel as HAL_TRAP_FPU.  That handler (kernel/proc_fpu.c)
 * saves the owner's state into the owner's save area (hal_fpu_save:
 * FXSAVE), loads the trapping process's (hal_fpu_load: FXRSTOR, which
 * also makes it the owner and clears TS) and retries the instruction.
 * A process that never touches the FPU never pays for it, and one that
 * is the only FPU user keeps its state in the registers for good.
 *
 *   switch to p:   TS := (p != owner)    hal_fpu_switch, on every switch;
 *                                        CR0 written only when TS changes
 *   #NM from p:    save owner -> its area; load p's area; owner := p; TS := 0
 *   owner leaves:  hal_fpu_forget (after a save, or when its state may
 *                  be lost): owner := NULL; TS := 1
 *
 * fpu_ts mirrors CR0.TS, so a switch costs a compare with the owner and
 * a test of fpu_ts (4 instructions), and touches CR0 only when TS must
 * change: between two processes that do not own the FPU, never.
 * Invariant: fpu_ts == 0 only while the owner is the process on the CPU
 * (or the kernel is moving state).
 *
 * A save area is the 512-byte FXSAVE image (kernel/abi/process.h: the
 * annex page), 16-byte aligned.  FXSAVE leaves bytes 464..511 alone; we
 * put PROC_ANNEX_MAGIC there on every save, and an area without it holds
 * no state: loading it gives the reset state (fpu_clean: what FNINIT and
 * MXCSR 0x1f80 give, with every register zeroed as well, so that nothing
 * of the previous owner's values survives into a fresh process).  The
 * area is the process's own page, so it may hold anything: FXRSTOR of an
 * MXCSR with reserved bits would fault in the kernel, so such an image
 * is refused (hal_fpu_load returns false) and the process faults instead.
 *
 * The kernel itself never uses the FPU (it is built -mgeneral-regs-only);
 * an #NM in kernel mode is a kernel bug like any other kernel exception.
 */
#include "kernel/hal.h"
#include "kernel/abi/process.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define CR0_MP 0x00000002u        /* WAIT/FWAIT honour TS too */
#define CR0_EM 0x00000004u        /* emulate: off, we have an FPU */
#define CR0_TS 0x00000008u        /* task switched: FPU use traps (#NM) */
#define CR0_NE 0x00000020u        /* x87 errors as #MF, not IRQ 13 */
#define CR4_OSFXSR 0x00000200u    /* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT 0x00000400u /* SIMD errors as #XM */
#define CPUID1_FXSR (1u << 24)
#define CPUID1_SSE (1u << 25)
#define FCW_RESET 0x037fu
#define MXCSR_RESET 0x1f80u
#define MXCSR_MASK_DEFAULT 0xffbfu /* when FXSAVE reports a mask of 0 */

/* The FXSAVE image (Intel SDM vol. 1, 10.5.1), 32-bit form. */
struct fxsave {
	uint16_t fcw, fsw;
	uint8_t ftw, reserved1;
	uint16_t fop;
	uint32_t fip, fcs, fdp, fds;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16];
	uint8_t xmm[8][16];
	uint8_t reserved2[176];
	uint32_t magic;           /* software-available bytes from here on */
	uint8_t available[44];
};
_Static_assert(sizeof(struct fxsave) == PROC_ANNEX_FXSAVE_SIZE, "fxsave_size");
_Static_assert(offsetof(struct fxsave, mxcsr) == PROC_ANNEX_MXCSR_OFFSET, "fxsave_mxcsr");
_Static_assert(offsetof(struct fxsave, st) == PROC_ANNEX_ST_OFFSET, "fxsave_st");
_Static_assert(offsetof(struct fxsave, xmm) == PROC_ANNEX_XMM_OFFSET, "fxsave_xmm");
_Static_assert(offsetof(struct fxsave, magic) == PROC_ANNEX_MAGIC_OFFSET, "fxsave_magic");

static struct fxsave fpu_clean __attribute__((aligned(16)));
static uint32_t fpu_mxcsr_mask;
/* Global: the assembly fast path (ipcfast.S) makes hal_fpu_switch_free's
 * test itself. */
struct hal_uregs *fpu_owner;
bool fpu_ts;                      /* CR0.TS as last written */

static void
fpu_set_ts(bool on)
{
	uint32_t cr0 = read_cr0();

	write_cr0(on ? cr0 | CR0_TS : cr0 & ~CR0_TS);
	fpu_ts = on;
}

/* Turn the FPU and SSE on; learn the MXCSR mask; no owner, TS set. */
void
fpu_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if ((d & (CPUID1_FXSR | CPUID1_SSE)) != (CPUID1_FXSR | CPUID1_SSE))
		panic("fpu: the CPU lacks FXSAVE or SSE (cpuid 1 edx %#x)", d);
	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	__asm__ volatile("fxsave %0" : "=m"(fpu_clean));
	fpu_mxcsr_mask = fpu_clean.mxcsr_mask ? fpu_clean.mxcsr_mask : MXCSR_MASK_DEFAULT;
	memset(&fpu_clean, 0, sizeof fpu_clean);
	fpu_clean.fcw = FCW_RESET;
	fpu_clean.mxcsr = MXCSR_RESET;
	fpu_set_ts(true);
}

void
hal_fpu_switch(const struct hal_uregs *to)
{
	if (unlikely(to == fpu_owner)) {
		if (fpu_ts)
			fpu_set_ts(false);
	} else if (unlikely(!fpu_ts)) {
		fpu_set_ts(true);
	}
}

bool
hal_fpu_switch_free(const struct hal_uregs *to)
{
	return fpu_ts == (to != fpu_owner);
}

struct hal_uregs *
hal_fpu_owner(void)
{
	return fpu_owner;
}

void
hal_fpu_save(void *area)
{
	struct fxsave *img = area;
	bool ts = fpu_ts;

	require(fpu_owner);       /* only the owner's state is in the registers */
	assert(((uintptr_t)area & 15) == 0);   /* FXSAVE faults otherwise */
	if (ts)
		fpu_set_ts(false);
	__asm__ volatile("fxsave %0" : "=m"(*img));
	img->magic = PROC_ANNEX_MAGIC;
	if (ts)
		fpu_set_ts(true);
}

bool
hal_fpu_load(const void *area, struct hal_uregs *owner)
{
	const struct fxsave *img = area;

	assert(((uintptr_t)area & 15) == 0);   /* FXRSTOR faults otherwise */
	if (img->magic != PROC_ANNEX_MAGIC)
		img = &fpu_clean;
	if (img->mxcsr & ~fpu_mxcsr_mask)
		return false;
	if (fpu_ts)
		fpu_set_ts(false);
	__asm__ volatile("fxrstor %0" : : "m"(*img));
	fpu_owner = owner;
	return true;
}

void
hal_fpu_forget(void)
{
	fpu_owner = NULL;
	if (!fpu_ts)
		fpu_set_ts(true);
}
