/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * process.h -- a process is a root node; this is its slot layout.
 *
 * Everything the kernel knows about a process lives in these slots (and
 * in the nodes and pages they name), so a checkpoint of nodes and pages
 * is a checkpoint of the process.  The kernel's process table only
 * caches a loaded process and writes it back here before a checkpoint
 * or when the entry is reused.  cairn-mkimage builds root nodes in this
 * layout and cairn-dump decodes them; docs/abi.md describes it.
 *
 *   slot  contents
 *   0     address space: Space capability (or a Page capability for a
 *         one-page space), Void for none
 *   1     keeper: Start capability of the fault handler, or Void
 *   2     capability registers: Node capability (32 registers)
 *   3     state: Number { run state, fault code, fault address }
 *   4     schedule: Number { priority, time slice ticks, 0 }
 *   5     brand: any capability (identifies the program; Discrim compares)
 *   6     annex: Page capability for FPU/SSE state (layout below), or Void
 *   7     registers: Number { eax, ebx, ecx }
 *   8     registers: Number { edx, esi, edi }
 *   9     registers: Number { ebp, esp, eip }
 *   10    registers: Number { eflags, 0, 0 }
 *   11    receive: Number { receive spec word, string buffer, buffer length }
 *   12    name: Number { the name's bytes } or Void (layout below)
 *   13-31 reserved (Void)
 *
 * The name is what people read: the kernel's console messages about a
 * process, SysInfo's process list (the shell's `ps`) and cairn-dump
 * show it.  cairn-mkimage writes the map's process name there; whoever
 * builds a process at run time may name it (OC_PROCESS_SWAP_SLOT).  It
 * is up to PROC_NAME_MAX bytes of printable ASCII, byte i in byte i % 4
 * of Number word i / 4 (little-endian), NUL-padded.  The kernel never
 * trusts it: it only prints it, stopping at the first byte that is not
 * printable.
 */
#ifndef CAIRN_ABI_PROCESS_H
#define CAIRN_ABI_PROCESS_H

#include <stdint.h>

enum proc_slot {
	PR_SLOT_SPACE = 0,
	PR_SLOT_KEEPER = 1,
	PR_SLOT_CAPREGS = 2,
	PR_SLOT_STATE = 3,
	PR_SLOT_SCHED = 4,
	PR_SLOT_BRAND = 5,
	PR_SLOT_ANNEX = 6,
	PR_SLOT_REGS0 = 7,  /* eax ebx ecx */
	PR_SLOT_REGS1 = 8,  /* edx esi edi */
	PR_SLOT_REGS2 = 9,  /* ebp esp eip */
	PR_SLOT_REGS3 = 10, /* eflags */
	PR_SLOT_RECV = 11,
	PR_SLOT_NAME = 12,
	PR_SLOT_COUNT = 13
};

#define PROC_NAME_MAX 12    /* bytes of a name: the 96 bits of a Number */

/* The name kept as the words w of a name-slot Number, into out: its
 * bytes up to the first NUL or byte that is not printable ASCII (so ""
 * for none).  Returns out. */
static inline char *
proc_name_decode(const uint32_t w[3], char out[PROC_NAME_MAX + 1])
{
	unsigned i;

	for (i = 0; i < PROC_NAME_MAX; i++) {
		unsigned char b = (unsigned char)(w[i / 4] >> (8 * (i % 4)));
		if (b <= ' ' || b >= 0x7f)
			break;
		out[i] = (char)b;
	}
	out[i] = 0;
	return out;
}

/* Number word 0 of PR_SLOT_STATE. */
enum proc_run_state {
	PRS_HALTED = 0,    /* never started, or stopped for good */
	PRS_RUNNING = 1,   /* ready to run */
	PRS_AVAILABLE = 2, /* waiting to receive a message */
	PRS_WAITING = 3,   /* called someone; waiting for the reply */
	PRS_FAULTED = 4,   /* faulted with no keeper; fault code/address kept */
	PRS_COUNT
};

/* Fault codes (Number word 1 of PR_SLOT_STATE). */
enum proc_fault {
	PF_NONE = 0,
	PF_PAGE_NOT_PRESENT = 1, /* address has no page in the space tree */
	PF_PAGE_READ_ONLY = 2,   /* write to a read-only page */
	PF_EXCEPTION = 3,        /* other CPU exception; vector in the address */
	PF_BAD_SPACE = 4,        /* the space tree is malformed */
	PF_COUNT
};

#define PROC_PRIO_DEFAULT 8
#define PROC_PRIO_MAX 15
/* Time slice in timer ticks (Number word 1 of PR_SLOT_SCHED); 0 or more
 * than PROC_SLICE_MAX means the default. */
#define PROC_SLICE_DEFAULT 5
#define PROC_SLICE_MAX 100
#define PROC_EFLAGS_USER 0x202 /* IF set, reserved bit 1 */

/*
 * The annex page (PR_SLOT_ANNEX) holds the process's FPU/SSE state while
 * it is not in the CPU: the 512-byte image of the FXSAVE instruction at
 * offset 0 (FCW at 0, MXCSR at 24, ST0-ST7 at 32, XMM0-XMM7 at 160, 16
 * bytes each).  The CPU leaves bytes 464-511 to software; the kernel
 * writes PROC_ANNEX_MAGIC at PROC_ANNEX_MAGIC_OFFSET whenever it saves
 * a state there, and takes a page without it to hold none: the first
 * FPU use then starts from the reset state (FCW 0x37f, MXCSR 0x1f80,
 * every register zero).  A process with no annex, or a read-only one,
 * faults on its first FPU or SSE instruction (PF_EXCEPTION, vector 7).
 * The rest of the page is unused.
 */
#define PROC_ANNEX_FXSAVE_SIZE 512
#define PROC_ANNEX_MXCSR_OFFSET 24
#define PROC_ANNEX_ST_OFFSET 32
#define PROC_ANNEX_XMM_OFFSET 160
#define PROC_ANNEX_MAGIC_OFFSET 464
#define PROC_ANNEX_MAGIC 0x55504643u  /* "CFPU" */

/* Number of capability registers (slots of the PR_SLOT_CAPREGS node). */
#define PROC_CAPREGS 32

/* Heights of Space nodes: height h spans 2^(12 + 5h) bytes. */
#define SPACE_HEIGHT_MAX 4
#define SPACE_SPAN_SHIFT(h) (12 + 5 * (h))

#endif /* CAIRN_ABI_PROCESS_H */
