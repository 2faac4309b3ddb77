/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_main.c -- cairn-dump's command line and script loop.
 *
 *   cairn-dump [-w] [--json] IMAGE [CMD ARGS...]     one command
 *   cairn-dump [-w] [--json] -R "CMD ARGS" IMAGE     the same, as debugfs -R
 *   cairn-dump [-w] [--json] -f FILE IMAGE           a script ('-' = stdin)
 *   cairn-dump [-w] [--json] IMAGE                   interactive prompt
 *   cairn-dump --version | --help
 *
 * Options may come before or after IMAGE; once the command word is seen
 * everything else belongs to the command (except --json, accepted
 * anywhere, also on a script line).  A script is one command per line;
 * '#' starts a comment.  In a script's text output each command's output
 * is headed by the command itself, as "cairn-dump> CMD" (the prompt it
 * would have had; debugfs -f does the same), after a blank line.  On a
 * terminal the prompt has line editing and history (dump_prompt.c); with
 * stdin alone a terminal, a plain prompt.  The
 * exit status is the OR of every command's status (DS_* in dump.h,
 * e2fsck's bits).  The banner and all errors go to stderr; stdout
 * carries only command output.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dump.h"
#include "kernel/version.h"

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

/* One line of a script or of the prompt: its status; *quit at "quit". */
static int
run_line(dctx_t *c, char *line, int *quit)
{
	char *w[MAX_WORDS];
	int n = split_words(line, w);

	if (n < 0)
		return dump_fail(DS_USAGE, "too many words on a line");
	if (n && (!strcmp(w[0], "quit") || !strcmp(w[0], "exit")))
		*quit = 1;
	return n && !*quit ? dump_run(c, n, w) : 0;
}

/* The "cairn-dump> CMD" line that heads a script command's output. */
static void
script_heading(const dctx_t *c, const char *line, int *first)
{
	char copy[4096], *w[MAX_WORDS];

	snprintf(copy, sizeof copy, "%s", line);
	if (c->o->json || split_words(copy, w) <= 0)
		return;
	printf("%scairn-dump> %.*s\n", *first ? "" : "\n", (int)strcspn(line, "#\r\n"), line);
	*first = 0;
	fflush(stdout);
}

/* A script (prompt 0), or lines typed without line editing (prompt 1:
 * a terminal on stdin only). */
static int
run_script(dctx_t *c, FILE *in, int prompt)
{
	char line[4096];
	int st = 0, quit = 0, first = 1;

	while (!quit) {
		if (prompt)
			fputs("cairn-dump> ", stderr);
		if (!fgets(line, sizeof line, in))
			break;
		if (!prompt)
			script_heading(c, line, &first);
		st |= run_line(c, line, &quit);
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
	else {
		char a[160], b[160];
		fprintf(stderr, ", NO VALID ROOT (A: %s; B: %s)\n", dstore_root_why(s, 0, a, sizeof a),
			dstore_root_why(s, 1, b, sizeof b));
	}
}

typedef struct opts {
	int writable, json;
	const char *script, *image, *request;
	int cmd_at;  /* index of the command word in argv, or 0 */
	const char *bad;  /* an option this tool does not know */
} opts_t;

enum { OPTS_RUN, OPTS_HELP, OPTS_VERSION, OPTS_BAD };

/* A word that is an option without a value: 1 if it was one (and
 * *r set when it ends the parse), 0 if not. */
static int
parse_flag(const char *a, opts_t *op, int *r)
{
	if (!strcmp(a, "-w"))
		op->writable = 1;
	else if (!strcmp(a, "--json"))
		op->json = 1;
	else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
		*r = OPTS_HELP;
	else if (!strcmp(a, "--version"))
		*r = OPTS_VERSION;
	else if (a[0] == '-' && a[1]) {
		op->bad = a;
		*r = OPTS_BAD;
	} else
		return 0;
	return 1;
}

static int
parse_opts(int argc, char **argv, opts_t *op)
{
	int r = OPTS_RUN;

	memset(op, 0, sizeof *op);
	for (int i = 1; i < argc && r == OPTS_RUN; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "-f") || !strcmp(a, "-R")) && i + 1 < argc)
			*(a[1] == 'f' ? &op->script : &op->request) = argv[++i];
		else if (parse_flag(a, op, &r))
			continue;
		else if (!op->image)
			op->image = a;
		else {
			op->cmd_at = i;
			break;
		}
	}
	return r;
}

/* What the options ask besides running: help, version, or an error. */
static int
opts_answer(int r, const opts_t *op)
{
	if (r == OPTS_HELP)
		dump_usage(stdout);
	else if (r == OPTS_VERSION)
		printf("cairn-dump (Cairn %s), store format version %u\n", CAIRN_VERSION,
		       CK_FORMAT_VERSION);
	else if (r == OPTS_BAD && op->bad[1] != '-' && op->bad[2] == 0 &&
		 strchr("fR", op->bad[1]))
		return dump_fail(DS_USAGE, "%s needs a value (cairn-dump --help)", op->bad);
	else if (r == OPTS_BAD)
		return dump_fail(DS_USAGE, "unknown option '%s' (cairn-dump --help lists them)",
				 op->bad);
	else if (!op->image)
		return dump_fail(DS_USAGE, "no image named (cairn-dump --help shows the usage)");
	else if ((op->cmd_at != 0) + (op->script != NULL) + (op->request != NULL) > 1)
		return dump_fail(DS_USAGE, "give one of a command, -R or -f");
	else
		return -1;
	return 0;
}

static int
run_request(dctx_t *c, const char *request)
{
	char line[4096];
	int quit = 0;

	snprintf(line, sizeof line, "%s", request);
	return run_line(c, line, &quit);
}

/* Run what the options ask for on the open store. */
static int
run(dctx_t *c, const opts_t *op, int argc, char **argv)
{
	if (op->cmd_at)
		return dump_run(c, argc - op->cmd_at, argv + op->cmd_at);
	if (op->request)
		return run_request(c, op->request);
	if (op->script && strcmp(op->script, "-")) {
		FILE *f = fopen(op->script, "r");
		int st = f ? run_script(c, f, 0) : dump_fail(DS_OPERR, "%s: cannot open", op->script);
		if (f)
			fclose(f);
		return st;
	}
	if (!op->script && isatty(0) && isatty(2))
		return dump_prompt(c, run_line);
	return run_script(c, stdin, !op->script && isatty(0));
}

int
main(int argc, char **argv)
{
	opts_t op;
	dimg_t im;
	dstore_t s;
	dout_t o;
	const char *why;
	int r = opts_answer(parse_opts(argc, argv, &op), &op);

	if (r >= 0)
		return r;
	if (dimg_open(&im, op.image, op.writable, &why) < 0) {
		dimg_close(&im);
		return dump_fail(DS_OPERR, "%s: %s", op.image, why);
	}
	dstore_open(&s, &im);
	dout_init(&o, stdout, op.json);
	dctx_t c = { &s, &o, op.writable, op.image };
	banner(&c);
	int st = run(&c, &op, argc, argv);
	if (s.oom)
		st |= dump_fail(DS_OPERR, "out of memory while reading the log");
	if (op.writable && dimg_sync(&s.img) < 0)
		st |= dump_fail(DS_OPERR, "msync failed");
	dstore_close(&s);
	dimg_close(&s.img);
	return st;
}
