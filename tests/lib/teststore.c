/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teststore.c -- hand-made stores for cairn-dump's tests and fuzz seeds.
 *
 * The demo store (ts_demo), generation 0:
 *
 *   n:0  process "init": running, eip 0x1000, esp 0x20000; space n:1
 *   n:1  Space node, height 2 -> slot 0: n:2
 *   n:2  Space node, height 1 -> p:0 (ro), p:1, p:2 at 0x0, 0x1000, 0x2000
 *   n:3  init's capability registers: console, start n:4 (badge 7),
 *        node n:5, a stale page cap to p:3 (count 1, page count 2)
 *   n:4  process "echo": available, one-page space p:1
 *   n:5  plain node: slot 0 a Node cap to itself (a loop), slot 1 a number
 *   n:6  forwarder node -> start n:4
 *   p:0  "CAIRN-CODE..." p:1 data, p:2 zero (flag), p:3 count 2
 *   run list: process n:0, process n:4
 *
 * Both roots are generation 0 and identical but for their slot, every
 * pot record and every tag is written and sealed, as cairn-mkimage
 * writes a fresh store (format version 2): a zero block where one of
 * them must be is damage.
 *
 * ts_demo_log adds two generations through the log writer
 * (teststore_log.c); from log block F (0 unless asked):
 *
 *   F+0  gen 1 node block: n:5 with slot 2 = page p:1
 *   F+1  gen 1 page p:1, new contents
 *   F+2  gen 1 directory (n:5, p:1), no previous generation   root B
 *   F+3  gen 2 node block: n:7 (new; free at home)
 *   F+4  gen 2 directory (n:7, zero page p:4); previous: F+2   root A
 *
 * (block numbers modulo the log's size: F near its end wraps the log).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/process.h"
#include "tests/lib/teststore.h"

int
ts_init(ts_t *t, uint32_t blocks)
{
	memset(t, 0, sizeof *t);
	if (ck_geometry_compute(&t->geo, blocks, 0) < 0)
		return -1;
	t->buf = calloc(blocks, CK_BLOCK_SIZE);
	t->blocks = blocks;
	return t->buf ? 0 : -1;
}

void
ts_free(ts_t *t)
{
	free(t->buf);
	free(t->pend);
	t->buf = 0;
	t->pend = 0;
}

uint8_t *
ts_block(ts_t *t, uint32_t b)
{
	return t->buf + (size_t)b * CK_BLOCK_SIZE;
}

ck_root_t *
ts_root(ts_t *t, unsigned slot)
{
	ck_root_t *r = (ck_root_t *)ts_block(t, slot);

	if (r->magic != CK_ROOT_MAGIC) {
		r->magic = CK_ROOT_MAGIC;
		r->version = CK_FORMAT_VERSION;
		r->block_size = CK_BLOCK_SIZE;
		r->root_slot = slot;
		r->geo = t->geo;
		r->dir_block = CK_NO_BLOCK;
		r->gen_first_block = CK_NO_BLOCK;
	}
	return r;
}

ck_node_t *
ts_node(ts_t *t, uint32_t index)
{
	ck_pot_t *p = (ck_pot_t *)ts_block(t, t->geo.pot_start + index / CK_NODES_PER_POT);
	ck_node_t *n = &p->node[index % CK_NODES_PER_POT];

	p->h.magic = CK_POT_MAGIC;
	p->h.index = index / CK_NODES_PER_POT;
	n->oid = ts_n(index);
	n->alloc_count = 1;
	n->flags = CK_NF_ALLOCATED;
	return n;
}

ck_tag_t *
ts_tag(ts_t *t, uint32_t index)
{
	ck_tag_block_t *tb = (ck_tag_block_t *)ts_block(t, t->geo.tag_start +
							 index / CK_TAGS_PER_BLOCK);

	tb->magic = CK_TAG_MAGIC;
	tb->index = index / CK_TAGS_PER_BLOCK;
	return &tb->tag[index % CK_TAGS_PER_BLOCK];
}

uint8_t *
ts_page(ts_t *t, uint32_t index, int zero)
{
	ck_tag_t *tag = ts_tag(t, index);

	tag->alloc_count = 1;
	tag->flags = CK_TF_ALLOCATED | (zero ? CK_TF_ZERO : 0);
	return ts_block(t, t->geo.frame_start + index);
}

/* Every record of every pot: the nodes made, the others free (OID set). */
static void
seal_pots(ts_t *t)
{
	const ck_geometry_t *g = &t->geo;

	for (uint32_t p = 0; p < g->pot_count; p++) {
		ck_pot_t *pot = (ck_pot_t *)ts_block(t, g->pot_start + p);
		pot->h.magic = CK_POT_MAGIC;
		pot->h.index = p;
		for (unsigned r = 0; r < CK_NODES_PER_POT; r++) {
			if (!pot->node[r].oid)
				pot->node[r].oid = ts_n(p * CK_NODES_PER_POT + r);
			ck_node_seal(&pot->node[r]);
		}
	}
}

/* Every tag up to page_count: the pages made, the others free and zero. */
static void
seal_tags(ts_t *t)
{
	static const uint8_t zero[CK_BLOCK_SIZE];
	const ck_geometry_t *g = &t->geo;

	for (uint32_t j = 0; j < g->page_count; j++) {
		ck_tag_t *tag = ts_tag(t, j);
		if (!(tag->flags & CK_TF_ALLOCATED))
			tag->flags = CK_TF_ZERO;
		tag->crc = ck_page_crc(tag->flags & CK_TF_ZERO ? zero : ts_block(t, g->frame_start + j));
		ck_tag_seal(tag, j);
	}
}

void
ts_seal(ts_t *t)
{
	seal_pots(t);
	seal_tags(t);
	ck_root_t *a = ts_root(t, 0), *b = (ck_root_t *)ts_block(t, 1);
	if (b->magic != CK_ROOT_MAGIC) {
		*b = *a;
		b->root_slot = 1;
	}
	ck_root_seal(a);
	ck_root_seal(b);
}

static void
proc_regs(ck_node_t *n, unsigned state, uint32_t eip, uint32_t esp)
{
	n->slot[PR_SLOT_STATE] = cap_number(state, 0, 0);
	n->slot[PR_SLOT_SCHED] = cap_number(PROC_PRIO_DEFAULT, 10, 0);
	n->slot[PR_SLOT_REGS0] = cap_number(0, 0, 0);
	n->slot[PR_SLOT_REGS1] = cap_number(0, 0, 0);
	n->slot[PR_SLOT_REGS2] = cap_number(0, esp, eip);
	n->slot[PR_SLOT_REGS3] = cap_number(PROC_EFLAGS_USER, 0, 0);
	n->slot[PR_SLOT_RECV] = cap_number(0, 0, 0);
}

static void
demo_nodes(ts_t *t)
{
	ck_node_t *n;

	n = ts_node(t, 0);
	proc_regs(n, PRS_RUNNING, 0x1000, 0x20000);
	n->slot[PR_SLOT_SPACE] = cap_make(CT_SPACE, 0, 2, 1, ts_n(1));
	n->slot[PR_SLOT_CAPREGS] = cap_make(CT_NODE, 0, 0, 1, ts_n(3));
	n = ts_node(t, 1);
	n->slot[0] = cap_make(CT_SPACE, 0, 1, 1, ts_n(2));
	n = ts_node(t, 2);
	n->slot[0] = cap_make(CT_PAGE, CAP_R_RO, 0, 1, ts_p(0));
	n->slot[1] = cap_make(CT_PAGE, 0, 0, 1, ts_p(1));
	n->slot[2] = cap_make(CT_PAGE, 0, 0, 1, ts_p(2));
	n = ts_node(t, 3);
	n->slot[0] = cap_make(CT_CONSOLE, 0, 0, 0, 0);
	n->slot[1] = cap_make(CT_START, 0, 7, 1, ts_n(4));
	n->slot[2] = cap_make(CT_NODE, 0, 0, 1, ts_n(5));
	n->slot[3] = cap_make(CT_PAGE, 0, 0, 1, ts_p(3));
	n = ts_node(t, 4);
	proc_regs(n, PRS_AVAILABLE, 0x2000, 0x1000);
	n->slot[PR_SLOT_SPACE] = cap_make(CT_PAGE, 0, 0, 1, ts_p(1));
	n = ts_node(t, 5);
	n->slot[0] = cap_make(CT_NODE, 0, 0, 1, ts_n(5));
	n->slot[1] = cap_number(1, 2, 3);
	n = ts_node(t, 6);
	n->kind = CK_NK_FORWARDER;
	n->slot[0] = cap_make(CT_START, 0, 0, 1, ts_n(4));
}

void
ts_demo(ts_t *t)
{
	demo_nodes(t);
	memcpy(ts_page(t, 0, 0), "CAIRN-CODE\x90\x90\xeb\xfe", 14);
	memset(ts_page(t, 1, 0), 0x5a, 64);
	ts_page(t, 2, 1);
	memcpy(ts_page(t, 3, 0), "third page", 10);
	ts_tag(t, 3)->alloc_count = 2;
	ck_root_t *r = ts_root(t, 0);
	r->runlist[0] = cap_make(CT_PROCESS, 0, 0, 1, ts_n(0));
	r->runlist[1] = cap_make(CT_PROCESS, 0, 0, 1, ts_n(4));
	r->runlist_count = 2;
	r->created = 1;
	ts_seal(t);
}

/* ------------------------------------------------------------- log */

void
ts_demo_log(ts_t *t, uint32_t first)
{
	ts_demo(t);
	t->log_head = first % t->geo.log_blocks;
	ck_node_t *n5 = ts_log_node(t, 5);
	*n5 = *ts_node(t, 5);
	n5->slot[2] = cap_make(CT_PAGE, 0, 0, 1, ts_p(1));
	memset(ts_log_page(t, 1), 0xa5, CK_BLOCK_SIZE);
	ts_log_commit(t, 0);
	ck_node_t *n7 = ts_log_node(t, 7);
	n7->slot[0] = cap_make(CT_NODE, 0, 0, 1, ts_n(5));
	ts_log_zero_page(t, 4);
	ts_log_commit(t, 0);
}

/* ------------------------------------------------------------- fill */

void
ts_fill(ts_t *t)
{
	for (uint32_t i = 0; i < t->geo.node_count; i++) {
		ck_node_t *n = ts_node(t, i);
		n->slot[0] = cap_make(CT_NODE, 0, 0, 1, ts_n((i + 1) % t->geo.node_count));
		n->slot[1] = cap_make(CT_PAGE, 0, 0, 1, ts_p(i % t->geo.page_count));
		n->slot[2] = cap_number(i, 0, 0);
	}
	for (uint32_t j = 0; j < t->geo.page_count; j++) {
		uint8_t *p = ts_page(t, j, 0);
		for (unsigned k = 0; k < CK_BLOCK_SIZE; k += 8)
			memcpy(p + k, &(uint64_t){ (uint64_t)j << 32 | k }, 8);
	}
	ts_root(t, 0);
	ts_seal(t);
}

/* ------------------------------------------------------------ write */

#define TS_MBR_STORE_LBA 64u

static void
mbr_entry(uint8_t *e, uint8_t type, uint32_t lba, uint32_t sectors)
{
	e[4] = type;
	memcpy(e + 8, &lba, 4);
	memcpy(e + 12, &sectors, 4);
}

int
ts_write(const ts_t *t, const char *path, int mbr)
{
	FILE *f = fopen(path, "wb");
	uint8_t head[TS_MBR_STORE_LBA * CK_SECTOR_SIZE];
	size_t size = (size_t)t->blocks * CK_BLOCK_SIZE;
	int ok = f != 0;

	if (ok && mbr) {
		memset(head, 0, sizeof head);
		mbr_entry(head + 446, 0x83, 1, TS_MBR_STORE_LBA - 1);
		mbr_entry(head + 462, CK_MBR_PART_TYPE, TS_MBR_STORE_LBA,
			  (uint32_t)(size / CK_SECTOR_SIZE));
		head[510] = 0x55;
		head[511] = 0xaa;
		ok = fwrite(head, sizeof head, 1, f) == 1;
	}
	ok = ok && fwrite(t->buf, size, 1, f) == 1;
	if (f && fclose(f))
		ok = 0;
	return ok ? 0 : -1;
}
