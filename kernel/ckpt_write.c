/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt_write.c -- writing one captured generation to the log while
 * processes run, and copy-on-write for what is not written yet.
 *
 * Capture (in the pause, no I/O).  The object cache swaps its dirty bits
 * and hands over the dirty set (objcache_capture, O(1)): whatever carries
 * obj_held_bit is now held for generation g.  Every dirty node is copied
 * into the staging blocks, seven records a block, ready to seal and
 * write, so the node itself may change at once (OF_COPIED).  Pages are
 * not touched: a page's frame is its held version until the writer has
 * written it or someone copies it aside.  The writer lists and sorts them
 * in its first step, after the pause.
 *
 * Writing (ckw_step, from checkpoint.c's service: trap boundaries, disk
 * completions, the idle loop).  A state machine; each step goes as far
 * as it can without waiting and every phase can be re-entered:
 *
 *   NODES   staged records put in OID order, blocks sealed and written,
 *           up to `run` blocks a request
 *   PAGES   pages in OID order: an all-zero page gets only an entry; the
 *           others are gathered straight from their frames (or their
 *           shadows) into requests of `run` consecutive log blocks; a
 *           frame in flight is OF_IO until its request completes.  The
 *           CPU sums the pages (CRC32C) slower than the drive writes
 *           them under QEMU, so a FLUSH goes out every W_FLUSH_EVERY
 *           blocks: the drive flushes while the CPU sums, and the
 *           commit's own flush finds little left to do
 *   DIR     the directory, back to front, one chunk at a time
 *   FLUSH   once every write has completed: FLUSH CACHE
 *   ROOT    the root, to the slot that does not hold the durable root
 *   SYNC    FLUSH CACHE: committed
 *
 * Up to W_SLOTS requests are in flight, so the drive never waits for the
 * CPU.  Test kernels only: the boot option ckpt_break=root_before_flush
 * drops the FLUSH before the root, so the root may reach the disk before
 * what it names -- to show that the crash harness (docs/crash-testing.md)
 * catches a broken commit order.  A write or flush that fails before the root dooms the
 * generation: the step reports CKW_FAILED once nothing is in flight, and
 * ckw_release(false) puts every captured object back into the dirty set.
 * A failed root write or root flush is retried into the same slot; after
 * CKPT_ROOT_TRIES the machine stops (ckpt_stop).
 *
 * Copy-on-write (ckpt_copy_aside, from objcache_mark_dirty: before any
 * change to a held object that is not OF_COPIED -- a user write
 * fault, a Page write, a rescind, an IPC copy-out, an FPU save):
 *   - a page whose frame is in flight (OF_IO): wait for that request
 *     (polling the drive; the kernel runs with interrupts off): then it
 *     is written and may change;
 *   - otherwise copy it aside into a frame of the reserve (sized at boot:
 *     boot option ckpt.cow_pages, default an eighth of the page pool),
 *     with its allocation count and flags (a rescind changes them too);
 *     the writer writes the shadow and returns the frame;
 *   - with the reserve empty, write it to the log now, as the next block
 *     of the generation, by an urgent request (it waits only for the
 *     request in flight).
 * So no change made after the snapshot reaches generation g, and none
 * made before it is missing (invariant I4); a page is never copied or
 * changed while the drive reads its frame.
 */
#include "ckpt_write.h"
#include "checkpoint.h"
#include "obj.h"
#include "hal.h"
#include "pmem.h"
#include "ckpt/logwrite.h"
#include "ckpt/objstore.h"
#include "ckpt/ckio.h"

#define W_SLOTS 8u
#define W_DIR_CHUNK 32u           /* directory blocks per request */
#define W_STAGE_DEFAULT 512u      /* staging blocks: 3584 nodes */
#define W_RUN_PIO 16u             /* blocks per request by PIO (synchronous) */
#define W_FLUSH_EVERY 2048u       /* blocks written between flushes, while pages go out */
#define CKPT_ROOT_TRIES 3u

enum phase { P_IDLE, P_NODES, P_PAGES, P_DIR, P_FLUSH, P_FLUSHING, P_ROOT, P_SYNC };

