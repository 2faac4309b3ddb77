/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ata.c -- the disk: an ATA drive on the legacy primary IDE channel
 * (QEMU's PIIX3/PIIX4), master only, 48-bit LBA, PIO, polled.
 *
 *   ports 0x1f0..0x1f7   command block: data, error/features, sector
 *                        count, LBA low/mid/high, device, status/command
 *   port  0x3f6          control block: alternate status / device control
 *
 * Probe: a floating bus (status 0xff) or registers that do not hold what
 * was written mean "no device"; then a software reset, IDENTIFY DEVICE
 * (a packet device answers with the ATAPI signature and is refused),
 * and the LBA48 capacity from IDENTIFY words 100..103.
 *
 * Transfers: READ/WRITE MULTIPLE EXT move up to 65536 sectors per command
 * (a sector count of 0 means 65536); larger requests are split.  The
 * drive raises DRQ once per block of ata.mult sectors (the largest block
 * IDENTIFY offers, set with SET MULTIPLE MODE: 16 on QEMU, where each
 * DRQ block is one backend request, so this is ~10x faster than DRQ per
 * sector); a drive without MULTIPLE gets READ/WRITE SECTORS EXT and one
 * sector per DRQ.  The data go through the data port as 32-bit words
 * (rep insl/outsl).  Every wait is bounded by a
 * TSC deadline (hal_tsc_hz), so a dead or missing drive gives
 * HAL_DISK_ETIMEDOUT, never a hang.  Status ERR is decoded from the error
 * register (ABRT, IDNF, UNC) and DF reported separately; a request past
 * the end of the disk is refused before any command is sent.
 *
 * The device interrupt stays off (nIEN): nothing waits for the disk
 * concurrently yet.  Where the PIIX IDE function offers bus-master DMA
 * (ata_dma.c) transfers go through it, 15-20 times faster than PIO on
 * QEMU; the boot option ata_dma=0 keeps PIO.  The command issue, range
 * checks and error decoding here serve both.
 *
 * Not reentrant: the kernel has one disk user at a time.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#include "arch/i386/ata.h"

struct ata_state ata;

/* ~400 ns: four reads of the alternate status register. */
void
ata_delay(void)
{
	for (int i = 0; i < 4; i++)
		inb(ATA_CTRL);
}

/* The boot option ata_timeout_ms=N shortens every timeout to N ms (tests
 * use it to see a timeout without waiting 10 s). */
uint64_t
ata_deadline(uint32_t ms)
{
	if (ata.timeout_cap_ms && ms > ata.timeout_cap_ms)
		ms = ata.timeout_cap_ms;
	return hal_rdtsc() + hal_tsc_hz() / 1000 * ms;
}

/* Wait until the drive is not busy; its status, or ETIMEDOUT. */
int
ata_wait_idle(uint32_t ms)
{
	uint64_t deadline = ata_deadline(ms);

	for (;;) {
		uint8_t st = inb(ATA_CTRL);
		if (!(st & ST_BSY))
			return st;
		if (hal_rdtsc() > deadline)
			return HAL_DISK_ETIMEDOUT;
	}
}

/* The error a status reports, decoded from the error register. */
int
ata_status_error(uint8_t st)
{
	if (st & ST_DF)
		return HAL_DISK_EFAULT;
	if (!(st & ST_ERR))
		return 0;
	uint8_t er = inb(ATA_ERROR);
	if (er & ER_IDNF)
		return HAL_DISK_ENOSECTOR;
	if (er & ER_UNC)
		return HAL_DISK_EMEDIA;
	if (er & ER_ABRT)
		return HAL_DISK_EABORTED;
	return HAL_DISK_EIO;
}

/* Wait for the end of a command; 0 or its error.  DRQ still set means
 * the drive expects more data than we moved: a protocol error. */
int
ata_wait_done(uint32_t ms)
{
	int st = ata_wait_idle(ms);

	if (st < 0)
		return st;
	st = inb(ATA_STATUS);
	int err = ata_status_error((uint8_t)st);
	if (!err && (st & ST_DRQ))
		err = HAL_DISK_EPROTO;
	return err;
}

/* Wait for the drive to offer (or ask for) one sector of data. */
static int
ata_wait_data(void)
{
	int st = ata_wait_idle(ATA_TIMEOUT_MS);

	if (st < 0)
		return st;
	int err = ata_status_error((uint8_t)st);
	if (err)
		return err;
	return (st & ST_DRQ) ? 0 : HAL_DISK_EPROTO;
}

/* Issue an LBA48 command: high-order bytes first, then low-order. */
int
ata_issue(uint8_t cmd, uint64_t lba, uint32_t count)
{
	int st = ata_wait_idle(ATA_TIMEOUT_MS);

	if (st < 0)
		return st;
	outb(ATA_DEVICE, DEV_LBA);
	outb(ATA_COUNT, (uint8_t)(count >> 8));   /* 65536 -> 0 */
	outb(ATA_LBA_LO, (uint8_t)(lba >> 24));
	outb(ATA_LBA_MID, (uint8_t)(lba >> 32));
	outb(ATA_LBA_HI, (uint8_t)(lba >> 40));
	outb(ATA_COUNT, (uint8_t)count);
	outb(ATA_LBA_LO, (uint8_t)lba);
	outb(ATA_LBA_MID, (uint8_t)(lba >> 8));
	outb(ATA_LBA_HI, (uint8_t)(lba >> 16));
	outb(ATA_COMMAND, cmd);
	ata_delay();
	return 0;
}

/* Software reset of the channel; leaves the device interrupt off. */
static int
ata_reset(void)
{
	outb(ATA_CTRL, CTL_SRST | CTL_NIEN);
	for (int i = 0; i < 16; i++)
		ata_delay();               /* SRST must be held >= 5 us */
	outb(ATA_CTRL, CTL_NIEN);
	ata_delay();
	int st = ata_wait_idle(ATA_TIMEOUT_MS);
	if (st < 0)
		return st;
	outb(ATA_DEVICE, DEV_MASTER);
	ata_delay();
	return 0;
}

/* After a failed command the drive may still be busy or in the middle
 * of a data phase (a timeout, a short transfer); it would then ignore
 * the next command's registers.  Reset it so the next request starts
 * clean.  A drive that does not come back from reset is given up: later
 * calls get HAL_DISK_ENODEV.  err (the first failure) is what the caller
 * is told either way. */
static int
ata_recover(int err)
{
	if (err && (inb(ATA_CTRL) & (ST_BSY | ST_DRQ)) && ata_reset() < 0)
		ata.present = false;
	return err;
}

/* Sectors in the DRQ block that starts at sector i of n. */
static uint32_t
ata_drq_block(uint32_t i, uint32_t n)
{
	return n - i < ata.mult ? n - i : ata.mult;
}

/* One read command of n (1..65536) sectors. */
static int
ata_pio_read(uint64_t lba, uint32_t n, uint8_t *buf)
{
	uint8_t cmd = ata.mult > 1 ? CMD_READ_MULT_EXT : CMD_READ_EXT;
	int err = ata_issue(cmd, lba, n);

	for (uint32_t i = 0, k; !err && i < n; i += k) {
		k = ata_drq_block(i, n);
		err = ata_wait_data();
		if (!err)
			insl(ATA_DATA, buf + i * HAL_DISK_SECTOR_SIZE, k * ATA_WORDS_PER_SECTOR);
	}
	return err ? err : ata_wait_done(ATA_TIMEOUT_MS);
}

/* One write command of n (1..65536) sectors. */
static int
ata_pio_write(uint64_t lba, uint32_t n, const uint8_t *buf)
{
	uint8_t cmd = ata.mult > 1 ? CMD_WRITE_MULT_EXT : CMD_WRITE_EXT;
	int err = ata_issue(cmd, lba, n);

	for (uint32_t i = 0, k; !err && i < n; i += k) {
		k = ata_drq_block(i, n);
		err = ata_wait_data();
		if (!err)
			outsl(ATA_DATA, buf + i * HAL_DISK_SECTOR_SIZE, k * ATA_WORDS_PER_SECTOR);
	}
	return err ? err : ata_wait_done(ATA_TIMEOUT_MS);
}

/* Is the request inside the disk, and the buffer inside memory? */
static int
ata_check(uint64_t lba, uint32_t count, const void *buf)
{
	if (!ata.present)
		return HAL_DISK_ENODEV;
	if (count > ata.sectors || lba > ata.sectors - count)
		return HAL_DISK_ERANGE;
	if ((uint64_t)(uintptr_t)buf + (uint64_t)count * HAL_DISK_SECTOR_SIZE > UINTPTR_MAX + 1ull)
		return HAL_DISK_EINVAL;
	return 0;
}

int
hal_disk_read(uint64_t lba, uint32_t count, void *buf)
{
	int err = ata_check(lba, count, buf);
	uint8_t *p = buf;

	while (!err && count) {
		uint32_t max = ata.dma ? ATA_DMA_MAX_SECTORS : ATA_MAX_PER_CMD;
		uint32_t n = count < max ? count : max;
		err = ata.dma ? ata_dma_transfer(lba, n, p, false) : ata_pio_read(lba, n, p);
		lba += n;
		count -= n;
		p += n * HAL_DISK_SECTOR_SIZE;
	}
	return ata_recover(err);
}

int
hal_disk_write(uint64_t lba, uint32_t count, const void *buf)
{
	int err = ata_check(lba, count, buf);
	const uint8_t *p = buf;

	while (!err && count) {
		uint32_t max = ata.dma ? ATA_DMA_MAX_SECTORS : ATA_MAX_PER_CMD;
		uint32_t n = count < max ? count : max;
		err = ata.dma ? ata_dma_transfer(lba, n, (void *)(uintptr_t)p, true)
			      : ata_pio_write(lba, n, p);
		lba += n;
		count -= n;
		p += n * HAL_DISK_SECTOR_SIZE;
	}
	return ata_recover(err);
}

int
hal_disk_flush(void)
{
	if (!ata.present)
		return HAL_DISK_ENODEV;
	int err = ata_issue(CMD_FLUSH_EXT, 0, 0);
	return ata_recover(err ? err : ata_wait_done(ATA_FLUSH_TIMEOUT_MS));
}

uint64_t
hal_disk_sectors(void)
{
	return ata.present ? ata.sectors : 0;
}

const char *
hal_disk_mode(void)
{
	return ata.dma ? "DMA" : "PIO";
}

const char *
hal_disk_model(void)
{
	return ata.present ? ata.model : "";
}

/* ------------------------------------------------------------ probing */

/* Does something answer on the primary channel's master (after a
 * reset)?  An empty channel reads 0 whatever was written (QEMU). */
static bool
ata_responds(void)
{
	outb(ATA_DEVICE, DEV_MASTER);
	ata_delay();
	outb(ATA_COUNT, 0x55);
	outb(ATA_LBA_LO, 0xaa);
	return inb(ATA_COUNT) == 0x55 && inb(ATA_LBA_LO) == 0xaa;
}

static int
ata_identify(uint16_t id[256])
{
	outb(ATA_COMMAND, CMD_IDENTIFY);
	ata_delay();
	if (inb(ATA_STATUS) == 0)
		return HAL_DISK_ENODEV;
	int st = ata_wait_idle(ATA_TIMEOUT_MS);
	if (st < 0)
		return st;
	if ((st & ST_ERR) && inb(ATA_LBA_MID) == 0x14 && inb(ATA_LBA_HI) == 0xeb)
		return HAL_DISK_ENODEV;    /* ATAPI (a CD drive): not a disk */
	int err = ata_wait_data();
	if (err)
		return err;
	insl(ATA_DATA, id, ATA_WORDS_PER_SECTOR);
	return ata_wait_done(ATA_TIMEOUT_MS);
}

/* The boot option ata_multiple=N caps the DRQ block (N=1: no MULTIPLE
 * commands), so tests can run the drive the way an older one would. */
static uint32_t
ata_multiple_cap(uint32_t max)
{
	uint32_t cap = hal_option_u32("ata_multiple", max);

	return cap && cap < max ? cap : max;
}

/* Use the largest DRQ block the drive offers; 1 (plain READ/WRITE
 * SECTORS EXT) if it offers none or refuses the setting. */
static void
ata_set_multiple(const uint16_t id[256])
{
	uint32_t max = ata_multiple_cap(id[ID_WORD_MULT_MAX] & 0xff);

	ata.mult = 1;
	if (max < 2)
		return;
	outb(ATA_DEVICE, DEV_MASTER);
	outb(ATA_COUNT, (uint8_t)max);
	outb(ATA_COMMAND, CMD_SET_MULTIPLE);
	ata_delay();
	if (ata_wait_done(ATA_TIMEOUT_MS) == 0)
		ata.mult = max;
}

/* The model string: byte-swapped words, trailing blanks dropped. */
static void
ata_parse_model(const uint16_t id[256])
{
	unsigned n = 0;

	for (unsigned i = 0; i < ID_MODEL_WORDS; i++) {
		ata.model[n++] = (char)(id[ID_WORD_MODEL + i] >> 8);
		ata.model[n++] = (char)(id[ID_WORD_MODEL + i] & 0xff);
	}
	while (n > 0 && (ata.model[n - 1] == ' ' || ata.model[n - 1] == 0))
		n--;
	ata.model[n] = 0;
}

int
hal_disk_init(void)
{
	uint16_t id[256];

	ata.present = false;
	ata.timeout_cap_ms = hal_option_u32("ata_timeout_ms", 0);
	if (inb(ATA_STATUS) == 0xff)
		return HAL_DISK_ENODEV;    /* floating bus: no controller */
	int err = ata_reset();
	if (!err && !ata_responds())
		err = HAL_DISK_ENODEV;
	if (!err)
		err = ata_identify(id);
	if (err)
		return err;
	if (!(id[ID_WORD_CMDSET2] & ID_CMDSET2_LBA48))
		return HAL_DISK_ENOLBA48;
	ata.sectors = 0;
	for (int i = 3; i >= 0; i--)
		ata.sectors = ata.sectors << 16 | id[ID_WORD_LBA48 + i];
	if (ata.sectors == 0)
		return HAL_DISK_ENOLBA48;
	ata_parse_model(id);
	ata_set_multiple(id);
	ata.dma = ata_dma_init();
	ata.present = true;
	return 0;
}

const char *
hal_disk_strerror(int err)
{
	static const char *const names[] = {
		[0] = "success",
		[-HAL_DISK_ENODEV] = "no ATA disk on the primary IDE channel",
		[-HAL_DISK_ETIMEDOUT] = "timed out waiting for the disk",
		[-HAL_DISK_EIO] = "disk reported an error",
		[-HAL_DISK_EABORTED] = "disk aborted the command",
		[-HAL_DISK_ENOSECTOR] = "disk could not find the sector",
		[-HAL_DISK_EMEDIA] = "uncorrectable data error on the disk",
		[-HAL_DISK_EFAULT] = "disk fault",
		[-HAL_DISK_ERANGE] = "sectors beyond the end of the disk",
		[-HAL_DISK_EINVAL] = "buffer does not fit in memory",
		[-HAL_DISK_ENOLBA48] = "disk lacks 48-bit addressing",
		[-HAL_DISK_EPROTO] = "disk's data transfer did not match the command",
	};

	if (err > 0 || (unsigned)-err >= ARRAY_SIZE(names) || !names[-err])
		return "unknown disk error";
	return names[-err];
}
