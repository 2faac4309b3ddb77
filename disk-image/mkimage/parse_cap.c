/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse_cap.c -- capabilities in the map language:
 *
 *   cap      := 'void'
 *             | 'number' INT{0,3}
 *             | TYPE [ target ] modifier*
 *   target   := NAME [ '.' MEMBER ]        (types that designate an object)
 *   modifier := 'ro' | 'weak' | 'nocall' | 'opaque'
 *             | 'badge' INT | 'height' INT | 'count' INT
 *
 * TYPE is any lower-case name in kernel/abi/captype.def; the keyword
 * table below is generated from it, so a new capability type is usable
 * in maps the moment it is added there.  Whether a type takes a target
 * comes from the table's objkind column.  Checks that need the target
 * (is it a process? a forwarder node?) happen in link.c.
 */
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/parse_int.h"

static const struct {
	const char *name;
	unsigned type;
	unsigned objkind;
} cap_types[] = {
#define CAPTYPE(NAME, name, objkind, doc) { #name, CT_##NAME, objkind },
#include "abi/captype.def"
#undef CAPTYPE
};

static const struct {
	const char *name;
	unsigned bit;
} cap_restrictions[] = {
	{ "ro", CAP_R_RO },
	{ "weak", CAP_R_WEAK },
	{ "nocall", CAP_R_NOCALL },
	{ "opaque", CAP_R_OPAQUE },
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* "number" INT{0,3}: the remaining words are zero. */
static int
parse_number(struct parser *p, struct capref *r)
{
	for (int i = 0; i < 3 && P_TOK(p)->kind == TK_INT; i++)
		if (p_expect_u32(p, "a 32-bit number", &r->num[i]) < 0)
			return -1;
	if (P_TOK(p)->kind == TK_INT)
		return diag_error(P_TOK(p)->pos, "a number capability holds at most 3 words");
	return 0;
}

/* NAME [ '.' MEMBER ] */
static int
parse_target(struct parser *p, struct capref *r)
{
	r->target_pos = P_TOK(p)->pos;
	if (!(r->target = p_expect_name(p, "the name of the object it designates")))
		return -1;
	if (P_TOK(p)->kind != TK_DOT)
		return 0;
	if (p_next(p) < 0)
		return -1;
	r->member = p_expect_name(p, "a member name (space, capregs) after '.'");
	return r->member ? 0 : -1;
}

static int
parse_badge(struct parser *p, struct capref *r, const char *what)
{
	uint64_t v = 0;

	if (r->has_badge)
		return diag_error(P_TOK(p)->pos, "the badge (or height) is already given");
	if (p_next(p) < 0 || p_expect_int(p, CAP_BADGE_MASK, what, &v) < 0)
		return -1;
	r->badge = (unsigned)v;
	r->has_badge = true;
	return 0;
}

/* One modifier; 1 if the current token is none (nothing consumed). */
static int
parse_modifier(struct parser *p, struct capref *r)
{
	for (size_t i = 0; i < NELEM(cap_restrictions); i++)
		if (p_is_kw(p, cap_restrictions[i].name)) {
			r->restr |= cap_restrictions[i].bit;
			return p_next(p);
		}
	if (p_is_kw(p, "badge"))
		return parse_badge(p, r, "a 16-bit badge");
	if (p_is_kw(p, "height")) {
		if (r->type != CT_SPACE)
			return diag_error(P_TOK(p)->pos, "only a space capability has a height");
		return parse_badge(p, r, "a space height");
	}
	if (p_is_kw(p, "count")) {
		r->has_count = true;
		return p_next(p) < 0 ? -1 : p_expect_u32(p, "a count", &r->count);
	}
	return 1;
}

static int
parse_modifiers(struct parser *p, struct capref *r)
{
	int rc;

	while ((rc = parse_modifier(p, r)) == 0)
		;
	return rc < 0 ? -1 : 0;
}

static int
parse_cap_type(struct parser *p, struct capref *r, unsigned *objkind)
{
	char what[512] = "a capability type (";

	for (size_t i = 0; i < NELEM(cap_types); i++) {
		if (p_is_kw(p, cap_types[i].name)) {
			r->type = cap_types[i].type;
			*objkind = cap_types[i].objkind;
			return p_next(p);
		}
		strncat(what, cap_types[i].name, sizeof what - strlen(what) - 3);
		strncat(what, i + 1 < NELEM(cap_types) ? ", " : ")", sizeof what - strlen(what) - 1);
	}
	return p_expected(p, what);
}

int
parse_cap(struct parser *p, uint32_t node, unsigned slot)
{
	struct capref r = { .pos = P_TOK(p)->pos, .node = node, .slot = slot };
	unsigned objkind = CK_OBJ_NONE;
	int rc;

	if (parse_cap_type(p, &r, &objkind) < 0)
		return -1;
	if (r.type == CT_VOID)
		rc = 0; /* always sixteen zero bytes: no modifiers */
	else if (r.type == CT_NUMBER)
		rc = parse_number(p, &r);
	else if (objkind != CK_OBJ_NONE)
		rc = parse_target(p, &r) < 0 ? -1 : parse_modifiers(p, &r);
	else
		rc = parse_modifiers(p, &r);
	if (rc == 0 && r.has_count && objkind == CK_OBJ_NONE)
		rc = diag_error(r.pos, "'count' applies only to capabilities that designate an object");
	if (rc < 0) {
		free(r.target);
		free(r.member);
		return -1;
	}
	image_add_ref(p->img, &r);
	return 0;
}