struct slot {
	struct ckio_req q;
	struct obj *obj[CKIO_SEGS];   /* the pages whose versions it writes */
	uint32_t nobj;
	bool busy;
};

static struct {
	enum phase phase;
	/* The captured generation. */
	uint32_t *nodes, *pages;          /* struct obj pointers (sort_u32 sorts pages) */
	uint32_t nnodes, npages, max_nodes, max_pages;
	ck_pot_t *stage;
	uint32_t stage_max, stage_used;   /* blocks */
	uint32_t next_block, next_page;
	struct obj *page_list;            /* held pages, until listed in pages[] */
	uint32_t *perm;                   /* staging records in OID order (boot: stage_max * 7) */
	bool nodes_sorted;
	bool sorted;
	ck_dir_block_t *dir;              /* W_DIR_CHUNK blocks */
	uint32_t ndir, dir_to, dir_crc;
	struct slot *dir_slot;
	/* Requests. */
	struct slot slot[W_SLOTS];
	uint32_t run;                     /* blocks per request */
	uint32_t unflushed;               /* blocks submitted since the last flush */
	int err;                          /* the generation is lost */
	unsigned root_tries;
	ck_root_t root __attribute__((aligned(16)));
	uint64_t t0;                      /* the capture */
	uint64_t hold_until;              /* test kernels: ckpt_write_delay_ms */
	uint32_t delay_ms;
	bool break_order;                 /* test kernels: ckpt_break=root_before_flush */
	/* The copy-on-write reserve: one run of frames, the free ones linked
	 * through their first word; for each, the allocation count and flags
	 * of the page copied into it (a rescind changes those too). */
	void *reserve;
	uint8_t *cow_base;
	struct cow_meta { uint32_t count; uint16_t flags; } *cow_meta;
	struct ckw_stats stats;
} w;

static void *
boot_frames(uint32_t bytes)
{
	void *p = pmem_alloc_contig((uint32_t)(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE));

	if (!p)
		panic("ckpt_write: cannot reserve %u bytes at boot", bytes);
	return p;
}

static void
reserve_put(void *frame)
{
	*(void **)frame = w.reserve;
	w.reserve = frame;
}

static struct cow_meta *
meta_of(const void *shadow)
{
	return &w.cow_meta[((const uint8_t *)shadow - w.cow_base) / PAGE_SIZE];
}

static void *
reserve_take(void)
{
	void *f = w.reserve;

	if (f)
		w.reserve = *(void **)f;
	return f;
}

void
ckw_init(void)
{
	uint32_t cow = hal_option_u32("ckpt.cow_pages", objcache_pool_size(OT_PAGE) / 8);

	w.max_nodes = objcache_pool_size(OT_NODE);
	w.max_pages = objcache_pool_size(OT_PAGE);
	w.nodes = boot_frames(w.max_nodes * sizeof *w.nodes);
	w.pages = boot_frames(w.max_pages * sizeof *w.pages);
	w.stage_max = hal_option_u32("ckpt.stage_blocks", W_STAGE_DEFAULT);
	if (w.stage_max == 0)
		w.stage_max = W_STAGE_DEFAULT;
	w.stage = boot_frames(w.stage_max * CK_BLOCK_SIZE);
	w.perm = boot_frames(w.stage_max * CK_NODES_PER_POT * sizeof *w.perm);
	w.dir = boot_frames(W_DIR_CHUNK * CK_BLOCK_SIZE);
	w.run = strcmp(hal_disk_mode(), "DMA") == 0 ? CKIO_SEGS : W_RUN_PIO;
	w.run = hal_option_u32("ckpt.run_blocks", w.run);
	if (w.run == 0 || w.run > CKIO_SEGS)
		w.run = CKIO_SEGS;
	while (cow && !(w.cow_base = pmem_alloc_contig(cow)))
		cow /= 2;
	w.cow_meta = boot_frames((cow ? cow : 1) * sizeof *w.cow_meta);
	for (uint32_t i = cow; i-- > 0;)
		reserve_put(w.cow_base + (size_t)i * PAGE_SIZE);
#ifdef CAIRN_TEST
	w.delay_ms = hal_option_u32("ckpt_write_delay_ms", 0);
	const char *b = hal_option("ckpt_break");
	w.break_order = b && strcmp(b, "root_before_flush") == 0;
	if (b)
		kprintf("ckpt_break=%s: %s\n", b, w.break_order ?
			"TEST ONLY: the directory is not flushed before the root" : "unknown; ignored");
#endif
	kprintf("ckpt: staging %u nodes, %u pages to copy aside, %u KiB per write\n",
		w.stage_max * CK_NODES_PER_POT, cow, w.run * CK_BLOCK_SIZE / 1024);
}

