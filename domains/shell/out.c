/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * out.c -- how the shell prints: aligned tables, one-line errors, OIDs
 * and durations.
 *
 * A table is gathered before it is printed, so every column can be as
 * wide as its widest cell: out_table() names the columns, out_cell()
 * adds cells row by row, out_end() prints the head and the rows, two
 * spaces between columns, numbers right-aligned.  The last column is
 * not padded, so a long value (a pair's) does not push lines wider.
 * Cells are copied into one pool; a table that outgrows it (more than
 * OUT_ROWS rows or OUT_POOL bytes) is printed as far as it fits and
 * says so.
 */
#include <stdarg.h>
#include "shell.h"

#define OUT_COLS 6
#define OUT_ROWS 72
#define OUT_POOL 12288

static struct {
	unsigned ncols, ncells;
	char align[OUT_COLS];
	const char *cell[(OUT_ROWS + 1) * OUT_COLS];   /* row 0: the heads */
	char pool[OUT_POOL];
	unsigned used;
	bool cut;
} tab;

void
out_error(const char *fmt, ...)
{
	va_list ap;

	printf("error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void
out_add(const char *s, size_t n)
{
	if (tab.ncells == (OUT_ROWS + 1) * OUT_COLS || tab.used + n + 1 > OUT_POOL) {
		tab.cut = true;
		return;
	}
	char *c = tab.pool + tab.used;
	memcpy(c, s, n);
	c[n] = 0;
	tab.used += (unsigned)n + 1;
	tab.cell[tab.ncells++] = c;
}

void
out_table(const char *align, ...)
{
	va_list ap;

	tab.ncols = (unsigned)strlen(align);
	tab.ncells = tab.used = 0;
	tab.cut = false;
	memcpy(tab.align, align, tab.ncols);
	va_start(ap, align);
	for (unsigned i = 0; i < tab.ncols; i++) {
		const char *h = va_arg(ap, const char *);
		out_add(h, strlen(h));
	}
	va_end(ap);
}

void
out_cell(const char *fmt, ...)
{
	char buf[LINE_MAX + 8];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	out_add(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void
out_row(unsigned first, const unsigned *width)
{
	for (unsigned c = 0; c < tab.ncols && first + c < tab.ncells; c++) {
		const char *s = tab.cell[first + c];
		bool last = c + 1 == tab.ncols;
		int w = last && tab.align[c] == 'l' ? 0 : (int)width[c];
		printf(tab.align[c] == 'r' ? "%*s%s" : "%-*s%s", w, s, last ? "\n" : "  ");
	}
	if (first + tab.ncols > tab.ncells)
		printf("\n");
}

void
out_end(void)
{
	unsigned width[OUT_COLS] = { 0 };

	for (unsigned i = 0; i < tab.ncells; i++) {
		unsigned n = (unsigned)strlen(tab.cell[i]);
		if (n > width[i % tab.ncols])
			width[i % tab.ncols] = n;
	}
	for (unsigned r = 0; r < tab.ncells; r += tab.ncols)
		out_row(r, width);
	if (tab.cut)
		printf("(more rows than the shell's table can hold)\n");
}

const char *
out_oid(uint64_t oid, char *buf)
{
	unsigned kind = (unsigned)(oid >> 32);
	const char *k = kind == 1 ? "n" : kind == 2 ? "p" : "?";

	snprintf(buf, 24, "%s:%u", k, (unsigned)oid);
	return buf;
}

const char *
out_ms(uint64_t ms, char *buf)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, 32, "%u.%u s", (unsigned)s, (unsigned)(ms % 1000 / 100));
	else if (s < 3600)
		snprintf(buf, 32, "%u min %u s", (unsigned)(s / 60), (unsigned)(s % 60));
	else
		snprintf(buf, 32, "%u h %u min", (unsigned)(s / 3600), (unsigned)(s % 3600 / 60));
	return buf;
}
