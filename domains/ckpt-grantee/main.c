/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-grantee -- E of the persistence mission (domains/ckpt-grantor/
 * proto.h): a server that keeps what G gives it.
 *
 * Every forwarder given (GE_GIVE) is written twice: into slot i of the
 * work node, which GE_PROBE invokes, and into slot i of the stash node,
 * which only GE_PROBE with w1 = 1 reads -- so the stashed copy reaches a
 * checkpoint exactly as it was given, never touched by an invocation
 * that might have found it stale.  A probe CALLs S with ECHO_WORDS and
 * prints what came back: "E: NAME ok" (S answered), "E: NAME void" (the
 * copy is revoked) or "E: NAME RC_X"; "stash" follows the name for the
 * stashed copy.  At its first start E prints its two nodes' OIDs, so a
 * test can find the copies in the store ("E: work n:A stash n:B").
 */
#include "cairn/cairn.h"
#include "domains/ckpt-grantor/proto.h"
#include "domains/utest-ipc/proto.h"

static char names[MISSION_NAMES][MISSION_NAME_MAX];
static char in[MISSION_NAME_MAX];

static int
give(uint32_t i, uint32_t len)
{
	int rc;

	if (i >= MISSION_NAMES || len >= MISSION_NAME_MAX)
		return RC_BAD_ARG;
	rc = node_write(ME_WORK, i, ME_IN);
	if (!rc)
		rc = node_write(ME_STASH, i, ME_IN);
	if (rc)
		return rc;
	memcpy(names[i], in, len);
	names[i][len] = 0;
	printf("E: got %s\n", names[i]);
	return RC_OK;
}

/* CALL the copy in register x; RC_OK only if S answered as S does. */
static int
call_s(capreg_t x)
{
	cairn_msg_t m = CAIRN_MSG(ECHO_WORDS, 1, 2, 3, 4);
	int rc = cairn_call(x, &m);

	if (rc == RC_OK && (m.w[0] != 2 || m.w[3] != 5))
		rc = RC_BAD_ARG;        /* somebody else answered */
	return rc;
}

static int
probe(uint32_t i, uint32_t stash, uint32_t *s_rc)
{
	const char *which = stash ? " stash" : "";
	int rc;

	if (i >= MISSION_NAMES || !names[i][0])
		return RC_BAD_ARG;
	rc = node_read(stash ? ME_STASH : ME_WORK, i, ME_X);
	*s_rc = (uint32_t)(rc ? rc : call_s(ME_X));
	if (*s_rc == RC_OK || *s_rc == RC_VOID)
		printf("E: %s%s %s\n", names[i], which, *s_rc == RC_OK ? "ok" : "void");
	else
		printf("E: %s%s %s\n", names[i], which, rc_name((int)*s_rc));
	return RC_OK;
}

static void
handle(cairn_msg_t *m, uint32_t len)
{
	switch (m->code) {
	case GE_GIVE:
		m->code = (uint32_t)give(m->w[0], len);
		break;
	case GE_PROBE:
		m->code = (uint32_t)probe(m->w[0], m->w[1], &m->w[0]);
		break;
	default:
		m->code = RC_UNKNOWN_REQUEST;
	}
}

static void
say_where(void)
{
	struct node_info w, s;

	if (node_info(ME_WORK, &w) == RC_OK && node_info(ME_STASH, &s) == RC_OK)
		printf("E: work n:%u stash n:%u\n", (uint32_t)w.oid, (uint32_t)s.oid);
}

int
main(void)
{
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	say_where();
	for (;;) {
		cairn_desc_init(&d);
		d.rcv_cap[0] = ME_IN;
		d.rcv_str = (uint32_t)in;
		d.rcv_max = sizeof in - 1;
		m.desc = &d;
		cairn_return(CR_REPLY, &m);     /* the first: nothing to answer */
		handle(&m, d.rcv_len);
	}
}
