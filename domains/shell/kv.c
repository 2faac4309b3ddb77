/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kv.c -- the shell's key-value store: `set`, `get`, `ls`, `rm`.
 *
 * The pairs live in pages the shell's "kv" sub-bank pays for, mapped
 * into the shell's own address space from KV_BASE up, one 128-byte
 * record a pair:
 *
 *   KV_BASE   page 0: record 0 .. 31     { name[24], value[104] }
 *   +4096     page 1: record 32 .. 63    name "" = a free record
 *
 * A page is taken from the bank (and put into the Space tree with
 * aspace_map, the Space nodes on the way paid by the same bank) when
 * every record is in use.  The kv bank's limit (KV_PAGE_LIMIT pages)
 * is what makes the store small: when the bank refuses a page, `set`
 * says the store is full.  Freed records are reused; pages are never
 * given back.  Being ordinary memory of the shell, the pages are
 * checkpointed like everything else; cairn-dump shows them in
 * `proc shell` (the mappings at 0x20000000).
 */
#include "shell.h"
#include "cairn/aspace.h"
#include "cairn/bank.h"

#define KV_BASE 0x20000000u
#define KV_REC 128u
#define KV_PER_PAGE (4096u / KV_REC)
#define KV_VALUE_MAX (KV_REC - SH_NAME_MAX - 2)
#define KV_MAX (KV_PAGE_LIMIT * KV_PER_PAGE)

struct kv_rec {
	char name[SH_NAME_MAX + 1];     /* "" = free */
	char value[KV_VALUE_MAX + 1];
};

_Static_assert(sizeof(struct kv_rec) == KV_REC, "kv_rec_size");

static struct kv_rec *const kv = (struct kv_rec *)KV_BASE;
static uint32_t kv_pages;          /* mapped at KV_BASE */

static int
kv_find(const char *name)
{
	for (uint32_t i = 0; i < kv_pages * KV_PER_PAGE; i++)
		if (!strcmp(kv[i].name, name))
			return (int)i;
	return -1;
}

static int
kv_new_node(void *ctx, capreg_t to)
{
	(void)ctx;
	return bank_alloc_node(R_T0 + 1, to);
}

/* One more page from the kv bank (in R_T0 + 1), mapped after the last. */
static int
kv_grow(void)
{
	const struct aspace as = { R_SPACE, SH_SPACE_HEIGHT, { R_T0 + 2, R_T0 + 3 },
				   kv_new_node, NULL };
	int rc = banks_get(BANK_KV, R_T0 + 1);

	if (rc == RC_OK)
		rc = bank_alloc_page(R_T0 + 1, R_T0);
	if (rc != RC_OK)
		return rc;
	rc = aspace_map(&as, KV_BASE + kv_pages * 4096u, R_T0);
	if (rc == RC_OK)
		kv_pages++;
	else
		bank_free(R_T0 + 1, R_T0);
	return rc;
}

/* A free record (growing the store if need be), or -1 after an error. */
static int
kv_free_record(void)
{
	int i = kv_find("");
	int rc;

	if (i >= 0)
		return i;
	rc = kv_grow();
	if (rc == RC_OK)
		return kv_find("");
	if (rc == RC_NO_SPACE)
		out_error("the key-value store is full: its bank 'kv' pays for at most %u pages "
			  "(%u pairs); rm a pair first", KV_PAGE_LIMIT, KV_MAX);
	else
		out_error("the key-value store cannot grow (%s)", rc_name(rc));
	return -1;
}

void
kv_set(const char *name, const char *value)
{
	int i;

	if (!cmds_name_ok(name, "pair"))
		return;
	if (strlen(value) > KV_VALUE_MAX)
		return out_error("a value has at most %u characters", KV_VALUE_MAX);
	i = kv_find(name);
	if (i < 0 && (i = kv_free_record()) < 0)
		return;
	strlcpy(kv[i].name, name, sizeof kv[i].name);
	strlcpy(kv[i].value, value, sizeof kv[i].value);
	printf("%s = %s\n", name, value);
}

static int
kv_existing(const char *name)
{
	int i = cmds_name_ok(name, "pair") ? kv_find(name) : -2;

	if (i == -1)
		out_error("no pair named '%s' (ls lists them)", name);
	return i;
}

void
kv_get(const char *name)
{
	int i = kv_existing(name);

	if (i >= 0)
		printf("%s\n", kv[i].value);
}

void
kv_rm(const char *name)
{
	int i = kv_existing(name);

	if (i < 0)
		return;
	memset(&kv[i], 0, sizeof kv[i]);
	printf("%s removed\n", name);
}

/* Indexes of the pairs, sorted by name; returns how many. */
static uint32_t
kv_sorted(uint32_t *ix)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < kv_pages * KV_PER_PAGE; i++) {
		if (!kv[i].name[0])
			continue;
		uint32_t j = n++;
		for (; j && strcmp(kv[ix[j - 1]].name, kv[i].name) > 0; j--)
			ix[j] = ix[j - 1];
		ix[j] = i;
	}
	return n;
}

void
kv_ls(void)
{
	uint32_t ix[KV_MAX];
	uint32_t n = kv_sorted(ix);

	if (n == 0)
		return (void)printf("no pairs yet (set NAME VALUE keeps one)\n");
	out_table("ll", "name", "value");
	for (uint32_t i = 0; i < n; i++) {
		out_cell("%s", kv[ix[i]].name);
		out_cell("%s", kv[ix[i]].value);
	}
	out_end();
}

void
kv_names(void (*add)(const char *))
{
	for (uint32_t i = 0; i < kv_pages * KV_PER_PAGE; i++)
		if (kv[i].name[0])
			add(kv[i].name);
}
