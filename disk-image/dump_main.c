/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_main.c -- cairn-dump's command line, script and interactive loop.
 *
 *   cairn-dump [-w] [--json] IMAGE [CMD ARGS...]     one command
 *   cairn-dump [-w] [--json] -f FILE IMAGE           a script ('-' = stdin)
 *   cairn-dump [-w] [--json] IMAGE                   interactive prompt
 *
 * Options may come before or after IMAGE; once the command word is seen
 * everything else belongs to the command (except --json, accepted
 * anywhere, also on a script line).  A script is one command per line;
 * '#' starts a comment.  The exit status is the OR of every command's
 * status (DS_* in dump.h, e2fsck's bits).  The banner and all errors go
 * to stderr; stdout carries only command output.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dump.h"

#define MAX_WORDS 64

/* Split a line into words at blanks; '#' starts a comment. */
static int
split_words(char *line, char **w)
{
	int n = 0;

	for (char *p = strtok(line, " \t\r\n"); p; p = strtok(0, " \t\r\n")) {
		if (*p == '#')
			break;
		if (n == MAX_WORDS)
			return -1;
		w[n++] = p;
	}
	return n;
}

static int
run_stream(dctx_t *c, FILE *in, int prompt)
{
	char line[4096];
	char *w[MAX_WORDS];
	int st = 0;

	for (;;) {
		if (prompt)
			fputs("cairn-dump> ", stderr);
		if (!fgets(line, sizeof line, in))
			break;
		int n = split_words(line, w);
		if (n < 0) {
			st |= dump_fail(DS_USAGE, "too many words on a line");
			continue;
		}
		if (n && (!strcmp(w[0], "quit") || !strcmp(w[0], "exit")))
			break;
		st |= dump_run(c, n, w);
	}
	if (prompt)
		fputc('\n', stderr);
	return st;
}

static void
banner(const dctx_t *c)
{
	const dstore_t *s = c->s;
	const dimg_t *im = &s->img;

	fprintf(stderr, "cairn-dump: %s: ", c->image);
	if (im->part_index)
		fprintf(stderr, "store in MBR partition %d at byte %llu, ", im->part_index,
			(unsigned long long)im->store_off);
	else
		fprintf(stderr, "bare store, ");
	fprintf(stderr, "%u blocks", im->nblocks);
	if (s->r)
		fprintf(stderr, ", root %c generation %llu%s\n", 'A' + s->cur,
			(unsigned long long)s->r->generation, c->writable ? ", WRITABLE" : "");
	else
		fprintf(stderr, ", NO VALID ROOT (A: %s; B: %s)\n", s->root_why[0], s->root_why[1]);
}

typedef struct opts {
	int writable, json;
	const char *script, *image;
	int cmd_at;  /* index of the command word in argv, or 0 */
} opts_t;

static int
parse_opts(int argc, char **argv, opts_t *op)
{
	memset(op, 0, sizeof *op);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w"))
			op->writable = 1;
		else if (!strcmp(argv[i], "--json"))
			op->json = 1;
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			op->script = argv[++i];
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return -1;
		else if (!op->image)
			op->image = argv[i];
		else {
			op->cmd_at = i;
			break;
		}
	}
	return op->image ? 0 : -1;
}

int
main(int argc, char **argv)
{
	opts_t op;
	dimg_t im;
	dstore_t s;
	dout_t o;
	const char *why;
	int r = parse_opts(argc, argv, &op);

	if (r) {
		dump_usage(r > 0 ? stdout : stderr);
		return r > 0 ? 0 : DS_USAGE;
	}
	if (op.cmd_at && op.script)
		return dump_fail(DS_USAGE, "give either a command or -f, not both");
	if (dimg_open(&im, op.image, op.writable, &why) < 0) {
		dimg_close(&im);
		return dump_fail(DS_OPERR, "%s: %s", op.image, why);
	}
	dstore_open(&s, &im);
	dout_init(&o, stdout, op.json);
	dctx_t c = { &s, &o, op.writable, op.image };
	banner(&c);
	int st;
	if (op.cmd_at)
		st = dump_run(&c, argc - op.cmd_at, argv + op.cmd_at);
	else if (op.script && strcmp(op.script, "-")) {
		FILE *f = fopen(op.script, "r");
		st = f ? run_stream(&c, f, 0) : dump_fail(DS_OPERR, "%s: cannot open", op.script);
		if (f)
			fclose(f);
	} else
		st = run_stream(&c, stdin, !op.script && isatty(0));
	if (s.oom)
		st |= dump_fail(DS_OPERR, "out of memory while reading the log");
	if (op.writable && dimg_sync(&s.img) < 0)
		st |= dump_fail(DS_OPERR, "msync failed");
	dstore_close(&s);
	dimg_close(&s.img);
	return st;
}
