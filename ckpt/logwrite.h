/* SPDX-License-Identifier: BSD-2-Clause */
/* logwrite.h -- writing one generation into the log (see logwrite.c). */
#ifndef CAIRN_CKPT_LOGWRITE_H
#define CAIRN_CKPT_LOGWRITE_H

#include "kernel/kernel.h"
#include "ckpt/format.h"

/* Boot: room for up to max_entries directory entries per generation. */
void logwrite_init(uint32_t max_entries);
uint32_t logwrite_max_entries(void);

/* Free log blocks after durable root r (its live log stays untouched). */
uint32_t logwrite_free_blocks(const ck_root_t *r);

/*
 * Start generation gen after the durable root r.  link: whether r's
 * generation is still unmigrated (then this generation's directory
 * names it, and the log tail stays where r has it).
 */
void logwrite_begin(const ck_root_t *r, uint64_t gen, bool link);
int logwrite_node(const ck_node_t *n);          /* all nodes first ... */
int logwrite_page(uint64_t oid, uint32_t count, uint16_t flags, const void *data);
/* ... then the directory and a flush.  On success *next is r with this
 * generation's log fields filled in (head, tail, directory, binding);
 * the caller adds the rest and commits it with logwrite_root. */
int logwrite_finish(ck_root_t *next);
/* Write root r to its slot (r->root_slot) and flush: the commit point. */
int logwrite_root(ck_root_t *r);

/* The entries of the generation just written, for the overlay. */
const ck_dir_entry_t *logwrite_entries(uint32_t *n);
/* Log blocks the generation used (data and directory). */
uint32_t logwrite_blocks(void);

#endif
