/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * empty-store.c -- write a valid, empty generation-0 store partition.
 *
 *   usage: empty-store OUT SIZE_MB
 *
 * Until cairn-mkimage builds the test store from a map, the in-kernel
 * tests that need objects (Space trees, the mapping cache) run against
 * this: every node and page exists, unallocated, with count 0, so the
 * Range capability can create whatever a test needs.  It follows the
 * conventions of ckpt/format.h exactly, through ckpt/format.c:
 *
 *   block 0          root A, generation 0, sealed (root B stays zero,
 *                    hence invalid, and A is chosen)
 *   log              zero: no generation is in the log
 *   pots             magic, index, and every node record carrying its
 *                    own OID, sealed
 *   tag blocks       magic, index, every tag "zero page" with the CRC of
 *                    a zero page, sealed
 *   frames           zero (left as holes in the file)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ckpt/format.h"

static int out_fd;
static const char *out_name;

static void
put_block(uint32_t block, const void *buf)
{
	off_t at = (off_t)block * CK_BLOCK_SIZE;

	if (pwrite(out_fd, buf, CK_BLOCK_SIZE, at) != (ssize_t)CK_BLOCK_SIZE) {
		fprintf(stderr, "empty-store: writing %s block %u: %s\n", out_name,
			block, strerror(errno));
		exit(1);
	}
}

static void
write_root(const ck_geometry_t *g)
{
	static ck_root_t r;

	memset(&r, 0, sizeof r);
	r.magic = CK_ROOT_MAGIC;
	r.version = CK_FORMAT_VERSION;
	r.block_size = CK_BLOCK_SIZE;
	r.generation = 0;
	r.root_slot = 0;
	r.geo = *g;
	r.dir_block = CK_NO_BLOCK;
	ck_root_seal(&r);
	put_block(0, &r);
}

static void
write_pots(const ck_geometry_t *g)
{
	static ck_pot_t pot;

	for (uint32_t p = 0; p < g->pot_count; p++) {
		memset(&pot, 0, sizeof pot);
		pot.h.magic = CK_POT_MAGIC;
		pot.h.index = p;
		for (uint32_t r = 0; r < CK_NODES_PER_POT; r++) {
			pot.node[r].oid = ck_oid_make(CK_OID_KIND_NODE, p * CK_NODES_PER_POT + r);
			ck_node_seal(&pot.node[r]);
		}
		put_block(g->pot_start + p, &pot);
	}
}

static void
write_tags(const ck_geometry_t *g)
{
	static ck_tag_block_t tb;
	static const uint8_t zero_page[CK_BLOCK_SIZE];
	uint32_t zero_crc = ck_page_crc(zero_page);

	for (uint32_t t = 0; t < g->tag_count; t++) {
		memset(&tb, 0, sizeof tb);
		tb.magic = CK_TAG_MAGIC;
		tb.index = t;
		for (uint32_t i = 0; i < CK_TAGS_PER_BLOCK; i++) {
			tb.tag[i].crc = zero_crc;
			tb.tag[i].flags = CK_TF_ZERO;
		}
		ck_tag_block_seal(&tb);
		put_block(g->tag_start + t, &tb);
	}
}

int
main(int argc, char **argv)
{
	ck_geometry_t g;
	long mb = argc == 3 ? strtol(argv[2], NULL, 10) : 0;

	if (mb <= 0 || mb > 4096) {
		fprintf(stderr, "usage: empty-store OUT SIZE_MB (1..4096)\n");
		return 2;
	}
	uint32_t blocks = (uint32_t)(mb * (1024 * 1024 / CK_BLOCK_SIZE));
	if (ck_geometry_compute(&g, blocks)) {
		fprintf(stderr, "empty-store: %ld MiB is too small for a store\n", mb);
		return 2;
	}
	out_name = argv[1];
	out_fd = open(out_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out_fd < 0 || ftruncate(out_fd, (off_t)blocks * CK_BLOCK_SIZE)) {
		fprintf(stderr, "empty-store: %s: %s\n", out_name, strerror(errno));
		return 1;
	}
	write_root(&g);
	write_pots(&g);
	write_tags(&g);
	if (close(out_fd)) {
		fprintf(stderr, "empty-store: %s: %s\n", out_name, strerror(errno));
		return 1;
	}
	return 0;
}
