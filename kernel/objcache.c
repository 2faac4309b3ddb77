/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * objcache.c -- the object cache: OID -> in-memory Node or Page.
 *
 * This is what makes the kernel a single-level store.  Any OID can be
 * asked for; if it is not cached it is faulted in from the store
 * (objstore.c: its home location, and later the checkpoint log), its CRC
 * checked, and it stays until evicted.
 *
 *   hash[]  --->  struct obj --hnext--> struct obj ...
 *                    | body
 *                    v
 *   node pool:  ck_node_t[node_pool]    (header i <-> body i)
 *   page pool:  frames from pmem         (one per header)
 *
 * Both pools and the bucket array are sized once at boot from physical
 * memory (boot options objcache.nodes=N and objcache.pages=N override,
 * for tests).  No operation allocates afterwards (docs/design.md rule 2): a
 * fault takes a free header or evicts a clean, unpinned one with a
 * clock (second-chance) sweep.  Dirty objects are never evicted: only a
 * checkpoint makes them clean.  They are kept on two dirty lists (nodes,
 * pages), so the checkpoint's work is proportional to what is dirty.  At
 * the snapshot the lists are handed to the checkpoint (objcache_capture)
 * and fresh ones begin; the captured objects are held until their
 * generation commits (objcache_release).  The checkpoint keeps a pool
 * from filling up with dirty and held objects: it asks
 * objcache_dirty_room() and runs (or holds a trap back) before a trap
 * could need more (kernel/checkpoint.c); if a pool still holds nothing
 * but dirty, held or pinned objects the fault fails with OBJ_ERR_FULL.
 *
 * Invariants: a header is either on its pool's free list (OF_FREE, not
 * hashed) or hashed under its OID exactly once; a damaged object is
 * never hashed.
 */
#include "obj.h"
#include "ckpt/objstore.h"
#include "pmem.h"
#include "hal.h"
#include "space.h"
#include "proc.h"
#include "checkpoint.h"
#include "forwarder.h"

struct pool {
	struct obj *hdr;        /* headers */
	uint32_t size, used;
	struct obj *free;       /* free list through hnext */
	uint32_t hand;          /* clock hand */
};

static struct pool node_pool, page_pool;
static struct obj_dirty dirty;
static struct obj_dirty held;     /* counts only: captured, not yet committed */
uint8_t obj_dirty_bit = OF_DIRTY_A, obj_held_bit;
static struct obj **hash;
static uint32_t hash_mask;
static struct objcache_stats stats;

#define HASH_MULT 0x9e3779b97f4a7c15ull

static inline uint32_t
hash_index(uint64_t oid)
{
	return (uint32_t)((oid * HASH_MULT) >> 32) & hash_mask;
}

/* Contiguous boot-time memory for the pools' arrays. */
static void *
boot_array(size_t bytes)
{
	void *p = pmem_alloc_contig((uint32_t)(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE));

	if (!p)
		panic("objcache: cannot reserve %u bytes at boot", (unsigned)bytes);
	return p;
}

/* A pool size from a boot option; 0 or a malformed value: the default. */
static uint32_t
option_size(const char *key, uint32_t dflt)
{
	uint32_t n = hal_option_u32(key, dflt);
	return n ? n : dflt;
}

static void
pool_init(struct pool *p, uint32_t size, enum obj_type type)
{
	p->size = size;
	p->hdr = boot_array(size * sizeof(struct obj));
	ck_node_t *bodies = type == OT_NODE ? boot_array(size * sizeof(ck_node_t)) : NULL;
	for (uint32_t i = size; i-- > 0;) {
		struct obj *o = &p->hdr[i];
		o->type = (uint8_t)type;
		o->flags = OF_FREE;
		o->body = bodies ? (void *)&bodies[i] : pmem_alloc();
		require(o->body);
		o->hnext = p->free;
		p->free = o;
	}
}

void
objcache_init(void)
{
	uint32_t frames = pmem_free_count();
	/* Defaults: a quarter of memory for nodes, three eighths for pages;
	 * the rest stays free for page tables, the process table, stacks
	 * and the checkpoint's buffers. */
	uint32_t nodes = option_size("objcache.nodes",
				    frames / 4 * PAGE_SIZE / (sizeof(ck_node_t) + sizeof(struct obj)));
	uint32_t pages = option_size("objcache.pages", frames / 8 * 3);
	uint32_t buckets = 1;

	while (buckets < nodes + pages)
		buckets <<= 1;
	hash = boot_array(buckets * sizeof *hash);
	hash_mask = buckets - 1;
	pool_init(&node_pool, nodes, OT_NODE);
	pool_init(&page_pool, pages, OT_PAGE);
	stats.hash_buckets = buckets;
	kprintf("objcache: %u nodes, %u pages, %u hash buckets\n", nodes, pages, buckets);
}

static struct pool *
pool_of(unsigned type)
{
	return type == OT_NODE ? &node_pool : &page_pool;
}

