/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c -- cairn-mkimage: compile a map (docs/map-language.md) into a
 * generation-0 Cairn store partition.
 *
 *   cairn-mkimage [-o STORE] [--size MB] [--names HEADER] [--deps FILE]
 *                 [-I DIR]... MAP
 *
 * The steps, each of which stops the run on error (exit status 1, or 2
 * for a bad command line): read the map and everything it names
 * (parse.c, creating objects in order), resolve capabilities by name
 * (link.c), write the side outputs (--names, --deps), and last the store
 * itself (store.c), so a store file is only ever replaced by a complete
 * one made from a map that compiled.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/names.h"
#include "disk-image/mkimage/parse.h"
#include "disk-image/mkimage/store.h"

#define MK_DEFAULT_STORE_MB 64u
#define MK_MAX_STORE_MB (1u << 20)

struct mk_options {
	const char *out, *names, *deps, *map;
	unsigned size_mb;
	const char **incdirs;
	size_t nincdirs;
};

static void
mk_usage(FILE *f)
{
	fprintf(f, "usage: cairn-mkimage [-o STORE] [--size MB] [--names HEADER] [--deps FILE]\n"
		   "                     [-I DIR]... MAP\n"
		   "Writes a generation-0 Cairn store (default store.bin, %u MiB) from MAP.\n"
		   "Capability types usable in maps:\n", MK_DEFAULT_STORE_MB);
#define CAPTYPE(NAME, name, objkind, doc) fprintf(f, "  %-11s %s\n", #name, doc);
#include "abi/captype.def"
#undef CAPTYPE
}

static int
mk_size(const char *arg, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || v < 1 || v > MK_MAX_STORE_MB)
		return diag_tool_error("--size expects a whole number of MiB (1..%u), not '%s'",
				       MK_MAX_STORE_MB, arg);
	*out = (unsigned)v;
	return 0;
}

/* getopt's complaint c (':' or '?') about word a, in this tool's words. */
static int
mk_bad_option(const char *a, int c)
{
	if (c == ':')
		return diag_tool_error("%s needs a value (see --help)", a);
	if (optopt && strncmp(a, "--", 2))   /* a short one, maybe among others: -xo */
		return diag_tool_error("unknown option '-%c' (see --help)", optopt);
	return diag_tool_error("unknown option '%s' (see --help)", a);
}

/* 0 to go on, 1 to exit successfully (--help), -1 for a usage error. */
static int
mk_parse_args(int argc, char **argv, struct mk_options *o)
{
	static const struct option longopts[] = {
		{ "size", required_argument, 0, 's' },
		{ "names", required_argument, 0, 'n' },
		{ "deps", required_argument, 0, 'd' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;

	opterr = 0;  /* the errors below say it in this tool's words */
	while ((c = getopt_long(argc, argv, ":o:I:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'n': o->names = optarg; break;
		case 'd': o->deps = optarg; break;
		case 's': if (mk_size(optarg, &o->size_mb) < 0) return -1; break;
		case 'I':
			o->incdirs = diag_xrealloc(o->incdirs, (o->nincdirs + 1) * sizeof *o->incdirs);
			o->incdirs[o->nincdirs++] = optarg;
			break;
		case 'h': mk_usage(stdout); return 1;
		default: return mk_bad_option(argv[optind - 1], c);
		}
	}
	if (optind != argc - 1)
		return diag_tool_error("expected exactly one map file (see --help)");
	o->map = argv[optind];
	return 0;
}

static int
mk_run(struct image *img, const struct mk_options *o)
{
	if (parse_map_file(img, o->map) < 0 || link_image(img) < 0)
		return -1;
	if (o->names && names_write_header(img, o->map, o->names) < 0)
		return -1;
	if (o->deps && names_write_deps(img, o->out, o->deps) < 0)
		return -1;
	return store_write(img, o->out);
}

int
main(int argc, char **argv)
{
	struct mk_options o = { .out = "store.bin", .size_mb = MK_DEFAULT_STORE_MB };
	struct image img;
	int rc = mk_parse_args(argc, argv, &o);

	if (rc != 0) {
		free(o.incdirs);
		return rc > 0 ? 0 : 2;
	}
	if (image_init(&img, o.size_mb) < 0) {
		free(o.incdirs);
		diag_tool_error("a %u-MiB store is too small to lay out", o.size_mb);
		return 2;
	}
	img.incdirs = o.incdirs;
	img.nincdirs = o.nincdirs;
	rc = mk_run(&img, &o);
	image_free(&img);
	return rc < 0 ? 1 : 0;
}
