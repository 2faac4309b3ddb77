/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * format.h -- the on-disk format of the Cairn object store.
 *
 * Shared, unchanged, by the kernel and the host tools (cairn-mkimage,
 * cairn-dump).  Every structure here is the exact byte image on disk:
 * fixed-width little-endian fields, explicit padding, no bitfields, and a
 * named static assertion on every size and key offset.  The format is
 * described for people in docs/disk-format.md.
 *
 * The store partition is an array of 4096-byte blocks:
 *
 *   block 0        root A  \  written alternately; the valid one (magic,
 *   block 1        root B  /  version, CRC) with the higher generation wins
 *   log_start ..   checkpoint log (circular): per generation, object
 *                  records (node blocks packed like pots, whole pages)
 *                  followed by that generation's directory blocks
 *   pot_start ..   node pots: CK_NODES_PER_POT nodes per block
 *   tag_start ..   tag blocks: per-page allocation count, flags and CRC
 *   frame_start .. page frames, one page per block
 *
 * An OID names its object's home by arithmetic alone:
 *
 *   OID = kind << 32 | index          kind 1 = node, kind 2 = page
 *   node index i: pot_start + i / CK_NODES_PER_POT, record i % CK_NODES_PER_POT
 *   page index j: frame_start + j; tag block tag_start + j / CK_TAGS_PER_BLOCK,
 *                 entry j % CK_TAGS_PER_BLOCK
 *
 * Checksums are CRC32C (Castagnoli).  A checksum field is treated as zero
 * while its own CRC is computed.  Every root, pot node record, tag,
 * directory block and page (through its tag or directory entry) is
 * covered, and the root binds what it commits: it carries the CRC of its
 * generation's first directory block, each directory block the CRC of
 * the next one, and each generation's first block the CRC of the
 * previous generation's first block.
 *
 * Format version 2 makes every block that must have been written
 * recognisable: cairn-mkimage writes both roots, every pot and every tag
 * of the store, so a block of zeros where one of those must be is damage,
 * never "not written yet".
 */
#ifndef CAIRN_CKPT_FORMAT_H
#define CAIRN_CKPT_FORMAT_H

#include <stdint.h>
#include <stddef.h>
#include "abi/cap.h"

#define CK_BLOCK_SIZE       4096u
#define CK_SECTOR_SIZE      512u
#define CK_SECTORS_PER_BLOCK (CK_BLOCK_SIZE / CK_SECTOR_SIZE)
#define CK_FORMAT_VERSION   2u

/* Magic numbers (little-endian ASCII on disk). */
#define CK_ROOT_MAGIC  0x5453524e52494143ull /* "CAIRNRST" */
#define CK_POT_MAGIC   0x31544f50u           /* "POT1" */
#define CK_TAG_MAGIC   0x31474154u           /* "TAG1" */
#define CK_DIR_MAGIC   0x31524944u           /* "DIR1" */
#define CK_LNODE_MAGIC 0x31444f4eu           /* "NOD1": packed nodes in the log */

/* MBR partition type of the store partition ("Cairn store"). */
#define CK_MBR_PART_TYPE 0xca

/* ------------------------------------------------------------------ OIDs */

#define CK_OID_KIND_SHIFT 32
#define CK_OID_KIND_NODE  1u
#define CK_OID_KIND_PAGE  2u
#define CK_OID_INDEX_MASK 0xffffffffull

static inline uint64_t
ck_oid_make(unsigned kind, uint32_t index)
{
	return (uint64_t)kind << CK_OID_KIND_SHIFT | index;
}

static inline unsigned
ck_oid_kind(uint64_t oid)
{
	return (unsigned)(oid >> CK_OID_KIND_SHIFT);
}

static inline uint32_t
ck_oid_index(uint64_t oid)
{
	return (uint32_t)(oid & CK_OID_INDEX_MASK);
}

/* ------------------------------------------------------------------ nodes */

#define CK_NODE_SLOTS 32u

