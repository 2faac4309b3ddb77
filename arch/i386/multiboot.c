/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * multiboot.c -- read what the boot loader tells us (multiboot 1): the
 * memory map and the command line.  Both are copied into kernel memory
 * at once, so nothing the loader left behind is needed afterwards.
 *
 * Usable memory excludes the first 1 MiB (BIOS, VGA, the loader's data)
 * and the kernel image, and stops at DIRECT_MAX, the most the kernel's
 * direct map covers.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"

#define MB_BOOT_MAGIC 0x2badb002
#define MBI_FLAG_MEM 0x001
#define MBI_FLAG_CMDLINE 0x004
#define MBI_FLAG_MMAP 0x040
#define MMAP_AVAILABLE 1
#define MAX_RANGES 32
#define CMDLINE_MAX 256

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_mmap {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

static struct hal_mem_range ranges[MAX_RANGES];
static unsigned nranges;
static char cmdline[CMDLINE_MAX];

static void
add_range(uint64_t base, uint64_t end)
{
	uint64_t kend = hal_virt_to_phys(kernel_end);

	if (base < kend)
		base = kend;          /* below: BIOS area and the kernel image */
	if (end > DIRECT_MAX)
		end = DIRECT_MAX;
	base = ALIGN_UP(base, 4096);
	end = ALIGN_DOWN(end, 4096);
	if (base >= end || nranges == MAX_RANGES)
		return;
	ranges[nranges].base = base;
	ranges[nranges].len = end - base;
	nranges++;
}

static void
copy_cmdline(uint32_t pa)
{
	const char *s = hal_phys_to_virt(pa);
	unsigned i;

	for (i = 0; i + 1 < CMDLINE_MAX && s[i]; i++)
		cmdline[i] = s[i];
	cmdline[i] = 0;
}

void
multiboot_init(uint32_t magic, uint32_t info)
{
	const struct mb_info *mbi = hal_phys_to_virt(info);

	if (magic != MB_BOOT_MAGIC)
		panic("not booted by a multiboot loader (eax=%#x)", magic);
	if (mbi->flags & MBI_FLAG_CMDLINE)
		copy_cmdline(mbi->cmdline);
	if (mbi->flags & MBI_FLAG_MMAP) {
		uint32_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
		while (p < end) {
			const struct mb_mmap *m = hal_phys_to_virt(p);
			if (m->type == MMAP_AVAILABLE)
				add_range(m->base, m->base + m->len);
			p += m->size + 4;
		}
	} else if (mbi->flags & MBI_FLAG_MEM) {
		add_range(1u << 20, (1u << 20) + (uint64_t)mbi->mem_upper * 1024);
	}
	if (nranges == 0)
		panic("the boot loader reported no usable memory");
}

unsigned
hal_mem_ranges(const struct hal_mem_range **out)
{
	*out = ranges;
	return nranges;
}

const char *
multiboot_cmdline(void)
{
	return cmdline;
}
