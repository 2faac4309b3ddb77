/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * format.c -- pure functions over the on-disk format: CRC32C, sealing and
 * checking records, the store geometry, OID -> home arithmetic, and root
 * selection.  Built unchanged into the kernel and the host tools; it does
 * no I/O and keeps no state beyond the CRC tables.
 *
 * Geometry: for a store of T blocks, after the two roots,
 *   log   = as asked, or T / 8 blocks clamped to
 *           [CK_MIN_LOG_BLOCKS, CK_DEFAULT_LOG_MAX]; at most T / 2
 *   pots  = a quarter of what is left
 *   pages = the rest, one tag block per CK_TAGS_PER_BLOCK frames.
 * The numbers are recorded in every root, so a later change of policy
 * never moves an existing store's objects.
 */
#include "format.h"
#ifdef CAIRN_HOST
#include "crc32c_hw.h"
#endif

#define CK_MIN_BLOCKS 64u

/* ------------------------------------------------------------- CRC32C */

#define CRC32C_POLY 0x82f63b78u /* reflected Castagnoli polynomial */

/*
 * Table-driven, eight bytes a step: crc_table[t][b] is the CRC of byte b
 * followed by t zero bytes; crc_wide[t][x] combines two of those for the
 * 16-bit value x, so a step takes four lookups instead of eight (under
 * QEMU's TCG the checkpoint writer's time goes mostly into summing its
 * pages, and this roughly halves it; 1 MiB of tables).
 */
static uint32_t crc_table[8][256];
static uint32_t crc_wide[4][65536];
static int crc_ready;

static void
crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^
					  crc_table[0][crc_table[t - 1][i] & 0xff];
	for (uint32_t x = 0; x < 65536; x++)
		for (int t = 0; t < 4; t++)
			crc_wide[t][x] = crc_table[2 * t + 1][x & 0xff] ^ crc_table[2 * t][x >> 8];
	crc_ready = 1;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC32C, eight bytes a step.  crc is the running value: start with 0. */
