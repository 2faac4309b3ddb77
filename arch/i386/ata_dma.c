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
 * linearly, so a segment contiguous in kernel space is contiguous in
 * physical memory: a request's segments become one entry each, cut at
 * 64 KiB boundaries.  A command takes as much of the request as one
 * table (one page: 512 entries) and ATA_DMA_MAX_SECTORS allow; if the
 * table fills in the middle of a sector, the command ends at the last
 * whole sector and the next command resumes there.
 *
 * One command: stop the engine, clear its status, load the table, issue
 * READ/WRITE DMA EXT, start the engine.  It has ended when the engine is
 * no longer active or reports an interrupt or an error, and the drive is
 * not busy; ata_dma_poll then stops the engine and checks both the
 * drive's status and the engine's error bit.  The queue (ata_queue.c)
 * asks by polling, or when IRQ 14 says the drive is done.
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

/* Drop trim bytes from the end of the table's n entries; the new n. */
static uint32_t
prd_trim(uint32_t n, uint32_t trim)
{
	while (trim) {
		uint32_t len = prd[n - 1].count_flags & 0xffff;
		if (len == 0)
			len = REGION;
		if (len > trim) {
			prd[n - 1].count_flags = (len - trim) & 0xffff;
			break;
		}
		trim -= len;
		n--;
	}
	return n;
}

/* Cursor c back by trim bytes: within its segment (every segment is a
 * multiple of 512 bytes, so the trimmed part of a sector is in it). */
static void
cursor_back(const struct hal_disk_req *r, struct ata_cursor *c, uint32_t trim)
{
	if (c->off == 0) {
		c->seg--;
		c->off = r->seg[c->seg].bytes;
	}
	c->off -= trim;
}

/* Describe up to max bytes of r from c in the PRD table, ending on a
 * sector; returns the bytes described, c moved past them. */
static uint32_t
prd_fill(const struct hal_disk_req *r, struct ata_cursor *c, uint32_t max)
{
	uint32_t n = 0, bytes = 0;

	while (c->seg < r->nseg && bytes < max && n < PRD_MAX) {
		const struct hal_disk_seg *s = &r->seg[c->seg];
		uint32_t pa = (uint32_t)hal_virt_to_phys(s->buf) + c->off;
		uint32_t len = s->bytes - c->off, room = REGION - (pa & (REGION - 1));
		len = len < room ? len : room;
		len = len < max - bytes ? len : max - bytes;
		prd[n++] = (struct prd){ pa, len & 0xffff };     /* 64 KiB is 0 */
		bytes += len;
		c->off += len;
		if (c->off == s->bytes) {
			c->seg++;
			c->off = 0;
		}
	}
	uint32_t trim = bytes % HAL_DISK_SECTOR_SIZE;
	if (trim) {                       /* the table filled mid-sector */
		n = prd_trim(n, trim);
		cursor_back(r, c, trim);
		bytes -= trim;
	}
	require(n > 0 && bytes > 0);
	prd[n - 1].count_flags |= PRD_EOT;
	return bytes;
}

void
ata_dma_stop(void)
{
	outb(bm + BM_CMD, 0);
	outb(bm + BM_STATUS, BMS_ERROR | BMS_IRQ);
}

void
ata_dma_clear_irq(void)
{
	if (bm)
		outb(bm + BM_STATUS, BMS_IRQ);
}

int
ata_dma_start(const struct hal_disk_req *r, struct ata_cursor *c, uint64_t lba,
	      uint32_t max, uint32_t *sectors)
{
	bool write = r->op == HAL_DISK_WRITE;
	uint8_t dir = write ? 0 : BM_READ;

	if (max > ATA_DMA_MAX_SECTORS)
		max = ATA_DMA_MAX_SECTORS;
	*sectors = prd_fill(r, c, max * HAL_DISK_SECTOR_SIZE) / HAL_DISK_SECTOR_SIZE;
	ata_dma_stop();
	outl(bm + BM_PRD, (uint32_t)hal_virt_to_phys(prd));
	outb(bm + BM_CMD, dir);
	int err = ata_issue(write ? CMD_WRITE_DMA_EXT : CMD_READ_DMA_EXT, lba, *sectors);
	if (err)
		return err;
	outb(bm + BM_CMD, dir | BM_START);
	return 0;
}

int
ata_dma_poll(void)
{
	uint8_t st = inb(bm + BM_STATUS);

	if ((st & BMS_ACTIVE) && !(st & (BMS_ERROR | BMS_IRQ)))
		return ATA_BUSY;
	if (inb(ATA_CTRL) & ST_BSY)
		return ATA_BUSY;
	int err = ata_wait_done(0);
	if (!err && (inb(bm + BM_STATUS) & BMS_ERROR))
		err = HAL_DISK_EIO;
	ata_dma_stop();
	return err;
}
