/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd.c -- the console command loop (cairn/cmd.h).
 *
 * The Console never blocks on a read (RC_BUSY when nothing is waiting),
 * so a line is read by polling, with a 10 ms sleep between empty polls.
 * A restart from a checkpoint ends such a sleep with RC_RESTART, which is
 * no error here: the poll goes on.  The line being read is in the
 * program's own pages, so a partial line is as persistent as the rest of
 * the program; a restart only loses characters the host sent after the
 * checkpoint, which the console of the new boot never had.
 */
#include "cairn/cmd.h"
#include "cairn/kobj.h"
#include "cairn/names.h"
#include "cairn/printf.h"
#include "cairn/string.h"

#define CMD_POLL_MS 10

static int
cmd_getc(void)
{
	int ch;

	while (console_read(CR_CONSOLE, &ch) != RC_OK)
		sleep_ms(CR_SLEEP, CMD_POLL_MS);        /* RC_RESTART is fine */
	return ch;
}

void
cmd_read_line(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		int ch = cmd_getc();
		if (ch == '\n' || ch == '\r') {
			if (n)
				break;
			continue;
		}
		if (n + 1 < size)
			buf[n++] = (char)ch;
	}
	buf[n] = 0;
}

int
cmd_take(capreg_t ck, const char *suffix)
{
	uint64_t g = 0;
	int rc = ckpt_take(ck, &g);

	if (rc == RC_OK)
		printf("committed g=%llu%s\n", (unsigned long long)g, suffix);
	else
		printf("take failed: %s%s\n", rc_name(rc), suffix);
	return rc;
}

static void
cmd_status(capreg_t ck)
{
	struct ckpt_status s;
	int rc = ckpt_status(ck, &s);

	if (rc != RC_OK) {
		printf("status failed: %s\n", rc_name(rc));
		return;
	}
	printf("status g=%llu log=%u/%u pause=%uus write=%uus dirty=%uKiB period=%ums\n",
	       (unsigned long long)s.generation, s.log_used, s.log_blocks,
	       s.pause_us, s.write_us, s.dirty_kib, s.period_ms);
}

/* Length of the first word of line; *arg becomes the rest. */
static size_t
cmd_split(const char *line, const char **arg)
{
	size_t n = 0;

	while (line[n] && line[n] != ' ')
		n++;
	*arg = line + n;
	while (**arg == ' ')
		(*arg)++;
	return n;
}

static int
cmd_builtin(const char *word, size_t n, capreg_t ck)
{
	if (ck == CR_VOID)
		return 0;
	if (n == 4 && !strncmp(word, "take", 4))
		cmd_take(ck, "");
	else if (n == 6 && !strncmp(word, "status", 6))
		cmd_status(ck);
	else
		return 0;
	return 1;
}

static void
cmd_run(const struct cmd *table, size_t count, capreg_t ck, const char *line)
{
	const char *arg;
	size_t n = cmd_split(line, &arg);

	for (size_t i = 0; i < count; i++)
		if (strlen(table[i].name) == n && !strncmp(table[i].name, line, n)) {
			table[i].run(arg);
			return;
		}
	if (!cmd_builtin(line, n, ck))
		printf("error: unknown command '%.*s'\n", (int)n, line);
}

void
cmd_loop(const struct cmd *table, size_t n, capreg_t ck)
{
	static char line[CMD_LINE_MAX];

	for (;;) {
		cmd_read_line(line, sizeof line);
		printf("> %s\n", line);
		cmd_run(table, n, ck, line);
	}
}
