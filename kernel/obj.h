/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * obj.h -- in-memory objects: the object cache's header for a cached
 * Node or Page, and the interface of the cache (objcache.c).
 *
 * A cached object is a header (struct obj) in one of two pools, pointing
 * at its body: a ck_node_t in the node pool (the same bytes as on disk)
 * or a 4096-byte frame in the page pool.  The header is found by OID
 * through a hash table.  Nothing else in the kernel owns objects: the
 * cache may drop any clean, unpinned object at any time, and everything
 * derived from an object (mappings, a loaded process) is rebuilt from
 * it on demand.
 *
 * Flags:
 *   OF_DIRTY_A, OF_DIRTY_B  changed since last written.  Two bits, used
 *              in turn: obj_dirty_bit is the one of the generation being
 *              accumulated, set by obj_will_modify(), which every change
 *              to an object's bytes, counts or flags calls BEFORE making
 *              the change; it also puts the object on that generation's
 *              dirty list (linked through dnext[] by the same bit), which
 *              is what a checkpoint writes (never a scan of the cache).
 *              The snapshot swaps the bits (objcache_capture): whatever
 *              carries the other bit, obj_held_bit, now belongs to the
 *              generation being written -- held in memory (never evicted,
 *              since a fault could only find an older version on disk)
 *              until it commits and the writer clears the bit.  So the
 *              snapshot costs the same whatever is dirty, and an object
 *              may be held (its version of generation g being written)
 *              and dirty again (for g+1) at once.  Never evicted while
 *              either bit is set.
 *   OF_COPIED  (held) the held version no longer lives in the object: a
 *              node copied into the writer's staging, a page copied aside
 *              (shadow) or already written -- so the object may change.
 *              A change to a held object without it first saves the held
 *              version (copy-on-write, in objcache_mark_dirty;
 *              kernel/ckpt_write.c)
 *   OF_IO      (held pages) the frame itself is in a log write in flight:
 *              it must not change until the write completes
 *   OF_LOGGED  (held pages) the writer has placed its held version
 *   OF_REF     used since the clock hand last passed (second chance)
 *   OF_CAPREGS the capability-register node of a loaded process
 */
#ifndef CAIRN_OBJ_H
#define CAIRN_OBJ_H

#include "kernel.h"
#include "ckpt/format.h"

struct proc;

enum obj_type {
	OT_NODE = CK_OID_KIND_NODE,
	OT_PAGE = CK_OID_KIND_PAGE,
};

#define OF_DIRTY_A 0x01u
#define OF_IO     0x02u
#define OF_DIRTY_B 0x04u
#define OF_DIRTY_ANY (OF_DIRTY_A | OF_DIRTY_B)
#define OF_REF    0x08u
#define OF_CAPREGS 0x10u /* capability registers of a loaded process */
#define OF_COPIED 0x20u
#define OF_LOGGED 0x40u
#define OF_FREE   0x80u /* header is on its pool's free list */

struct obj {
	uint64_t oid;
	struct obj *hnext;      /* hash chain, or free list */
	void *body;             /* ck_node_t * or page frame */
	uint8_t type;           /* enum obj_type */
	uint8_t flags;          /* OF_* */
	uint16_t page_flags;    /* pages: CK_TF_* (nodes keep theirs in the body) */
	uint16_t pins;          /* holders that need it in memory: never evicted while > 0 */
	uint32_t page_count;    /* pages: allocation count (nodes: in the body) */
	uint32_t page_crc;      /* pages: CRC of the contents when last clean */
	struct proc *proc;      /* the loaded process whose root this is, or NULL */
	uint32_t map_gen;       /* mapping generation it last built a mapping in (mapcache.c) */
	struct obj *dnext[2];   /* dirty list links: [0] by OF_DIRTY_A, [1] by OF_DIRTY_B */
	void *shadow;           /* pages, OF_CKPT: its captured version copied aside, or NULL */
};

/* Errors of cache operations (negative; 0 is success). */
enum obj_err {
	OBJ_OK = 0,
	OBJ_ERR_RANGE = -1,    /* OID outside the store */
	OBJ_ERR_IO = -2,       /* the disk failed */
	OBJ_ERR_DAMAGED = -3,  /* CRC or identity check failed: never used */
	OBJ_ERR_FULL = -4,     /* pool full of dirty or pinned objects */
	OBJ_ERR_NOSTORE = -5,  /* no store is open */
};