/* Node kinds (ck_node.kind). */
enum ck_node_kind {
	CK_NK_NODE = 0,      /* plain node: slots, space, process root ... */
	CK_NK_FORWARDER = 1, /* forwarder form (docs/design.md section 5) */
	CK_NK_COUNT
};

/* Node flags (ck_node.flags). */
#define CK_NF_ALLOCATED 0x01u /* created through Range (or by mkimage) */
#define CK_NF_ALL       0x01u

/*
 * A node: header plus 32 capability slots.  Identical in a pot, in a log
 * block and in the kernel's node pool, so fault-in is a copy and a CRC.
 */
typedef struct ck_node {
	uint64_t oid;
	uint32_t alloc_count;
	uint32_t call_count;
	uint8_t kind;          /* enum ck_node_kind */
	uint8_t flags;         /* CK_NF_* */
	uint16_t reserved0;    /* zero */
	uint32_t data;         /* kind-specific word (forwarder: flags/data) */
	uint32_t reserved1;    /* zero */
	uint32_t crc;          /* CRC32C of the record with crc = 0 */
	cap_t slot[CK_NODE_SLOTS];
} ck_node_t;

_Static_assert(offsetof(ck_node_t, oid) == 0, "node_oid_offset");
_Static_assert(offsetof(ck_node_t, alloc_count) == 8, "node_alloc_offset");
_Static_assert(offsetof(ck_node_t, call_count) == 12, "node_call_offset");
_Static_assert(offsetof(ck_node_t, kind) == 16, "node_kind_offset");
_Static_assert(offsetof(ck_node_t, data) == 20, "node_data_offset");
_Static_assert(offsetof(ck_node_t, crc) == 28, "node_crc_offset");
_Static_assert(offsetof(ck_node_t, slot) == 32, "node_slot_offset");
_Static_assert(sizeof(ck_node_t) == 544, "node_size");

/* A pot (and a log node block): header, then packed node records. */
#define CK_NODES_PER_POT 7u

typedef struct ck_pot_header {
	uint32_t magic;    /* CK_POT_MAGIC in a pot, CK_LNODE_MAGIC in the log */
	uint32_t index;    /* pot number (log: block's sequence in generation) */
	uint64_t generation; /* pots: 0; log blocks: generation written */
	uint8_t reserved[16];
} ck_pot_header_t;

typedef struct ck_pot {
	ck_pot_header_t h;
	ck_node_t node[CK_NODES_PER_POT];
	uint8_t tail[CK_BLOCK_SIZE - sizeof(ck_pot_header_t) -
		     CK_NODES_PER_POT * sizeof(ck_node_t)];
} ck_pot_t;

_Static_assert(sizeof(ck_pot_header_t) == 32, "pot_header_size");
_Static_assert(offsetof(ck_pot_t, node) == 32, "pot_node_offset");
_Static_assert(sizeof(ck_pot_t) == CK_BLOCK_SIZE, "pot_size");

/* ------------------------------------------------------------ page tags */

#define CK_TF_ALLOCATED 0x01u /* created through Range (or by mkimage) */
#define CK_TF_ZERO      0x02u /* contents are all zero; frame need not be read */
#define CK_TF_ALL       0x03u

/*
 * A page's tag.  Each tag carries its own CRC (tag_crc, over its first
 * twelve bytes and the page index), so that migration can rewrite one
 * tag in place: a torn write of the tag block damages at most the tags
 * of the sectors it tore, never the other pages' (a tag never straddles
 * a 512-byte sector: the header is 16 bytes and tags are 16).  A zeroed
 * tag fails its CRC (the index is part of it), so it reads as damage.
 */
typedef struct ck_tag {
	uint32_t alloc_count;
	uint32_t crc;       /* CRC32C of the page's 4096 bytes */
	uint16_t flags;     /* CK_TF_* */
	uint16_t reserved0; /* zero */
	uint32_t tag_crc;   /* CRC32C of bytes 0..11 and the page index */
} ck_tag_t;

#define CK_TAGS_PER_BLOCK 255u

