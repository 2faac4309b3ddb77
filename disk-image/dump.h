/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump.h -- cairn-dump's internal interfaces.
 *
 * cairn-dump is layered so that nothing above the bottom layer can read
 * outside the image, whatever the image says:
 *
 *   dump_main.c      arguments, script and interactive loop, dispatch
 *   dump_cmd_*.c     one file per group of commands; dump_check.c
 *   dump_out.c       every byte of command output (text or JSON)
 *   dump_cap.c       capability decoding and staleness
 *   dump_oid.c       OID parsing and printing
 *   dump_store.c     roots, geometry, current version of each object,
 *   dump_log.c       the log's generations and the overlay index
 *   dump_image.c     the mapped file; finds the store partition; the
 *                    only code that turns a block number into a pointer
 *
 * The rule that keeps a hostile image harmless: every pointer into the
 * image comes from img_block(), which returns NULL for a block outside
 * the store, and every loop over on-disk links is bounded by a count
 * that does not come from the image (or is checked against one).
 */
#ifndef CAIRN_DUMP_H
#define CAIRN_DUMP_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "ckpt/format.h"
#include "abi/process.h"

/* Exit status bits, as e2fsck's. */
#define DS_CLEAN   0
#define DS_ERRORS  4  /* the store has errors */
#define DS_OPERR   8  /* could not do what was asked */
#define DS_USAGE   16 /* bad command line or command */

/* --------------------------------------------------------- dump_image.c */

typedef struct dimg {
	uint8_t *base;      /* whole file (mmap or caller's buffer) */
	uint64_t size;      /* bytes in the file */
	uint64_t store_off; /* byte offset of the store partition */
	uint64_t part_bytes; /* partition length the MBR claims (bare: file) */
	uint32_t nblocks;   /* whole blocks of the store inside the file */
	int part_index;     /* MBR partition 1..4, or 0 for a bare store */
	int fd;             /* -1 when not a file */
	int writable;
} dimg_t;

/* Open a file read-only (or read-write) and find its store.  On failure
 * returns -1 and sets *why. */
int img_open(dimg_t *im, const char *path, int writable, const char **why);
/* The same over a caller's buffer (fuzzer, tests); buf must stay alive. */
int img_from_buffer(dimg_t *im, uint8_t *buf, uint64_t size, const char **why);
void img_close(dimg_t *im);
/* Pointer to store block b, or NULL if b is not inside the image. */
const uint8_t *img_block(const dimg_t *im, uint64_t b);
/* The same for writing: NULL unless the image was opened with -w. */
uint8_t *img_block_w(const dimg_t *im, uint64_t b);
int img_is_zero(const void *p, size_t len);
int img_sync(dimg_t *im);

/* --------------------------------------------------------- dump_log.c */

/* One generation of the checkpoint log, found through directory blocks. */
typedef struct dgen {
	uint64_t gen;
	uint32_t first_dir;   /* log-relative block of its first directory block */
	uint32_t dir_off;     /* its blocks are dstore.dirblk[dir_off ..] */
	uint32_t ndirs;
	uint32_t nentries;
	const char *why;      /* problem that stopped the walk here, or NULL */
	uint32_t why_block;   /* log-relative block of that problem */
} dgen_t;

/* The newest unmigrated log copy of an object. */
typedef struct dlogent {
	uint64_t oid;
	uint64_t gen;
	const ck_dir_entry_t *e;
	uint32_t dir_block;   /* log-relative directory block holding e */
} dlogent_t;

/* ------------------------------------------------------- dump_store.c */

typedef struct dstore {
	dimg_t img;
	const ck_root_t *root[2];  /* NULL if the block is not in the image */
	const char *root_why[2];   /* why invalid; NULL if valid */
	int root_blank[2];         /* all zero: never written */
	int cur;                   /* chosen root 0/1, or -1 */
	const ck_root_t *r;        /* root[cur], or NULL */
	ck_geometry_t geo;         /* r->geo, or zero */
	dgen_t *gens;              /* newest first, unmigrated only */
	uint32_t ngens;
	uint32_t *dirblk;          /* directory blocks of every generation */
	uint32_t ndirblk;
	dlogent_t *ix;             /* sorted by OID, one per OID */
	size_t nix;
	int oom;                   /* an allocation failed while loading */
} dstore_t;

/* The current version of a node: its newest log copy, else its home. */
typedef struct dnode {
	const ck_node_t *n;  /* NULL: never written (blank) */
	int in_log;
	uint64_t gen;        /* generation of the log copy */
	uint32_t block;      /* absolute block holding the record */
	unsigned record;     /* record within that block */
	const char *bad;     /* why the record is damaged, or NULL */
} dnode_t;

