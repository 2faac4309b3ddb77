/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-grantor -- G of the persistence mission (proto.h): a console
 * command loop over REVOCABLE COPY and the checkpoint.
 *
 *   make NAME         a forwarder to S from G's bank     made NAME
 *   give NAME         its opaque capability to E         gave NAME (E: got NAME)
 *   probe NAME        E invokes its working copy         E: NAME ok | void
 *   probe-stash NAME  E invokes its stashed copy         E: NAME stash ok | void
 *   revoke NAME       free the node through the bank     revoked NAME
 *   oid NAME          the forwarder node, as cairn-dump  oid NAME n:I count C
 *                     names it, and its count when made
 *   owned NAME        does G's bank own the node?        owned NAME: yes | no | freed
 *   take, status      (cmd.c)                            committed g=G ...
 *
 * An error is one line too: "CMD NAME: RC_X", or "error: ..." for a name
 * G does not know.  Names, OIDs and counts are in G's own pages and the
 * capabilities in its table node, so all of it is as persistent as G.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "cairn/cmd.h"
#include "cairn/fwd.h"
#include "domains/ckpt-grantor/proto.h"

struct fwd_entry {
	char name[MISSION_NAME_MAX];
	uint64_t oid;
	uint32_t count;
};

static struct fwd_entry table[MISSION_NAMES];

static int
find(const char *name)
{
	for (unsigned i = 0; i < MISSION_NAMES; i++)
		if (table[i].name[0] && !strcmp(table[i].name, name))
			return (int)i;
	return -1;
}

/* The entry named arg, or -1 after saying there is none. */
static int
known(const char *arg)
{
	int i = find(arg);

	if (i < 0)
		printf("error: no forwarder '%s'\n", arg);
	return i;
}

/* An entry for a new name (or the old one of the same name), or -1
 * after saying why there is none. */
static int
entry_for(const char *name)
{
	int i = find(name);

	if (!*name || strlen(name) >= MISSION_NAME_MAX) {
		printf("error: bad name '%s'\n", name);
		return -1;
	}
	for (unsigned j = 0; i < 0 && j < MISSION_NAMES; j++)
		if (!table[j].name[0])
			i = (int)j;
	if (i < 0)
		printf("error: no room for '%s'\n", name);
	return i;
}

/* Print "what arg: RC_X" unless rc is RC_OK; returns rc. */
static int
report(const char *what, const char *arg, int rc)
{
	if (rc != RC_OK)
		printf("%s %s: %s\n", what, arg, rc_name(rc));
	return rc;
}

static void
do_make(const char *arg)
{
	struct node_info info;
	int i = entry_for(arg), rc;

	if (i < 0)
		return;
	rc = revocable_copy_info(CR_BANK, MG_ECHO, MG_O, MG_H, &info);
	if (!rc)
		rc = node_write(MG_TABLE, 2u * (unsigned)i, MG_H);
	if (!rc)
		rc = node_write(MG_TABLE, 2u * (unsigned)i + 1, MG_O);
	if (report("make", arg, rc))
		return;
	strlcpy(table[i].name, arg, sizeof table[i].name);
	table[i].oid = info.oid;
	table[i].count = info.count;
	printf("made %s\n", arg);
}

static void
do_give(const char *arg)
{
	struct ipc_desc d;
	int i = known(arg);

	if (i < 0 || report("give", arg, node_read(MG_TABLE, 2u * (unsigned)i + 1, MG_O)))
		return;
	cairn_desc_init(&d);
	d.snd_cap[0] = MG_O;
	d.snd_str = (uint32_t)table[i].name;
	d.snd_len = strlen(table[i].name);
	cairn_msg_t m = CAIRN_MSG(GE_GIVE, (uint32_t)i);
	m.desc = &d;
	if (!report("give", arg, cairn_call(MG_GRANTEE, &m)))
		printf("gave %s\n", arg);
}

static void
probe(const char *arg, uint32_t stash)
{
	int i = known(arg);

	if (i < 0)
		return;
	cairn_msg_t m = CAIRN_MSG(GE_PROBE, (uint32_t)i, stash);
	report(stash ? "probe-stash" : "probe", arg, cairn_call(MG_GRANTEE, &m));
}

static void
do_probe(const char *arg)
{
	probe(arg, 0);
}

static void
do_probe_stash(const char *arg)
{
	probe(arg, 1);
}

static void
do_revoke(const char *arg)
{
	int i = known(arg);

	if (i < 0 || report("revoke", arg, node_read(MG_TABLE, 2u * (unsigned)i, MG_H)))
		return;
	if (!report("revoke", arg, revoke(CR_BANK, MG_H)))
		printf("revoked %s\n", arg);
}

static void
do_oid(const char *arg)
{
	int i = known(arg);

	if (i >= 0)
		printf("oid %s n:%u count %u\n", arg, (uint32_t)table[i].oid, table[i].count);
}

static void
do_owned(const char *arg)
{
	int i = known(arg), yes = 0, rc;

	if (i < 0 || report("owned", arg, node_read(MG_TABLE, 2u * (unsigned)i, MG_H)))
		return;
	rc = bank_verify(CR_BANK, MG_H, &yes);
	if (rc == RC_VOID)
		printf("owned %s: freed\n", arg);    /* the handle is stale */
	else if (!report("owned", arg, rc))
		printf("owned %s: %s\n", arg, yes ? "yes" : "no");
}

static const struct cmd cmds[] = {
	{ "make", do_make },
	{ "give", do_give },
	{ "probe", do_probe },
	{ "probe-stash", do_probe_stash },
	{ "revoke", do_revoke },
	{ "oid", do_oid },
	{ "owned", do_owned },
};

int
main(void)
{
	printf("G: ready\n");
	cmd_loop(cmds, sizeof cmds / sizeof cmds[0], MG_CKPT);
}