bool
ckw_active(void)
{
	return w.phase != P_IDLE;
}

uint32_t
ckw_nodes(void)
{
	return w.phase != P_IDLE ? w.nnodes : 0;
}

uint32_t
ckw_pages(void)
{
	return w.phase != P_IDLE ? w.npages : 0;
}

uint32_t
ckw_stage_nodes(void)
{
	return w.stage_max * CK_NODES_PER_POT;
}

void
ckw_stats(struct ckw_stats *out)
{
	*out = w.stats;
}

int
ckw_error(void)
{
	return w.err;
}

const ck_root_t *
ckw_root(void)
{
	return &w.root;
}

/* ------------------------------------------------------------ capture */

static struct obj *
obj_at(const uint32_t *a, uint32_t i)
{
	return (struct obj *)(uintptr_t)a[i];
}

static void
capture_nodes(struct obj *o)
{
	uint32_t n = 0;

	for (; o; o = *obj_dlink(o, obj_held_bit), n++) {
		w.stage[n / CK_NODES_PER_POT].node[n % CK_NODES_PER_POT] = *obj_node(o);
		w.nodes[n] = (uint32_t)(uintptr_t)o;
		o->flags |= OF_COPIED;
	}
	w.nnodes = n;
	w.stage_used = (n + CK_NODES_PER_POT - 1) / CK_NODES_PER_POT;
}

static ck_node_t *
staged(uint32_t i)
{
	return &w.stage[i / CK_NODES_PER_POT].node[i % CK_NODES_PER_POT];
}

static bool
staged_before(uint32_t a, uint32_t b)
{
	return staged(a)->oid < staged(b)->oid;
}

/* Put the staged records in OID order (the writer's first step): the
 * log then holds neighbouring nodes together, as their pots do.  perm[k]
 * is the record that goes to place k; each cycle of it is moved once,
 * the places done marked in perm's top bit. */
static void
sort_nodes(void)
{
	const uint32_t done = 0x80000000u;
	ck_node_t tmp;

	for (uint32_t k = 0; k < w.nnodes; k++)
		w.perm[k] = k;
	sort_u32(w.perm, w.nnodes, staged_before);
	for (uint32_t i = 0; i < w.nnodes; i++) {
		if (w.perm[i] & done)
			continue;
		tmp = *staged(i);
		uint32_t j = i;
		while ((w.perm[j] & ~done) != i) {
			uint32_t k = w.perm[j] & ~done;
			*staged(j) = *staged(k);
			w.perm[j] |= done;
			j = k;
		}
		*staged(j) = tmp;
		w.perm[j] |= done;
	}
	w.nodes_sorted = true;
}

/* The held pages in pages[], sorted by OID (the writer's first step). */
static bool
obj_before(uint32_t a, uint32_t b)
{
	return ((struct obj *)(uintptr_t)a)->oid < ((struct obj *)(uintptr_t)b)->oid;
}

static void
list_pages(void)
{
	uint32_t n = 0;

	for (struct obj *o = w.page_list; o; o = *obj_dlink(o, obj_held_bit))
		w.pages[n++] = (uint32_t)(uintptr_t)o;
	require(n == w.npages);
	sort_u32(w.pages, w.npages, obj_before);
	w.sorted = true;
}

