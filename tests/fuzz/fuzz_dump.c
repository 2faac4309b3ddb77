/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dump.c -- libFuzzer target over cairn-dump's image parser.
 *
 * The input is a whole image file (bare store or MBR disk image).  Every
 * read-only command runs over it twice: once as given, and once after
 * resealing every structure whose magic is right (roots, pots' records,
 * tags, directory and log node blocks, and the CRC links between
 * directory blocks and roots: reseal.c), so that mutations get past the
 * CRCs and reach the code behind them.  Output goes to /dev/null;
 * the sanitizers (address, undefined) and libFuzzer's timeout are the
 * oracle.  Seeds: build/fuzz-seeds/dump (tests/fuzz/rules.mk).
 */
#include <stdlib.h>
#include <string.h>
#include "disk-image/dump.h"
#include "tests/fuzz/reseal.h"

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
		fuzz_reseal_store(buf + im.store_off, im.nblocks);
		run_all(&im);
	}
	free(buf);
	return 0;
}
