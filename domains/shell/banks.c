/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * banks.c -- the shell's sub-banks: `bank`, `newbank`, `dropbank`.
 *
 * The shell holds the prime bank (CR_BANK) and makes sub-banks of it.
 * Their capabilities are in the slots of the R_BANKS node (a node the
 * prime bank paid for at the shell's first start), their names in the
 * static table below, slot for slot:
 *
 *   0  kv      the key-value store's pages and Space nodes (limited)
 *   1  grants  the forwarders of grants made without naming a bank
 *   2  ..      banks made with `newbank`
 *
 * `dropbank` destroys a bank with its space: every node and page it paid
 * for is rescinded, so every grant whose forwarder it paid for is void
 * at once -- the space bank's way of revoking everything one party was
 * given -- and its usage goes back to the prime bank.
 */
#include "shell.h"
#include "cairn/bank.h"

#define KV_NODE_LIMIT 4    /* Space nodes for mapping the kv pages */
#define LIMIT_MAX 100000u

_Static_assert(BANKS_MAX <= SH_VOID_SLOT, "banks_leave_the_void_slot");

static struct {
	char name[SH_NAME_MAX + 1];     /* "" = free */
	uint32_t id;                    /* the space bank's id for it */
} banks[BANKS_MAX];

/* A sub-bank of the prime bank in slot i, limited to nodes and pages. */
static int
banks_make(int i, const char *name, uint32_t nodes, uint32_t pages)
{
	struct bank_ident id;
	int rc = bank_create_sub(CR_BANK, R_T0);

	if (rc == RC_OK && nodes != BANK_NO_LIMIT)
		rc = bank_set_limit(R_T0, BANK_KIND_NODE, nodes);
	if (rc == RC_OK && pages != BANK_NO_LIMIT)
		rc = bank_set_limit(R_T0, BANK_KIND_PAGE, pages);
	if (rc == RC_OK)
		rc = bank_identify(R_T0, &id);
	if (rc == RC_OK)
		rc = node_write(R_BANKS, (uint32_t)i, R_T0);
	if (rc != RC_OK) {
		bank_destroy_with_space(R_T0);
		return rc;
	}
	strlcpy(banks[i].name, name, sizeof banks[i].name);
	banks[i].id = id.id;
	return RC_OK;
}

int
banks_setup(void)
{
	int rc = bank_alloc_node(CR_BANK, R_BANKS);

	if (rc == RC_OK)
		rc = bank_alloc_node(CR_BANK, R_GRANTS);
	if (rc == RC_OK)
		rc = banks_make(BANK_KV, "kv", KV_NODE_LIMIT, KV_PAGE_LIMIT);
	if (rc == RC_OK)
		rc = banks_make(BANK_GRANTS, "grants", BANK_NO_LIMIT, BANK_NO_LIMIT);
	return rc;
}

static int
banks_lookup(const char *name)
{
	for (int i = 0; i < BANKS_MAX; i++)
		if (banks[i].name[0] && !strcmp(banks[i].name, name))
			return i;
	return -1;
}

int
banks_find(const char *name)
{
	int i = cmds_name_ok(name, "bank") ? banks_lookup(name) : -2;

	if (i == -1)
		out_error("no bank named '%s' (bank lists them)", name);
	return i < 0 ? -1 : i;
}

const char *
banks_name(int i)
{
	return banks[i].name;
}

int
banks_get(int i, capreg_t to)
{
	return node_read(R_BANKS, (uint32_t)i, to);
}

static void
banks_limit_cell(uint32_t limit)
{
	if (limit == BANK_NO_LIMIT)
		out_cell("-");
	else
		out_cell("%u", (unsigned)limit);
}

static void
banks_row(const char *name, uint32_t id, capreg_t bank)
{
	struct bank_usage u = { 0, 0, 0, 0 };
	struct bank_limits l = { BANK_NO_LIMIT, BANK_NO_LIMIT };

	bank_usage(bank, &u);
	bank_limits(bank, &l);
	out_cell("%s", name);
	out_cell("%u", (unsigned)id);
	out_cell("%u", (unsigned)u.nodes);
	out_cell("%u", (unsigned)u.pages);
	banks_limit_cell(l.nodes);
	banks_limit_cell(l.pages);
}

void
banks_list(void)
{
	struct bank_ident prime = { 0, 0, 0 };

	bank_identify(CR_BANK, &prime);
	out_table("lrrrrr", "bank", "id", "nodes", "pages", "node limit", "page limit");
	banks_row("prime", prime.id, CR_BANK);
	for (int i = 0; i < BANKS_MAX; i++)
		if (banks[i].name[0] && banks_get(i, R_T0) == RC_OK)
			banks_row(banks[i].name, banks[i].id, R_T0);
	out_end();
	printf("(counts include sub-banks: the prime bank pays for the whole system; "
	       "the others are its sub-banks)\n");
}

/* "LIMIT" as a number 1 .. LIMIT_MAX, or 0 after an error. */
static uint32_t
banks_parse_limit(const char *s)
{
	uint32_t v = 0;

	for (const char *p = s; *p && v <= LIMIT_MAX; p++)
		v = *p >= '0' && *p <= '9' ? v * 10 + (uint32_t)(*p - '0') : LIMIT_MAX + 1;
	if (v == 0 || v > LIMIT_MAX)
		out_error("'%s' is not a limit: give a number of objects, 1 to %u", s, LIMIT_MAX);
	return v > LIMIT_MAX ? 0 : v;
}

static int
banks_free_slot(void)
{
	for (int i = BANK_GRANTS + 1; i < BANKS_MAX; i++)
		if (!banks[i].name[0])
			return i;
	out_error("the shell keeps at most %u banks; dropbank one first", BANKS_MAX);
	return -1;
}

void
banks_new(const char *name, const char *limit)
{
	uint32_t lim = limit ? banks_parse_limit(limit) : BANK_NO_LIMIT;
	int i, rc;

	if (!lim || !cmds_name_ok(name, "bank"))
		return;
	if (banks_lookup(name) >= 0 || !strcmp(name, "prime"))
		return out_error("there is a bank named '%s' already", name);
	if ((i = banks_free_slot()) < 0)
		return;
	if ((rc = banks_make(i, name, lim, lim)) != RC_OK)
		return out_error("the prime bank refused a sub-bank (%s)", rc_name(rc));
	printf("%s: a new sub-bank of the prime bank (id %u)", name, (unsigned)banks[i].id);
	if (limit)
		printf(", at most %u nodes and %u pages", (unsigned)lim, (unsigned)lim);
	printf("\n");
}

static void
banks_said_dropped(const char *name, const struct bank_usage *u, const char *voided,
		   uint64_t gen)
{
	printf("%s: destroyed with everything it paid for: %u node%s and %u page%s freed; ",
	       name, (unsigned)u->nodes, u->nodes == 1 ? "" : "s", (unsigned)u->pages,
	       u->pages == 1 ? "" : "s");
	if (*voided)
		printf("void now: %s ", voided);
	printf("(durable in generation %llu)\n", (unsigned long long)gen);
}

void
banks_drop(const char *name)
{
	int i = banks_find(name);
	struct bank_usage u = { 0, 0, 0, 0 };
	char voided[LINE_MAX], was[SH_NAME_MAX + 1];
	uint64_t gen;
	int rc;

	if (i < 0)
		return;
	if (i <= BANK_GRANTS)
		return out_error("'%s' is the shell's own bank; only banks made with newbank can "
				 "be dropped", name);
	if ((rc = banks_get(i, R_T0)) == RC_OK && (rc = bank_usage(R_T0, &u)) == RC_OK)
		rc = bank_destroy_with_space(R_T0);
	if (rc != RC_OK)
		return out_error("the bank would not be destroyed (%s)", rc_name(rc));
	grant_bank_dropped(i, voided, sizeof voided);
	strlcpy(was, banks[i].name, sizeof was);
	banks[i].name[0] = 0;
	node_write(R_BANKS, (uint32_t)i, CR_VOID);
	if (sh_durable(&gen))
		banks_said_dropped(was, &u, voided, gen);
}

void
banks_names(void (*add)(const char *))
{
	for (int i = 0; i < BANKS_MAX; i++)
		if (banks[i].name[0])
			add(banks[i].name);
}
