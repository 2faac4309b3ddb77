/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * space.c -- walking Space trees, and copying to and from user address
 * spaces by walking them.
 *
 * A tree is read top-down, one capability at a time.  Every capability
 * met has a height: a Page is height 0 and covers 2^12 bytes, a Space
 * capability's badge gives its height h (1..4) and it covers 2^(12+5h)
 * bytes.  Slot i of a height-h node covers the i-th 2^(12+5(h-1))-byte
 * piece of the node's range, and what the slot holds covers the *start*
 * of that piece:
 *
 *   height-4 node (4 GiB)      slot i -> [i * 128 MiB, +128 MiB)
 *     slot 3: Space h=3          slot j -> [j * 4 MiB, +4 MiB)
 *       slot 1: Space h=1          covers only the first 128 KiB
 *         slot 2: Page               covers only the first 4 KiB
 *
 *   so va = 3*128M + 1*4M + 2*4K + x (x < 4096) lands in that page; any
 *   va in the rest of a piece that a smaller child leaves uncovered has
 *   no page.
 *
 * The walk stops at the first of:
 *   Void (or a stale capability, which cap_target voids in place), or an
 *   offset beyond what the capability covers      -> PF_PAGE_NOT_PRESENT
 *   a capability of another type, a Space badge outside 1..4, a height
 *   not below its parent's, or an object that cannot be read
 *                                                  -> PF_BAD_SPACE
 *   a Page                                         -> the page
 *   an object the full object cache cannot take    -> SPACE_NO_ROOM
 * Heights strictly decrease, so a walk visits at most 5 capabilities
 * whatever the tree holds (cycles included: a node may appear on its own
 * path at a smaller height).  A read-only or weak restriction on any
 * capability of the path, the root included, makes the page read-only.
 *
 * Every object of the path stays pinned until the walk is over: the
 * next capability is read from a slot of the node above, and faulting
 * in its target must not evict that node and reuse its body meanwhile.
 *
 * Copying (space_copy_in/out) walks once per page touched and copies
 * through the page bodies in the kernel's direct map: user virtual
 * addresses are never dereferenced, so a bad address is an error value,
 * never a kernel fault.  Copy-out checks every page first, so it either
 * writes all bytes or none.
 */
#include "space.h"
#include "cap.h"

/* Heights met on the way down; H_VOID and H_BAD end the walk. */
enum { H_VOID = -1, H_BAD = -2 };

static int
cap_height(const cap_t *c)
{
	unsigned h;

	switch (cap_type(c)) {
	case CT_VOID:
		return H_VOID;
	case CT_PAGE:
		return 0;
	case CT_SPACE:
		h = cap_badge(c);
		return h >= 1 && h <= SPACE_HEIGHT_MAX ? (int)h : H_BAD;
	default:
		return H_BAD;
	}
}

/* Does something of height h (covering 2^(12+5h) bytes) reach off? */
static bool
in_span(int h, uint32_t off)
{
	return h >= SPACE_HEIGHT_MAX || (off >> SPACE_SPAN_SHIFT(h)) == 0;
}

static bool
restricts_writes(const cap_t *c)
{
	return cap_restr(c) & (CAP_R_RO | CAP_R_WEAK);
}

static struct space_walk
walk_fault(int pf)
{
	return (struct space_walk){ NULL, false, pf };
}

static void
path_add(struct space_path *path, struct obj *o)
{
	require(path->n < SPACE_PATH_MAX);  /* heights strictly decrease */
	path->obj[path->n] = o;
	path->n++;
	objcache_pin(o);
}

void
space_path_release(struct space_path *path)
{
	while (path->n > 0) {
		path->n--;
		objcache_unpin(path->obj[path->n]);
	}
}

/* The object c names, or the fault that ends the walk. */
static int
walk_target(cap_t *c, struct space_path *path, struct obj **out)
{
	struct cap_ret t = cap_target(c);

	if (!t.obj)
		return t.rc == RC_VOID ? PF_PAGE_NOT_PRESENT :
		       t.rc == RC_NO_SPACE ? SPACE_NO_ROOM : PF_BAD_SPACE;
	path_add(path, t.obj);
	*out = t.obj;
	return PF_NONE;
}

struct space_walk
space_walk_path(cap_t *space, uint32_t va, bool write, struct space_path *path)
{
	cap_t *c = space;
	uint32_t off = va;
	bool writable = true;
	int above = SPACE_HEIGHT_MAX + 1;   /* the root may have any height */

	path->n = 0;
	for (;;) {
		int h = cap_height(c);
		if (h == H_VOID)
			return walk_fault(PF_PAGE_NOT_PRESENT);
		if (h == H_BAD || h >= above)
			return walk_fault(PF_BAD_SPACE);
		if (!in_span(h, off))
			return walk_fault(PF_PAGE_NOT_PRESENT);
		writable = writable && !restricts_writes(c);
		struct obj *o;
		int pf = walk_target(c, path, &o);
		if (pf)
			return walk_fault(pf);
		if (h == 0 && write && !writable)
			return walk_fault(PF_PAGE_READ_ONLY);
		if (h == 0)
			return (struct space_walk){ o, writable, PF_NONE };
		unsigned shift = SPACE_SPAN_SHIFT(h - 1);
		c = &obj_node(o)->slot[off >> shift];
		off &= (1u << shift) - 1;
		above = h;
	}
}

struct space_walk
space_walk(cap_t *space, uint32_t va, bool write)
{
	struct space_path path;
	struct space_walk w = space_walk_path(space, va, write, &path);

	space_path_release(&path);
	return w;
}

/* ------------------------------------------------------------- copies */

enum copy_op {
	COPY_IN,        /* space -> buf */
	COPY_OUT_CHECK, /* is every page there and writable? */
	COPY_OUT,       /* buf -> space, dirtying the pages */
};

static int
copy_pages(cap_t *space, uint32_t uva, uint8_t *buf, uint32_t len, enum copy_op op)
{
	if (len && uva + (len - 1) < uva)
		return RC_BAD_ADDRESS;       /* wraps past 4 GiB */
	while (len) {
		uint32_t at = uva & (CK_BLOCK_SIZE - 1);
		uint32_t n = len < CK_BLOCK_SIZE - at ? len : CK_BLOCK_SIZE - at;
		struct space_walk w = space_walk(space, uva, op != COPY_IN);
		if (!w.page)
			return w.fault == SPACE_NO_ROOM ? RC_NO_SPACE : RC_BAD_ADDRESS;
		uint8_t *body = (uint8_t *)w.page->body + at;
		if (op == COPY_IN)
			memcpy(buf, body, n);
		if (op == COPY_OUT) {
			obj_will_modify(w.page);
			memcpy(body, buf, n);
		}
		uva += n;
		buf += n;
		len -= n;
	}
	return RC_OK;
}

int
space_copy_in(cap_t *space, uint32_t uva, void *dst, uint32_t len)
{
	return copy_pages(space, uva, dst, len, COPY_IN);
}

/*
 * Check all, then copy all.  The second pass walks again (a page found
 * by the first may have been evicted meanwhile, being clean); it can
 * fail only if the object cache cannot take the page back, and then
 * reports RC_BAD_ADDRESS with a prefix written.
 */
int
space_copy_out(cap_t *space, uint32_t uva, const void *src, uint32_t len)
{
	/* copy_pages never writes through buf for the out operations */
	uint8_t *buf = (uint8_t *)(uintptr_t)src;
	int rc = copy_pages(space, uva, buf, len, COPY_OUT_CHECK);

	return rc ? rc : copy_pages(space, uva, buf, len, COPY_OUT);
}
