/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * image.h -- the store being built: every node and page, the names the
 * map gave them, the capabilities still to be resolved, and the root's
 * system state.
 *
 * OIDs are assigned as objects appear: the n-th node created (counting
 * from 0) gets OID ck_oid_make(CK_OID_KIND_NODE, n), the n-th page
 * ck_oid_make(CK_OID_KIND_PAGE, n).  There are no fixed system objects.
 * The store's geometry is known before the map is read, so running out
 * of room is reported at the declaration that does not fit; a map that
 * sets the log size lays the store out again there, and room is checked
 * once more against the new layout (OIDs do not depend on it).
 *
 * Invariants:
 *   - nodes[i].oid == ck_oid_make(CK_OID_KIND_NODE, i), and every node
 *     and page made here is marked allocated (CK_NF_ALLOCATED, and
 *     CK_TF_ALLOCATED when the tags are written); the space bank adopts
 *     them later;
 *   - nnodes <= geo.node_count and npages <= geo.page_count;
 *   - a slot is set at most once (slot_set), so a map cannot silently
 *     overwrite what it said earlier;
 *   - capabilities naming other objects are kept as capref records until
 *     link_image() resolves them, so names may be used before they are
 *     declared.
 */
#ifndef MK_IMAGE_H
#define MK_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "ckpt/format.h"
#include "disk-image/mkimage/diag.h"

#define MK_NO_INDEX 0xffffffffu
#define MK_BLOCKS_PER_MB ((1u << 20) / CK_BLOCK_SIZE)

enum sym_kind {
	SYM_NODE,    /* a node declared with "node" */
	SYM_PAGE,    /* a page declared with "page" */
	SYM_PROCESS, /* a process: root node, capability registers, space */
};

struct sym {
	char *name;
	enum sym_kind kind;
	struct pos pos;
	uint32_t index;        /* node index (node, process root) or page index */
	/* SYM_PROCESS only: */
	uint32_t capregs;      /* capability-register node index */
	uint32_t space;        /* root Space node index, or MK_NO_INDEX */
	unsigned space_height;
	uint32_t entry;        /* initial eip */
	int state;             /* explicit run state, or -1: decided by "run" */
	bool in_runlist;
};

/* A capability written in the map, resolved by link_image(). */
struct capref {
	struct pos pos;        /* the capability's type keyword */
	unsigned type, restr, badge;
	bool has_badge, has_count;
	uint32_t count;        /* explicit count (default: the target's) */
	uint32_t num[3];       /* Number data */
	char *target, *member; /* name[.member], or NULL for no object */
	struct pos target_pos;
	uint32_t node, slot;   /* destination */
};

struct mk_page {
	uint8_t *data;         /* CK_BLOCK_SIZE bytes, or NULL for zeros */
	uint32_t alloc_count;
};

struct run_entry {
	char *name;
	struct pos pos;
};

struct image {
	ck_geometry_t geo;
	unsigned store_mb;
	ck_node_t *nodes;
	uint32_t *slot_set;    /* per node: bit s set once slot s is assigned */
	uint32_t nnodes;
	size_t nodes_cap;
	struct mk_page *pages;
	uint32_t npages;
	size_t pages_cap;
	struct sym **syms;     /* stable pointers: a sym never moves */
	size_t nsyms, syms_cap;
	struct capref *refs;
	size_t nrefs, refs_cap;
	struct run_entry *run;
	size_t nrun, run_cap;
	/* Root state. */
	cap_t runlist[CK_RUNLIST_MAX];
	uint32_t runlist_count;
	uint32_t ckpt_period_ms;
	uint64_t created;
	/* Files: -I directories, and every file read (for --deps). */
	const char **incdirs;
	size_t nincdirs;
	char **inputs;
	size_t ninputs;
};

/* An empty image for a store of store_mb MiB; -1 if that is too small. */
int image_init(struct image *img, unsigned store_mb);
/* Lay the store out again with a log of log_mb MiB (0: the default);
 * reports at `at` if the log does not fit or the objects made so far no
 * longer do.  0 or -1. */
int image_set_log(struct image *img, struct pos at, uint64_t log_mb);
void image_free(struct image *img);

/* Room for n more nodes / pages?  Otherwise report at `at`. */
int image_room(struct image *img, struct pos at, uint32_t nodes, uint32_t pages);
/* A new node / page (data NULL: zero; the image takes data).  -1 if full. */
int image_new_node(struct image *img, struct pos at, uint32_t *index);
int image_new_page(struct image *img, struct pos at, uint8_t *data, uint32_t *index);

/* Mark slot `slot` of node `node` as assigned; error if it already was. */
int image_claim_slot(struct image *img, struct pos at, uint32_t node, unsigned slot);
/* Claim and set a slot in one step (for capabilities known at once). */
int image_set_slot(struct image *img, struct pos at, uint32_t node, unsigned slot, cap_t c);

/* Names: define (error if taken) and look up (NULL if unknown). */
struct sym *image_define(struct image *img, char *name, enum sym_kind kind, struct pos at);
struct sym *image_lookup(const struct image *img, const char *name);

/* Queue a capability for link_image(). */
void image_add_ref(struct image *img, const struct capref *r);
void image_add_run(struct image *img, char *name, struct pos at);

/* Resolve every capref and the run list (link.c).  0 or -1. */
int link_image(struct image *img);

#endif
