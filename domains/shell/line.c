/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * line.c -- the shell's line editor, on a serial console that delivers
 * one byte at a time and never blocks (Console.read says RC_BUSY when
 * nothing is waiting, so the editor polls and sleeps in between:
 * sh_idle()).
 *
 * Keys (what a terminal in raw mode sends, as QEMU's -serial stdio has
 * it):
 *   printable ASCII        inserted at the cursor
 *   Enter (CR, LF, CR LF)  the line is done
 *   Backspace (DEL, ^H)    delete before the cursor; ESC [ 3 ~ after it
 *   left, right            ESC [ D, ESC [ C (and ESC O x)
 *   Home, End, ^A, ^E      ESC [ H / F, ESC [ 1 ~ / 4 ~
 *   up, down               ESC [ A, ESC [ B: the history
 *   Tab                    completes a command name, or the name of a
 *                          pair, grant or bank where one is expected
 *   ^C                     drop the line;  ^U  erase it;  ^L  redraw
 * Any other control character or a byte that is not ASCII is refused:
 * the terminal bell rings, and Enter then prints one error line and does
 * nothing with the line.  So does a line longer than LINE_MAX.
 *
 * The editor's state and the history are static, hence persistent: a
 * restart brings back the line being typed (as of the checkpoint) and
 * every line entered before it.  The screen is redrawn by rewriting the
 * whole line (CR, prompt, line, erase to the end, cursor back): simple,
 * and right on any VT100-like terminal.
 */
#include "shell.h"

#define PROMPT "cairn> "
#define COMP_SHOWN 16

static struct {
	char buf[LINE_MAX + 1];
	unsigned len, cur;
	bool overflow;
	int bad;                /* first refused byte, or 0 */
	unsigned esc;           /* 0; 1 after ESC; 2 after ESC [ or ESC O */
	unsigned esc_num;
	bool after_cr;
	int browse;             /* history entry shown (0: newest), -1: none */
	char draft[LINE_MAX + 1];   /* the new line while browsing */
} ed = { .browse = -1 };

static struct {
	char line[HIST_MAX][LINE_MAX + 1];
	uint32_t count;         /* lines ever added */
} hist;

static char done[LINE_MAX + 1];

static void
line_redraw(void)
{
	printf("\r" PROMPT "%s\x1b[K", ed.buf);
	if (ed.cur < ed.len)
		printf("\x1b[%uD", ed.len - ed.cur);
}

static void
line_set(const char *s)
{
	strlcpy(ed.buf, s, sizeof ed.buf);
	ed.len = ed.cur = (unsigned)strlen(ed.buf);
	line_redraw();
}

static void
line_reset(void)
{
	ed.len = ed.cur = 0;
	ed.buf[0] = 0;
	ed.overflow = false;
	ed.bad = 0;
	ed.browse = -1;
}

static void
line_insert(const char *s, unsigned n)
{
	if (ed.len + n > LINE_MAX) {
		ed.overflow = true;
		printf("\a");
		return;
	}
	memmove(ed.buf + ed.cur + n, ed.buf + ed.cur, ed.len - ed.cur + 1);
	memcpy(ed.buf + ed.cur, s, n);
	ed.len += n;
	ed.cur += n;
	if (ed.cur == ed.len)
		printf("%.*s", (int)n, s);
	else
		line_redraw();
}

static void
line_delete(unsigned at)
{
	if (at >= ed.len)
		return;
	memmove(ed.buf + at, ed.buf + at + 1, ed.len - at);
	ed.len--;
	ed.cur = at;
	line_redraw();
}

static void
line_move(unsigned to)
{
	ed.cur = to <= ed.len ? to : ed.len;
	line_redraw();
}

/* ------------------------------------------------------------ history */

static const char *
hist_entry(uint32_t back)
{
	return hist.line[(hist.count - 1 - back) % HIST_MAX];
}

static void
hist_add(const char *l)
{
	if (!*l || (hist.count && !strcmp(hist_entry(0), l)))
		return;
	strlcpy(hist.line[hist.count % HIST_MAX], l, LINE_MAX + 1);
	hist.count++;
}

static void
hist_browse(int step)
{
	uint32_t kept = hist.count < HIST_MAX ? hist.count : HIST_MAX;
	int to = ed.browse + step;

	if (to >= (int)kept || to < -1)
		return;
	if (ed.browse == -1)
		strlcpy(ed.draft, ed.buf, sizeof ed.draft);
	ed.browse = to;
	line_set(to == -1 ? ed.draft : hist_entry((uint32_t)to));
}

void
line_history_print(void)
{
	uint32_t kept = hist.count < HIST_MAX ? hist.count : HIST_MAX;

	for (uint32_t i = hist.count - kept; i < hist.count; i++)
		printf("%5u  %s\n", (unsigned)(i + 1), hist.line[i % HIST_MAX]);
}

/* --------------------------------------------------------- completion */

static struct {
	const char *prefix;
	unsigned plen, n, common;
	const char *match[COMP_SHOWN];
} comp;

static void
comp_add(const char *name)
{
	if (strncmp(name, comp.prefix, comp.plen))
		return;
	if (comp.n == 0)
		comp.common = (unsigned)strlen(name);
	while (comp.n && strncmp(name, comp.match[0], comp.common))
		comp.common--;
	if (comp.n < COMP_SHOWN)
		comp.match[comp.n] = name;
	comp.n++;
}

static void
comp_list(void)
{
	printf("\n");
	for (unsigned i = 0; i < comp.n && i < COMP_SHOWN; i++)
		printf("%s  ", comp.match[i]);
	printf(comp.n > COMP_SHOWN ? "...\n" : "\n");
	line_redraw();
}

static void
line_complete(void)
{
	unsigned ws = ed.cur;

	while (ws && ed.buf[ws - 1] != ' ')
		ws--;
	if (ed.cur < ed.len && ed.buf[ed.cur] != ' ')
		return (void)printf("\a");
	comp = (typeof(comp)){ .prefix = ed.buf + ws, .plen = ed.cur - ws };
	char saved = ed.buf[ed.cur];
	ed.buf[ed.cur] = 0;
	cmds_complete(ed.buf, ws, comp_add);
	ed.buf[ed.cur] = saved;
	if (comp.n == 0)
		printf("\a");
	else if (comp.common > comp.plen)
		line_insert(comp.match[0] + comp.plen, comp.common - comp.plen);
	else if (comp.n > 1)
		comp_list();
	if (comp.n == 1 && ed.cur == ed.len)
		line_insert(" ", 1);
}

/* --------------------------------------------------------------- keys */

static void
line_refuse(int ch)
{
	if (!ed.bad)
		ed.bad = ch;
	printf("\a");
}

static void
line_escape(int ch)
{
	if (ed.esc == 1) {
		ed.esc = ch == '[' || ch == 'O' ? 2 : 0;
		ed.esc_num = 0;
		return;
	}
	if (ch >= '0' && ch <= '9') {
		ed.esc_num = ed.esc_num * 10 + (unsigned)(ch - '0');
		return;
	}
	ed.esc = 0;
	switch (ch) {
	case 'A': return hist_browse(1);
	case 'B': return hist_browse(-1);
	case 'C': return line_move(ed.cur + 1);
	case 'D': return line_move(ed.cur ? ed.cur - 1 : 0);
	case 'H': return line_move(0);
	case 'F': return line_move(ed.len);
	case '~':
		if (ed.esc_num == 1 || ed.esc_num == 7)
			return line_move(0);
		if (ed.esc_num == 4 || ed.esc_num == 8)
			return line_move(ed.len);
		if (ed.esc_num == 3)
			return line_delete(ed.cur);
	}
}

static void
line_cancel(void)
{
	printf("^C\n");
	line_reset();
	line_redraw();
}

/* A control key; true when it ends the line. */
static bool
line_control(int ch)
{
	switch (ch) {
	case '\r': ed.after_cr = true; return true;
	case '\n': return true;
	case 0x7f:
	case '\b': if (ed.cur) line_delete(ed.cur - 1); return false;
	case '\t': line_complete(); return false;
	case 0x1b: ed.esc = 1; return false;
	case 0x01: line_move(0); return false;
	case 0x05: line_move(ed.len); return false;
	case 0x03: line_cancel(); return false;
	case 0x15: ed.len = ed.cur = 0; ed.buf[0] = 0; line_redraw(); return false;
	case 0x0c: printf("\n"); line_redraw(); return false;
	default: line_refuse(ch); return false;
	}
}

/* One byte from the console; true when the line is done. */
static bool
line_key(int ch)
{
	bool lf_of_crlf = ch == '\n' && ed.after_cr;

	ed.after_cr = false;
	if (lf_of_crlf)
		return false;
	if (ed.esc)
		return line_escape(ch), false;
	if (ch >= ' ' && ch < 0x7f) {
		char c = (char)ch;
		line_insert(&c, 1);
		return false;
	}
	if (ch >= 0x80)
		return line_refuse(ch), false;
	return line_control(ch);
}

/* Enter: the line, or NULL after an error line. */
static const char *
line_finish(void)
{
	bool over = ed.overflow;
	int bad = ed.bad;

	printf("\n");
	strlcpy(done, ed.buf, sizeof done);
	line_reset();
	if (over)
		out_error("the line is longer than %u characters; nothing done", LINE_MAX);
	else if (bad)
		out_error("%s (0x%02x) in the line; nothing done",
			  bad >= 0x80 ? "a byte that is not ASCII" : "a control character",
			  (unsigned)bad);
	else {
		hist_add(done);
		return done;
	}
	return NULL;
}

const char *
line_read(void)
{
	int ch;

	line_redraw();
	for (;;) {
		if (console_read(CR_CONSOLE, &ch) != RC_OK) {
			if (sh_idle())
				line_redraw();
			continue;
		}
		if (line_key(ch))
			return line_finish();
	}
}
