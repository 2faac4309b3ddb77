/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/cmd.h -- a console command loop (cmd.c): how a test on the host
 * drives a program over the serial line, one command a line.
 *
 *   static const struct cmd cmds[] = { { "make", do_make }, ... };
 *   cmd_loop(cmds, 2, R_CKPT);      never returns
 *
 * A line's first word picks the command; the rest of the line, leading
 * spaces skipped, is its argument ("" when there is none).  The loop
 * prints "> LINE" as it takes each line, then runs the command, which
 * prints its one-line answer.  A word no entry names prints
 * "error: unknown command 'WORD'".  With a Checkpoint capability (ck
 * other than CR_VOID) two commands are built in:
 *
 *   take     ckpt_take; "committed g=G" or "take failed: RC_X"
 *   status   "status g=G log=U/L pause=Pus write=Wus dirty=DKiB period=Tms"
 *
 * Only one process of a system may read the console: each character goes
 * to whoever polls first.
 */
#ifndef CAIRN_CMD_H
#define CAIRN_CMD_H

#include <stddef.h>
#include "cairn/ipc.h"

#define CMD_LINE_MAX 80

struct cmd {
	const char *name;
	void (*run)(const char *arg);
};

/* One line, without its end (\n or \r), into buf (size > 0); empty
 * lines are skipped and a longer line is cut to size - 1 bytes.  Polls
 * CR_CONSOLE, sleeping 10 ms on CR_SLEEP while nothing is waiting. */
void cmd_read_line(char *buf, size_t size);

void cmd_loop(const struct cmd *table, size_t n, capreg_t ck) __attribute__((noreturn));

/* ckpt_take on ck, then "committed g=G<suffix>" or "take failed:
 * RC_X<suffix>".  After a restart from G this prints the line again: the
 * take returns once more.  Returns the take's rc. */
int cmd_take(capreg_t ck, const char *suffix);

#endif