typedef struct ck_tag_block {
	uint32_t magic;     /* CK_TAG_MAGIC */
	uint32_t index;     /* tag block number */
	uint32_t reserved[2]; /* zero */
	ck_tag_t tag[CK_TAGS_PER_BLOCK];
} ck_tag_block_t;

_Static_assert(sizeof(ck_tag_t) == 16, "tag_size");
_Static_assert(offsetof(ck_tag_t, tag_crc) == 12, "tag_crc_offset");
_Static_assert(offsetof(ck_tag_block_t, tag) == 16, "tag_block_tag_offset");
_Static_assert(CK_SECTOR_SIZE % sizeof(ck_tag_t) == 0 &&
	       offsetof(ck_tag_block_t, tag) % sizeof(ck_tag_t) == 0, "tag_within_sector");
_Static_assert(sizeof(ck_tag_block_t) == CK_BLOCK_SIZE, "tag_block_size");

/* ------------------------------------------------------------------ roots */

/* Where everything is, in blocks relative to the store partition. */
typedef struct ck_geometry {
	uint32_t total_blocks;
	uint32_t log_start, log_blocks;
	uint32_t pot_start, pot_count;
	uint32_t tag_start, tag_count;
	uint32_t frame_start, page_count;
	uint32_t node_count;  /* pot_count * CK_NODES_PER_POT */
} ck_geometry_t;

_Static_assert(sizeof(ck_geometry_t) == 40, "geometry_size");

#define CK_ROOT_HEADER_SIZE 256u
#define CK_RUNLIST_MAX ((CK_BLOCK_SIZE - CK_ROOT_HEADER_SIZE) / sizeof(cap_t))
#define CK_NO_BLOCK 0xffffffffu
#define CK_DEFAULT_PERIOD_MS 5000u  /* what an image gets unless its map says */

/*
 * A checkpoint root.  Writing it is the commit point of its generation.
 * The run list holds Process capabilities to the processes that were
 * running or waiting; a stale one (count mismatch) is skipped at restart.
 */
typedef struct ck_root {
	uint64_t magic;          /* CK_ROOT_MAGIC */
	uint32_t version;        /* CK_FORMAT_VERSION */
	uint32_t block_size;     /* CK_BLOCK_SIZE */
	uint64_t generation;     /* 0 for a freshly built store */
	uint32_t crc;            /* CRC32C of the block with crc = 0 */
	uint32_t root_slot;      /* 0 or 1: which root block this is */
	ck_geometry_t geo;
	/* Checkpoint log state. */
	uint32_t log_head;       /* next log block to write (relative to log) */
	uint32_t log_tail;       /* oldest log block still needed */
	uint32_t dir_block;      /* first directory block of this generation, or CK_NO_BLOCK */
	uint32_t dir_entries;    /* directory entries of this generation */
	uint64_t migrated_through; /* every generation <= this is at home */
	/* System state that is not an object. */
	uint32_t runlist_count;  /* entries used in runlist[] */
	uint32_t ckpt_period_ms; /* checkpoint period; 0 = only on demand */
	uint64_t created;        /* image build sequence (reproducible; from the map) */
	/* What the root binds (version 2). */
	uint32_t dir_crc;        /* CRC of dir_block's block, or 0 without one */
	uint32_t gen_first_block; /* first log block of this generation, or CK_NO_BLOCK */
	uint64_t time_ms;        /* persistent time at the snapshot (ms since the store was made) */
	uint32_t boots;          /* restarts of the store before this generation */
	uint32_t reserved0;      /* zero */
	uint8_t reserved[CK_ROOT_HEADER_SIZE - 136];
	cap_t runlist[CK_RUNLIST_MAX];
} ck_root_t;