typedef struct dpage {
	const uint8_t *data; /* NULL: all zero without a frame to read */
	uint32_t alloc_count;
	uint32_t crc;        /* the CRC the tag or directory promises */
	uint16_t flags;      /* CK_TF_* */
	int in_log;
	uint64_t gen;
	uint32_t block;      /* absolute frame or log block; 0 if none */
	uint32_t tag_block;  /* absolute tag block (home), 0 if in the log */
	const char *bad;
} dpage_t;

void store_open(dstore_t *s, const dimg_t *im);
void store_close(dstore_t *s);
/* Resolve an object; -1 if the OID is not a node (page) in range. */
int store_node(const dstore_t *s, uint64_t oid, dnode_t *out);
int store_page(const dstore_t *s, uint64_t oid, dpage_t *out);
int dnode_allocated(const dnode_t *d);
/* Why a page's data does not match its CRC (or its record is bad), or NULL. */
const char *dpage_verify(const dpage_t *d);
const dlogent_t *store_log_find(const dstore_t *s, uint64_t oid);
/* Why a pot block (home) is unusable as a whole, or NULL. */
const char *store_pot_check(const ck_pot_t *p, uint32_t pot);
const char *store_tag_block_check(const ck_tag_block_t *t, uint32_t idx);
/* The home node record of an index (NULL if its pot is not readable). */
const ck_node_t *store_home_node(const dstore_t *s, uint32_t index);

/* dump_log.c */
void log_load(dstore_t *s);
void log_free(dstore_t *s);
const ck_dir_block_t *log_dir_block(const dstore_t *s, uint32_t rel);
/* Why a directory entry is unusable (type, range, record), or NULL;
 * fills *dn or *dp (may be NULL) with the record it names. */
const char *log_entry_check(const dstore_t *s, const ck_dir_entry_t *e,
			    uint64_t gen, dnode_t *dn, dpage_t *dp);

/* -------------------------------------------------------- dump_oid.c */

/* Parse "0x100000005", "n:5", "p:0x1c", "node:5", "page:12". */
int oid_parse(const char *s, uint64_t *oid);
/* "n:5" / "p:12" / "0x300000001"; buf of at least 24 bytes. */
const char *oid_name(uint64_t oid, char *buf, size_t len);
int parse_u64(const char *s, uint64_t *v);

/* -------------------------------------------------------- dump_cap.c */

enum cap_status {
	CS_NONE,     /* self-contained type: no target */
	CS_OK,       /* target allocated and counts agree */
	CS_STALE,    /* count differs from the target's */
	CS_FREE,     /* target is not allocated */
	CS_DAMAGED,  /* target's record is damaged */
	CS_RANGE,    /* OID is not an object of the right kind in range */
	CS_BADTYPE,  /* unknown capability type */
};

typedef struct capinfo {
	enum cap_status st;
	uint32_t want;       /* the count the target has now */
	int objkind;         /* CK_OBJ_* of the type */
} capinfo_t;

const char *cap_type_name(unsigned type);
int cap_type_objkind(unsigned type);
int cap_type_lookup(const char *name);
const char *cap_status_name(enum cap_status st);
void cap_eval(const dstore_t *s, const cap_t *c, capinfo_t *ci);
/* "ro,weak" or "-" */
const char *cap_restr_str(unsigned r, char *buf, size_t len);
/* Parse 32 hex digits (spaces allowed) into a capability. */
int cap_parse_hex(const char *s, cap_t *c);

/* -------------------------------------------------------- dump_out.c */

#define OUT_MAXDEPTH 16

typedef struct dout {
	FILE *f;
	int json;
	int depth;
	unsigned char first[OUT_MAXDEPTH];
	char closer[OUT_MAXDEPTH];
	int in_row;
	int row_first;
} dout_t;