void
ckw_capture(uint64_t gen, const ck_root_t *r, bool link, uint32_t tail)
{
	struct obj_dirty d;

	require(w.phase == P_IDLE);
	objcache_capture(&d);
	require(d.nnodes <= ckw_stage_nodes() && d.npages <= w.max_pages);
	capture_nodes(d.nodes);
	w.page_list = d.pages;
	w.npages = d.npages;
	logwrite_begin(r, gen, link, tail);
	w.phase = P_NODES;
	w.next_block = w.next_page = 0;
	w.sorted = w.nodes_sorted = false;
	w.ndir = 0;
	w.dir_slot = NULL;
	w.err = 0;
	w.root_tries = 0;
	w.stats = (struct ckw_stats){ 0 };
	w.unflushed = 0;
	w.t0 = hal_rdtsc();
	w.hold_until = w.delay_ms ? hal_rdtsc() + hal_tsc_hz() / 1000 * w.delay_ms : 0;
}

/* ------------------------------------------------------------ requests */

static void
mark(uint32_t *us)
{
	*us = (uint32_t)((hal_rdtsc() - w.t0) * 1000000 / hal_tsc_hz());
}

static struct slot *
free_slot(void)
{
	for (uint32_t i = 0; i < W_SLOTS; i++)
		if (!w.slot[i].busy)
			return &w.slot[i];
	return NULL;
}

static bool
all_idle(void)
{
	for (uint32_t i = 0; i < W_SLOTS; i++)
		if (w.slot[i].busy)
			return false;
	return true;
}

/* The pages of a completed request: their captured versions are on disk
 * (or lost with the generation); they may change; shadows go back. */
static void
pages_written(struct ckio_req *q)
{
	struct slot *s = q->ctx;

	for (uint32_t i = 0; i < s->nobj; i++) {
		struct obj *o = s->obj[i];
		if (o->shadow) {
			reserve_put(o->shadow);
			o->shadow = NULL;
		}
		o->flags = (uint8_t)((o->flags & ~OF_IO) | OF_COPIED);
	}
}

/* Submit slot s (its segments filled) to log block rel, or to the root. */
static void
submit(struct slot *s, uint32_t rel, bool root)
{
	const ck_root_t *r = objstore_root();

	s->q.done = s->nobj ? pages_written : NULL;
	s->q.ctx = s;
	s->busy = true;
	w.stats.requests++;
	int err = root ? ckio_submit_block(&s->q, rel) : ckio_submit_log(&s->q, &r->geo, rel);
	if (err) {                      /* refused: as if it had failed */
		if (s->nobj)
			pages_written(&s->q);
		s->q.hr.err = err;
		s->q.hr.state = HAL_DISK_DONE;
	}
}

static void
submit_flush(struct slot *s)
{
	s->q.done = NULL;
	s->nobj = 0;
	s->busy = true;
	int err = ckio_submit_flush(&s->q);
	if (err) {
		s->q.hr.err = err;
		s->q.hr.state = HAL_DISK_DONE;
	}
}

/* Free the slots whose requests completed; before the root, the first
 * error dooms the generation. */
static void
collect(void)
{
	for (uint32_t i = 0; i < W_SLOTS; i++) {
		struct slot *s = &w.slot[i];
		if (!s->busy || s->q.hr.state != HAL_DISK_DONE)
			continue;
		s->busy = false;
		if (s->q.hr.err && w.phase < P_ROOT && !w.err)
			w.err = s->q.hr.err;
	}
}

/* ------------------------------------------------------------- phases */

static int
fill_nodes(void)
{
	struct slot *s;

	if (!w.nodes_sorted)
		sort_nodes();
	while (w.next_block < w.stage_used && (s = free_slot())) {
		uint32_t n = w.stage_used - w.next_block < w.run ? w.stage_used - w.next_block : w.run;
		uint32_t rel = logwrite_take(&n);
		if (rel == CK_NO_BLOCK)
			return CK_ELOGFULL;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t b = w.next_block + i;
			uint32_t nrec = b + 1 < w.stage_used ? CK_NODES_PER_POT
							     : w.nnodes - b * CK_NODES_PER_POT;
			int err = logwrite_node_block(&w.stage[b], nrec, rel + i);
			if (err)
				return err;
			s->q.seg[i] = (struct hal_disk_seg){ &w.stage[b], CK_BLOCK_SIZE };
		}
		w.next_block += n;
		s->nobj = 0;
		s->q.nseg = n;
		submit(s, rel, false);
	}
	if (w.next_block == w.stage_used)
		w.phase = P_PAGES;
	return 0;
}

