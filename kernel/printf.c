/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printf.c -- a small printf for the console and for buffers.
 *
 * Conversions: d i u x X o p s c %, with flags '-' '0' '#' ' ' '+', a
 * width and precision (also '*'), and length modifiers hh h l ll z j.
 * One formatter (format_core) writes through a sink, so the console and
 * snprintf cannot disagree.
 */
#include "kernel.h"
#include "hal.h"

struct sink {
	void (*put)(struct sink *, char);
	char *buf;
	size_t size, len;
};

struct spec {
	bool left, zero, alt, plus, space;
	int width, prec;
};

static void
emit(struct sink *s, char c)
{
	s->put(s, c);
	s->len++;
}

static void
emit_pad(struct sink *s, int n, char c)
{
	while (n-- > 0)
		emit(s, c);
}

static void
emit_str(struct sink *s, const char *str, const struct spec *sp)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		emit_pad(s, sp->width - n, ' ');
	for (int i = 0; i < n; i++)
		emit(s, str[i]);
	if (sp->left)
		emit_pad(s, sp->width - n, ' ');
}

static void
emit_num(struct sink *s, uint64_t v, bool neg, unsigned base, bool upper,
	 const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	const char *prefix = neg ? "-" : sp->plus ? "+" : sp->space ? " " : "";

	if (sp->alt && base == 16 && v)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8)
		prefix = "0";
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int zeros = sp->prec > n ? sp->prec - n : 0;
	int total = n + zeros + (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		emit_pad(s, sp->width - total, ' ');
	for (const char *p = prefix; *p; p++)
		emit(s, *p);
	emit_pad(s, zeros, '0');
	while (n)
		emit(s, tmp[--n]);
	if (sp->left)
		emit_pad(s, sp->width - total, ' ');
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') sp->left = true;
		else if (*f == '0') sp->zero = true;
		else if (*f == '#') sp->alt = true;
		else if (*f == '+') sp->plus = true;
		else if (*f == ' ') sp->space = true;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	return f;
}

/* Length modifier: returns the number of 'l's (z, j count as needed). */
static const char *
parse_len(const char *f, int *len)
{
	*len = 0;
	while (*f == 'l' || *f == 'h' || *f == 'z' || *f == 'j') {
		if (*f == 'l')
			(*len)++;
		else if (*f == 'j')
			*len = 2;
		f++;
	}
	return f;
}

static uint64_t
arg_unsigned(va_list *ap, int len)
{
	return len >= 2 ? va_arg(*ap, unsigned long long) :
	       len == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
}

static int64_t
arg_signed(va_list *ap, int len)
{
	return len >= 2 ? va_arg(*ap, long long) :
	       len == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
}

static void
format_core(struct sink *s, const char *f, va_list ap0)
{
	va_list ap;
	va_copy(ap, ap0);
	for (; *f; f++) {
		if (*f != '%') {
			emit(s, *f);
			continue;
		}
		struct spec sp;
		int len;
		f = parse_len(parse_spec(f + 1, &sp, &ap), &len);
		switch (*f) {
		case 'd': case 'i': {
			int64_t v = arg_signed(&ap, len);
			emit_num(s, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, &sp);
			break;
		}
		case 'u': emit_num(s, arg_unsigned(&ap, len), false, 10, false, &sp); break;
		case 'x': emit_num(s, arg_unsigned(&ap, len), false, 16, false, &sp); break;
		case 'X': emit_num(s, arg_unsigned(&ap, len), false, 16, true, &sp); break;
		case 'o': emit_num(s, arg_unsigned(&ap, len), false, 8, false, &sp); break;
		case 'p':
			sp.alt = true;
			emit_num(s, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
			break;
		case 's': emit_str(s, va_arg(ap, const char *), &sp); break;
		case 'c': emit(s, (char)va_arg(ap, int)); break;
		case '%': emit(s, '%'); break;
		case 0: f--; break;
		default: emit(s, '%'); emit(s, *f); break;
		}
	}
	va_end(ap);
}

static void
put_console(struct sink *s, char c)
{
	(void)s;
	hal_console_putc(c);
}

static void
put_buffer(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
}

int
kvprintf(const char *fmt, va_list ap)
{
	struct sink s = { put_console, 0, 0, 0 };
	format_core(&s, fmt, ap);
	return (int)s.len;
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { put_buffer, buf, size, 0 };
	format_core(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return (int)s.len;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
