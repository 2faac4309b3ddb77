/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * overlay.c -- the overlay index: for every object whose newest committed
 * version is in the log and not yet at home, where that version is.
 *
 * Restart fills it from the unmigrated generations' directories; a
 * commit adds its generation's entries; migration empties it once the
 * versions are at home.  The object store consults it before the home
 * location on every fault-in (objstore.c).
 *
 * It is a fixed-size open-addressing hash table (linear probing, load at
 * most one half), sized once at boot from the log (DESIGN rule 2: no
 * allocation afterwards).  A second array lists the used slots in
 * insertion order, so clearing and walking cost the entries, not the
 * table; each entry knows its place in that list.  When migration has
 * put the generations up to m at home while newer ones were committed,
 * only the entries of m and older go: each is deleted by shifting the
 * rest of its probe run back (no tombstones), moving entries between
 * slots and updating the list.
 */
#include "ckpt/overlay.h"
#include "kernel/pmem.h"

static struct ov_ent *table;
static uint32_t *used;          /* slot numbers, in insertion order */
static uint32_t mask, nused, max_entries;

static void *
boot_alloc(size_t bytes)
{
	void *p = pmem_alloc_contig((uint32_t)(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE));

	if (!p)
		panic("overlay: cannot reserve %u bytes at boot", (unsigned)bytes);
	return p;
}

void
overlay_init(uint32_t max)
{
	uint32_t slots = 16;

	while (slots < 2 * max)
		slots <<= 1;
	table = boot_alloc(slots * sizeof *table);
	used = boot_alloc(max * sizeof *used);
	mask = slots - 1;
	max_entries = max;
	nused = 0;
}

uint32_t
overlay_capacity(void)
{
	return max_entries;
}

uint32_t
overlay_count(void)
{
	return nused;
}

static uint32_t
slot_of(uint64_t oid)
{
	return (uint32_t)((oid * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

/* The slot holding oid, or the empty slot where it would go. */
static struct ov_ent *
probe(uint64_t oid)
{
	uint32_t i = slot_of(oid);

	while (table[i].e.oid && table[i].e.oid != oid)
		i = (i + 1) & mask;
	return &table[i];
}

const struct ov_ent *
overlay_find(uint64_t oid)
{
	if (!nused)
		return NULL;
	const struct ov_ent *v = probe(oid);
	return v->e.oid ? v : NULL;
}

int
overlay_put(const ck_dir_entry_t *e, uint64_t gen)
{
	struct ov_ent *v = probe(e->oid);

	if (v->e.oid) {
		if (v->gen <= gen)
			*v = (struct ov_ent){ *e, gen, v->k };
		return 0;
	}
	if (nused == max_entries)
		return -1;
	*v = (struct ov_ent){ *e, gen, nused };
	used[nused++] = (uint32_t)(v - table);
	return 0;
}

const struct ov_ent *
overlay_at(uint32_t k)
{
	return &table[used[k]];
}

void
overlay_clear(void)
{
	for (uint32_t k = 0; k < nused; k++)
		table[used[k]].e.oid = 0;
	nused = 0;
}

/* Move the entry in slot from to the empty slot to. */
static void
move_slot(uint32_t from, uint32_t to)
{
	table[to] = table[from];
	used[table[to].k] = to;
	table[from].e.oid = 0;
}

/* Empty slot i and close the gap in its probe run (Knuth's algorithm R). */
static void
delete_slot(uint32_t i)
{
	uint32_t k = table[i].k, last = used[--nused];

	used[k] = last;                  /* the last listed entry takes its place */
	table[last].k = k;
	table[i].e.oid = 0;
	for (uint32_t j = (i + 1) & mask; table[j].e.oid; j = (j + 1) & mask) {
		uint32_t h = slot_of(table[j].e.oid);
		bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
		if (!stays) {
			move_slot(j, i);
			i = j;
		}
	}
}

void
overlay_drop_upto(uint64_t gen)
{
	for (uint32_t k = nused; k-- > 0;)
		if (table[used[k]].gen <= gen)
			delete_slot(used[k]);
}
