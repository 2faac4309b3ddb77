/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmds.c -- the shell's commands: one table, one parser.
 *
 * A line is split into words at spaces; the first word picks a row of
 * the table, which says how many argument words the command takes, what
 * its first argument names (for Tab completion) and its one-line help.
 * The number of arguments is checked here, so a handler only sees a
 * well-formed call; everything that goes wrong prints exactly one line
 * starting with "error:", and the shell goes on.  `set` takes the rest
 * of the line, spaces and all, as its value (args.rest).
 */
#include "shell.h"

#define ARGS_MAX 8
#define ARGS_REST 255           /* max: the last argument is the rest of the line */

struct args {
	unsigned argc;              /* words, the command included */
	char *argv[ARGS_MAX];
	const char *rest[ARGS_MAX]; /* the line from word i on */
};

enum comp_kind { CK_NONE, CK_CMD, CK_KEY, CK_GRANT, CK_BANK };

/* One of run0/run1/run2 is set; a missing optional argument is NULL,
 * and with max == ARGS_REST the second is the rest of the line. */
struct shcmd {
	const char *name, *args, *help;
	uint8_t min, max;           /* argument words */
	uint8_t comp;               /* what the first argument names */
	void (*run0)(void);
	void (*run1)(const char *);
	void (*run2)(const char *, const char *);
};

static void cmds_help(const char *name);

static const struct shcmd cmds[] = {
	{ "help", "[COMMAND]", "the commands, or one of them", 0, 1, CK_CMD, .run1 = cmds_help },
	{ "history", "", "the lines entered so far (up and down recall them)", 0, 0, CK_NONE,
	  .run0 = line_history_print },
	{ "ps", "", "the processes the kernel has loaded: name, state", 0, 0, CK_NONE, .run0 = sys_ps },
	{ "bank", "", "usage and limits of the shell's banks", 0, 0, CK_NONE, .run0 = banks_list },
	{ "ckpt", "", "take a checkpoint now: which generation, how long", 0, 0, CK_NONE,
	  .run0 = sys_ckpt },
	{ "gen", "", "the last committed generation and its age", 0, 0, CK_NONE, .run0 = sys_gen },
	{ "uptime", "", "persistent time and restarts", 0, 0, CK_NONE, .run0 = sys_uptime },
	{ "objects", "", "object cache: cached, dirty, faults, evictions", 0, 0, CK_NONE,
	  .run0 = sys_objects },
	{ "set", "NAME VALUE", "keep a pair in the key-value store", 2, ARGS_REST, CK_KEY,
	  .run2 = kv_set },
	{ "get", "NAME", "the value of a pair", 1, 1, CK_KEY, .run1 = kv_get },
	{ "ls", "", "every pair", 0, 0, CK_NONE, .run0 = kv_ls },
	{ "rm", "NAME", "forget a pair", 1, 1, CK_KEY, .run1 = kv_rm },
	{ "grant", "NAME [BANK]", "give the client a revocable copy of the service", 1, 2, CK_GRANT,
	  .run2 = grant_make },
	{ "grants", "", "every grant and whether it still works", 0, 0, CK_NONE, .run0 = grant_list },
	{ "revoke", "NAME", "void every copy of a grant, durably", 1, 1, CK_GRANT,
	  .run1 = grant_revoke },
	{ "block", "NAME", "make the grant's users wait, durably", 1, 1, CK_GRANT,
	  .run1 = grant_block },
	{ "unblock", "NAME", "let them go on", 1, 1, CK_GRANT, .run1 = grant_unblock },
	{ "call", "NAME", "the client calls its copy and says what happened", 1, 1, CK_GRANT,
	  .run1 = grant_call },
	{ "newbank", "NAME [LIMIT]", "a sub-bank (LIMIT: most nodes, and most pages)", 1, 2,
	  CK_NONE, .run2 = banks_new },
	{ "dropbank", "NAME", "destroy a sub-bank and all it paid for, durably", 1, 1, CK_BANK,
	  .run1 = banks_drop },
};

