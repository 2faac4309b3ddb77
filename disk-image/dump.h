/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump.h -- cairn-dump's internal interfaces.
 *
 * cairn-dump is layered so that nothing above the bottom layer can read
 * outside the image, whatever the image says:
 *
 *   file             prefix    job
 *   dump_main.c      -         arguments and the script loop
 *   dump_prompt.c    dump_     the interactive prompt (libedit)
 *   dump_cmd.c       dump_     the command table, dispatch, errors
 *   dump_cmd_*.c     dcmd_     one file per group of commands
 *   dump_check.c     dcmd_     the check command
 *   dump_procs.c     dprocs_   which nodes are processes
 *   dump_space.c     dspace_   a process's address space (Space tree)
 *   dump_bank.c      dbank_    the space bank's tables, read through it
 *   dump_names.c     dnames_   names of processes and what they name
 *   dump_out.c       dout_     every byte of command output (text or JSON)
 *   dump_cap.c       dcap_     capability decoding and staleness
 *   dump_oid.c       doid_     OID parsing and printing
 *   dump_store.c     dstore_   roots, geometry, current version of objects
 *   dump_log.c       dlog_     the log's generations and the overlay index
 *   dump_state.c     dstate_   check's table of each object's allocation
 *   dump_scan.c      dscan_    the store read in order, a chunk at a time
 *   dump_defer.c     ddefer_   check's capabilities waiting for their target
 *   dump_image.c     dimg_     the mapped file; finds the store partition;
 *                              the only code that turns a block number
 *                              into a pointer (dscan_ copies blocks
 *                              into its buffer, for reading in order)
 *
 * The prefixes keep the library (everything but dump_main.c, linked into
 * the unit tests and the fuzzer) clear of other host code's names.
 *
 * The rule that keeps a hostile image harmless: every pointer into the
 * image comes from dimg_block(), which returns NULL for a block outside
 * the store, and every loop over on-disk links is bounded by a count
 * that does not come from the image (or is checked against one).
 */
#ifndef CAIRN_DUMP_H
#define CAIRN_DUMP_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <pthread.h>
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
int dimg_open(dimg_t *im, const char *path, int writable, const char **why);
/* The same over a caller's buffer (fuzzer, tests); buf must stay alive. */
int dimg_from_buffer(dimg_t *im, uint8_t *buf, uint64_t size, const char **why);
void dimg_close(dimg_t *im);
/* Pointer to store block b, or NULL if b is not inside the image. */
const uint8_t *dimg_block(const dimg_t *im, uint64_t b);
/* The same for writing: NULL unless the image was opened with -w. */
uint8_t *dimg_block_w(const dimg_t *im, uint64_t b);
int dimg_is_zero(const void *p, size_t len);
int dimg_sync(dimg_t *im);

/* --------------------------------------------------------- dump_scan.c */

#define DSCAN_CHUNK 128u    /* blocks a read: 512 KiB */
#define DSCAN_SUMS_MAX 16u  /* sums a block at most */

/* What a scan works out from each block it reads, in the reader thread:
 * nsum values into out (dscan_open's sum argument).  fn runs in either
 * thread, so it must not write shared state (check's CRCs are safe: the
 * CRC code initialises itself once, under pthread_once, and the table
 * version has been used on the roots before any scan starts). */
typedef struct dscan_sum {
	void (*fn)(const uint8_t *block, uint32_t *out);
	unsigned nsum;
} dscan_sum_t;

/* A run of blocks read with one pread, and their sums. */
typedef struct dchunk {
	uint8_t *buf;       /* cap blocks */
	uint32_t *sums;     /* sum->nsum values for each block (or one, unused) */
	uint64_t first;     /* block number of buf's first block */
	uint32_t n;         /* blocks in buf (0: holds nothing) */
	int err;            /* errno of a read that stopped short, or 0 */
} dchunk_t;

typedef struct dscan {
	const dimg_t *im;
	const dscan_sum_t *sum; /* or NULL */
	uint32_t cap;       /* blocks a chunk */
	dchunk_t cur;       /* the caller's pointers point here */
	int err;            /* errno of the last failed read, or 0 */
	uint32_t one[DSCAN_SUMS_MAX]; /* a buffer image's block's sums */
	/* read-ahead (dump_scan.c): the reader thread fills next; the
	 * caller fills spare while it would otherwise wait for the reader */
	int ahead;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	dchunk_t next, spare;
	uint64_t asked;     /* the block the reader is to read from (under lock) */
	int want, ready, stop;
} dscan_t;