struct obj_ret {
	struct obj *obj;
	int err;
};

static inline ck_node_t *
obj_node(const struct obj *o)
{
	return o->body;
}

static inline uint32_t
obj_alloc_count(const struct obj *o)
{
	return o->type == OT_NODE ? obj_node(o)->alloc_count : o->page_count;
}

/* objcache.c */
void objcache_init(void);
struct obj *objcache_lookup(uint64_t oid);       /* cached only, or NULL */
struct obj_ret objcache_get(uint64_t oid);       /* fault in if needed */
void objcache_mark_dirty(struct obj *o);

/* The dirty bit of the generation being accumulated, and the bit of the
 * one being written (0 while none is). */
extern uint8_t obj_dirty_bit, obj_held_bit;

/* Call before changing o's body, counts or flags: o joins the dirty set
 * of the generation being accumulated (and a held version it still
 * carries is saved first). */
static inline __attribute__((always_inline)) void
obj_will_modify(struct obj *o)
{
	if (unlikely(!(o->flags & obj_dirty_bit)))
		objcache_mark_dirty(o);
}

/* Changed since the last snapshot? */
static inline bool
obj_dirty(const struct obj *o)
{
	return o->flags & obj_dirty_bit;
}

/* The dirty-list link that goes with dirty bit bit. */
static inline struct obj **
obj_dlink(struct obj *o, uint8_t bit)
{
	return &o->dnext[bit == OF_DIRTY_B];
}

/* The dirty set: two lists (nodes, pages) and their lengths. */
struct obj_dirty {
	struct obj *nodes, *pages;
	uint32_t nnodes, npages;
};
const struct obj_dirty *objcache_dirty_set(void);
/* The snapshot: the dirty set is handed over (*out; its lists linked by
 * obj_held_bit from now on) and a new, empty one begins.  O(1). */
void objcache_capture(struct obj_dirty *out);
/* The held objects are committed, or undone (each rejoins the dirty set
 * by objcache_redirty first); the caller has cleared their held bits. */
void objcache_release(void);
void objcache_redirty(struct obj *o);
/* Room: objects that may still be dirtied before a pool could fill up
 * with dirty, held or pinned objects (pinned counted at their bound). */
uint32_t objcache_dirty_room(enum obj_type type);
uint32_t objcache_pool_size(enum obj_type type);
bool objcache_evict(struct obj *o);              /* drop one clean object */
const char *obj_strerror(int err);

/* Pins: while o->pins > 0 the object is never evicted.  Inline: the
 * invocation path pins every object it invokes. */
static inline void
objcache_pin(struct obj *o)
{
	require(o->pins < UINT16_MAX);
	o->pins++;
}

static inline void
objcache_unpin(struct obj *o)
{
	require(o->pins > 0);    /* pins and unpins pair up */
	o->pins--;
}

struct objcache_stats {
	uint32_t faults, evictions, probes, lookups, damaged;
	uint32_t nodes_used, node_pool, pages_used, page_pool;
	uint32_t hash_buckets, dirty;
	uint32_t dirty_nodes, dirty_pages;
};
void objcache_stats(struct objcache_stats *out);

/* Walk every cached object and validate it; panics naming the object
 * and the check that failed.  Returns the number of objects checked. */
unsigned check_consistency(const char *when);
const char *node_validate(const struct obj *o);
const char *page_validate(const struct obj *o);

/* o's contents changed (a slot written) or it is leaving the cache:
 * drop the mappings derived from it. */
void obj_invalidate(struct obj *o);
/* One slot of node o changed; *old is what it held (cheaper: see
 * mapcache_slot_changed). */
void obj_slot_changed(struct obj *o, const cap_t *old);
/* Write c into slot of node o, with the bookkeeping every slot write
 * needs (node.c); o must not be a loaded process's root. */
void node_set_slot(struct obj *o, unsigned slot, cap_t c);
/* o is being rescinded: drop everything derived from it, including a
 * process loaded from it or using it as capability registers. */
void obj_destroy_derived(struct obj *o);

#endif
