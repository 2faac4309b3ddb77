/* SPDX-License-Identifier: BSD-2-Clause */
/* ata.h -- the ATA driver's insides, shared by its PIO (ata.c) and
 * bus-master DMA (ata_dma.c) halves (arch-internal). */
#ifndef CAIRN_ARCH_ATA_H
#define CAIRN_ARCH_ATA_H

#include "kernel/hal.h"

#define ATA_IO 0x1f0
#define ATA_DATA (ATA_IO + 0)
#define ATA_ERROR (ATA_IO + 1)
#define ATA_COUNT (ATA_IO + 2)
#define ATA_LBA_LO (ATA_IO + 3)
#define ATA_LBA_MID (ATA_IO + 4)
#define ATA_LBA_HI (ATA_IO + 5)
#define ATA_DEVICE (ATA_IO + 6)
#define ATA_STATUS (ATA_IO + 7)
#define ATA_COMMAND (ATA_IO + 7)
#define ATA_CTRL 0x3f6              /* read: alternate status */

#define ST_BSY 0x80
#define ST_DF 0x20
#define ST_DRQ 0x08
#define ST_ERR 0x01
#define ER_UNC 0x40
#define ER_IDNF 0x10
#define ER_ABRT 0x04
#define CTL_NIEN 0x02
#define CTL_SRST 0x04
#define DEV_MASTER 0xa0
#define DEV_LBA 0x40

#define CMD_READ_EXT 0x24
#define CMD_READ_MULT_EXT 0x29
#define CMD_WRITE_EXT 0x34
#define CMD_WRITE_MULT_EXT 0x39
#define CMD_SET_MULTIPLE 0xc6
#define CMD_FLUSH_EXT 0xea
#define CMD_IDENTIFY 0xec

#define ATA_MAX_PER_CMD 65536u
#define ATA_WORDS_PER_SECTOR (HAL_DISK_SECTOR_SIZE / 4)
#define ATA_TIMEOUT_MS 10000u       /* one DRQ block, a command start, a reset */
#define ATA_FLUSH_TIMEOUT_MS 30000u /* a cache flush may take long */
#define ID_WORD_MULT_MAX 47          /* low byte: sectors per DRQ block */
#define ID_WORD_CMDSET2 83
#define ID_CMDSET2_LBA48 (1u << 10)
#define ID_WORD_LBA48 100
#define ID_WORD_MODEL 27
#define ID_MODEL_WORDS 20


#define CMD_READ_DMA_EXT 0x25
#define CMD_WRITE_DMA_EXT 0x35

struct ata_state {
	bool present;
	bool dma;                 /* bus-master DMA in use (ata_dma.c) */
	uint64_t sectors;
	uint32_t mult;            /* sectors per DRQ block; 1: no MULTIPLE */
	uint32_t timeout_cap_ms;  /* boot option ata_timeout_ms; 0: none */
	char model[2 * ID_MODEL_WORDS + 1];
};
extern struct ata_state ata;

void ata_delay(void);
uint64_t ata_deadline(uint32_t ms);
int ata_wait_idle(uint32_t ms);       /* the status, or HAL_DISK_ETIMEDOUT */
int ata_status_error(uint8_t st);
int ata_wait_done(uint32_t ms);
int ata_issue(uint8_t cmd, uint64_t lba, uint32_t count);

/* ata_dma.c */
#define ATA_DMA_MAX_SECTORS 32768u    /* per command: 16 MiB */
bool ata_dma_init(void);              /* find the bus master; false: PIO only */
int ata_dma_transfer(uint64_t lba, uint32_t n, void *buf, bool write);

#endif
