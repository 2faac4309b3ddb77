/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * restart.c -- boot is restart: find the most recent committed
 * checkpoint generation.
 *
 * Both root blocks are read; each is judged by ck_root_check (magic,
 * version, CRC, geometry against the partition's real size) and the
 * valid one with the higher generation wins (ck_root_choose).  A root
 * torn by a crash during its write fails its CRC, so the other root --
 * the previous generation -- is used: that is why the root write is the
 * commit point.  The console says which root was taken and why the
 * other was not.
 *
 * Later (checkpoint issue): load the directories of the generations
 * after migrated_through, so objects fault in from the log.
 */
#include "kernel/kernel.h"
#include "kernel/obj.h"
#include "kernel/disk.h"
#include "ckpt/restart.h"

static ck_root_t root_buf[2] __attribute__((aligned(16)));

int
restart_choose_root(ck_root_t *out)
{
	uint32_t blocks = disk_store_blocks();

	if (blocks == 0)
		return OBJ_ERR_NOSTORE;
	for (unsigned i = 0; i < 2; i++) {
		int err = disk_read_blocks(i, 1, &root_buf[i]);
		if (err) {
			kprintf("store: reading root %u failed: %s\n", i, disk_strerror(err));
			memset(&root_buf[i], 0, sizeof root_buf[i]);
		}
	}
	int pick = ck_root_choose(&root_buf[0], &root_buf[1], blocks);
	for (unsigned i = 0; i < 2; i++) {
		const char *why = ck_root_check(&root_buf[i], i, blocks);
		kprintf("store: root %c: %s%s", 'A' + i, why ? "invalid: " : "valid",
			why ? why : "");
		if (!why)
			kprintf(", generation %llu", (unsigned long long)root_buf[i].generation);
		kprintf("%s\n", pick == (int)i ? " (in use)" : "");
	}
	if (pick < 0)
		return OBJ_ERR_NOSTORE;
	*out = root_buf[pick];
	return OBJ_OK;
}
