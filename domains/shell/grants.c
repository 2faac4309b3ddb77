/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * grants.c -- revocable copies of the demo service, held by the demo
 * client: `grant`, `grants`, `revoke`, `block`, `unblock`, `call`.
 *
 * `grant NAME [BANK]` makes a forwarder to the service (R_SERVICE) in a
 * node that BANK pays for (revocable_copy, docs/forwarders.md), sends
 * the opaque copy to the client, which keeps it in slot i of its copies
 * node, and keeps the forwarder's handle in slot i of R_GRANTS.  The
 * forwarder delivers i + 1 as the badge, so the service can tell the
 * grants apart.  Revoking frees the forwarder node through its bank:
 * every copy of it, the client's included, is void at once and for good.
 * Dropping the bank does the same to every grant it paid for.
 *
 * The table below remembers names and why a grant went void; whether a
 * grant works is never taken from it but asked of the handle (Discrim
 * says Void once the node is rescinded) and shown by `call`, which has
 * the client try.
 */
#include "shell.h"
#include "cairn/bank.h"
#include "cairn/fwd.h"
#include "domains/shell/demo.h"

enum { G_FREE, G_LIVE, G_REVOKED, G_DROPPED };

#define R_BANK R_T0
#define R_COPY (R_T0 + 1)
#define R_HANDLE (R_T0 + 2)

static struct {
	char name[SH_NAME_MAX + 1];
	char bank[SH_NAME_MAX + 1];     /* the bank that paid for its forwarder */
	uint8_t state;                  /* G_* */
	uint8_t bank_ix;
	uint64_t fwd;                   /* the forwarder node's OID */
} grants[DEMO_SLOTS];

static int
grant_lookup(const char *name)
{
	for (int i = 0; i < DEMO_SLOTS; i++)
		if (grants[i].state != G_FREE && !strcmp(grants[i].name, name))
			return i;
	return -1;
}

static int
grant_find(const char *name)
{
	int i = cmds_name_ok(name, "grant") ? grant_lookup(name) : -2;

	if (i == -1)
		out_error("no grant named '%s' (grants lists them)", name);
	return i < 0 ? -1 : i;
}

/* A slot for a new grant: unused, else one whose grant is void. */
static int
grant_slot(const char *name)
{
	int i = grant_lookup(name);

	if (i >= 0 && grants[i].state == G_LIVE) {
		out_error("'%s' is granted already (revoke it first)", name);
		return -1;
	}
	for (int k = 0; i < 0 && k < DEMO_SLOTS; k++)
		if (grants[k].state == G_FREE)
			i = k;
	for (int k = 0; i < 0 && k < DEMO_SLOTS; k++)
		if (grants[k].state != G_LIVE)
			i = k;
	if (i < 0)
		out_error("the client holds %u live grants already; revoke one first", DEMO_SLOTS);
	return i;
}

/* Send the opaque copy in R_COPY to the client's slot i. */
static int
grant_give(int i)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(OC_CLIENT_TAKE, (uint32_t)i);

	cairn_desc_init(&d);
	d.snd_cap[0] = R_COPY;
	m.desc = &d;
	int rc = cairn_call(R_CLIENT, &m);
	return rc == RC_OK ? (int)m.code : rc;
}

/* The forwarder, paid by bank b, given to the client in slot i. */
static int
grant_copy(int i, int b)
{
	struct node_info info;
	int rc = banks_get(b, R_BANK);

	if (rc == RC_OK)
		rc = revocable_copy_info(R_BANK, R_SERVICE, R_COPY, R_HANDLE, &info);
	if (rc != RC_OK)
		return rc;
	rc = fwd_set_data(R_HANDLE, (uint32_t)i + 1, 1);
	if (rc == RC_OK)
		rc = grant_give(i);
	if (rc == RC_OK)
		rc = node_write(R_GRANTS, (uint32_t)i, R_HANDLE);
	if (rc != RC_OK)
		revoke(R_BANK, R_HANDLE);
	grants[i].fwd = info.oid;
	return rc;
}

void
grant_make(const char *name, const char *bank)
{
	int b = bank ? banks_find(bank) : BANK_GRANTS;
	int i, rc;
	char oid[24];

	if (b < 0 || !cmds_name_ok(name, "grant") || (i = grant_slot(name)) < 0)
		return;
	if (b == BANK_KV)
		return out_error("bank 'kv' pays for the pairs only; name another bank");
	rc = grant_copy(i, b);
	if (rc == RC_NO_SPACE)
		return out_error("bank '%s' is full: no node for the forwarder; %s not granted",
				 banks_name(b), name);
	if (rc != RC_OK)
		return out_error("%s not granted (%s)", name, rc_name(rc));
	strlcpy(grants[i].name, name, sizeof grants[i].name);
	strlcpy(grants[i].bank, banks_name(b), sizeof grants[i].bank);
	grants[i].state = G_LIVE;
	grants[i].bank_ix = (uint8_t)b;
	printf("%s: the client holds a revocable copy of the service (forwarder %s, paid "
	       "for by bank %s)\n", name, out_oid(grants[i].fwd, oid), grants[i].bank);
}