/* The CRC of a page's contents; *zero: they are all zero (one pass over
 * the page but for a zero page's CRC, which is checked again). */
static uint32_t
page_sum(const void *data, bool *zero)
{
	static uint32_t zero_crc;
	uint32_t crc = ck_page_crc(data);

	if (!zero_crc) {
		static const uint8_t zeros[CK_BLOCK_SIZE];
		zero_crc = ck_page_crc(zeros);
	}
	*zero = crc == zero_crc && ck_block_is_zero(data);
	return crc;
}

/* Page o's entry: its held count and flags (a copied-aside page may
 * have been rescinded since), its contents' CRC and block. */
static int
page_entry(const struct obj *o, uint32_t crc, uint32_t rel)
{
	const struct cow_meta *m = o->shadow ? meta_of(o->shadow) : NULL;

	return logwrite_page(o->oid, m ? m->count : o->page_count,
			     m ? m->flags : o->page_flags, crc, rel);
}

/* Page o's held version, all zero: an entry, nothing to write. */
static int
place_zero(struct obj *o, uint32_t crc)
{
	int err = page_entry(o, crc, CK_NO_BLOCK);

	if (o->shadow) {
		reserve_put(o->shadow);
		o->shadow = NULL;
	} else {
		o->page_crc = crc;
	}
	o->flags |= OF_LOGGED | OF_COPIED;
	return err;
}

/* Page o's captured version (data) goes to rel through segment k of s. */
static int
place_page(struct obj *o, void *data, uint32_t crc, struct slot *s, uint32_t k, uint32_t rel)
{
	s->q.seg[k] = (struct hal_disk_seg){ data, CK_BLOCK_SIZE };
	s->obj[k] = o;
	if (!o->shadow) {
		o->page_crc = crc;
		o->flags |= OF_IO;        /* the frame itself goes out */
	}
	o->flags |= OF_LOGGED;
	return page_entry(o, crc, rel);
}

/* One request's worth of pages, from w.next_page on, into s. */
static int
batch_pages(struct slot *s)
{
	uint32_t n = w.run, k = 0;
	uint32_t rel = logwrite_take(&n);
	int err = 0;

	if (rel == CK_NO_BLOCK)
		return CK_ELOGFULL;
	while (!err && k < n && w.next_page < w.npages) {
		struct obj *o = obj_at(w.pages, w.next_page++);
		void *data = o->shadow ? o->shadow : o->body;
		bool zero;
		if (o->flags & OF_LOGGED)
			continue;               /* written early */
		uint32_t crc = page_sum(data, &zero);
		if (zero) {
			err = place_zero(o, crc);
		} else {
			err = place_page(o, data, crc, s, k, rel + k);
			k++;
		}
	}
	logwrite_untake(n - k);
	s->nobj = s->q.nseg = k;
	w.unflushed += k;
	if (k)
		submit(s, rel, false);
	return err;
}

static int
fill_pages(void)
{
	struct slot *s;
	int err = 0;

	if (!w.sorted)
		list_pages();
	while (!err && w.next_page < w.npages && (s = free_slot())) {
		if (w.unflushed >= W_FLUSH_EVERY) {
			submit_flush(s);          /* the commit's flush will have less to do */
			w.unflushed = 0;
			continue;
		}
		err = batch_pages(s);
	}
	if (!err && w.next_page == w.npages) {
		w.phase = P_DIR;
		mark(&w.stats.placed_us);
	}
	return err;
}

/* The directory chunk [from, dir_to) from the back, not wrapping the log. */
static uint32_t
dir_chunk_from(void)
{
	uint32_t from = w.dir_to > W_DIR_CHUNK ? w.dir_to - W_DIR_CHUNK : 0;
	uint32_t last = logwrite_dir_rel(w.dir_to - 1);

	if (last < w.dir_to - 1 - from)        /* the chunk wraps: start at block 0 */
		from = w.dir_to - 1 - last;
	return from;
}