static struct obj *
hash_find(uint64_t oid)
{
	for (struct obj *o = hash[hash_index(oid)]; o; o = o->hnext) {
		stats.probes++;
		if (o->oid == oid)
			return o;
	}
	return NULL;
}

/*
 * The lookaside: a direct-mapped table, indexed by the low bits of the
 * OID, of objects found recently.  A hit costs a load and a compare
 * instead of a 64-bit hash and a chain; the IPC fast path's forwarders,
 * every space walk and every capability check use it.  Invariant: an
 * entry is NULL or a hashed (cached) object -- hash_remove clears the
 * entry of an object it unhashes.
 */
#define RECENT_SIZE 256u
static struct obj *recent[RECENT_SIZE];

static inline struct obj **
recent_slot(uint64_t oid)
{
	return &recent[(uint32_t)oid & (RECENT_SIZE - 1)];
}

struct obj *
objcache_lookup(uint64_t oid)
{
	struct obj **r = recent_slot(oid), *o = *r;

	stats.lookups++;
	if (unlikely(!o || o->oid != oid)) {
		o = hash_find(oid);
		if (!o)
			return NULL;
		*r = o;
	}
	o->flags |= OF_REF;
	return o;
}

static void
hash_remove(struct obj *o)
{
	struct obj **pp = &hash[hash_index(o->oid)];

	if (*recent_slot(o->oid) == o)
		*recent_slot(o->oid) = NULL;
	while (*pp != o) {
		require(*pp);   /* a cached object is hashed */
		pp = &(*pp)->hnext;
	}
	*pp = o->hnext;
}

static void
pool_release(struct pool *p, struct obj *o)
{
	o->flags = OF_FREE;
	o->oid = 0;
	o->hnext = p->free;
	p->free = o;
	p->used--;
}

bool
objcache_evict(struct obj *o)
{
	if (o->pins || (o->flags & (OF_DIRTY_ANY | OF_FREE)))
		return false;
	obj_invalidate(o);
	hash_remove(o);
	pool_release(pool_of(o->type), o);
	stats.evictions++;
	return true;
}

/* Clock sweep: give each referenced object a second chance. */
static struct obj *
pool_sweep(struct pool *p)
{
	for (uint32_t n = 0; n < 2 * p->size; n++) {
		struct obj *o = &p->hdr[p->hand];
		p->hand = p->hand + 1 == p->size ? 0 : p->hand + 1;
		if (o->flags & OF_REF) {
			o->flags &= (uint8_t)~OF_REF;
			continue;
		}
		if (objcache_evict(o))
			return p->free;
	}
	return NULL;
}

static struct obj *
pool_take(struct pool *p)
{
	struct obj *o = p->free ? p->free : pool_sweep(p);

	if (!o)
		return NULL;
	p->free = o->hnext;
	p->used++;
	o->flags = 0;
	o->pins = 0;
	o->shadow = NULL;
	return o;
}

static int
fetch(struct obj *o)
{
	if (o->type == OT_NODE)
		return objstore_read_node(o->oid, obj_node(o));
	return objstore_read_page(o->oid, o->body, &o->page_count,
				  &o->page_flags, &o->page_crc);
}

struct obj_ret
objcache_get(uint64_t oid)
{
	struct obj *o = objcache_lookup(oid);
	unsigned kind = ck_oid_kind(oid);

	if (o)
		return (struct obj_ret){ o, OBJ_OK };
	if (!objstore_in_range(oid))
		return (struct obj_ret){ NULL, OBJ_ERR_RANGE };
	struct pool *p = pool_of(kind);
	o = pool_take(p);
	if (!o) {
		/* The checkpoint keeps room for any one trap, so this is a
		 * bug or an unforeseen pin: say so, and clean up soon. */
		kprintf("objcache: %s pool full of dirty or pinned objects\n",
			kind == OT_NODE ? "node" : "page");
		ckpt_due |= CKPT_DUE_PRESSURE;
		return (struct obj_ret){ NULL, OBJ_ERR_FULL };
	}
	o->oid = oid;
	o->proc = NULL;
	int err = fetch(o);
	if (err) {
		if (err == OBJ_ERR_DAMAGED)
			stats.damaged++;
		pool_release(p, o);
		return (struct obj_ret){ NULL, err };
	}
	stats.faults++;
	uint32_t h = hash_index(oid);
	o->hnext = hash[h];
	hash[h] = o;
	o->flags |= OF_REF;
	return (struct obj_ret){ o, OBJ_OK };
}

static void
dirty_add(struct obj *o)
{
	o->flags |= obj_dirty_bit;
	if (o->type == OT_NODE) {
		*obj_dlink(o, obj_dirty_bit) = dirty.nodes;
		dirty.nodes = o;
		dirty.nnodes++;
	} else {
		*obj_dlink(o, obj_dirty_bit) = dirty.pages;
		dirty.pages = o;
		dirty.npages++;
	}
}

