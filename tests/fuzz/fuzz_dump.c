/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dump.c -- libFuzzer target over cairn-dump's image parser.
 *
 * The input is a whole image file (bare store or MBR disk image).  Every
 * read-only command runs over it twice: once as given, and once after
 * resealing every structure whose magic is right (roots, pots' records,
 * tags, directory and log node blocks, and the CRC links between
 * directory blocks and roots), so that mutations get past the CRCs and
 * reach the code behind them.  Output goes to /dev/null;
 * the sanitizers (address, undefined) and libFuzzer's timeout are the
 * oracle.  Seeds: build/fuzz-seeds (dump.mk).
 */
#include <stdlib.h>
#include <string.h>
#include "disk-image/dump.h"
#include "tests/lib/teststore.h"

static FILE *devnull;

static void
run(dstore_t *s, const char *line)
{
	char buf[128], *w[8];
	int n = 0;
	dout_t o;
	dctx_t c = { s, &o, 0, "fuzz" };

	snprintf(buf, sizeof buf, "%s", line);
	for (char *p = strtok(buf, " "); p && n < 8; p = strtok(0, " "))
		w[n++] = p;
	dout_init(&o, devnull, 0);
	dump_run(&c, n, w);
}

static void
run_all(const dimg_t *im)
{
	static const char *const cmds[] = {
		"roots", "info", "generations", "logdump", "ls nodes", "ls pages",
		"ls procs --json", "check", "node n:0", "node n:7 --json", "page p:1",
		"proc n:0", "proc n:4 --json", "refs n:4", "graph", "graph n:0 --json",
		"path n:0/2/2/0/0", "cap 0500010001000000 0500000001000000",
		"bank", "bank n:3 --json",
	};
	dstore_t s;

	dstore_open(&s, im);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		run(&s, cmds[i]);
	dstore_close(&s);
}

static void
reseal_tags(ck_tag_block_t *t)
{
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++)
		ck_tag_seal(&t->tag[e], t->index * CK_TAGS_PER_BLOCK + e);
}

/* Reseal whatever looks like a sealed structure, in place: records and
 * tags first, then the directory chains and the roots that bind them
 * (tests/lib/teststore_log.c), under the first root's geometry. */
static void
reseal_all(uint8_t *store, uint32_t nblocks)
{
	const ck_root_t *geo_from = 0;

	for (uint32_t b = 0; b < nblocks; b++) {
		uint8_t *p = store + (size_t)b * CK_BLOCK_SIZE;
		uint32_t m;
		memcpy(&m, p, 4);
		if (b < 2 && ((ck_root_t *)p)->magic == CK_ROOT_MAGIC)
			geo_from = geo_from ? geo_from : (const ck_root_t *)p;
		else if (m == CK_TAG_MAGIC)
			reseal_tags((ck_tag_block_t *)p);
		else if (m == CK_POT_MAGIC || m == CK_LNODE_MAGIC)
			for (unsigned r = 0; r < CK_NODES_PER_POT; r++)
				ck_node_seal(&((ck_pot_t *)p)->node[r]);
	}
	if (geo_from) {
		ck_geometry_t g = geo_from->geo;
		ts_reseal_log(store, nblocks, &g);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dimg_t im;
	const char *why;
	uint8_t *buf = malloc(size ? size : 1);

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		dump_quiet = 1;
	}
	memcpy(buf, data, size);
	if (dimg_from_buffer(&im, buf, size, &why) == 0) {
		run_all(&im);
		reseal_all(buf + im.store_off, im.nblocks);
		run_all(&im);
	}
	free(buf);
	return 0;
}
