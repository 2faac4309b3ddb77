/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ata_dma.c -- bus-master DMA for the primary IDE channel of the PIIX
 * IDE function that QEMU emulates (PCI 00:01.1, class 01:01).
 *
 *   BAR4 (config 0x20)  bus-master I/O base; the primary channel's
 *                       registers are its first eight ports:
 *     +0  command   bit 0 start, bit 3 direction (1: disk -> memory)
 *     +2  status    bit 0 active, bit 1 error, bit 2 interrupt (write 1s to clear)
 *     +4  PRD table physical address (4-byte aligned, table within 64 KiB)
 *
 * A transfer is described by a PRD table: entries { physical address,
 * byte count (0 = 64 KiB), bit 31 of the second word on the last }, each
 * within one 64 KiB-aligned region.  The kernel maps physical memory
 * linearly, so a buffer contiguous in kernel space is contiguous in
 * physical memory: it is cut at 64 KiB boundaries only.  A command moves
 * at most ATA_DMA_MAX_SECTORS, which fits the table (one page: 512
 * entries) whatever the buffer's alignment.
 *
 * One command: stop the engine, clear its status, load the table, issue
 * READ/WRITE DMA EXT, start the engine, then wait -- polled, with the
 * kernel's interrupts off and the device interrupt masked (nIEN), as the
 * PIO path does -- until the engine is idle and the drive not busy, under
 * the same TSC deadline; then stop the engine and check both the drive's
 * status and the engine's error bit.
 */
#include "arch/i386/ata.h"
#include "arch/i386/io.h"
#include "kernel/pmem.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PIIX_IDE_DEV 1          /* bus 0, device 1, function 1 */
#define PIIX_IDE_FN 1
#define PCI_ID 0x00
#define PCI_CMD 0x04
#define PCI_CLASS 0x08
#define PCI_BAR4 0x20
#define PCI_CMD_IO 0x1
#define PCI_CMD_MASTER 0x4

#define BM_CMD 0
#define BM_STATUS 2
#define BM_PRD 4
#define BM_START 0x01
#define BM_READ 0x08            /* the device writes memory */
#define BMS_ACTIVE 0x01
#define BMS_ERROR 0x02
#define BMS_IRQ 0x04

#define PRD_MAX 512u
#define PRD_EOT 0x80000000u
#define REGION 0x10000u          /* PRD entries stay inside 64 KiB */

struct prd {
	uint32_t addr;
	uint32_t count_flags;      /* bits 0-15 bytes (0 = 64 KiB), bit 31 last */
};
_Static_assert(sizeof(struct prd) == 8, "prd_size");

static uint16_t bm;             /* bus-master base port */
static struct prd *prd;         /* one page */

static uint32_t
pci_read(unsigned reg)
{
	outl(PCI_ADDR, 0x80000000u | PIIX_IDE_DEV << 11 | PIIX_IDE_FN << 8 | reg);
	return inl(PCI_DATA);
}

static void
pci_write(unsigned reg, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | PIIX_IDE_DEV << 11 | PIIX_IDE_FN << 8 | reg);
	outl(PCI_DATA, v);
}

bool
ata_dma_init(void)
{
	if (hal_option_u32("ata_dma", 1) == 0)
		return false;
	if ((pci_read(PCI_ID) & 0xffff) != 0x8086 || (pci_read(PCI_CLASS) >> 16) != 0x0101)
		return false;
	uint32_t bar = pci_read(PCI_BAR4);
	if (!(bar & 1) || !(bar & ~3u))
		return false;           /* not an I/O BAR, or not assigned */
	bm = (uint16_t)(bar & ~3u);
	pci_write(PCI_CMD, pci_read(PCI_CMD) | PCI_CMD_IO | PCI_CMD_MASTER);
	if (!prd && !(prd = pmem_alloc()))
		return false;
	return true;
}

/* Describe [buf, buf + bytes) in the PRD table. */
static void
prd_fill(uint8_t *buf, uint32_t bytes)
{
	uint32_t pa = (uint32_t)hal_virt_to_phys(buf), i = 0;

	while (bytes) {
		uint32_t room = REGION - (pa & (REGION - 1));
		uint32_t n = bytes < room ? bytes : room;
		prd[i].addr = pa;
		prd[i].count_flags = n & 0xffff;     /* 64 KiB is 0 */
		pa += n;
		bytes -= n;
		i++;
	}
	require(i > 0 && i <= PRD_MAX);
	prd[i - 1].count_flags |= PRD_EOT;
}

/* Wait for the engine to finish; the drive's error or the engine's. */
static int
dma_wait(void)
{
	uint64_t deadline = ata_deadline(ATA_TIMEOUT_MS);
	uint8_t st;

	while ((st = inb(bm + BM_STATUS)) & BMS_ACTIVE && !(st & (BMS_ERROR | BMS_IRQ)))
		if (hal_rdtsc() > deadline)
			return HAL_DISK_ETIMEDOUT;
	int err = ata_wait_done(ATA_TIMEOUT_MS);
	if (!err && (inb(bm + BM_STATUS) & BMS_ERROR))
		err = HAL_DISK_EIO;
	return err;
}

int
ata_dma_transfer(uint64_t lba, uint32_t n, void *buf, bool write)
{
	require(n > 0 && n <= ATA_DMA_MAX_SECTORS);
	prd_fill(buf, n * HAL_DISK_SECTOR_SIZE);
	outb(bm + BM_CMD, 0);
	outb(bm + BM_STATUS, BMS_ERROR | BMS_IRQ);
	outl(bm + BM_PRD, (uint32_t)hal_virt_to_phys(prd));
	outb(bm + BM_CMD, write ? 0 : BM_READ);
	int err = ata_issue(write ? CMD_WRITE_DMA_EXT : CMD_READ_DMA_EXT, lba, n);
	if (!err) {
		outb(bm + BM_CMD, (write ? 0 : BM_READ) | BM_START);
		err = dma_wait();
	}
	outb(bm + BM_CMD, 0);
	outb(bm + BM_STATUS, BMS_ERROR | BMS_IRQ);
	return err;
}