void
objcache_mark_dirty(struct obj *o)
{
	if ((o->flags & obj_held_bit) && !(o->flags & OF_COPIED))
		ckpt_copy_aside(o);     /* copy-on-write: the held version first */
	dirty_add(o);
	ckpt_dirtied(dirty.nnodes, dirty.npages);
}

void
objcache_redirty(struct obj *o)
{
	if (!(o->flags & obj_dirty_bit))
		dirty_add(o);
}

const struct obj_dirty *
objcache_dirty_set(void)
{
	return &dirty;
}

void
objcache_capture(struct obj_dirty *out)
{
	require(!obj_held_bit);           /* one generation written at a time */
	*out = dirty;
	held.nnodes = dirty.nnodes;
	held.npages = dirty.npages;
	dirty = (struct obj_dirty){ 0 };
	obj_held_bit = obj_dirty_bit;
	obj_dirty_bit ^= OF_DIRTY_ANY;
}

void
objcache_release(void)
{
	held = (struct obj_dirty){ 0 };
	obj_held_bit = 0;
}

/* Pinned objects, at most: a loaded process pins its root, its register
 * node and its annex page; a trap pins a space walk's path and a few
 * invoked objects on top. */
#define PINNED_NODES_MAX (2 * PROC_TABLE_SIZE + 32)
#define PINNED_PAGES_MAX (PROC_TABLE_SIZE + 16)

uint32_t
objcache_pool_size(enum obj_type type)
{
	return type == OT_NODE ? node_pool.size : page_pool.size;
}

uint32_t
objcache_dirty_room(enum obj_type type)
{
	uint32_t size = type == OT_NODE ? node_pool.size : page_pool.size;
	uint32_t used = type == OT_NODE ? dirty.nnodes + held.nnodes + PINNED_NODES_MAX
					: dirty.npages + held.npages + PINNED_PAGES_MAX;

	return used < size ? size - used : 0;
}

void
objcache_stats(struct objcache_stats *out)
{
	*out = stats;
	out->nodes_used = node_pool.used;
	out->node_pool = node_pool.size;
	out->pages_used = page_pool.used;
	out->page_pool = page_pool.size;
	out->dirty_nodes = dirty.nnodes;
	out->dirty_pages = dirty.npages;
	out->dirty = dirty.nnodes + dirty.npages;
}

const char *
obj_strerror(int err)
{
	switch (err) {
	case OBJ_OK: return "ok";
	case OBJ_ERR_RANGE: return "OID out of range";
	case OBJ_ERR_IO: return "disk I/O error";
	case OBJ_ERR_DAMAGED: return "object damaged (CRC or identity mismatch)";
	case OBJ_ERR_FULL: return "object cache full of dirty or pinned objects";
	case OBJ_ERR_NOSTORE: return "no store";
	default: return "unknown error";
	}
}

/*
 * Derived state.  The mapping cache may have built page-table entries
 * from o; a loaded process may be cached from o (its root) or use o as
 * its capability registers.  Slot writes and eviction drop mappings
 * (a loaded process pins its root and register nodes, and its annex
 * page once it uses the FPU, so they are never evicted); rescind also
 * unloads the processes involved, or takes the annex page from them.
 */
void
obj_invalidate(struct obj *o)
{
	mapcache_invalidate(o);
}

/* One slot of node o changed from *old: as obj_invalidate, but the
 * mapping cache can tell from old that nothing was derived through the
 * slot.  Keep in step with obj_invalidate. */
void
obj_slot_changed(struct obj *o, const cap_t *old)
{
	mapcache_slot_changed(o, old);
}

void
obj_destroy_derived(struct obj *o)
{
	obj_invalidate(o);
	if (o->proc)
		proc_drop(o->proc);
	if (o->flags & OF_CAPREGS)
		proc_unload_users_of(o);
	if (o->type == OT_PAGE && o->pins)
		proc_annex_gone(o);      /* a pinned page may be an annex */
	fwd_gone(o);                 /* its waiters, if a blocked forwarder, go on */
}

/* ------------------------------------------------------- consistency */

static void
check_pool(const struct pool *p, const char *when, unsigned *n)
{
	uint32_t used = 0;

	for (uint32_t i = 0; i < p->size; i++) {
		const struct obj *o = &p->hdr[i];
		if (o->flags & OF_FREE)
			continue;
		used++;
		if (hash_find(o->oid) != o)
			panic("check_consistency(%s): %#llx cached but not hashed",
			      when, (unsigned long long)o->oid);
		const char *why = o->type == OT_NODE ? node_validate(o) : page_validate(o);
		if (why)
			panic("check_consistency(%s): object %#llx: %s",
			      when, (unsigned long long)o->oid, why);
		(*n)++;
	}
	if (used != p->used)
		panic("check_consistency(%s): pool count %u != %u in use",
		      when, p->used, used);
}

unsigned
check_consistency(const char *when)
{
	unsigned n = 0;

	check_pool(&node_pool, when, &n);
	check_pool(&page_pool, when, &n);
	return n;
}