_Static_assert(offsetof(ck_root_t, generation) == 16, "root_generation_offset");
_Static_assert(offsetof(ck_root_t, crc) == 24, "root_crc_offset");
_Static_assert(offsetof(ck_root_t, geo) == 32, "root_geo_offset");
_Static_assert(offsetof(ck_root_t, log_head) == 72, "root_log_offset");
_Static_assert(offsetof(ck_root_t, migrated_through) == 88, "root_migrated_offset");
_Static_assert(offsetof(ck_root_t, dir_crc) == 112, "root_dir_crc_offset");
_Static_assert(offsetof(ck_root_t, time_ms) == 120, "root_time_offset");
_Static_assert(offsetof(ck_root_t, reserved) == 136, "root_reserved_offset");
_Static_assert(offsetof(ck_root_t, runlist) == CK_ROOT_HEADER_SIZE, "root_runlist_offset");
_Static_assert(sizeof(ck_root_t) == CK_BLOCK_SIZE, "root_size");
_Static_assert(CK_RUNLIST_MAX == 240, "runlist_max");

/* ------------------------------------------------------------ directory */

enum ck_dir_type {
	CK_DIR_NODE = 1,
	CK_DIR_PAGE = 2,
	CK_DIR_ZERO_PAGE = 3, /* page whose contents are all zero: no log record */
};

typedef struct ck_dir_entry {
	uint64_t oid;
	uint32_t alloc_count;
	uint32_t call_count;  /* nodes; zero for pages */
	uint32_t log_block;   /* relative to log_start */
	uint32_t crc;         /* CRC32C of the object record (node: with crc 0) */
	uint8_t type;         /* enum ck_dir_type */
	uint8_t slot;         /* node: record index within the log block */
	uint16_t flags;       /* CK_NF_* or CK_TF_* of the object */
	uint32_t reserved;
} ck_dir_entry_t;

_Static_assert(sizeof(ck_dir_entry_t) == 32, "dir_entry_size");

#define CK_DIR_HEADER_SIZE 64u
#define CK_DIR_ENTRIES ((CK_BLOCK_SIZE - CK_DIR_HEADER_SIZE) / sizeof(ck_dir_entry_t))

/*
 * A directory block.  A generation's directory is a chain of these; the
 * first block of a generation also names the previous generation's
 * directory, so restart can walk every unmigrated generation.  Every
 * link carries the CRC of the block it names (next_crc, prev_crc; the
 * root's dir_crc for the first), so a stale block left in the log by an
 * older, uncommitted attempt at the same generation is never followed.
 */
typedef struct ck_dir_block {
	uint32_t magic;          /* CK_DIR_MAGIC */
	uint32_t crc;            /* CRC32C of the block with crc = 0 */
	uint64_t generation;
	uint32_t seq;            /* index of this block within the generation */
	uint32_t count;          /* entries used in this block */
	uint32_t next_block;     /* next directory block of this generation, or CK_NO_BLOCK */
	uint32_t prev_gen_block; /* first dir block of the previous generation, or CK_NO_BLOCK */
	uint64_t prev_generation;
	uint32_t next_crc;       /* CRC of next_block's block, or 0 */
	uint32_t prev_crc;       /* CRC of prev_gen_block's block, or 0 */
	uint32_t first_block;    /* first log block of this generation */
	uint8_t reserved[CK_DIR_HEADER_SIZE - 52];
	ck_dir_entry_t entry[CK_DIR_ENTRIES];
} ck_dir_block_t;

_Static_assert(offsetof(ck_dir_block_t, crc) == 4, "dir_crc_offset");
_Static_assert(offsetof(ck_dir_block_t, next_crc) == 40, "dir_next_crc_offset");
_Static_assert(offsetof(ck_dir_block_t, entry) == CK_DIR_HEADER_SIZE, "dir_entry_offset");
_Static_assert(sizeof(ck_dir_block_t) == CK_BLOCK_SIZE, "dir_block_size");
_Static_assert(CK_DIR_ENTRIES == 126, "dir_entries");

/* ------------------------------------------------------------ functions */
/* format.c: pure functions, built for the kernel and for the host. */

uint32_t ck_crc32c(uint32_t crc, const void *buf, size_t len);
/* The same by tables alone (the kernel's; the host's when the CPU has no
 * CRC32C instruction). */
uint32_t ck_crc32c_portable(uint32_t crc, const void *buf, size_t len);

