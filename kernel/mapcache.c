/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapcache.c -- the mapping cache: hardware page tables built on demand
 * from Space trees, and thrown away whenever their sources change.
 *
 * Storage.  Page directories (one per context) and page tables come
 * from two fixed pools taken at boot (docs/design.md rule 2: nothing is
 * allocated afterwards).  Page tables are handed out by a bump index
 * and are never freed one by one: a flush gives all of them back at
 * once by resetting the index.  A context freed before that keeps its
 * tables out of use until the next flush; running out of tables is
 * itself a reason to flush (then the fault is retried).
 *
 *   ctx_pool[]   { page directory, gen, used }      MAPCACHE_CONTEXTS
 *   table_pool   page-table frames [0, tables_used) MAPCACHE_TABLES
 *
 * What invalidates what: the chosen "larger set".  A mapping depends on
 * every node of its walk, the page, and the slot holding the root
 * capability (that one is the caller's to watch: see space.h).  Instead of recording which PTE depends on which object,
 * each object a walk went through is *marked* with the current mapping
 * generation (obj->map_gen).  mapcache_invalidate(o) -- called by
 * obj_invalidate() on every slot change, rescind and eviction -- then:
 *
 *   o not marked in this generation  -> nothing depends on it: return
 *   o marked                         -> flush: drop every user mapping
 *                                       of every context
 *
 * A single slot write says what the slot held (mapcache_slot_changed):
 * only a slot that held a Space or Page capability can have had a
 * mapping derived through it, so filling a Void slot -- a keeper
 * mapping a page, a heap growing -- never flushes.
 *
 * A flush is O(1) in the number of contexts and tables: the generation
 * is bumped (unmarking every object at once), the table pool is reset,
 * and only the context in CR3 is cleared now (768 PDEs and a CR3
 * reload).  Every other context still names its old tables, which the
 * reset may hand to someone else, so a context whose gen is older than
 * mapcache_gen is cleared before it is used again (ctx_sync: on
 * activate, fault and probe).  The cost of the larger set is paid in
 * refaults; docs/address-spaces.md has the measured figures.
 *
 * Ordering: the walk pins its path (space_walk_path), so an eviction
 * during the walk cannot drop an object that is already on it; the
 * objects are marked only after any flush the fault itself may cause
 * (out of tables), immediately before the PTE is written, so a mapping
 * never outlives its marks.  A mapped page is thus never evicted
 * silently: its eviction calls obj_invalidate, which flushes.
 *
 * Dirty pages.  A read fault maps the page read-only even where the
 * tree allows writes; a write fault maps it writable and marks it dirty
 * (obj_will_modify) before the PTE exists.  So every page the user can
 * write is dirty, and a clean page is never writable through a PTE.
 *
 * For the checkpoint (copy-on-write).  At the snapshot the dirty pages
 * become held for the generation being written and their mappings must
 * be write-protected: the checkpoint calls mapcache_flush_all(), after
 * which every user write faults into mapcache_fault(write), whose
 * obj_will_modify() copies a held page aside (or waits for its write)
 * before the writable PTE is installed.  A finer
 * mapcache_write_protect_all() (clear W in every PTE of every context)
 * can replace the flush if refault cost shows up.
 */
#include "space.h"
#include "hal.h"
#include "pmem.h"
#include "ipcfast_layout.h"

#define MAPCACHE_CONTEXTS 32u
#define MAPCACHE_TABLES 256u

struct mapctx {
	void *pd;           /* page directory frame */
	uint64_t gen;       /* mapcache_gen its user part was last cleared in */
	bool used;
};

/* The assembly fast path (ipcfast.S) checks and loads a context itself. */
_Static_assert(offsetof(struct mapctx, pd) == CTX_PD, "mapctx_pd");
_Static_assert(offsetof(struct mapctx, gen) == CTX_GEN, "mapctx_gen");

static struct mapctx *ctx_pool;
static uint8_t *table_pool;
static uint32_t tables_used;
/* Global for the assembly fast path, which compares a context's gen
 * and sets the active context as mapctx_ready and mapctx_load do. */
uint64_t mapcache_gen = 1;   /* 64 bits: never wraps */
struct mapctx *mapctx_active;
static struct mapcache_stats stats;

static void *
boot_frames(uint32_t n)
{
	void *p = pmem_alloc_contig(n);

	if (!p)
		panic("mapcache: cannot reserve %u frames at boot", n);
	return p;
}

void
mapcache_init(void)
{
	uint32_t ctx_bytes = MAPCACHE_CONTEXTS * sizeof(struct mapctx);
	uint8_t *pds = boot_frames(MAPCACHE_CONTEXTS);

	ctx_pool = boot_frames(ALIGN_UP(ctx_bytes, PAGE_SIZE) / PAGE_SIZE);
	table_pool = boot_frames(MAPCACHE_TABLES);
	for (uint32_t i = 0; i < MAPCACHE_CONTEXTS; i++) {
		ctx_pool[i].pd = pds + (size_t)i * PAGE_SIZE;
		hal_pgdir_init(ctx_pool[i].pd);
	}
	kprintf("mapcache: %u contexts, %u page tables\n", MAPCACHE_CONTEXTS,
		MAPCACHE_TABLES);
}

/* Clear ctx if a flush happened since it was last cleared. */
static void
ctx_sync(struct mapctx *ctx)
{
	if (ctx->gen == mapcache_gen)
		return;
	hal_pgdir_clear_user(ctx->pd);
	ctx->gen = mapcache_gen;
}

struct mapctx *
mapctx_alloc(void)
{
	for (uint32_t i = 0; i < MAPCACHE_CONTEXTS; i++) {
		struct mapctx *ctx = &ctx_pool[i];
		if (ctx->used)
			continue;
		hal_pgdir_clear_user(ctx->pd);
		ctx->gen = mapcache_gen;
		ctx->used = true;
		return ctx;
	}
	return NULL;
}

void
mapctx_free(struct mapctx *ctx)
{
	require(ctx && ctx->used);
	if (mapctx_active == ctx)
		mapctx_activate(NULL);
	ctx->used = false;
}

void
mapctx_activate(struct mapctx *ctx)
{
	if (ctx) {
		assert(ctx->used);
		if (ctx->gen != mapcache_gen)
			ctx_sync(ctx);
	}
	hal_pgdir_load(ctx ? ctx->pd : NULL);
	mapctx_active = ctx;
}

bool
mapctx_ready(const struct mapctx *ctx)
{
	return ctx && ctx->gen == mapcache_gen;
}

void
mapctx_load(struct mapctx *ctx)
{
	hal_pgdir_load(ctx->pd);
	mapctx_active = ctx;
}

/* The context in CR3; a flush clears it at once, so it is always
 * current (never in need of ctx_sync). */
struct mapctx *
mapctx_current(void)
{
	return mapctx_active;
}

void
mapcache_flush_all(void)
{
	mapcache_gen++;
	tables_used = 0;
	stats.flushes++;
	if (mapctx_active)
		ctx_sync(mapctx_active);
}

void
mapcache_invalidate(struct obj *o)
{
	if (o->map_gen != (uint32_t)mapcache_gen)
		return;
	stats.invalidations++;
	mapcache_flush_all();
}

void
mapcache_slot_changed(struct obj *o, const cap_t *old)
{
	unsigned type = cap_type(old);

	if (type == CT_SPACE || type == CT_PAGE)
		mapcache_invalidate(o);
}

/* Make sure ctx has a page table for va, flushing if the pool is out. */
static void
ensure_table(struct mapctx *ctx, uint32_t va)
{
	if (hal_pgdir_has_table(ctx->pd, va))
		return;
	if (tables_used == MAPCACHE_TABLES) {
		stats.exhaustions++;
		mapcache_flush_all();
		ctx_sync(ctx);
	}
	void *pt = table_pool + (size_t)tables_used++ * PAGE_SIZE;
	memset(pt, 0, PAGE_SIZE);
	hal_pgdir_set_table(ctx->pd, va, pt);
}

/* Install the page the walk found; nothing may flush after the marks. */
static void
install(struct mapctx *ctx, struct space_path *path, uint32_t va,
	struct space_walk w, bool write)
{
	bool rw = write && w.writable;

	ctx_sync(ctx);
	ensure_table(ctx, va);
	for (unsigned i = 0; i < path->n; i++)
		path->obj[i]->map_gen = (uint32_t)mapcache_gen;
	if (rw)
		obj_will_modify(w.page);  /* before the user can write it */
	hal_pte_set(ctx->pd, va, hal_virt_to_phys(w.page->body), rw);
}

int
mapcache_fault(struct mapctx *ctx, cap_t *space, uint32_t va, bool write)
{
	struct space_path path;

	require(ctx && ctx->used);
	stats.faults++;
	if (va >= HAL_USER_TOP)
		return PF_PAGE_NOT_PRESENT;   /* the kernel's part: never mapped */
	struct space_walk w = space_walk_path(space, va, write, &path);
	if (w.page)
		install(ctx, &path, va, w, write);
	space_path_release(&path);
	if (w.fault == SPACE_NO_ROOM)
		return PF_NONE;       /* retried: the checkpoint is due (objcache_get said so) */
	return w.page ? PF_NONE : w.fault;
}

enum mapctx_access
mapctx_probe(struct mapctx *ctx, uint32_t va)
{
	require(ctx && ctx->used);
	ctx_sync(ctx);
	switch (hal_pte_query(ctx->pd, va)) {
	case HAL_PTE_RO: return MAPCTX_RO;
	case HAL_PTE_RW: return MAPCTX_RW;
	default: return MAPCTX_NONE;
	}
}

/* A mapping is as good as a walk: its page is cached and current (a
 * change or an eviction flushes it), and dirty if the mapping is
 * writable (see "Dirty pages" above), so the kernel may write through
 * it as the user would. */
void *
mapctx_user_ptr(struct mapctx *ctx, uint32_t va, bool write)
{
	if (!ctx)
		return NULL;
	if (ctx != mapctx_active && ctx->gen != mapcache_gen)  /* CR3's is always synced */
		ctx_sync(ctx);
	return hal_pte_ptr(ctx->pd, va, write);
}

void
mapcache_stats(struct mapcache_stats *out)
{
	*out = stats;
	out->tables_used = tables_used;
	out->table_pool = MAPCACHE_TABLES;
	out->contexts_used = 0;
	for (uint32_t i = 0; i < MAPCACHE_CONTEXTS; i++)
		out->contexts_used += ctx_pool[i].used;
	out->context_pool = MAPCACHE_CONTEXTS;
}
