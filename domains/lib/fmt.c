/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fmt.c -- the printf formatter (see cairn/fmt.h for what it accepts).
 *
 * A conversion is parsed into a fmt_spec, its argument fetched by the
 * length modifier, and its text laid out as one field:
 *
 *     [spaces] [prefix: sign or 0x] [zeros] digits-or-text [spaces]
 *
 * where the leading spaces become zeros with the '0' flag (integers
 * without a precision only, as C says), and move to the end with '-'.
 * 64-bit values are converted with 32-bit division while they fit, so
 * the common case needs no libgcc call.  Pure C: it builds for the host
 * tests too.
 */
#include <stdint.h>
#include "cairn/fmt.h"
#include "cairn/string.h"

enum {
	FMT_F_LEFT = 1,
	FMT_F_ZERO = 2,
	FMT_F_PLUS = 4,
	FMT_F_SPACE = 8,
	FMT_F_ALT = 16,
};

/* Length modifiers, by argument size. */
enum { FMT_LEN_HH = -2, FMT_LEN_H = -1, FMT_LEN_INT = 0, FMT_LEN_L = 1, FMT_LEN_LL = 2 };

struct fmt_spec {
	unsigned flags;
	int width;      /* 0: none */
	int prec;       /* -1: none */
	int len;        /* FMT_LEN_* */
	char conv;
};

struct fmt_out {
	struct fmt_sink *sink;
	size_t count;
};

static void
fmt_put(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->sink->put(o->sink, s, n);
		o->count += n;
	}
}

static void
fmt_pad(struct fmt_out *o, char c, int n)
{
	static const char spaces[] = "                ", zeros[] = "0000000000000000";
	const char *run = c == '0' ? zeros : spaces;

	for (; n > 0; n -= 16)
		fmt_put(o, run, n < 16 ? (size_t)n : 16);
}

/* ---- parsing ---- */

static const char *
fmt_parse_flags(const char *f, struct fmt_spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->flags |= FMT_F_LEFT; break;
		case '0': sp->flags |= FMT_F_ZERO; break;
		case '+': sp->flags |= FMT_F_PLUS; break;
		case ' ': sp->flags |= FMT_F_SPACE; break;
		case '#': sp->flags |= FMT_F_ALT; break;
		default: return f;
		}
	}
}

/* Digits or '*'; *v is left alone when there are neither. */
static const char *
fmt_parse_num(const char *f, int *v, va_list *ap)
{
	if (*f == '*') {
		*v = va_arg(*ap, int);
		return f + 1;
	}
	if (*f >= '0' && *f <= '9')
		*v = 0;
	for (; *f >= '0' && *f <= '9'; f++)
		*v = *v * 10 + (*f - '0');
	return f;
}

static const char *
fmt_parse_len(const char *f, int *len)
{
	*len = FMT_LEN_INT;
	switch (*f) {
	case 'h':
		if (f[1] == 'h') {
			*len = FMT_LEN_HH;
			return f + 2;
		}
		*len = FMT_LEN_H;
		return f + 1;
	case 'l':
		if (f[1] == 'l') {
			*len = FMT_LEN_LL;
			return f + 2;
		}
		*len = FMT_LEN_L;
		return f + 1;
	case 'z':               /* size_t is a long wherever we build */
		*len = FMT_LEN_L;
		return f + 1;
	case 'j':
		*len = FMT_LEN_LL;
		return f + 1;
	default:
		return f;
	}
}

/* f points after the '%'; returns the position after the conversion. */
static const char *
fmt_parse_spec(const char *f, struct fmt_spec *sp, va_list *ap)
{
	*sp = (struct fmt_spec){ .prec = -1 };
	f = fmt_parse_flags(f, sp);
	f = fmt_parse_num(f, &sp->width, ap);
	if (sp->width < 0) {            /* "*" with a negative width */
		sp->flags |= FMT_F_LEFT;
		sp->width = -sp->width;
	}
	if (*f == '.') {
		sp->prec = 0;
		f = fmt_parse_num(f + 1, &sp->prec, ap);
		if (sp->prec < 0)
			sp->prec = -1;
	}
	f = fmt_parse_len(f, &sp->len);
	sp->conv = *f;
	return *f ? f + 1 : f;
}

/* ---- arguments ---- */

static uint64_t
fmt_arg_unsigned(va_list *ap, int len)
{
	switch (len) {
	case FMT_LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
	case FMT_LEN_H: return (unsigned short)va_arg(*ap, unsigned);
	case FMT_LEN_L: return va_arg(*ap, unsigned long);
	case FMT_LEN_LL: return va_arg(*ap, unsigned long long);
	default: return va_arg(*ap, unsigned);
	}
}

static int64_t
fmt_arg_signed(va_list *ap, int len)
{
	switch (len) {
	case FMT_LEN_HH: return (signed char)va_arg(*ap, int);
	case FMT_LEN_H: return (short)va_arg(*ap, int);
	case FMT_LEN_L: return va_arg(*ap, long);
	case FMT_LEN_LL: return va_arg(*ap, long long);
	default: return va_arg(*ap, int);
	}
}

/* ---- fields ---- */