#define NCMDS (sizeof cmds / sizeof cmds[0])

static const struct shcmd *
cmds_find(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static void
cmds_help(const char *name)
{
	const struct shcmd *c = name ? cmds_find(name) : NULL;

	if (name && !c)
		return out_error("no command '%s' (help lists them)", name);
	if (c)
		return (void)printf("%s %s\n  %s\n", c->name, c->args, c->help);
	out_table("ll", "command", "what it does");
	for (size_t i = 0; i < NCMDS; i++) {
		out_cell("%s %s", cmds[i].name, cmds[i].args);
		out_cell("%s", cmds[i].help);
	}
	out_end();
	printf("Everything the shell keeps persists: the kernel checkpoints every few seconds.\n");
}

/* Split line into a (words NUL-terminated in work). */
static void
cmds_split(const char *line, char *work, struct args *a)
{
	unsigned i = 0;

	a->argc = 0;
	while (line[i]) {
		while (line[i] == ' ')
			work[i++] = 0;
		if (!line[i])
			break;
		if (a->argc < ARGS_MAX) {
			a->argv[a->argc] = work + i;
			a->rest[a->argc] = line + i;
		}
		a->argc++;
		while (line[i] && line[i] != ' ') {
			work[i] = line[i];
			i++;
		}
	}
	work[i] = 0;
}

void
cmds_run(const char *line)
{
	static char copy[LINE_MAX + 1], work[LINE_MAX + 1];
	struct args a;

	strlcpy(copy, line, sizeof copy);
	for (size_t n = strlen(copy); n && copy[n - 1] == ' '; n--)
		copy[n - 1] = 0;            /* so rest[] has no trailing blanks */
	cmds_split(copy, work, &a);
	if (a.argc == 0)
		return;
	const struct shcmd *c = cmds_find(a.argv[0]);
	if (!c)
		return out_error("unknown command '%s' (help lists the commands)", a.argv[0]);
	if (a.argc - 1 < c->min || (c->max != ARGS_REST && a.argc - 1 > c->max))
		return out_error("usage: %s %s", c->name, c->args);
	const char *arg1 = a.argc > 1 ? a.argv[1] : NULL;
	const char *arg2 = a.argc > 2 ? (c->max == ARGS_REST ? a.rest[2] : a.argv[2]) : NULL;
	if (c->run0)
		c->run0();
	else if (c->run1)
		c->run1(arg1);
	else
		c->run2(arg1, arg2);
}

static void
cmds_names(void (*add)(const char *))
{
	for (size_t i = 0; i < NCMDS; i++)
		add(cmds[i].name);
}

void
cmds_complete(const char *line, unsigned word_start, void (*add)(const char *))
{
	static char work[LINE_MAX + 1];
	struct args a;

	cmds_split(line, work, &a);
	if (word_start == 0)
		return cmds_names(add);
	const struct shcmd *c = a.argc ? cmds_find(a.argv[0]) : NULL;
	bool first_arg = a.argc == 1 || (a.argc >= 2 && a.rest[1] == line + word_start);
	if (!c || !first_arg)
		return;
	if (c->comp == CK_CMD)
		cmds_names(add);
	else if (c->comp == CK_KEY)
		kv_names(add);
	else if (c->comp == CK_GRANT)
		grant_names(add);
	else if (c->comp == CK_BANK)
		banks_names(add);
}

bool
cmds_name_ok(const char *name, const char *what)
{
	size_t n = strlen(name);
	bool ok = n >= 1 && n <= SH_NAME_MAX;

	for (size_t i = 0; ok && i < n; i++) {
		char ch = name[i];
		ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		     (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.';
	}
	if (!ok)
		out_error("'%s' cannot be a %s name: 1 to %u letters, digits, '_', '-' or '.'",
			  name, what, SH_NAME_MAX);
	return ok;
}
