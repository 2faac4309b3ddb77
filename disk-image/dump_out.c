/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_out.c -- every byte a command writes to stdout.
 *
 * Commands describe their result once, as fields, sections and tables;
 * this file renders that as text or as JSON, so the two never disagree:
 *
 *   call                 text                     JSON
 *   dout_begin(o, "node") (nothing)                {"command":"node"
 *   dout_u64(o, "k", 5)   k<TAB>5                  ,"k":5
 *   dout_section(o, "s")  # s                      ,"s":{
 *   dout_table(o,"t",c)   # c0<TAB>c1...           ,"t":[
 *   dout_row + fields     v0<TAB>v1<NL>            {"c0":v0,"c1":v1}
 *   dout_end(o)           (nothing)                }<NL>
 *
 * Tables are tab-separated with a '#' header line, for cut and awk.
 * JSON is one object per command on one line; strings are escaped, and
 * OIDs and hex values are strings ("0x100000005") so no reader loses
 * bits to floating point.
 */
#include <stdarg.h>
#include <string.h>
#include "dump.h"

void
dout_init(dout_t *o, FILE *f, int json)
{
	memset(o, 0, sizeof *o);
	o->f = f;
	o->json = json;
}

static void
json_string(dout_t *o, const char *s)
{
	putc('"', o->f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(o->f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(o->f, "\\u%04x", *p);
		else
			putc(*p, o->f);
	}
	putc('"', o->f);
}

/* JSON: separator and key for the next value at this depth. */
static void
json_key(dout_t *o, const char *key)
{
	if (!o->first[o->depth])
		putc(',', o->f);
	o->first[o->depth] = 0;
	if (key) {
		json_string(o, key);
		putc(':', o->f);
	}
}

static void
json_open(dout_t *o, const char *key, int ch)
{
	json_key(o, key);
	putc(ch, o->f);
	if (o->depth + 1 < OUT_MAXDEPTH)
		o->depth++;
	o->first[o->depth] = 1;
	o->closer[o->depth] = ch == '{' ? '}' : ']';
}

static void
json_close(dout_t *o)
{
	putc(o->closer[o->depth], o->f);
	if (o->depth > 0)
		o->depth--;
}

void
dout_begin(dout_t *o, const char *command)
{
	o->depth = 0;
	o->in_row = 0;
	if (!o->json)
		return;
	putc('{', o->f);
	o->first[0] = 1;
	dout_str(o, "command", command);
}

void
dout_end(dout_t *o)
{
	if (o->json) {
		while (o->depth > 0)
			json_close(o);
		fputs("}\n", o->f);
	}
	fflush(o->f);
}

/* Emit one value already rendered as text; quoted says JSON needs quotes. */
static void
out_value(dout_t *o, const char *key, const char *v, int quoted)
{
	if (o->json) {
		json_key(o, key);
		if (quoted)
			json_string(o, v);
		else
			fputs(v, o->f);
		return;
	}
	if (o->in_row) {
		fprintf(o->f, "%s%s", o->row_first ? "" : "\t", v);
		o->row_first = 0;
		return;
	}
	fprintf(o->f, "%s\t%s\n", key, v);
}

void
dout_str(dout_t *o, const char *key, const char *v)
{
	out_value(o, key, v ? v : "", 1);
}

void
dout_fmt(dout_t *o, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	out_value(o, key, buf, 1);
}

void
dout_u64(dout_t *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	out_value(o, key, buf, 0);
}

void
dout_u64_or_none(dout_t *o, const char *key, uint64_t v, uint64_t none)
{
	if (v == none)
		dout_str(o, key, "-");
	else
		dout_u64(o, key, v);
}

void
dout_hex(dout_t *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
	out_value(o, key, buf, 1);
}

void
dout_bool(dout_t *o, const char *key, int v)
{
	out_value(o, key, v ? (o->json ? "true" : "yes") : (o->json ? "false" : "no"), 0);
}

void
dout_oid(dout_t *o, const char *key, uint64_t oid)
{
	char buf[32];

	dout_str(o, key, doid_name(oid, buf, sizeof buf));
}

void
dout_section(dout_t *o, const char *key)
{
	if (o->json)
		json_open(o, key, '{');
	else
		fprintf(o->f, "# %s\n", key);
}

void
dout_section_end(dout_t *o)
{
	if (o->json)
		json_close(o);
}

void
dout_table(dout_t *o, const char *key, const char *const *cols)
{
	if (o->json) {
		json_open(o, key, '[');
		return;
	}
	fputs("#", o->f);
	for (int i = 0; cols[i]; i++)
		fprintf(o->f, "%s%s", i ? "\t" : " ", cols[i]);
	putc('\n', o->f);
}

void
dout_row(dout_t *o)
{
	o->in_row = 1;
	o->row_first = 1;
	if (o->json)
		json_open(o, 0, '{');
}

void
dout_row_end(dout_t *o)
{
	o->in_row = 0;
	if (o->json)
		json_close(o);
	else
		putc('\n', o->f);
}

void
dout_table_end(dout_t *o)
{
	if (o->json)
		json_close(o);
}

void
dout_text(dout_t *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* type, restr, badge, target, count, status, target_name (dump_names.c):
 * the columns of a capability. */
void
dout_cap_fields(dout_t *o, const dstore_t *s, const cap_t *c)
{
	capinfo_t ci;
	char rb[48];

	dcap_eval(s, c, &ci);
	dout_str(o, "type", dcap_type_name(cap_type(c)));
	if (cap_type(c) == CT_NUMBER) {
		dout_str(o, "restr", "-");
		dout_u64(o, "badge", 0);
		dout_fmt(o, "target", "0x%08x 0x%08x 0x%08x", cap_num(c, 0),
			cap_num(c, 1), cap_num(c, 2));
		dout_str(o, "count", "-");
		dout_str(o, "status", "-");
		dout_str(o, "target_name", "-");
		return;
	}
	dout_str(o, "restr", dcap_restr_str(cap_restr(c), rb, sizeof rb));
	dout_u64(o, "badge", cap_badge(c));
	if (ci.objkind == CK_OBJ_NONE && c->oid == 0)
		dout_str(o, "target", "-");
	else
		dout_oid(o, "target", c->oid);
	dout_u64(o, "count", c->count);
	if (ci.st == CS_STALE || ci.st == CS_FREE)
		dout_fmt(o, "status", "%s (object count %u)", dcap_status_name(ci.st), ci.want);
	else
		dout_str(o, "status", dcap_status_name(ci.st));
	const char *name = ci.objkind == CK_OBJ_NONE ? NULL : dnames_of(s, c->oid);
	dout_str(o, "target_name", name ? name : "-");
}