static int
fill_dir(void)
{
	if (w.ndir == 0) {
		int err = logwrite_dir_place(&w.ndir);
		if (err)
			return err;
		w.dir_to = w.ndir;
		w.dir_crc = 0;
	}
	if (w.dir_slot && w.dir_slot->busy)
		return 0;                        /* one chunk at a time: one buffer */
	struct slot *s = free_slot();
	if (!s)
		return 0;
	uint32_t from = dir_chunk_from();
	w.dir_crc = logwrite_dir_fill(from, w.dir_to, w.dir, w.dir_crc);
	for (uint32_t i = 0; i < w.dir_to - from; i++)
		s->q.seg[i] = (struct hal_disk_seg){ &w.dir[i], CK_BLOCK_SIZE };
	s->nobj = 0;
	s->q.nseg = w.dir_to - from;
	submit(s, logwrite_dir_rel(from), false);
	w.dir_slot = s;
	w.dir_to = from;
	if (from == 0)
		w.phase = P_FLUSH;
	return 0;
}

/* Write the root (again, after a failure: the same slot, never the
 * durable root's). */
static void
write_root(void)
{
	struct slot *s = &w.slot[0];

	s->q.seg[0] = (struct hal_disk_seg){ &w.root, CK_BLOCK_SIZE };
	s->q.nseg = 1;
	s->nobj = 0;
	submit(s, w.root.root_slot, true);
	w.phase = P_ROOT;
}

static void
root_failed(int err)
{
	kprintf("ckpt: writing root %c for generation %llu failed: %s; retrying\n",
		'A' + w.root.root_slot, (unsigned long long)w.root.generation, ckio_strerror(err));
	if (++w.root_tries >= CKPT_ROOT_TRIES)
		ckpt_stop("the root cannot be written", err);
	write_root();
}

/* The flush, the root and its flush, each after the last completed. */
static enum ckw_result
commit_steps(void)
{
	struct slot *s = &w.slot[0];

	if (!all_idle())
		return CKW_WAITING;
	switch (w.phase) {
	case P_FLUSH:
		mark(&w.stats.data_us);
		w.phase = P_FLUSHING;
		if (!w.break_order) {
			submit_flush(s);
			return CKW_MOVED;
		}
		__attribute__((fallthrough));     /* test kernels: a broken order */
	case P_FLUSHING:
		mark(&w.stats.flush_us);
		logwrite_root(&w.root, w.dir_crc);
		ckpt_fill_root(&w.root);
		ck_root_seal(&w.root);
		write_root();
		return CKW_MOVED;
	case P_ROOT:
		if (s->q.hr.err) {
			root_failed(s->q.hr.err);
			return CKW_MOVED;
		}
		mark(&w.stats.root_us);
		submit_flush(s);
		w.phase = P_SYNC;
		return CKW_MOVED;
	default:                             /* P_SYNC */
		if (s->q.hr.err) {
			root_failed(s->q.hr.err);
			return CKW_MOVED;
		}
		return CKW_COMMITTED;
	}
}

enum ckw_result
ckw_step(void)
{
	uint32_t before = w.stats.requests;
	int err = 0;

	if (w.phase == P_IDLE)
		return CKW_IDLE;
	collect();
	if (w.err)
		return all_idle() ? CKW_FAILED : CKW_WAITING;
	if (w.hold_until && hal_rdtsc() < w.hold_until)
		return CKW_WAITING;
	w.hold_until = 0;
	if (w.phase == P_NODES)
		err = fill_nodes();
	if (!err && w.phase == P_PAGES)
		err = fill_pages();
	if (!err && w.phase == P_DIR)
		err = fill_dir();
	if (err) {
		w.err = err;
		return all_idle() ? CKW_FAILED : CKW_WAITING;
	}
	if (w.phase >= P_FLUSH)
		return commit_steps();
	return w.stats.requests != before ? CKW_MOVED : CKW_WAITING;
}