/* ahead: read the next chunk in a second thread while this one is
 * looked at; sum (or NULL): what to work out from every block read, in
 * that thread too.  -1 if the buffers cannot be allocated. */
int dscan_open(dscan_t *sc, const dimg_t *im, uint32_t chunk, int ahead,
	       const dscan_sum_t *sum);
/* Block b (valid until the next call), or NULL if it is not in the
 * image or could not be read (sc->err says why). */
const uint8_t *dscan_block(dscan_t *sc, uint64_t b);
/* The sums of block b, which the last dscan_block() returned (not NULL);
 * valid as long as the block. */
const uint32_t *dscan_sums(dscan_t *sc, uint64_t b);
void dscan_close(dscan_t *sc);

/* -------------------------------------------------------- dump_state.c */

#define DST_KNOWN     1u  /* sound home record, no log copy: the rest holds */
#define DST_ALLOCATED 2u

typedef struct dstate {
	uint32_t *count[2];   /* [0] nodes, [1] pages: allocation count */
	uint8_t *flags[2];    /* DST_* */
	uint32_t n[2];
} dstate_t;

int dstate_init(dstate_t *t, const ck_geometry_t *g);
void dstate_free(dstate_t *t);
void dstate_set(dstate_t *t, unsigned kind, uint32_t idx, int allocated, uint32_t count);
/* 0 and the object's state if the table knows it, else -1. */
int dstate_get(const dstate_t *t, uint64_t oid, int *allocated, uint32_t *count);

/* -------------------------------------------------------- dump_defer.c */

#define DDEFER_MAX 65536u   /* 2 MiB */
/* check's heap size: DDEFER_MAX (tests make it small to see the second
 * pass taken). */
extern uint32_t dcheck_defer_max;

typedef struct ddefcap {
	cap_t cap;
	uint32_t holder;      /* node index holding it */
	uint32_t target;      /* node index it names */
	uint8_t slot;
} ddefcap_t;

typedef struct ddefer {
	ddefcap_t *e;         /* a heap: the smallest target first */
	uint32_t n, max;
} ddefer_t;

int ddefer_init(ddefer_t *d, uint32_t max);
void ddefer_free(ddefer_t *d);
/* Whether n more fit. */
int ddefer_room(const ddefer_t *d, uint32_t n);
void ddefer_push(ddefer_t *d, uint32_t target, uint64_t holder, unsigned slot, const cap_t *c);
/* Take the entry with the smallest target if that is below limit: 1. */
int ddefer_pop_below(ddefer_t *d, uint32_t limit, ddefcap_t *out);

/* --------------------------------------------------------- dump_log.c */

/* One generation of the checkpoint log, as ck_log_walk() found it. */
typedef struct dgen {
	uint64_t gen;
	uint32_t first_dir;   /* log-relative block of its first directory block */
	uint32_t first_block; /* its first log block (seq 0 says), or CK_NO_BLOCK */
	uint32_t last_dir;    /* its last directory block walked */
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
	int cur;                   /* chosen root 0/1, or -1 */
	const ck_root_t *r;        /* root[cur], or NULL */
	ck_geometry_t geo;         /* r->geo, or zero */
	dgen_t *gens;              /* newest first, unmigrated only; the last
				    * one holds the walk's problem, if any */
	uint32_t ngens;
	int walk_clean;            /* every unmigrated generation walked */
	uint32_t *dirblk;          /* directory blocks of every generation */
	uint32_t ndirblk;
	dlogent_t *ix;             /* sorted by OID, one per OID */
	size_t nix;
	dlogent_t dup;             /* first OID named twice by one generation */
	uint32_t ndup;             /* how many such repeats */
	int oom;                   /* an allocation failed while loading */
	const dstate_t *state;     /* check's table while it runs, or NULL */
	const struct dprocs *procs; /* check's list of processes, or NULL */
	struct dnames *names;      /* dump_names.c's, found on first use */
} dstore_t;

/* The current version of a node: its newest log copy, else its home. */
typedef struct dnode {
	const ck_node_t *n;  /* the record (NULL only if not in the image) */
	int in_log;
	uint64_t gen;        /* generation of the log copy */
	uint32_t block;      /* absolute block holding the record */
	unsigned record;     /* record within that block */
	const char *bad;     /* why the record is damaged, or NULL */
} dnode_t;