uint32_t
ck_crc32c_portable(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc_ready)
		crc_init();
	crc = ~crc;
	while (len && ((uintptr_t)p & 3)) {
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
		len--;
	}
	for (; len >= 8; p += 8, len -= 8) {
		uint32_t lo = crc ^ le32(p), hi = le32(p + 4);
		crc = crc_wide[3][lo & 0xffff] ^ crc_wide[2][lo >> 16] ^
		      crc_wide[1][hi & 0xffff] ^ crc_wide[0][hi >> 16];
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

/* The host tools use the CPU's CRC32C instruction when there is one
 * (crc32c_hw.c: cairn-dump's check sums every page of the store); the
 * kernel keeps the portable version. */
uint32_t
ck_crc32c(uint32_t crc, const void *buf, size_t len)
{
#ifdef CAIRN_HOST
	if (ck_crc32c_hw_ok())
		return ck_crc32c_hw(crc, buf, len);
#endif
	return ck_crc32c_portable(crc, buf, len);
}

/* CRC of a record of len bytes whose 4-byte checksum field is at crc_off. */
static uint32_t
crc_skipping(const void *rec, size_t len, size_t crc_off)
{
	static const uint32_t zero;
	const uint8_t *p = rec;
	uint32_t crc = ck_crc32c(0, p, crc_off);

	crc = ck_crc32c(crc, &zero, sizeof zero);
	return ck_crc32c(crc, p + crc_off + 4, len - crc_off - 4);
}

uint32_t
ck_node_crc(const ck_node_t *n)
{
	return crc_skipping(n, sizeof *n, offsetof(ck_node_t, crc));
}

void
ck_node_seal(ck_node_t *n)
{
	n->crc = ck_node_crc(n);
}

uint32_t
ck_root_crc(const ck_root_t *r)
{
	return crc_skipping(r, sizeof *r, offsetof(ck_root_t, crc));
}

void
ck_root_seal(ck_root_t *r)
{
	r->crc = ck_root_crc(r);
}

uint32_t
ck_tag_crc(const ck_tag_t *t, uint32_t page_index)
{
	uint32_t crc = ck_crc32c(0, t, offsetof(ck_tag_t, tag_crc));

	return ck_crc32c(crc, &page_index, sizeof page_index);
}

void
ck_tag_seal(ck_tag_t *t, uint32_t page_index)
{
	t->tag_crc = ck_tag_crc(t, page_index);
}

const char *
ck_tag_block_check(const ck_tag_block_t *t, uint32_t tag_block_index)
{
	if (t->magic != CK_TAG_MAGIC)
		return ck_block_is_zero(t) ? "tag block is all zero (lost write or damage)"
					   : "tag block has a bad magic number";
	if (t->index != tag_block_index)
		return "tag block holds another index";
	if (!ck_is_zero(t->reserved, sizeof t->reserved))
		return "tag block: reserved field not zero";
	return 0;
}

const char *
ck_tag_check(const ck_tag_block_t *t, uint32_t tag_block_index, unsigned e, uint32_t j)
{
	const ck_tag_t *tag = &t->tag[e];
	const char *why = ck_tag_block_check(t, tag_block_index);

	if (why)
		return why;
	if (tag->tag_crc != ck_tag_crc(tag, j))
		return "tag CRC mismatch";
	if (tag->flags & ~CK_TF_ALL)
		return "tag has unknown flags";
	if (tag->reserved0)
		return "tag: reserved field not zero";
	return 0;
}

uint32_t
ck_dir_block_crc(const ck_dir_block_t *d)
{
	return crc_skipping(d, sizeof *d, offsetof(ck_dir_block_t, crc));
}

void
ck_dir_block_seal(ck_dir_block_t *d)
{
	d->crc = ck_dir_block_crc(d);
}

uint32_t
ck_page_crc(const void *page)
{
	return ck_crc32c(0, page, CK_BLOCK_SIZE);
}

int
ck_block_is_zero(const void *block)
{
	const uint32_t *w = block;

	for (size_t i = 0; i < CK_BLOCK_SIZE / sizeof *w; i++)
		if (w[i])
			return 0;
	return 1;
}

int
ck_is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* ----------------------------------------------------------- geometry */

static uint32_t
default_log_blocks(uint32_t total_blocks)
{
	uint32_t n = total_blocks / 8;

	if (n < CK_MIN_LOG_BLOCKS)
		return CK_MIN_LOG_BLOCKS;
	return n > CK_DEFAULT_LOG_MAX ? CK_DEFAULT_LOG_MAX : n;
}

int
ck_geometry_compute(ck_geometry_t *g, uint32_t total_blocks, uint32_t log_blocks)
{
	if (total_blocks < CK_MIN_BLOCKS)
		return -1;
	if (!log_blocks)
		log_blocks = default_log_blocks(total_blocks);
	if (log_blocks < CK_MIN_LOG_BLOCKS || log_blocks > total_blocks / 2)
		return -1;
	g->total_blocks = total_blocks;
	g->log_start = 2;
	g->log_blocks = log_blocks;
	uint32_t rest = total_blocks - g->log_start - g->log_blocks;
	g->pot_start = g->log_start + g->log_blocks;
	g->pot_count = rest / 4;
	g->node_count = g->pot_count * CK_NODES_PER_POT;
	rest -= g->pot_count;
	/* n frames need ceil(n / TAGS) tag blocks: n + ceil(n / TAGS) <= rest */
	g->page_count = (uint32_t)((uint64_t)rest * CK_TAGS_PER_BLOCK /
				   (CK_TAGS_PER_BLOCK + 1));
	g->tag_count = (g->page_count + CK_TAGS_PER_BLOCK - 1) / CK_TAGS_PER_BLOCK;
	g->tag_start = g->pot_start + g->pot_count;
	g->frame_start = g->tag_start + g->tag_count;
	return 0;
}

const char *
ck_geometry_check(const ck_geometry_t *g, uint32_t total_blocks)
{
	if (g->total_blocks != total_blocks)
		return "total_blocks does not match the partition";
	if (g->log_start != 2)
		return "log does not start after the roots";
	if (g->log_blocks < CK_MIN_LOG_BLOCKS || g->log_blocks > total_blocks / 2)
		return "log size out of range";
	if (g->pot_start != g->log_start + g->log_blocks || g->pot_start < g->log_start)
		return "pots do not follow the log";
	if (g->node_count != g->pot_count * CK_NODES_PER_POT)
		return "node_count is not pot_count * nodes per pot";
	if (g->tag_start != g->pot_start + g->pot_count || g->tag_start < g->pot_start)
		return "tag blocks do not follow the pots";
	if (g->tag_count != (g->page_count + CK_TAGS_PER_BLOCK - 1) / CK_TAGS_PER_BLOCK)
		return "tag_count does not cover page_count";
	if (g->frame_start != g->tag_start + g->tag_count || g->frame_start < g->tag_start)
		return "frames do not follow the tag blocks";
	if ((uint64_t)g->frame_start + g->page_count > total_blocks)
		return "page frames run past the end of the store";
	return 0;
}

int
ck_node_home(const ck_geometry_t *g, uint64_t oid, ck_node_home_t *out)
{
	uint32_t i = ck_oid_index(oid);

	if (ck_oid_kind(oid) != CK_OID_KIND_NODE || i >= g->node_count)
		return -1;
	out->block = g->pot_start + i / CK_NODES_PER_POT;
	out->record = i % CK_NODES_PER_POT;
	return 0;
}

int
ck_page_home(const ck_geometry_t *g, uint64_t oid, ck_page_home_t *out)
{
	uint32_t j = ck_oid_index(oid);

	if (ck_oid_kind(oid) != CK_OID_KIND_PAGE || j >= g->page_count)
		return -1;
	out->frame_block = g->frame_start + j;
	out->tag_block = g->tag_start + j / CK_TAGS_PER_BLOCK;
	out->tag_index = j % CK_TAGS_PER_BLOCK;
	return 0;
}

/* -------------------------------------------------------------- roots */

const char *
ck_root_check(const ck_root_t *r, unsigned slot, uint32_t total_blocks)
{
	if (r->magic != CK_ROOT_MAGIC)
		return ck_block_is_zero(r) ? "all zero (lost write or damage)" : "bad magic";
	if (r->version != CK_FORMAT_VERSION)
		return "unknown format version";
	if (r->crc != ck_root_crc(r))
		return "CRC mismatch (torn or damaged)";
	if (r->block_size != CK_BLOCK_SIZE)
		return "unsupported block size";
	if (r->root_slot != slot)
		return "root names the wrong slot";
	const char *why = ck_geometry_check(&r->geo, total_blocks);
	if (why)
		return why;
	if (r->log_head >= r->geo.log_blocks || r->log_tail >= r->geo.log_blocks)
		return "log head or tail out of range";
	if (r->dir_block != CK_NO_BLOCK && r->dir_block >= r->geo.log_blocks)
		return "directory block out of range";
	if ((r->dir_block == CK_NO_BLOCK) != (r->generation == 0))
		return "directory block and generation disagree";
	if (r->gen_first_block != CK_NO_BLOCK && r->gen_first_block >= r->geo.log_blocks)
		return "first log block out of range";
	if (r->migrated_through > r->generation)
		return "migrated past its own generation";
	if (r->reserved0 || !ck_is_zero(r->reserved, sizeof r->reserved))
		return "reserved field not zero";
	if (r->runlist_count > CK_RUNLIST_MAX)
		return "run list longer than its array";
	return 0;
}

int
ck_root_choose(const ck_root_t *a, const ck_root_t *b, uint32_t total_blocks)
{
	int va = ck_root_check(a, 0, total_blocks) == 0;
	int vb = ck_root_check(b, 1, total_blocks) == 0;

	if (va && vb)
		return b->generation > a->generation ? 1 : 0;
	if (va)
		return 0;
	if (vb)
		return 1;
	return -1;
}

const char *
ck_pot_check(const ck_pot_t *p, uint32_t pot)
{
	if (p->h.magic != CK_POT_MAGIC)
		return ck_block_is_zero(p) ? "pot is all zero (lost write or damage)"
					   : "pot has a bad magic number";
	if (p->h.index != pot)
		return "pot holds another index";
	if (p->h.generation || !ck_is_zero(p->h.reserved, sizeof p->h.reserved))
		return "pot: reserved field not zero";
	return 0;
}

const char *
ck_node_check(const ck_node_t *n, uint64_t oid)
{
	return ck_node_check_crc(n, oid, ck_node_crc(n));
}

const char *
ck_node_check_crc(const ck_node_t *n, uint64_t oid, uint32_t crc)
{
	if (n->crc != crc)
		return "CRC mismatch";
	if (n->oid != oid)
		return "record holds another OID";
	if (n->kind >= CK_NK_COUNT)
		return "unknown node kind";
	if (n->flags & ~CK_NF_ALL)
		return "unknown node flags";
	if (n->reserved0 || n->reserved1)
		return "reserved fields not zero";
	return 0;
}

/* ---------------------------------------------------------------- log */

int
ck_log_live(const ck_root_t *r, uint32_t b)
{
	uint32_t t = r->log_tail, h = r->log_head;

	if (t <= h)
		return b >= t && b < h;
	return b >= t || b < h;
}

const char *
ck_dir_entry_check(const ck_root_t *r, const ck_dir_entry_t *e)
{
	ck_node_home_t nh;
	ck_page_home_t ph;

	if (e->reserved)
		return "directory entry: reserved field not zero";
	switch (e->type) {
	case CK_DIR_NODE:
		if (ck_node_home(&r->geo, e->oid, &nh) < 0)
			return "directory entry: node OID out of range";
		if (e->slot >= CK_NODES_PER_POT)
			return "directory entry: record index out of range";
		if (e->flags & ~CK_NF_ALL)
			return "directory entry: unknown node flags";
		break;
	case CK_DIR_PAGE:
	case CK_DIR_ZERO_PAGE:
		if (ck_page_home(&r->geo, e->oid, &ph) < 0)
			return "directory entry: page OID out of range";
		if (e->flags & ~CK_TF_ALL)
			return "directory entry: unknown page flags";
		if (e->type == CK_DIR_ZERO_PAGE)
			return 0;
		break;
	default:
		return "directory entry: unknown type";
	}
	if (e->log_block >= r->geo.log_blocks || !ck_log_live(r, e->log_block))
		return "directory entry: log block outside the live log";
	return 0;
}

const char *
ck_log_node_block_check(const ck_pot_t *p, uint64_t gen)
{
	if (p->h.magic != CK_LNODE_MAGIC)
		return ck_block_is_zero(p) ? "log node block is all zero (lost write or damage)"
					   : "log node block: bad magic";
	if (p->h.generation != gen)
		return "log node block: wrong generation";
	if (!ck_is_zero(p->h.reserved, sizeof p->h.reserved))
		return "log node block: reserved field not zero";
	return 0;
}

const char *
ck_log_node_check(const ck_node_t *n, const ck_dir_entry_t *e)
{
	const char *why = ck_node_check(n, e->oid);

	if (why)
		return why;
	if (n->crc != e->crc)
		return "directory entry: CRC differs from the record's";
	if (n->alloc_count != e->alloc_count || n->call_count != e->call_count)
		return "directory entry: counts differ from the record's";
	return 0;
}
