/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_prompt.c -- cairn-dump's interactive prompt: line editing and a
 * history kept across sessions, from libedit (BSD-licensed, Debian's
 * libedit-dev; `make deps` installs it).  Only the cairn-dump program
 * links this file; the library half (the fuzzer, the unit tests) never
 * needs a terminal.
 *
 * The prompt and the echo go to stderr, like the banner and the errors,
 * so stdout still carries only command output.  The history file is
 * $CAIRN_DUMP_HISTORY, else ~/.cairn-dump_history; the last
 * DUMP_HISTORY_MAX lines are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>
#include "dump.h"

#define DUMP_HISTORY_MAX 500

static const char *
history_path(char *buf, size_t len)
{
	const char *env = getenv("CAIRN_DUMP_HISTORY"), *home = getenv("HOME");

	if (env)
		return env;
	if (!home)
		return NULL;
	snprintf(buf, len, "%s/.cairn-dump_history", home);
	return buf;
}

int
dump_prompt(dctx_t *c, int (*run_line)(dctx_t *c, char *line, int *quit))
{
	char path[4096];
	const char *hist = history_path(path, sizeof path);
	int st = 0, quit = 0;
	char *line;

	rl_outstream = stderr;          /* stdout carries only command output */
	stifle_history(DUMP_HISTORY_MAX);
	if (hist)
		read_history(hist);
	while (!quit && (line = readline("cairn-dump> "))) {
		if (*line)
			add_history(line);
		st |= run_line(c, line, &quit);
		free(line);
	}
	if (hist)
		write_history(hist);
	fputc('\n', stderr);
	return st;
}
