/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_oid.c -- OIDs as people type and read them.
 *
 * Accepted forms (docs/cairn-dump.md):
 *
 *   0x100000005     the raw 64-bit OID in hex (kind << 32 | index)
 *   n:5  node:5     node index 5      (index in decimal or 0x hex)
 *   p:12 page:12    page index 12
 *
 * Printed form: "n:5" / "p:12"; an OID of any other kind prints in hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "dump.h"

/* A whole-string unsigned number: decimal, or hex with 0x. */
int
doid_parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

static int
parse_index(const char *s, unsigned kind, uint64_t *oid)
{
	uint64_t i;

	if (doid_parse_u64(s, &i) < 0 || i > CK_OID_INDEX_MASK)
		return -1;
	*oid = ck_oid_make(kind, (uint32_t)i);
	return 0;
}

int
doid_parse(const char *s, uint64_t *oid)
{
	static const struct { const char *prefix; unsigned kind; } forms[] = {
		{ "n:", CK_OID_KIND_NODE }, { "node:", CK_OID_KIND_NODE },
		{ "p:", CK_OID_KIND_PAGE }, { "page:", CK_OID_KIND_PAGE },
	};

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		size_t n = strlen(forms[i].prefix);
		if (!strncmp(s, forms[i].prefix, n))
			return parse_index(s + n, forms[i].kind, oid);
	}
	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		return -1;
	return doid_parse_u64(s, oid);
}

const char *
doid_name(uint64_t oid, char *buf, size_t len)
{
	unsigned k = ck_oid_kind(oid);

	if (k == CK_OID_KIND_NODE || k == CK_OID_KIND_PAGE)
		snprintf(buf, len, "%c:%u", k == CK_OID_KIND_NODE ? 'n' : 'p',
			 ck_oid_index(oid));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)oid);
	return buf;
}