uint32_t ck_node_crc(const ck_node_t *n);
void ck_node_seal(ck_node_t *n);
uint32_t ck_root_crc(const ck_root_t *r);
void ck_root_seal(ck_root_t *r);
uint32_t ck_tag_crc(const ck_tag_t *t, uint32_t page_index);
void ck_tag_seal(ck_tag_t *t, uint32_t page_index);
/* Why tag block t is unusable as a whole as tag block number
 * tag_block_index (magic, index), or NULL; ck_tag_check includes it. */
const char *ck_tag_block_check(const ck_tag_block_t *t, uint32_t tag_block_index);
/* Why tag entry e of tag block t is unusable for page index j, or NULL. */
const char *ck_tag_check(const ck_tag_block_t *t, uint32_t tag_block_index,
			 unsigned e, uint32_t j);
uint32_t ck_dir_block_crc(const ck_dir_block_t *d);
void ck_dir_block_seal(ck_dir_block_t *d);
uint32_t ck_page_crc(const void *page);
/* Is the block all zero?  Where a written block must be, that is damage. */
int ck_block_is_zero(const void *block);
/* Are the n bytes at p all zero (a reserved field)? */
int ck_is_zero(const void *p, size_t n);

/*
 * Lay out a store of total_blocks blocks with a log of log_blocks blocks
 * (0: the default, an eighth of the store clamped to
 * [CK_MIN_LOG_BLOCKS, CK_DEFAULT_LOG_MAX]).  Returns 0, or -1 if the store
 * is too small or the log does not fit (at most half the store).
 */
#define CK_MIN_LOG_BLOCKS 16u
#define CK_DEFAULT_LOG_MAX 65536u   /* 256 MiB */
int ck_geometry_compute(ck_geometry_t *g, uint32_t total_blocks, uint32_t log_blocks);
/* Why a geometry is unusable (NULL if it is sound for total_blocks). */
const char *ck_geometry_check(const ck_geometry_t *g, uint32_t total_blocks);

/* Home locations.  Return 0, or -1 if the OID is not in range. */
typedef struct ck_node_home {
	uint32_t block;   /* pot block, relative to the partition */
	uint32_t record;  /* record within the pot */
} ck_node_home_t;

typedef struct ck_page_home {
	uint32_t frame_block;
	uint32_t tag_block;
	uint32_t tag_index;
} ck_page_home_t;

int ck_node_home(const ck_geometry_t *g, uint64_t oid, ck_node_home_t *out);
int ck_page_home(const ck_geometry_t *g, uint64_t oid, ck_page_home_t *out);

/* Why a root is not valid (NULL if it is valid); slot is 0 or 1. */
const char *ck_root_check(const ck_root_t *r, unsigned slot, uint32_t total_blocks);
/*
 * Choose between the two roots: returns 0 or 1 for the valid root with the
 * higher generation, or -1 if neither is valid.
 */
int ck_root_choose(const ck_root_t *a, const ck_root_t *b, uint32_t total_blocks);

/* Why a node record is not valid for the given OID (NULL if valid). */
const char *ck_node_check(const ck_node_t *n, uint64_t oid);
/* The same, given the record's ck_node_crc() (a host tool may have
 * worked it out already, in another thread). */
const char *ck_node_check_crc(const ck_node_t *n, uint64_t oid, uint32_t crc);
/* Why a pot block (home) is unusable as a whole for pot number pot. */
const char *ck_pot_check(const ck_pot_t *p, uint32_t pot);

/* Is log-relative block b inside the live part [log_tail, log_head) of r's log? */
int ck_log_live(const ck_root_t *r, uint32_t b);
/* Why a directory entry cannot be used under root r (type, range, flags,
 * record index, log block outside the live log), or NULL. */
const char *ck_dir_entry_check(const ck_root_t *r, const ck_dir_entry_t *e);
/* Why a log node block is not generation gen's (magic, generation), or NULL. */
const char *ck_log_node_block_check(const ck_pot_t *p, uint64_t gen);
/* Why node record n does not match directory entry e, or NULL. */
const char *ck_log_node_check(const ck_node_t *n, const ck_dir_entry_t *e);

#endif /* CAIRN_CKPT_FORMAT_H */
