/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hal.h -- the narrow interface between generic kernel code and the
 * machine.  arch/i386/ implements it; generic code includes only this,
 * never an arch header.
 */
#ifndef CAIRN_HAL_H
#define CAIRN_HAL_H

#include "kernel.h"

/* Bring up the CPU tables, paging, interrupts, timer and console. */
void hal_init(uint32_t mb_magic, uint32_t mb_info);

/* Console (serial COM1, 115200 8N1). */
void hal_console_putc(char c);
int hal_console_getc(void); /* -1 if no character is waiting */

/* Stop the machine.  hal_exit reports status to the host through
 * QEMU's isa-debug-exit device (exit code status*2+1) when present. */
void hal_halt(void) NORETURN;
void hal_exit(unsigned status) NORETURN;

/* Interrupt control. */
void hal_irq_enable(void);
void hal_irq_disable(void);
void hal_wait_for_interrupt(void);

/* Time. */
uint64_t hal_ticks(void);           /* timer ticks since boot (none lost with interrupts off) */
uint32_t hal_timer_irqs(void);     /* timer interrupts taken since boot */
#define HAL_TICK_HZ 100u
uint64_t hal_tsc_hz(void);          /* TSC cycles per second (calibrated) */
static inline uint64_t
hal_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Physical memory: usable ranges found at boot (after the kernel image
 * and boot modules are excluded), and the kernel's view of it. */
struct hal_mem_range {
	uint64_t base, len;
};
unsigned hal_mem_ranges(const struct hal_mem_range **out);
void *hal_phys_to_virt(uint64_t pa);
uint64_t hal_virt_to_phys(const void *va);

/* Hardware address spaces (the mapping cache's side; arch/i386/mmu.c).
 * A page directory and its page tables are page frames (kernel virtual
 * addresses, zeroed) that the caller owns and hands in.  Every directory
 * shares the kernel's part above HAL_USER_TOP; user mappings are 4 KiB
 * pages below it, user-accessible, writable or not.  A directory needs
 * a page table for va (hal_pgdir_has_table) before hal_pte_set.  Changes
 * to the directory the CPU is using take effect at once (TLB included). */
#define HAL_USER_TOP 0xC0000000u
enum hal_pte { HAL_PTE_NONE, HAL_PTE_RO, HAL_PTE_RW };
void hal_pgdir_init(void *pd);          /* kernel part copied, user part empty */
void hal_pgdir_clear_user(void *pd);    /* drop every user mapping */
void hal_pgdir_load(void *pd);          /* make pd the CPU's; NULL: the kernel's */
bool hal_pgdir_has_table(const void *pd, uint32_t va);
void hal_pgdir_set_table(void *pd, uint32_t va, void *pt);
void hal_pte_set(void *pd, uint32_t va, uint64_t pa, bool writable);
enum hal_pte hal_pte_query(const void *pd, uint32_t va);
/* The kernel address of the byte a present (and, if write, writable)
 * user mapping of pd gives va, or NULL. */
void *hal_pte_ptr(const void *pd, uint32_t va, bool write);

/* Boot options: the multiboot command line, overridden for tests by the
 * QEMU fw_cfg file opt/cairn/cmdline.  Returns the value of key=value or
 * NULL; a bare "key" gives "". */
const char *hal_option(const char *key);
/* A decimal boot option, or dflt if absent or malformed. */
uint32_t hal_option_u32(const char *key, uint32_t dflt);

/* The disk: one ATA drive (the primary channel's master), addressed in
 * 512-byte sectors by 48-bit LBA.  Buffers are kernel virtual addresses,
 * count * 512 bytes long.  Every function returns 0 or a negative
 * HAL_DISK_E* code (hal_disk_strerror names it); a request that reaches
 * past the end of the disk is refused before the drive sees it.  A
 * write has reached the drive's cache when it has completed; it is
 * durable after a flush issued after that completion has completed.
 *
 * Every transfer is a request on one queue (struct hal_disk_req below);
 * the drive works on one at a time, in queue order.  hal_disk_read,
 * hal_disk_write and hal_disk_flush are synchronous: they queue an
 * urgent request -- ahead of every request not yet started, behind only
 * the one in flight -- and poll until it is done. */
