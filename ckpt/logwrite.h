/* SPDX-License-Identifier: BSD-2-Clause */
/* logwrite.h -- one generation's layout in the log (see logwrite.c). */
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
 * generation is still unmigrated (then this generation's directory names
 * it, and the log tail is tail: the first block of the oldest unmigrated
 * generation).  r must stay valid until the root is built.
 */
void logwrite_begin(const ck_root_t *r, uint64_t gen, bool link, uint32_t tail);
/* The next *n blocks of the generation, consecutive on disk: the first's
 * log-relative number, *n cut at the log's end; CK_NO_BLOCK if the free
 * log is used up. */
uint32_t logwrite_take(uint32_t *n);
/* Give back the last n blocks of the last take, unused. */
void logwrite_untake(uint32_t n);
/* Node block blk of nrec staged records goes to rel: its header set,
 * every record sealed and given a directory entry. */
int logwrite_node_block(ck_pot_t *blk, uint32_t nrec, uint32_t rel);
/* A page's entry: its contents' CRC and block (CK_NO_BLOCK: all zero). */
int logwrite_page(uint64_t oid, uint32_t count, uint16_t flags, uint32_t crc, uint32_t rel);
uint32_t logwrite_entry_count(void);
/* After the last entry: place the directory (*nd blocks, consecutive
 * modulo the log); then fill blocks [from, to) into buf back to front,
 * next_crc being block to's CRC (0 if to is the end); returns block
 * from's CRC.  The caller writes from the last range to the first. */
int logwrite_dir_place(uint32_t *nd);
uint32_t logwrite_dir_rel(uint32_t seq);
uint32_t logwrite_dir_fill(uint32_t from, uint32_t to, ck_dir_block_t *buf, uint32_t next_crc);
/* The root committing this generation (whose directory's first block has
 * CRC dir_crc): r with the log fields filled in; the caller adds the
 * rest, seals it and writes it to next->root_slot. */
void logwrite_root(ck_root_t *next, uint32_t dir_crc);

/* The entries of the generation, for the overlay. */
const ck_dir_entry_t *logwrite_entries(uint32_t *n);
uint32_t logwrite_blocks(void);       /* blocks handed out so far */
uint32_t logwrite_first_block(void);

#endif
