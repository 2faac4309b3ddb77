/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_ckpt.c -- libFuzzer target over the kernel's own decoding of a
 * store, compiled for the host (kernel_host.c stands in for the HAL).
 *
 * The input is a whole disk image, as QEMU would give the kernel: the
 * MBR is searched for the store partition (kernel/disk.c), then boot's
 * restart runs as the kernel runs it (objstore_open: restart.c chooses a
 * root with ck_root_check/ck_root_choose, walks the unmigrated
 * generations with ck_log_walk, checks every directory entry and indexes
 * it in the overlay); if the store opens, objects fault in through
 * objstore.c (home pots and tags, log node blocks and pages, each
 * verified).  Every input runs twice, as given and resealed (reseal.c),
 * so mutations get past the CRCs.  The oracle: the sanitizers, a read
 * past the disk (kernel_host.c), and a require() or panic that fires.
 * Seeds: build/fuzz-seeds/ckpt (tests/fuzz/rules.mk).
 */
#include <stdlib.h>
#include <string.h>
#include "kernel/disk.h"
#include "kernel/obj.h"
#include "ckpt/objstore.h"
#include "tests/fuzz/kernel_host.h"
#include "tests/fuzz/reseal.h"

#define FUZZ_MAX_OBJECTS 600u   /* per kind: enough for every seed's store */

static uint8_t frame[CK_BLOCK_SIZE];

/* Fault in objects the way the object cache does, and some out of range. */
static void
read_objects(const ck_root_t *r)
{
	uint32_t nn = r->geo.node_count, np = r->geo.page_count;
	ck_node_t n;
	uint32_t count, crc;
	uint16_t flags;

	for (uint32_t i = 0; i < nn && i < FUZZ_MAX_OBJECTS; i++)
		objstore_read_node(ck_oid_make(CK_OID_KIND_NODE, i), &n);
	for (uint32_t j = 0; j < np && j < FUZZ_MAX_OBJECTS; j++)
		objstore_read_page(ck_oid_make(CK_OID_KIND_PAGE, j), frame, &count, &flags, &crc);
	if (objstore_read_node(ck_oid_make(CK_OID_KIND_NODE, nn), &n) != OBJ_ERR_RANGE ||
	    objstore_read_page(ck_oid_make(CK_OID_KIND_PAGE, np), frame, &count, &flags,
			       &crc) != OBJ_ERR_RANGE)
		abort();  /* an OID past the geometry reached the disk */
}

/* Boot on disk d: 0 if the store partition was found. */
static int
boot(const uint8_t *d, size_t size)
{
	kh_set_disk(d, size);
	if (disk_store_init())
		return -1;
	if (objstore_open() == OBJ_OK)
		read_objects(objstore_root());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);

	memcpy(buf, data, size);
	if (boot(buf, size) == 0) {
		uint64_t off = disk_store_first_sector() * CK_SECTOR_SIZE;
		fuzz_reseal_store(buf + off, (uint32_t)disk_store_blocks());
		boot(buf, size);
	}
	kh_set_disk(0, 0);
	free(buf);
	return 0;
}