void
ckw_release(bool committed)
{
	const uint8_t mask = (uint8_t)(obj_held_bit | OF_COPIED | OF_LOGGED | OF_IO);

	require(all_idle());
	if (!w.sorted)
		list_pages();
	for (uint32_t i = 0; i < w.nnodes; i++) {
		struct obj *o = obj_at(w.nodes, i);
		if (!committed)
			objcache_redirty(o);
		o->flags &= (uint8_t)~mask;
	}
	for (uint32_t i = 0; i < w.npages; i++) {
		struct obj *o = obj_at(w.pages, i);
		if (o->shadow) {
			reserve_put(o->shadow);
			o->shadow = NULL;
		}
		if (!committed)
			objcache_redirty(o);
		o->flags &= (uint8_t)~mask;
	}
	objcache_release();
	w.phase = P_IDLE;
}

/* ---------------------------------------------------------- benchmark */

/* A request of n blocks from the reserve's frames (gathered as the
 * writer gathers pages) into log block rel. */
static void
bench_submit(struct slot *s, uint32_t rel, uint32_t n)
{
	void *f = w.reserve;

	for (uint32_t i = 0; i < n; i++) {
		s->q.seg[i] = (struct hal_disk_seg){ f, CK_BLOCK_SIZE };
		f = *(void **)f ? *(void **)f : w.reserve;
	}
	s->q.nseg = n;
	s->nobj = 0;
	submit(s, rel, false);
}

/* Keep the slots busy until blocks blocks from rel on are written. */
static void
bench_write(uint32_t rel, uint32_t blocks)
{
	uint32_t log_blocks = objstore_root()->geo.log_blocks, done = 0;
	struct slot *s;

	while (done < blocks || !all_idle()) {
		hal_disk_poll();
		collect();
		if (done == blocks || !(s = free_slot()))
			continue;
		uint32_t n = blocks - done < w.run ? blocks - done : w.run;
		n = n < log_blocks - rel ? n : log_blocks - rel;
		bench_submit(s, rel, n);
		rel = (rel + n) % log_blocks;
		done += n;
	}
}

void
ckw_bench_raw(uint32_t blocks, uint32_t *write_us, uint32_t *flush_us)
{
	const ck_root_t *r = objstore_root();
	uint32_t free = logwrite_free_blocks(r);
	uint64_t t0 = hal_rdtsc(), hz = hal_tsc_hz();

	require(w.phase == P_IDLE && w.reserve);
	bench_write(r->log_head, blocks < free ? blocks : free);
	uint64_t t1 = hal_rdtsc();
	ckio_flush();
	uint64_t t2 = hal_rdtsc();
	w.err = 0;
	*write_us = (uint32_t)((t1 - t0) * 1000000 / hz);
	*flush_us = (uint32_t)((t2 - t1) * 1000000 / hz);
}

/* ----------------------------------------------------- copy-on-write */

/* Write page o's captured version now, as the generation's next block. */
static void
write_early(struct obj *o)
{
	bool zero;
	uint32_t n = 1, rel = CK_NO_BLOCK, crc = page_sum(o->body, &zero);
	int err = 0;

	if (!zero && (rel = logwrite_take(&n)) == CK_NO_BLOCK)
		err = CK_ELOGFULL;
	if (!err)
		err = logwrite_page(o->oid, o->page_count, o->page_flags, crc, rel);
	if (!err && !zero)
		err = ckio_log_write(&objstore_root()->geo, rel, 1, o->body);
	if (err && !w.err)
		w.err = err;
	o->page_crc = crc;
	o->flags |= OF_LOGGED | OF_COPIED;
	w.stats.early++;
}

void
ckpt_copy_aside(struct obj *o)
{
	if (o->type == OT_NODE || w.err) {   /* nodes are staged; a lost generation needs nothing */
		o->flags |= OF_COPIED;
		return;
	}
	if (o->flags & OF_IO) {
		w.stats.waited++;
		while (o->flags & OF_IO)
			hal_disk_poll();
	}
	if (o->flags & OF_COPIED)
		return;
	void *f = reserve_take();
	if (!f) {
		write_early(o);
		return;
	}
	memcpy(f, o->body, CK_BLOCK_SIZE);
	*meta_of(f) = (struct cow_meta){ o->page_count, o->page_flags };
	o->shadow = f;
	o->flags |= OF_COPIED;
	w.stats.copied++;
}
