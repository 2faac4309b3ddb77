/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-pressure -- more dirty objects than any one generation or the
 * object cache can hold (disk-image/ckpt-pressure.map and
 * ckpt-exhaust.map; tests/system/test_ckpt.py).  Word 0 of the Number
 * in R_PARAMS picks the mode:
 *
 * MODE_PRESSURE { mode, nodes, pages }: allocates `nodes` nodes from a
 *   sub-bank into a three-level tree (top slot i / 1024 -> mid slot
 *   (i / 32) % 32 -> dir slot i % 32 -> node i) and `pages` heap pages,
 *   then, PASSES times, writes all 32 slots of every node (a capability
 *   whose type depends on the pass, node and slot) and one word of every
 *   page.  Booted with a small object cache, this makes the kernel clean
 *   dirty objects -- checkpoint -- again and again while the program
 *   runs.  Then it says whether any invocation failed:
 *     "pressure: wrote N nodes and M pages PASSES times, E errors"
 *   takes a checkpoint, and checks every slot and word:
 *     "pressure: verified N nodes and M pages, X wrong"
 *   (printed again after a restart from that checkpoint).
 *
 * MODE_EXHAUST: allocates nodes, then pages, from a sub-bank until the
 *   bank refuses, which must be RC_NO_SPACE:
 *     "exhaust: N nodes, then RC_NO_SPACE" (and the same for pages)
 *   takes a checkpoint of the full store, destroys the sub-bank with its
 *   space, allocates one node again and takes another checkpoint.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "cairn/cmd.h"

enum {
	R_CKPT = 8, R_PARAMS = 9, R_SPACE = 10, R_SUB = 11, R_TOP = 12,
	R_MID = 13, R_DIR = 14, R_LEAF = 15, R_X = 16, R_HEAP0 = 17,
};
enum { MODE_PRESSURE = 1, MODE_EXHAUST = 2 };

#define PASSES 3u
#define WORDS_PER_PAGE 1024u

/* What pass p writes into slot s of node i: one of four capability
 * types the program holds, so a read-back tells them apart. */
static const struct {
	capreg_t reg;
	unsigned type;
} sources[4] = {
	{ CR_CONSOLE, CT_CONSOLE }, { CR_SLEEP, CT_SLEEP },
	{ CR_DISCRIM, CT_DISCRIM }, { R_CKPT, CT_CHECKPOINT },
};

static uint32_t errors, nodes, pages;
static uint32_t *heap_pages;

static unsigned
source(uint32_t pass, uint32_t i, uint32_t s)
{
	return (pass + i + s) % 4u;
}

static uint32_t
page_word(uint32_t pass, uint32_t j)
{
	return pass << 24 | j;
}

/* Count a failed invocation; the first is reported. */
static int
note(int rc, const char *what, uint32_t i)
{
	if (rc != RC_OK && errors++ == 0)
		printf("pressure: first error: %s, %s %u\n", rc_name(rc), what, i);
	return rc;
}

/* A new node from the sub-bank into slot `slot` of register parent,
 * and into register to. */
static int
hang_new(capreg_t parent, uint32_t slot, capreg_t to)
{
	int rc = bank_alloc_node(R_SUB, to);

	return rc ? rc : node_write(parent, slot, to);
}

/* Leave node i of the tree in R_LEAF, reached through step: node_read
 * walks the tree, hang_new builds it.  For i = 0, 1, 2 ... in order,
 * the mid and dir levels are stepped through only when i enters a new
 * one. */
static int
tree_step(uint32_t i, int (*step)(capreg_t parent, uint32_t slot, capreg_t to))
{
	int rc = RC_OK;

	if (i % 1024u == 0)
		rc = step(R_TOP, i / 1024u, R_MID);
	if (!rc && i % 32u == 0)
		rc = step(R_MID, (i / 32u) % 32u, R_DIR);
	if (!rc)
		rc = step(R_DIR, i % 32u, R_LEAF);
	return rc;
}

static int
walk_to(uint32_t i)
{
	return note(tree_step(i, node_read), "walk to node", i);
}

