/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mkteststore.c -- write a hand-made store for cairn-dump's tests.
 *
 *   mkteststore [--blocks N] [--log] [--wrap] [--fill] [--mbr] OUT
 *
 * --log adds two log generations (tests/lib/teststore.c); --wrap (implies
 * --log) starts them two blocks before the end of the log, so the first
 * generation wraps round to the log's start; --fill
 * allocates every node and page (for timing check), --mbr wraps the store
 * in a disk image with an MBR (partition 2, type 0xca).
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include "tests/lib/teststore.h"

static int
usage(void)
{
	fprintf(stderr, "usage: mkteststore [--blocks N>=64] [--log] [--wrap] [--fill] [--mbr] OUT\n");
	return 2;
}

int
main(int argc, char **argv)
{
	uint32_t blocks = 256;
	int log = 0, wrap = 0, fill = 0, mbr = 0;
	const char *out = 0;
	ts_t t;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--blocks") && i + 1 < argc)
			blocks = (uint32_t)strtoul(argv[++i], 0, 0);
		else if (!strcmp(argv[i], "--log"))
			log = 1;
		else if (!strcmp(argv[i], "--wrap"))
			wrap = log = 1;
		else if (!strcmp(argv[i], "--fill"))
			fill = 1;
		else if (!strcmp(argv[i], "--mbr"))
			mbr = 1;
		else if (argv[i][0] == '-' || out)
			return usage();
		else
			out = argv[i];
	}
	if (!out || ts_init(&t, blocks) < 0)
		return usage();
	if (fill)
		ts_fill(&t);
	else if (log)
		ts_demo_log(&t, wrap ? t.geo.log_blocks - 2 : 0);
	else
		ts_demo(&t);
	if (ts_write(&t, out, mbr) < 0) {
		fprintf(stderr, "mkteststore: %s: %s\n", out, strerror(errno));
		return 1;
	}
	ts_free(&t);
	return 0;
}
