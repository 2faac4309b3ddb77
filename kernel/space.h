/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * space.h -- address spaces: Space trees (the truth) and the hardware
 * mapping cache built from them on demand.
 *
 * An address space is named by a capability: a Space capability whose
 * badge is the tree's height h (1..4; height h spans 2^(12+5h) bytes), or
 * a Page capability for a one-page space at address 0.  Slot i of a
 * height-h node covers [i * 2^(12+5(h-1)), (i+1) * 2^(12+5(h-1))) of the
 * node's span and holds a Space capability of a smaller height (covering
 * the start of that range), a Page capability (covering its first 4096
 * bytes), or Void.  A read-only or weak restriction anywhere on the path
 * makes the page read-only.
 *
 * The mapping cache (mapcache.c) turns tree walks into hardware page
 * table entries.  It is only a cache: it may be dropped at any time, and
 * it is dropped whenever an object it was built from changes (see
 * mapcache_invalidate()).
 */
#ifndef CAIRN_SPACE_H
#define CAIRN_SPACE_H

#include "kernel.h"
#include "obj.h"
#include "abi/cap.h"
#include "abi/process.h"

/* Result of walking a space for one address. */
struct space_walk {
	struct obj *page;       /* the page holding va, or NULL */
	bool writable;          /* no read-only/weak restriction on the path */
	int fault;              /* PF_* (abi/process.h), or SPACE_NO_ROOM, when page is NULL */
};

/* Not a fault of the tree: an object on the path could not be brought
 * into the object cache, which is full (docs/objects.md).  Copies say
 * RC_NO_SPACE; a page fault is retried once the checkpoint made room. */
#define SPACE_NO_ROOM (-1)

/*
 * Walk the tree named by *space for va.  Nodes and the page are faulted
 * in as needed; stale capabilities on the path are voided in place.  A
 * write to a read-only path gives page = NULL, fault = PF_PAGE_READ_ONLY.
 */
struct space_walk space_walk(cap_t *space, uint32_t va, bool write);

/*
 * Copy between kernel memory and the user address space *space, by tree
 * walks (never by touching user addresses, so a bad address is an error
 * and never a kernel fault).  Returns RC_OK, or RC_BAD_ADDRESS if any
 * byte is unmapped (or, for copy-out, read-only).  Copy-out dirties the
 * pages written.
 */
int space_copy_in(cap_t *space, uint32_t uva, void *dst, uint32_t len);
int space_copy_out(cap_t *space, uint32_t uva, const void *src, uint32_t len);

/*
 * The walk behind space_walk(), for the mapping cache: it also records
 * the nodes and the page it went through (root first), pinned so that
 * nothing on the path can be evicted before the mapping built from it is
 * marked.  Whatever the result, the caller releases the path with
 * space_path_release().
 */
#define SPACE_PATH_MAX (SPACE_HEIGHT_MAX + 1)
struct space_path {
	struct obj *obj[SPACE_PATH_MAX];
	unsigned n;
};
struct space_walk space_walk_path(cap_t *space, uint32_t va, bool write,
				  struct space_path *path);
void space_path_release(struct space_path *path);

/* ------------------------------------------------------ mapping cache */

/* One hardware address space (a page directory), owned by a process
 * table entry. */
struct mapctx;

void mapcache_init(void);                 /* boot: page-table pools */
struct mapctx *mapctx_alloc(void);        /* NULL if none is free */
void mapctx_free(struct mapctx *ctx);
void mapctx_activate(struct mapctx *ctx); /* make it the CPU's (CR3);
					     NULL: the kernel's own, no user mappings */
/* A context that mapctx_load may make the CPU's as it is: allocated and
 * not in need of clearing after a flush (else mapctx_activate). */
bool mapctx_ready(const struct mapctx *ctx);
void mapctx_load(struct mapctx *ctx);       /* CR3, for a ready context */
struct mapctx *mapctx_current(void);      /* the one in CR3, always current */

/*
 * Handle a user page fault at va for the space *space: walk the tree
 * and install the mapping in ctx.  Returns 0 when the access can be
 * retried, or the PF_* code to report to the keeper.  A read fault maps
 * the page read-only even when the tree allows writing, so that the
 * first write faults again and dirties the page.  The slot holding
 * *space is not part of the tree: whoever owns it (the process table)
 * keeps its container pinned during the call, and drops ctx's mappings
 * (mapctx_free, or mapcache_flush_all) when that slot changes.
 */
int mapcache_fault(struct mapctx *ctx, cap_t *space, uint32_t va, bool write);

/* What ctx maps at va now (tests, and telling a spurious fault). */
enum mapctx_access { MAPCTX_NONE, MAPCTX_RO, MAPCTX_RW };
enum mapctx_access mapctx_probe(struct mapctx *ctx, uint32_t va);
/* The kernel address of the byte at va, if ctx (or NULL) maps it (and
 * writably, if write): what a walk would find, without walking. */
void *mapctx_user_ptr(struct mapctx *ctx, uint32_t va, bool write);

/*
 * o changed (slot written, rescinded, evicted): drop every mapping that
 * may have been derived from it.  Cheap when o was never used to build
 * a mapping.  Called from obj_invalidate().
 */
void mapcache_invalidate(struct obj *o);

/*
 * One slot of node o changed; *old is what it held.  A walk only passes
 * through slots holding a Space or Page capability, so a slot that held
 * anything else (Void above all: a keeper filling a hole) had no mapping
 * derived through it, and nothing is dropped.  Otherwise as
 * mapcache_invalidate(o).  Called from obj_slot_changed().
 */
void mapcache_slot_changed(struct obj *o, const cap_t *old);

/* Drop every mapping of every context. */
void mapcache_flush_all(void);

struct mapcache_stats {
	uint32_t faults;          /* mapcache_fault calls */
	uint32_t flushes;         /* mapcache_flush_all, for any reason */
	uint32_t invalidations;   /* mapcache_invalidate calls that flushed */
	uint32_t exhaustions;     /* flushes because the table pool ran out */
	uint32_t tables_used, table_pool;
	uint32_t contexts_used, context_pool;
};
void mapcache_stats(struct mapcache_stats *out);

#endif