static int
build_tree(void)
{
	int rc = note(bank_alloc_node(R_SUB, R_TOP), "allocate node", 0);

	for (uint32_t i = 0; !rc && i < nodes; i++)
		rc = note(tree_step(i, hang_new), "allocate node", i);
	return rc;
}

static void
write_pass(uint32_t pass)
{
	for (uint32_t i = 0; i < nodes; i++) {
		if (walk_to(i))
			continue;
		for (uint32_t s = 0; s < 32u; s++)
			note(node_write(R_LEAF, s, sources[source(pass, i, s)].reg), "write node", i);
	}
	for (uint32_t j = 0; j < pages; j++)
		heap_pages[j * WORDS_PER_PAGE + pass] = page_word(pass, j);
}

static int
slot_is(uint32_t s, unsigned type)
{
	struct discrim_class c;

	return node_read(R_LEAF, s, R_X) == RC_OK &&
	       discrim_classify(CR_DISCRIM, R_X, &c) == RC_OK && c.type == type;
}

/* Slots and words that do not hold what the last pass wrote. */
static uint32_t
verify(void)
{
	uint32_t wrong = 0, last = PASSES;

	for (uint32_t i = 0; i < nodes; i++) {
		if (walk_to(i)) {
			wrong += 32u;
			continue;
		}
		for (uint32_t s = 0; s < 32u; s++)
			wrong += !slot_is(s, sources[source(last, i, s)].type);
	}
	for (uint32_t j = 0; j < pages; j++)
		for (uint32_t p = 1; p <= PASSES; p++)
			wrong += heap_pages[j * WORDS_PER_PAGE + p] != page_word(p, j);
	return wrong;
}

static void
pressure(void)
{
	heap_setup(&(struct heap_config){ R_SUB, R_SPACE, 4, { R_HEAP0, R_HEAP0 + 1, R_HEAP0 + 2 } });
	heap_pages = malloc((size_t)pages * 4096u);
	if (!heap_pages)
		note(RC_NO_SPACE, "heap pages", pages);
	if (build_tree() || !heap_pages) {
		printf("pressure: setup failed, %u errors\n", errors);
		return;
	}
	printf("pressure: %u nodes and %u pages allocated\n", nodes, pages);
	for (uint32_t p = 1; p <= PASSES; p++)
		write_pass(p);
	printf("pressure: wrote %u nodes and %u pages %u times, %u errors\n",
	       nodes, pages, PASSES, errors);
	cmd_take(R_CKPT, " (pressure)");
	printf("pressure: verified %u nodes and %u pages, %u wrong\n", nodes, pages, verify());
}

/* Allocate objects of kind from the sub-bank until it refuses. */
static void
exhaust_kind(unsigned kind, const char *what)
{
	uint32_t n = 0;
	int rc;

	while ((rc = bank_alloc(R_SUB, kind, 1, &(capreg_t){ R_X })) == RC_OK)
		n++;
	printf("exhaust: %u %s, then %s\n", n, what, rc_name(rc));
}

static void
exhaust(void)
{
	exhaust_kind(BANK_KIND_NODE, "nodes");
	exhaust_kind(BANK_KIND_PAGE, "pages");
	cmd_take(R_CKPT, " (store full)");
	printf("exhaust: destroy the sub-bank: %s\n", rc_name(bank_destroy_with_space(R_SUB)));
	printf("exhaust: a node after that: %s\n", rc_name(bank_alloc_node(CR_BANK, R_X)));
	cmd_take(R_CKPT, " (after)");
}

int
main(void)
{
	uint32_t prm[3] = { 0, 0, 0 };
	int rc;

	number_read(R_PARAMS, prm);
	nodes = prm[1];
	pages = prm[2];
	if ((rc = bank_create_sub(CR_BANK, R_SUB)) != RC_OK)
		printf("pressure: no sub-bank: %s\n", rc_name(rc));
	else if (prm[0] == MODE_EXHAUST)
		exhaust();
	else
		pressure();
	printf("pressure: end\n");
	for (;;)
		sleep_ms(CR_SLEEP, 1000);
}