typedef struct dpage {
	const uint8_t *data; /* NULL: all zero without a frame to read (or damaged) */
	uint32_t alloc_count;
	uint32_t crc;        /* the CRC the tag or directory promises */
	uint16_t flags;      /* CK_TF_* */
	int in_log;
	uint64_t gen;
	uint32_t block;      /* absolute frame or log block; 0 if none */
	uint32_t tag_block;  /* absolute tag block (home), 0 if in the log */
	const char *bad;
	int summed;          /* sum is data's ck_page_crc() (worked out already) */
	uint32_t sum;
} dpage_t;

/* What a capability or the bank's records are judged against. */
typedef struct dobj {
	int bad;             /* the current record is damaged */
	int allocated;       /* its allocated flag (whatever bad says) */
	uint32_t count;      /* its allocation count (0 if no record) */
	uint32_t calls;      /* a node's call count (only if asked for) */
} dobj_t;

void dstore_open(dstore_t *s, const dimg_t *im);
void dstore_close(dstore_t *s);
/* Why root i (0: A, 1: B) is not valid, in words ("valid" if it is); a
 * root of another format version says which version it is.  buf holds
 * at least 160 bytes. */
const char *dstore_root_why(const dstore_t *s, unsigned i, char *buf, size_t n);
/* Resolve an object; -1 if the OID is not a node (page) in range. */
int dstore_node(const dstore_t *s, uint64_t oid, dnode_t *out);
int dstore_page(const dstore_t *s, uint64_t oid, dpage_t *out);
int dstore_node_allocated(const dnode_t *d);
/* An object's state (check's table if it knows it, else the image;
 * calls: fill o->calls, which the table does not hold); -1 if the OID
 * is not a node or page in range. */
int dstore_obj(const dstore_t *s, uint64_t oid, int calls, dobj_t *o);
/* Why a page's data does not match its CRC (or its record is bad), or NULL. */
const char *dstore_page_verify(const dpage_t *d);
const dlogent_t *dstore_log_find(const dstore_t *s, uint64_t oid);
/* Why a node record (home or log) is unusable for oid, or NULL; an
 * all-zero record is named as such (ck_node_check for the rest). */
const char *dstore_record_check(const ck_node_t *n, uint64_t oid);
/* The same, given the record's ck_node_crc(). */
const char *dstore_record_check_crc(const ck_node_t *n, uint64_t oid, uint32_t crc);
/* The home node record of an index (NULL if its pot is not readable). */
const ck_node_t *dstore_home_node(const dstore_t *s, uint32_t index);

/* dump_log.c */
void dlog_load(dstore_t *s);
void dlog_free(dstore_t *s);
/* Log-relative block rel (NULL outside the log or the image). */
const uint8_t *dlog_block(const dstore_t *s, uint32_t rel);
const ck_dir_block_t *dlog_dir_block(const dstore_t *s, uint32_t rel);
/* Why a directory entry is unusable (ck_dir_entry_check, then the log
 * node block and record it names), or NULL; fills *dn or *dp (may be
 * NULL) with the record it names. */
const char *dlog_entry_check(const dstore_t *s, const ck_dir_entry_t *e,
			    uint64_t gen, dnode_t *dn, dpage_t *dp);
/* Whether root r's binding to its directory holds: "ok", "-" (nothing
 * to bind: generation 0 or everything migrated), or the walk's problem. */
const char *dlog_binding(const dstore_t *s);

/* -------------------------------------------------------- dump_oid.c */

/* Parse "0x100000005", "n:5", "p:0x1c", "node:5", "page:12". */
int doid_parse(const char *s, uint64_t *oid);
/* "n:5" / "p:12" / "0x300000001"; buf of at least 24 bytes. */
const char *doid_name(uint64_t oid, char *buf, size_t len);
int doid_parse_u64(const char *s, uint64_t *v);

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

const char *dcap_type_name(unsigned type);
int dcap_type_objkind(unsigned type);
int dcap_type_lookup(const char *name);
const char *dcap_status_name(enum cap_status st);
void dcap_eval(const dstore_t *s, const cap_t *c, capinfo_t *ci);
/* "ro,weak" or "-" */
const char *dcap_restr_str(unsigned r, char *buf, size_t len);
/* Parse 32 hex digits (spaces allowed) into a capability. */
int dcap_parse_hex(const char *s, cap_t *c);

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