#define HAL_DISK_SECTOR_SIZE 512u
enum {
	HAL_DISK_ENODEV = -1,     /* no ATA disk on the primary channel */
	HAL_DISK_ETIMEDOUT = -2,  /* the drive did not answer in time */
	HAL_DISK_EIO = -3,        /* the drive reported an error */
	HAL_DISK_EABORTED = -4,   /* the drive refused the command (ABRT) */
	HAL_DISK_ENOSECTOR = -5,  /* the drive could not find a sector (IDNF) */
	HAL_DISK_EMEDIA = -6,     /* uncorrectable data error (UNC) */
	HAL_DISK_EFAULT = -7,     /* drive fault (DF) */
	HAL_DISK_ERANGE = -8,     /* sectors beyond the end of the disk */
	HAL_DISK_EINVAL = -9,     /* bad argument (buffer wraps memory) */
	HAL_DISK_ENOLBA48 = -10,  /* the drive lacks 48-bit addressing */
	HAL_DISK_EPROTO = -11,    /* data phase did not match the command */
};
int hal_disk_init(void);             /* probe; 0 if a usable disk is there */
/* From now on completions may also arrive by interrupt (IRQ 14; only
 * with bus-master DMA: PIO stays polled), so requests progress while
 * user code runs.  Call once the kernel can take kern_disk_event(). */
void hal_disk_start_irq(void);
uint64_t hal_disk_sectors(void);     /* its size, 0 without a disk */
const char *hal_disk_model(void);    /* IDENTIFY model string, "" without */
const char *hal_disk_mode(void);     /* "DMA" (bus master) or "PIO" */
int hal_disk_read(uint64_t lba, uint32_t count, void *buf);
int hal_disk_write(uint64_t lba, uint32_t count, const void *buf);
int hal_disk_flush(void);            /* drive cache to media */
const char *hal_disk_strerror(int err);

/*
 * Queued requests.  The submitter fills the first group of fields and
 * owns the request and its buffers until state is HAL_DISK_DONE; the
 * driver keeps the rest.  A read or write gathers or scatters through
 * nseg segments, each a multiple of 512 bytes starting at an even
 * address (object frames, staging blocks: page-aligned in practice), in
 * order; count is their total in sectors.  The driver moves a request
 * in commands of its own choosing (a request of any size; bus-master
 * DMA cuts at 64 KiB boundaries and its table's size), so a submitter
 * that wants a bounded wait for others submits bounded requests.
 *
 * Completion: state becomes HAL_DISK_DONE with err set, then done(r) is
 * called if set -- with interrupts off, from whatever context noticed
 * the completion (IRQ 14, a timer tick, or someone polling); it must not
 * submit or wait, only record -- and then kern_disk_event().  Only then
 * does the next queued request start.  A request the driver refuses
 * (range, alignment, no disk) completes at once, before submit returns.
 */
enum hal_disk_op { HAL_DISK_READ, HAL_DISK_WRITE, HAL_DISK_FLUSH };
enum hal_disk_state { HAL_DISK_IDLE, HAL_DISK_QUEUED, HAL_DISK_ACTIVE, HAL_DISK_DONE };
struct hal_disk_seg {
	void *buf;
	uint32_t bytes;
};
struct hal_disk_req {
	uint8_t op;                     /* enum hal_disk_op */
	uint8_t urgent;                 /* ahead of every non-urgent queued request */
	uint16_t nseg;
	const struct hal_disk_seg *seg;
	uint64_t lba;
	uint32_t count;                 /* sectors; 0 for a flush */
	void (*done)(struct hal_disk_req *r);
	void *ctx;                      /* the submitter's */
	/* The driver's. */
	struct hal_disk_req *next;
	volatile uint8_t state;         /* enum hal_disk_state */
	int err;
};
void hal_disk_submit(struct hal_disk_req *r);
/* Notice a completion (without waiting); true if the drive moved on. */
bool hal_disk_poll(void);
void hal_disk_wait(struct hal_disk_req *r);   /* poll until r is done */
bool hal_disk_busy(void);                     /* a request in flight or queued */
struct hal_disk_stats {
	uint32_t requests, commands;    /* submitted; drive commands issued */
	uint32_t irq_completions;       /* commands whose end IRQ 14 reported */
	uint32_t tick_completions;      /* ... that the timer's poll saw first */
};
void hal_disk_stats(struct hal_disk_stats *out);