void out_init(dout_t *o, FILE *f, int json);
void out_begin(dout_t *o, const char *command);
void out_end(dout_t *o);
void out_str(dout_t *o, const char *key, const char *v);
void out_fmt(dout_t *o, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void out_u64(dout_t *o, const char *key, uint64_t v);
void out_hex(dout_t *o, const char *key, uint64_t v);
void out_bool(dout_t *o, const char *key, int v);
void out_oid(dout_t *o, const char *key, uint64_t oid);
void out_section(dout_t *o, const char *key);
void out_section_end(dout_t *o);
void out_table(dout_t *o, const char *key, const char *const *cols);
void out_row(dout_t *o);
void out_row_end(dout_t *o);
void out_table_end(dout_t *o);
/* A line of free text (text mode only; JSON ignores it). */
void out_text(dout_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print one capability's fields as cells or fields (no row/section). */
void out_cap_fields(dout_t *o, const dstore_t *s, const cap_t *c);
/* dump_cmd_obj.c: a node's header fields, and its slots as a table. */
void out_node_header(dout_t *o, const dnode_t *d, uint64_t oid);
void out_slots(dout_t *o, const dstore_t *s, const char *key, const ck_node_t *n);

/* ------------------------------------------------------- dump_space.c */

enum { SS_VOID, SS_PAGE, SS_SPACE, SS_BAD };

typedef struct space_step {
	int kind;               /* SS_* */
	unsigned height;        /* of a Space */
	const char *why, *detail;  /* SS_BAD: the problem */
} space_step_t;

/* How capability c, met in a node of height h (0: the root slot), is
 * taken by the page-fault path. */
space_step_t space_step(const dstore_t *s, const cap_t *c, unsigned h);
/* The Page capability mapped at va under root, or NULL. */
const cap_t *space_lookup(const dstore_t *s, const cap_t *root, uint32_t va);

/* -------------------------------------------------------- dump_bank.c */

#include "spacebank/format.h"

/* The space bank's tables, found through its process's Space tree. */
typedef struct dbank {
	uint64_t proc;            /* the bank process's root node */
	const cap_t *space;       /* its slot 0 */
	struct sb_header h;       /* copied and checked */
} dbank_t;

/* Find the space bank: the first process (dump_procs.c) with a valid
 * header at SB_VA_HEADER.  0 if found; -1 and *why if not. */
int bank_find(const dstore_t *s, dbank_t *b, const char **why);
/* A record, or a bank; -1 if not readable (not mapped, out of range). */
int bank_rec(const dstore_t *s, const dbank_t *b, unsigned k, uint32_t idx,
	     struct sb_rec *out);
int bank_bank(const dstore_t *s, const dbank_t *b, uint32_t id, struct sb_bank *out);
/* Is the object allocated, and with which count?  -1 if out of range. */
int bank_obj_state(const dstore_t *s, unsigned k, uint32_t idx, int *allocated,
		   uint32_t *count);
/* "free", "bank's own", "bank 7", "retired" ...; buf of 32 bytes. */
const char *bank_owner_name(const struct sb_rec *r, char *buf, size_t len);

/* --------------------------------------------------------- commands */

typedef struct dctx {
	dstore_t *s;
	dout_t *o;
	int writable;
	const char *image;
} dctx_t;

typedef int (*dcmd_fn)(dctx_t *c, int argc, char **argv);

typedef struct dcmd {
	const char *name;
	dcmd_fn fn;
	int min_args, max_args;
	int flags;              /* DC_* */
	const char *args;
	const char *help;
} dcmd_t;

#define DC_ROOT  1 /* needs a valid root */
#define DC_WRITE 2 /* needs -w */

/* Report an operational or usage error on stderr; returns status. */
int dump_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const dcmd_t *dump_commands(void);
void dump_usage(FILE *f);
int dump_run(dctx_t *c, int argc, char **argv);

int cmd_info(dctx_t *c, int argc, char **argv);
int cmd_roots(dctx_t *c, int argc, char **argv);
int cmd_generations(dctx_t *c, int argc, char **argv);
int cmd_logdump(dctx_t *c, int argc, char **argv);
int cmd_ls(dctx_t *c, int argc, char **argv);
int cmd_node(dctx_t *c, int argc, char **argv);
int cmd_page(dctx_t *c, int argc, char **argv);
int cmd_cap(dctx_t *c, int argc, char **argv);
int cmd_path(dctx_t *c, int argc, char **argv);
int cmd_proc(dctx_t *c, int argc, char **argv);
int cmd_refs(dctx_t *c, int argc, char **argv);
int cmd_graph(dctx_t *c, int argc, char **argv);
int cmd_check(dctx_t *c, int argc, char **argv);
int cmd_bank(dctx_t *c, int argc, char **argv);
int cmd_set_slot(dctx_t *c, int argc, char **argv);
int cmd_reseal(dctx_t *c, int argc, char **argv);

/* dump_procs.c: which nodes are processes, and why */
#define PW_RUNLIST 1  /* named by the run list */
#define PW_CAP     2  /* target of a Process, Start or Resume capability */
#define PW_SHAPE   4  /* slots look like process.h's root layout */
typedef struct dprocs {
	uint32_t *index;  /* node indexes, ascending */
	uint8_t *why;     /* PW_* bits, parallel */
	uint32_t n;
} dprocs_t;
int procs_find(const dstore_t *s, dprocs_t *out);
void procs_free(dprocs_t *p);
int procs_shape(const ck_node_t *n);

#endif /* CAIRN_DUMP_H */
