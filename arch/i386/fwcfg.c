/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fwcfg.c -- QEMU's firmware configuration device (ports 0x510/0x511),
 * read for one file: opt/cairn/cmdline.  The test harness passes kernel
 * options through it (-fw_cfg name=opt/cairn/cmdline,string=...) so the
 * same GRUB-booted disk image can run different tests without being
 * rebuilt.  Absent device or file: no options from here.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define FW_CFG_SEL 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define CMDLINE_MAX 256

static char fw_cmdline[CMDLINE_MAX];

static uint32_t
read_be32(void)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | inb(FW_CFG_DATA);
	return v;
}

static void
read_bytes(char *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		buf[i] = (char)inb(FW_CFG_DATA);
}

static bool
fwcfg_present(void)
{
	char sig[4];

	outw(FW_CFG_SEL, FW_CFG_SIGNATURE);
	read_bytes(sig, 4);
	return memcmp(sig, "QEMU", 4) == 0;
}

void
fwcfg_init(void)
{
	if (!fwcfg_present())
		return;
	outw(FW_CFG_SEL, FW_CFG_FILE_DIR);
	uint32_t count = read_be32();
	for (uint32_t i = 0; i < count && i < 1024; i++) {
		char name[56];
		uint32_t size = read_be32();
		uint16_t sel = (uint16_t)(inb(FW_CFG_DATA) << 8);
		sel |= inb(FW_CFG_DATA);
		(void)inb(FW_CFG_DATA); /* 16 reserved bits */
		(void)inb(FW_CFG_DATA);
		read_bytes(name, sizeof name);
		name[55] = 0;
		if (strcmp(name, "opt/cairn/cmdline") != 0)
			continue;
		if (size >= CMDLINE_MAX)
			size = CMDLINE_MAX - 1;
		outw(FW_CFG_SEL, sel);
		read_bytes(fw_cmdline, size);
		fw_cmdline[size] = 0;
		return;
	}
}

const char *
fwcfg_cmdline(void)
{
	return fw_cmdline;
}