/*
 * The user register file, exactly as the trap entry saves it.  Each
 * process table entry holds one; while a process runs, the CPU's
 * kernel-stack pointer for traps (TSS esp0) points just past it, so a
 * trap from user mode saves the registers straight into the process.
 */
struct hal_uregs {
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t gs, fs, es, ds;
	uint32_t vector, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;        /* valid only when the trap came from user mode */
};
_Static_assert(sizeof(struct hal_uregs) == 76, "uregs_size");

/* User addresses are below this. */
#define HAL_USER_TOP 0xC0000000u

/* The entry and exit code (assembly) passes and takes its one argument
 * in eax. */
#define HAL_REGPARM __attribute__((regparm(1)))

/* Set up r for a fresh user-mode start at eip with stack esp. */
void hal_uregs_init(struct hal_uregs *r, uint32_t eip, uint32_t esp, uint32_t eflags);
/* Leave the kernel into user mode with registers r (never returns). */
void hal_resume_user(struct hal_uregs *r) NORETURN HAL_REGPARM;
/* Wait for interrupts on a fresh kernel stack (never returns). */
void hal_idle(void) NORETURN;
/* The faulting address of the last page fault. */
uint32_t hal_fault_address(void);

/*
 * The FPU and SSE registers (arch/i386/fpu.c), switched lazily.  They
 * hold the state of one process at a time, the *owner*, named by its
 * register file (NULL: nobody).  hal_fpu_switch(to) runs on every switch
 * to a process; unless that process is the owner, its first FPU or SSE
 * instruction traps (HAL_TRAP_FPU) and the generic kernel moves the
 * state: the owner's out (hal_fpu_save), the trapping process's in
 * (hal_fpu_load, which makes it the owner).  A save area is
 * HAL_FPU_AREA_SIZE bytes, 16-byte aligned, laid out as the annex page
 * of kernel/abi/process.h: hal_fpu_save marks it as holding a state and
 * hal_fpu_load gives the reset state for an area that holds none.
 */
#define HAL_FPU_AREA_SIZE 512u
void hal_fpu_switch(const struct hal_uregs *to);  /* on every switch to a process */
/* hal_fpu_switch(to) would change nothing (the fast switch checks). */
bool hal_fpu_switch_free(const struct hal_uregs *to);
struct hal_uregs *hal_fpu_owner(void);
void hal_fpu_save(void *area);       /* the owner's registers -> area; the owner stays */
/* area -> registers, owner := owner.  False, with nothing changed, if
 * the area holds an image the CPU would refuse (reserved MXCSR bits). */
bool hal_fpu_load(const void *area, struct hal_uregs *owner);
void hal_fpu_forget(void);           /* no owner; whatever the registers held is lost */

/* Why a user trap happened (kern_user_trap's kind). */
enum hal_trap_kind {
	HAL_TRAP_SYSCALL,     /* the invocation trap */
	HAL_TRAP_PAGE_FAULT,  /* err: bit 0 present, bit 1 write */
	HAL_TRAP_FPU,         /* FPU or SSE use by a process not the owner (#NM) */
	HAL_TRAP_EXCEPTION,   /* any other CPU exception; vector in r->vector */
	HAL_TRAP_IRQ,         /* an interrupt arrived while user code ran */
};

/* Provided by the generic kernel, called by the arch layer. */
void kern_timer_tick(void);          /* every PIT tick, interrupts off */
void kern_user_trap(struct hal_uregs *r, enum hal_trap_kind kind) NORETURN;
void kern_syscall(struct hal_uregs *r) NORETURN HAL_REGPARM; /* the invocation trap */
/* sysenter whose two stacked words the entry could not read (trapentry.S). */
void kern_sysenter_slow(struct hal_uregs *r) NORETURN HAL_REGPARM;
void kern_irq_in_kernel(void);      /* after an IRQ taken in kernel mode (idle) */
void kern_disk_event(void);         /* a disk request completed (interrupts off) */

#endif