static const char *
grant_why_void(int i)
{
	switch (grants[i].state) {
	case G_REVOKED: return "revoked";
	case G_DROPPED: return "its bank was dropped";
	default: return "its forwarder is gone";
	}
}

/* "live", "blocked" or "void (why)", as the handle says. */
static const char *
grant_state(int i, char *buf, size_t len)
{
	struct discrim_class c = { CT_VOID, 0 };
	struct fwd_info f = { 0, 0 };

	node_read(R_GRANTS, (uint32_t)i, R_HANDLE);
	discrim_classify(CR_DISCRIM, R_HANDLE, &c);
	if (c.type == CT_VOID) {
		snprintf(buf, len, "void (%s)", grant_why_void(i));
		return buf;
	}
	fwd_info(R_HANDLE, &f);
	return f.flags & FWD_F_BLOCKED ? "blocked" : "live";
}

void
grant_list(void)
{
	char st[48], oid[24];
	bool any = false;

	out_table("llll", "grant", "bank", "forwarder", "state");
	for (int i = 0; i < DEMO_SLOTS; i++) {
		if (grants[i].state == G_FREE)
			continue;
		any = true;
		out_cell("%s", grants[i].name);
		out_cell("%s", grants[i].bank);
		out_cell("%s", out_oid(grants[i].fwd, oid));
		out_cell("%s", grant_state(i, st, sizeof st));
	}
	if (any)
		out_end();
	else
		printf("no grants yet (grant NAME gives the client a copy of the service)\n");
}

/* A grant that is still live (an error line otherwise), its handle in
 * R_HANDLE and its bank in R_BANK. */
static int
grant_live(const char *name)
{
	int i = grant_find(name);

	if (i >= 0 && grants[i].state != G_LIVE) {
		out_error("%s is void already (%s)", name, grant_why_void(i));
		return -1;
	}
	if (i >= 0 && (node_read(R_GRANTS, (uint32_t)i, R_HANDLE) != RC_OK ||
		       banks_get(grants[i].bank_ix, R_BANK) != RC_OK)) {
		out_error("the shell lost %s's handle", name);
		return -1;
	}
	return i;
}

void
grant_revoke(const char *name)
{
	int i = grant_live(name);
	uint64_t gen;
	int rc;

	if (i < 0)
		return;
	if ((rc = revoke(R_BANK, R_HANDLE)) != RC_OK)
		return out_error("%s was not revoked (%s)", name, rc_name(rc));
	grants[i].state = G_REVOKED;
	if (sh_durable(&gen))
		printf("%s: revoked; every copy of it is void (durable in generation %llu)\n",
		       name, (unsigned long long)gen);
}

static void
grant_set_blocked(const char *name, bool block)
{
	int i = grant_live(name);
	uint64_t gen = 0;
	int rc;

	if (i < 0)
		return;
	rc = block ? fwd_block(R_HANDLE) : fwd_unblock(R_HANDLE);
	if (rc != RC_OK)
		return out_error("%s: %s failed (%s)", name, block ? "block" : "unblock", rc_name(rc));
	if (!block)
		return (void)printf("%s: unblocked; its users go on\n", name);
	if (sh_durable(&gen))
		printf("%s: blocked; its users wait until it is unblocked (durable in generation "
		       "%llu)\n", name, (unsigned long long)gen);
}

void
grant_block(const char *name)
{
	grant_set_blocked(name, true);
}

void
grant_unblock(const char *name)
{
	grant_set_blocked(name, false);
}

static void
grant_report(int i, const cairn_msg_t *m)
{
	const char *name = grants[i].name;

	if (m->w[0] == RC_OK)
		printf("%s: works: the service answered call number %u (it saw grant %u)\n",
		       name, (unsigned)m->w[1], (unsigned)m->w[2]);
	else if (m->w[0] == RC_VOID)
		printf("%s: void: the client's copy does nothing any more (%s)\n", name,
		       grant_why_void(i));
	else if (m->w[0] == RC_BUSY)
		printf("%s: blocked: the client would wait until it is unblocked\n", name);
	else
		printf("%s: the client's call failed: %s\n", name, rc_name((int)m->w[0]));
}

void
grant_call(const char *name)
{
	int i = grant_find(name);
	cairn_msg_t m = CAIRN_MSG(OC_CLIENT_CALL, (uint32_t)i);
	int rc;

	if (i < 0)
		return;
	rc = cairn_call(R_CLIENT, &m);
	if (rc != RC_OK)
		return out_error("the client did not answer (%s)", rc_name(rc));
	grant_report(i, &m);
}

void
grant_names(void (*add)(const char *))
{
	for (int i = 0; i < DEMO_SLOTS; i++)
		if (grants[i].state != G_FREE)
			add(grants[i].name);
}

void
grant_bank_dropped(int bank, char *buf, size_t len)
{
	buf[0] = 0;
	for (int i = 0; i < DEMO_SLOTS; i++) {
		if (grants[i].state != G_LIVE || grants[i].bank_ix != bank)
			continue;
		grants[i].state = G_DROPPED;
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s", n ? ", " : "", grants[i].name);
	}
}
