/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_cap.c -- what a capability says, and whether it still holds.
 *
 * Type names and object kinds come from kernel/abi/captype.def, the one
 * list of capability types.  A capability to an object is judged against
 * the object's current version (log copy or home):
 *
 *   ok       target allocated, count equal to its allocation count
 *            (Resume: equal to the target's call count)
 *   stale    counts differ: the object was rescinded since (rule 4)
 *   free     the target is not allocated (never, or rescinded)
 *   damaged  the target's record is damaged, so nothing can be said
 *   range    the OID is not an object of the type's kind in this store
 *   badtype  the type byte is not in captype.def
 */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include "dump.h"

static const struct {
	const char *name;
	int objkind;
} cap_types[] = {
#define CAPTYPE(NAME, name, objkind, doc) { #name, objkind },
#include "abi/captype.def"
#undef CAPTYPE
};

_Static_assert(sizeof cap_types / sizeof cap_types[0] == CT_COUNT, "cap_type_table");

const char *
dcap_type_name(unsigned type)
{
	return type < CT_COUNT ? cap_types[type].name : "unknown";
}

int
dcap_type_objkind(unsigned type)
{
	return type < CT_COUNT ? cap_types[type].objkind : CK_OBJ_NONE;
}

int
dcap_type_lookup(const char *name)
{
	for (unsigned t = 0; t < CT_COUNT; t++)
		if (!strcmp(cap_types[t].name, name))
			return (int)t;
	return -1;
}

const char *
dcap_status_name(enum cap_status st)
{
	static const char *const names[] = {
		[CS_NONE] = "-", [CS_OK] = "ok", [CS_STALE] = "stale",
		[CS_FREE] = "free", [CS_DAMAGED] = "damaged",
		[CS_RANGE] = "range", [CS_BADTYPE] = "badtype",
	};
	return names[st];
}

static void
eval_node(const dstore_t *s, const cap_t *c, capinfo_t *ci)
{
	dobj_t o;
	int resume = cap_type(c) == CT_RESUME;

	if (dstore_obj(s, c->oid, resume, &o) < 0 || ck_oid_kind(c->oid) != CK_OID_KIND_NODE) {
		ci->st = CS_RANGE;
		return;
	}
	if (o.bad) {
		ci->st = CS_DAMAGED;
		return;
	}
	ci->want = resume && o.allocated ? o.calls : o.count;
	if (!o.allocated)
		ci->st = CS_FREE;
	else
		ci->st = c->count == ci->want ? CS_OK : CS_STALE;
}

static void
eval_page(const dstore_t *s, const cap_t *c, capinfo_t *ci)
{
	dobj_t o;

	if (dstore_obj(s, c->oid, 0, &o) < 0 || ck_oid_kind(c->oid) != CK_OID_KIND_PAGE) {
		ci->st = CS_RANGE;
		return;
	}
	ci->want = o.count;
	if (o.bad)
		ci->st = CS_DAMAGED;
	else if (!o.allocated)
		ci->st = CS_FREE;
	else
		ci->st = c->count == o.count ? CS_OK : CS_STALE;
}

void
dcap_eval(const dstore_t *s, const cap_t *c, capinfo_t *ci)
{
	unsigned t = cap_type(c);

	memset(ci, 0, sizeof *ci);
	if (t >= CT_COUNT) {
		ci->st = CS_BADTYPE;
		return;
	}
	ci->objkind = cap_types[t].objkind;
	if (!s->r)
		ci->st = CS_NONE; /* no store to judge it against */
	else if (ci->objkind == CK_OBJ_NODE)
		eval_node(s, c, ci);
	else if (ci->objkind == CK_OBJ_PAGE)
		eval_page(s, c, ci);
	else
		ci->st = CS_NONE;
}

const char *
dcap_restr_str(unsigned r, char *buf, size_t len)
{
	static const char *const bits[] = { "ro", "weak", "nocall", "opaque" };
	char tmp[48] = "";

	for (unsigned i = 0; i < 8; i++) {
		if (!(r & 1u << i))
			continue;
		if (tmp[0])
			strcat(tmp, ",");
		strcat(tmp, i < 4 ? bits[i] : "?");
	}
	snprintf(buf, len, "%s", tmp[0] ? tmp : "-");
	return buf;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* 16 bytes in on-disk order, as 32 hex digits; spaces and colons skipped. */
int
dcap_parse_hex(const char *s, cap_t *c)
{
	uint8_t b[16];
	unsigned n = 0;

	if (!strncmp(s, "0x", 2))
		s += 2;
	for (; *s; s++) {
		if (*s == ' ' || *s == ':' || *s == '\t')
			continue;
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
		if (hi < 0 || lo < 0 || n == 16)
			return -1;
		b[n++] = (uint8_t)(hi << 4 | lo);
		s++;
	}
	if (n != 16)
		return -1;
	memcpy(c, b, sizeof *c);
	return 0;
}
