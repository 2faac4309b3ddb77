/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cap.h -- the 16-byte capability, as stored in node slots, on disk, in
 * capability registers and in messages.
 *
 * Layout (all fields little-endian, no C bitfields):
 *
 *   byte  0        1        2        3        4 .. 7      8 .. 15
 *       +--------+--------+-----------------+-----------+-------------+
 *       | type   | restr  | badge (16 bits) | count     | OID         |
 *       +--------+--------+-----------------+-----------+-------------+
 *        w0 bits 0-7, 8-15, 16-31              w1          w2,w3
 *
 *   type   a CT_* value from captype.def
 *   restr  CAP_R_* restriction bits (read-only, weak, no-call, opaque)
 *   badge  "key data" delivered to the receiver of a Start capability;
 *          the height of a Space capability; type-specific otherwise
 *   count  the object's allocation count when the capability was made
 *          (for Resume: the callee's call count).  A capability is valid
 *          only while this equals the object's current count.
 *   OID    the object's identifier (CK_OBJ_NODE / CK_OBJ_PAGE types);
 *          unused (zero) for self-contained types.
 *
 * A Number capability keeps its type in byte 0 and holds 96 bits of data
 * in w1..w3 (num[0] = w1, num[1] = w2, num[2] = w3); its restr and badge
 * bytes are zero.
 *
 * Copying a capability is copying these 16 bytes: there is no reference
 * count, list or allocation behind it (docs/design.md rule 3).
 */
#ifndef CAIRN_ABI_CAP_H
#define CAIRN_ABI_CAP_H

#include <stdint.h>
#include <stddef.h>

/* What a capability type's OID field designates. */
enum ck_objkind {
	CK_OBJ_NONE = 0,
	CK_OBJ_NODE = 1,
	CK_OBJ_PAGE = 2,
};

enum cap_type {
#define CAPTYPE(NAME, name, objkind, doc) CT_##NAME,
#include "captype.def"
#undef CAPTYPE
	CT_COUNT
};

/* Restriction bits (the restr byte). */
#define CAP_R_RO      0x01u /* read-only: no writes through it */
#define CAP_R_WEAK    0x02u /* fetches through it return weakened caps */
#define CAP_R_NOCALL  0x04u /* may be invoked with SEND only, never CALL */
#define CAP_R_OPAQUE  0x08u /* holder cannot inspect the object */
#define CAP_R_ALL     0x0fu

typedef struct cap {
	uint32_t w0;    /* type | restr << 8 | badge << 16 */
	uint32_t count; /* allocation count (Number: num[0]) */
	uint64_t oid;   /* object identifier (Number: num[1] | num[2] << 32) */
} cap_t;

_Static_assert(sizeof(cap_t) == 16, "cap_size");
_Static_assert(offsetof(cap_t, w0) == 0, "cap_w0_offset");
_Static_assert(offsetof(cap_t, count) == 4, "cap_count_offset");
_Static_assert(offsetof(cap_t, oid) == 8, "cap_oid_offset");

#define CAP_TYPE_SHIFT   0
#define CAP_TYPE_MASK    0xffu
#define CAP_RESTR_SHIFT  8
#define CAP_RESTR_MASK   0xffu
#define CAP_BADGE_SHIFT  16
#define CAP_BADGE_MASK   0xffffu

static inline unsigned
cap_type(const cap_t *c)
{
	return (c->w0 >> CAP_TYPE_SHIFT) & CAP_TYPE_MASK;
}

static inline unsigned
cap_restr(const cap_t *c)
{
	return (c->w0 >> CAP_RESTR_SHIFT) & CAP_RESTR_MASK;
}

static inline unsigned
cap_badge(const cap_t *c)
{
	return (c->w0 >> CAP_BADGE_SHIFT) & CAP_BADGE_MASK;
}

static inline uint32_t
cap_w0(unsigned type, unsigned restr, unsigned badge)
{
	return ((type & CAP_TYPE_MASK) << CAP_TYPE_SHIFT) |
	       ((restr & CAP_RESTR_MASK) << CAP_RESTR_SHIFT) |
	       ((badge & CAP_BADGE_MASK) << CAP_BADGE_SHIFT);
}

static inline cap_t
cap_make(unsigned type, unsigned restr, unsigned badge, uint32_t count,
	 uint64_t oid)
{
	cap_t c = { cap_w0(type, restr, badge), count, oid };
	return c;
}

static inline cap_t
cap_void(void)
{
	cap_t c = { 0, 0, 0 };
	return c;
}

static inline cap_t
cap_number(uint32_t n0, uint32_t n1, uint32_t n2)
{
	cap_t c = { cap_w0(CT_NUMBER, 0, 0), n0, (uint64_t)n1 | (uint64_t)n2 << 32 };
	return c;
}

/* Number capability data word i (0..2). */
static inline uint32_t
cap_num(const cap_t *c, unsigned i)
{
	if (i == 0)
		return c->count;
	return (uint32_t)(c->oid >> (32 * (i - 1)));
}

static inline void
cap_set_num(cap_t *c, unsigned i, uint32_t v)
{
	if (i == 0) {
		c->count = v;
		return;
	}
	unsigned sh = 32 * (i - 1);
	c->oid = (c->oid & ~((uint64_t)0xffffffffu << sh)) | (uint64_t)v << sh;
}

static inline cap_t
cap_with_restr(cap_t c, unsigned more)
{
	c.w0 |= (more & CAP_R_ALL) << CAP_RESTR_SHIFT;
	return c;
}

static inline int
cap_equal(const cap_t *a, const cap_t *b)
{
	return a->w0 == b->w0 && a->count == b->count && a->oid == b->oid;
}

#endif /* CAIRN_ABI_CAP_H */
