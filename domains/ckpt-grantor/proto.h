/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the private protocol of the persistence mission
 * (disk-image/ckpt-mission.map wires the processes together;
 * tests/system/test_ckpt.py drives them over the console).
 *
 *   ckpt-grantor  G: reads the console; holds the prime bank and the
 *                 Checkpoint capability; makes forwarders to S (named by
 *                 the test), gives them to E, revokes them, takes
 *                 checkpoints, and says where each forwarder's node is
 *   ckpt-grantee  E: keeps two copies of every forwarder it is given, a
 *                 working copy and a stashed one it never invokes unless
 *                 told to; invokes either on request and says whether S
 *                 answered
 *   ipc-echo      S: the service behind the forwarders (ECHO_WORDS)
 *
 * Forwarder i (0 <= i < MISSION_NAMES) is kept by G in slots 2i (the
 * handle) and 2i + 1 (the opaque capability) of its table node, and by
 * E in slot i of its work node and of its stash node.
 */
#ifndef CAIRN_CKPT_GRANTOR_PROTO_H
#define CAIRN_CKPT_GRANTOR_PROTO_H

#define MISSION_NAMES 16u
#define MISSION_NAME_MAX 16u    /* with the NUL */

enum grantee_order {
	GE_GIVE = 1,    /* c0 opaque forwarder, w0 index, s its name -> */
	GE_PROBE = 2,   /* w0 index, w1 1 = the stashed copy -> w0 S's rc */
};

/* G's registers (ckpt-grantor). */
enum {
	MG_ECHO = 8,    /* start echo: what every forwarder forwards to */
	MG_GRANTEE = 9, /* start grantee */
	MG_CKPT = 10,   /* checkpoint */
	MG_TABLE = 11,  /* node: handles and opaque capabilities */
	MG_H = 12,      /* scratch: a handle */
	MG_O = 13,      /* scratch: an opaque capability */
};

/* E's registers (ckpt-grantee). */
enum {
	ME_WORK = 8,    /* node: working copies */
	ME_STASH = 9,   /* node: stashed copies */
	ME_IN = 10,     /* the capability a GE_GIVE brings */
	ME_X = 11,      /* scratch: the copy being probed */
};

#endif