void dout_init(dout_t *o, FILE *f, int json);
void dout_begin(dout_t *o, const char *command);
void dout_end(dout_t *o);
void dout_str(dout_t *o, const char *key, const char *v);
void dout_fmt(dout_t *o, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dout_u64(dout_t *o, const char *key, uint64_t v);
/* v, or "-" where v is the field's "none" value (CK_NO_BLOCK, no limit). */
void dout_u64_or_none(dout_t *o, const char *key, uint64_t v, uint64_t none);
void dout_hex(dout_t *o, const char *key, uint64_t v);
void dout_bool(dout_t *o, const char *key, int v);
void dout_oid(dout_t *o, const char *key, uint64_t oid);
void dout_section(dout_t *o, const char *key);
void dout_section_end(dout_t *o);
void dout_table(dout_t *o, const char *key, const char *const *cols);
void dout_row(dout_t *o);
void dout_row_end(dout_t *o);
void dout_table_end(dout_t *o);
/* A line of free text (text mode only; JSON ignores it). */
void dout_text(dout_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print one capability's fields as cells or fields (no row/section). */
void dout_cap_fields(dout_t *o, const dstore_t *s, const cap_t *c);
/* dump_cmd_obj.c: a node's header fields, and its slots as a table. */
void dcmd_node_header(dout_t *o, const dstore_t *s, const dnode_t *d, uint64_t oid);
void dcmd_slots(dout_t *o, const dstore_t *s, const char *key, const ck_node_t *n);

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

/* Report an operational or usage error on stderr (unless dump_quiet is
 * set: the fuzzer); returns status. */
extern int dump_quiet;
int dump_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const dcmd_t *dump_commands(void);
void dump_usage(FILE *f);
int dump_run(dctx_t *c, int argc, char **argv);
/* dump_prompt.c (the program only): read lines with editing and history
 * and give each to run_line until it sets *quit or input ends; the OR
 * of their statuses. */
int dump_prompt(dctx_t *c, int (*run_line)(dctx_t *c, char *line, int *quit));
/* An object argument of cmd: an OID or a name (dump_names.c), of kind
 * (CK_OID_KIND_*, or 0 for any); 0, or the status of the error it
 * reported. */
int dump_object_arg(dctx_t *c, const char *cmd, const char *arg, unsigned kind, uint64_t *oid);

int dcmd_info(dctx_t *c, int argc, char **argv);
int dcmd_roots(dctx_t *c, int argc, char **argv);
int dcmd_generations(dctx_t *c, int argc, char **argv);
int dcmd_logdump(dctx_t *c, int argc, char **argv);
int dcmd_ls(dctx_t *c, int argc, char **argv);
int dcmd_node(dctx_t *c, int argc, char **argv);
int dcmd_page(dctx_t *c, int argc, char **argv);
int dcmd_cap(dctx_t *c, int argc, char **argv);
int dcmd_path(dctx_t *c, int argc, char **argv);
int dcmd_proc(dctx_t *c, int argc, char **argv);
int dcmd_refs(dctx_t *c, int argc, char **argv);
int dcmd_graph(dctx_t *c, int argc, char **argv);
int dcmd_check(dctx_t *c, int argc, char **argv);
int dcmd_bank(dctx_t *c, int argc, char **argv);
int dcmd_set_slot(dctx_t *c, int argc, char **argv);
int dcmd_reseal(dctx_t *c, int argc, char **argv);

/* dump_space.c: a process's address space */
#define DSPACE_PROBLEMS 16
typedef struct drun {
	uint64_t start, end;  /* virtual addresses, end exclusive */
	int ro;
} drun_t;

typedef struct dspace {
	uint32_t nodes, pages, ro_pages;
	drun_t *runs;         /* ascending, coalesced */
	uint32_t nruns;
	uint32_t nprob;       /* problems found; the first DSPACE_PROBLEMS kept */
	char prob[DSPACE_PROBLEMS][112];
	const dstore_t *s;    /* private */
	uint32_t cap;
} dspace_t;

/* Walk the tree under root (a process's slot 0); free with dspace_free. */
void dspace_walk(dspace_t *w, const dstore_t *s, const cap_t *root);
void dspace_free(dspace_t *w);

enum { DSS_VOID, DSS_PAGE, DSS_SPACE, DSS_BAD };

typedef struct dspace_step {
	int kind;               /* DSS_* */
	unsigned height;        /* of a Space */
	const char *why, *detail;  /* DSS_BAD: the problem */
} dspace_step_t;

/* How capability c, met in a node of height h (0: the root slot), is
 * taken by the page-fault path. */
dspace_step_t dspace_step(const dstore_t *s, const cap_t *c, unsigned h);
/* The Page capability mapped at va under root, or NULL. */
const cap_t *dspace_lookup(const dstore_t *s, const cap_t *root, uint32_t va);

/* dump_bank.c: the space bank's tables (spacebank/format.h), found
 * through its process's Space tree */
#include "spacebank/format.h"

typedef struct dbank {
	uint64_t proc;            /* the bank process's root node */
	const cap_t *space;       /* its slot 0 */
	struct sb_header h;       /* copied and checked */
} dbank_t;

/* Find the space bank: the first process (dump_procs.c) with a valid
 * header at SB_VA_HEADER.  0 if found; -1 and *why if not. */
int dbank_find(const dstore_t *s, dbank_t *b, const char **why);
/* A record, or a bank; -1 if not readable (not mapped, out of range). */
int dbank_rec(const dstore_t *s, const dbank_t *b, unsigned k, uint32_t idx,
	      struct sb_rec *out);
int dbank_bank(const dstore_t *s, const dbank_t *b, uint32_t id, struct sb_bank *out);
/* Is the object allocated, and with which count?  -1 if out of range. */
int dbank_obj_state(const dstore_t *s, unsigned k, uint32_t idx, int *allocated,
		    uint32_t *count);
/* The bank's process when it has no header yet: the process holding
 * the Range capability.  0 if found. */
int dbank_find_process(const dstore_t *s, uint64_t *proc);
/* Objects of kind k (SB_NODE, SB_PAGE_K) allocated from index 0 up:
 * what the bank adopts at its first start. */
uint32_t dbank_prefix(const dstore_t *s, unsigned k);
/* "free", "bank's own", "bank 7", "retired"; buf of 32 bytes. */
const char *dbank_owner_name(const struct sb_rec *r, char *buf, size_t len);

/* dump_procs.c: which nodes are processes, and why */
#define PW_RUNLIST 1  /* named by the run list */
#define PW_CAP     2  /* target of a Process, Start or Resume capability */
#define PW_SHAPE   4  /* slots look like process.h's root layout */
typedef struct dprocs {
	uint32_t *index;  /* node indexes, ascending */
	uint8_t *why;     /* PW_* bits, parallel */
	uint32_t n;
} dprocs_t;
int dprocs_find(const dstore_t *s, dprocs_t *out);
/* For a caller that visits every node itself (check): what node i, its
 * current version n allocated and sound, tells of processes, into why
 * (one byte a node); then the list from those marks. */
void dprocs_mark(const dstore_t *s, uint8_t *why, uint32_t i, const ck_node_t *n);
/* The same, looking only at the slots in mask (bit k: slot k); a slot
 * left out must hold a Void or Number capability. */
void dprocs_mark_slots(const dstore_t *s, uint8_t *why, uint32_t i, const ck_node_t *n,
		       uint32_t mask);
int dprocs_from_marks(const dstore_t *s, uint8_t *why, dprocs_t *out);
void dprocs_free(dprocs_t *p);
int dprocs_shape(const ck_node_t *n);

/* dump_names.c: names of processes (their roots' name slots) and of
 * what follows from them: NAME, NAME.capregs, NAME.space */
typedef struct dname {
	uint64_t oid;
	char name[PROC_NAME_MAX + 12];
} dname_t;

typedef struct dnames {
	dname_t *v;
	uint32_t n;
	int loaded;
} dnames_t;

void dnames_free(dnames_t *t);
/* The name of oid, or NULL. */
const char *dnames_of(const dstore_t *s, uint64_t oid);
/* "shell (n:9)" or "n:9". */
const char *dnames_label(const dstore_t *s, uint64_t oid, char *buf, size_t len);
/* The name in a process root's name slot; "" for none. */
const char *dnames_proc(const ck_node_t *n, char buf[PROC_NAME_MAX + 1]);
/* An object as typed: an OID (doid_parse's forms) or a name. */
int dnames_parse(const dstore_t *s, const char *arg, uint64_t *oid);

#endif /* CAIRN_DUMP_H */
