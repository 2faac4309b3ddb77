/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cmd.c -- the command table and running one command line.
 *
 * Each command is a row: name, handler, argument counts, whether it
 * needs a valid root or -w, and its one-line help.  dump_run() checks
 * all of that before the handler runs, so handlers only see well-formed
 * calls; it also strips --json from the words, so every command takes it.
 * The library half of cairn-dump (everything but dump_main.c) is what the
 * fuzzer and the unit tests link.
 */
#include <stdarg.h>
#include <string.h>
#include "dump.h"

static const dcmd_t commands[] = {
	{ "info", dcmd_info, 0, 0, DC_ROOT, "", "geometry, ranges, counts, free and used" },
	{ "roots", dcmd_roots, 0, 0, 0, "", "both roots: which is valid, and why not" },
	{ "generations", dcmd_generations, 0, 0, DC_ROOT, "", "the log's unmigrated generations" },
	{ "logdump", dcmd_logdump, 0, 1, DC_ROOT, "[GEN]", "directory entries of the log" },
	{ "ls", dcmd_ls, 1, 1, DC_ROOT, "nodes|pages|procs", "allocated objects" },
	{ "node", dcmd_node, 1, 1, DC_ROOT, "OID", "a node, every slot decoded" },
	{ "page", dcmd_page, 1, 1, DC_ROOT, "OID", "a page, hexdump" },
	{ "proc", dcmd_proc, 1, 1, DC_ROOT, "OID", "a process: state, registers, space, cap registers" },
	{ "cap", dcmd_cap, 1, 4, 0, "HEX", "decode 16 raw capability bytes" },
	{ "path", dcmd_path, 1, 1, DC_ROOT, "OID/slot/slot...", "follow node slots" },
	{ "refs", dcmd_refs, 1, 1, DC_ROOT, "OID", "slots that hold a capability to OID" },
	{ "graph", dcmd_graph, 0, 2, DC_ROOT, "[OBJ] [--spaces]",
	  "Graphviz DOT of the capability graph" },
	{ "bank", dcmd_bank, 0, 1, DC_ROOT, "[OID]", "the space bank's tables, or who owns OID" },
	{ "check", dcmd_check, 0, 0, 0, "", "verify everything; exit 0 clean, 4 errors" },
	{ "set-slot", dcmd_set_slot, 3, 6, DC_ROOT | DC_WRITE, "OID SLOT CAP",
	  "write a capability into a home node slot (-w)" },
	{ "reseal", dcmd_reseal, 2, 2, DC_WRITE, "node|page|root|tag|dir WHAT",
	  "recompute a record's CRC (-w)" },
	{ 0, 0, 0, 0, 0, 0, 0 },
};

const dcmd_t *
dump_commands(void)
{
	return commands;
}

int dump_quiet;

int
dump_fail(int status, const char *fmt, ...)
{
	va_list ap;

	if (dump_quiet)
		return status;
	fflush(stdout);
	fputs("cairn-dump: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

void
dump_usage(FILE *f)
{
	fprintf(f, "usage: cairn-dump [-w] [--json] [-f SCRIPT|-] IMAGE [COMMAND ARGS...]\n"
		   "OIDs: 0x100000005, n:5 (node 5), p:12 (page 12).  Commands:\n");
	for (const dcmd_t *c = commands; c->name; c++)
		fprintf(f, "  %-12s %-28s %s\n", c->name, c->args, c->help);
	fprintf(f, "  %-12s %-28s %s\n", "help", "", "this list");
	fprintf(f, "exit status: 0 clean, 4 errors found, 8 operational error, 16 usage\n");
}

static int
json_flag(int *argc, char **argv)
{
	int json = 0, n = 0;

	for (int i = 0; i < *argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			argv[n++] = argv[i];
	}
	*argc = n;
	return json;
}

int
dump_object_arg(dctx_t *c, const char *cmd, const char *arg, unsigned kind, uint64_t *oid)
{
	if (dnames_parse(c->s, arg, oid) < 0)
		return dump_fail(DS_USAGE, "%s: '%s' is neither an OID (0x100000005, n:5, p:12) nor "
				 "a name (PROC, PROC.capregs, PROC.space)", cmd, arg);
	if (kind && ck_oid_kind(*oid) != kind)
		return dump_fail(DS_USAGE, "%s: '%s' is not a %s", cmd, arg,
				 kind == CK_OID_KIND_NODE ? "node" : "page");
	return 0;
}

/* Run one command line (argv[0] is the command); returns its status. */
int
dump_run(dctx_t *c, int argc, char **argv)
{
	dout_t o;
	int json = c->o->json | json_flag(&argc, argv);

	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "help")) {
		dump_usage(stdout);
		return 0;
	}
	const dcmd_t *d = commands;
	while (d->name && strcmp(d->name, argv[0]))
		d++;
	if (!d->name)
		return dump_fail(DS_USAGE, "unknown command '%s' (try help)", argv[0]);
	if (argc - 1 < d->min_args || argc - 1 > d->max_args)
		return dump_fail(DS_USAGE, "usage: %s %s", d->name, d->args);
	if ((d->flags & DC_WRITE) && !c->writable)
		return dump_fail(DS_USAGE, "%s writes the image: give -w", d->name);
	if ((d->flags & DC_ROOT) && !c->s->r) {
		char a[160], b[160];
		return dump_fail(DS_OPERR, "%s: no valid root (root A: %s; root B: %s)", d->name,
				 dstore_root_why(c->s, 0, a, sizeof a), dstore_root_why(c->s, 1, b, sizeof b));
	}
	dout_init(&o, c->o->f, json);
	dout_t *saved = c->o;
	c->o = &o;
	int st = d->fn(c, argc - 1, argv + 1);
	c->o = saved;
	return st;
}