/* Writes the digits of v backwards ending at end; returns the start. */
static char *
fmt_digits(char *end, uint64_t v, unsigned base, int upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint32_t v32;

	while (v > UINT32_MAX) {
		*--end = set[v % base];
		v /= base;
	}
	for (v32 = (uint32_t)v; v32; v32 /= base)
		*--end = set[v32 % base];
	return end;
}

static void
fmt_field(struct fmt_out *o, const struct fmt_spec *sp, const char *prefix,
	  int zeros, const char *body, int n)
{
	int plen = (int)LIBC(strlen)(prefix);
	int pad = sp->width - plen - zeros - n;

	if (pad < 0)
		pad = 0;
	if ((sp->flags & (FMT_F_ZERO | FMT_F_LEFT)) == FMT_F_ZERO && sp->prec < 0 &&
	    sp->conv != 's' && sp->conv != 'c') {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FMT_F_LEFT))
		fmt_pad(o, ' ', pad);
	fmt_put(o, prefix, (size_t)plen);
	fmt_pad(o, '0', zeros);
	fmt_put(o, body, (size_t)n);
	if (sp->flags & FMT_F_LEFT)
		fmt_pad(o, ' ', pad);
}

static void
fmt_integer(struct fmt_out *o, const struct fmt_spec *sp, uint64_t v,
	    unsigned base, const char *prefix)
{
	char buf[24];                   /* 22 octal digits hold 64 bits */
	char *end = buf + sizeof buf;
	char *start = fmt_digits(end, v, base, sp->conv == 'X');
	int n = (int)(end - start);

	if (v == 0 && sp->prec != 0)    /* "%.0d" of 0 prints no digit */
		*--start = '0', n = 1;
	if (base == 8 && (sp->flags & FMT_F_ALT) && v && sp->prec <= n)
		prefix = "0";
	fmt_field(o, sp, prefix, sp->prec > n ? sp->prec - n : 0, start, n);
}

static void
fmt_signed(struct fmt_out *o, const struct fmt_spec *sp, int64_t v)
{
	const char *prefix = v < 0 ? "-" : sp->flags & FMT_F_PLUS ? "+" :
			     sp->flags & FMT_F_SPACE ? " " : "";
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;

	fmt_integer(o, sp, mag, 10, prefix);
}

static void
fmt_unsigned(struct fmt_out *o, const struct fmt_spec *sp, uint64_t v)
{
	int hex = sp->conv == 'x' || sp->conv == 'X';
	const char *prefix = "";

	if (hex && (sp->flags & FMT_F_ALT) && v)
		prefix = sp->conv == 'X' ? "0X" : "0x";
	fmt_integer(o, sp, v, hex ? 16 : sp->conv == 'o' ? 8 : 10, prefix);
}

static void
fmt_string(struct fmt_out *o, const struct fmt_spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	size_t n = sp->prec >= 0 ? LIBC(strnlen)(s, (size_t)sp->prec) : LIBC(strlen)(s);
	fmt_field(o, sp, "", 0, s, (int)n);
}

static void
fmt_convert(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd': case 'i': fmt_signed(o, sp, fmt_arg_signed(ap, sp->len)); return;
	case 'u': case 'x': case 'X': case 'o':
		fmt_unsigned(o, sp, fmt_arg_unsigned(ap, sp->len));
		return;
	case 'p':
		sp->conv = 'x';
		fmt_integer(o, sp, (uintptr_t)va_arg(*ap, void *), 16, "0x");
		return;
	case 's': fmt_string(o, sp, va_arg(*ap, const char *)); return;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_field(o, sp, "", 0, &c, 1);
		return;
	case '%': fmt_put(o, "%", 1); return;
	case 0: fmt_put(o, "%", 1); return;     /* a lone '%' at the end */
	default: fmt_put(o, "%", 1); fmt_put(o, &sp->conv, 1); return;
	}
}

size_t
fmt_vformat(struct fmt_sink *sink, const char *f, va_list ap0)
{
	struct fmt_out o = { sink, 0 };
	struct fmt_spec sp;
	va_list ap;

	va_copy(ap, ap0);
	while (*f) {
		const char *pct = LIBC(strchr)(f, '%');
		size_t lit = pct ? (size_t)(pct - f) : LIBC(strlen)(f);
		fmt_put(&o, f, lit);
		if (!pct)
			break;
		f = fmt_parse_spec(pct + 1, &sp, &ap);
		fmt_convert(&o, &sp, &ap);
	}
	va_end(ap);
	return o.count;
}

/* ---- snprintf ---- */

struct fmt_buf {
	struct fmt_sink sink;   /* first: the sink pointer is the fmt_buf */
	char *buf;
	size_t size, len;       /* len: bytes stored, < size */
};

static void
fmt_buf_put(struct fmt_sink *self, const char *s, size_t n)
{
	struct fmt_buf *b = (struct fmt_buf *)self;
	size_t room = b->size ? b->size - 1 - b->len : 0;
	size_t k = n < room ? n : room;

	LIBC(memcpy)(b->buf + b->len, s, k);
	b->len += k;
}

int
LIBC(vsnprintf)(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { { fmt_buf_put }, buf, size, 0 };
	size_t n = fmt_vformat(&b.sink, fmt, ap);

	if (size)
		buf[b.len] = 0;
	return (int)n;
}

int
LIBC(snprintf)(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = LIBC(vsnprintf)(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
