/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the private protocol of the forwarder tests
 * (disk-image/utest-fwd.map wires them together).
 *
 *   utest-fwd    the grantor: runs the tests
 *   fwd-grantee  stores opaque forwarder capabilities: copies the image
 *                builder put on disk (FWD_MAP_COPIES, in map-made nodes)
 *                plus copies it writes into nodes from its bank, then
 *                counts how many are void after a revoke
 *   ipc-echo     the target behind the forwarders
 *   ipc-caller   invokes a blocked forwarder and reports when it got
 *                through
 */
#ifndef CAIRN_UTEST_FWD_PROTO_H
#define CAIRN_UTEST_FWD_PROTO_H

#define FWD_TOTAL_COPIES 100000u
#define FWD_MAP_HOLDERS 1563u        /* map-made nodes full of copies */
#define FWD_MAP_COPIES (FWD_MAP_HOLDERS * 32u)
#define FWD_RUNTIME_COPIES (FWD_TOTAL_COPIES - FWD_MAP_COPIES)

enum grantee_order {
	G_STORE = 1,   /* c0 opaque (many), c1 opaque (one), w0 copies to write
			* -> w0 valid map copies, w1 copies written */
	G_VERIFY = 2,  /* -> w0 void copies of "many", w1 1 if "one" is void,
			* w2 copies checked */
	G_FILL = 3,    /* c0 a capability, w0 n: written into the first n of
			* the 100,000 copy slots -> w0 slots written */
	G_COUNT_VOID = 4, /* w0 n -> w0 void capabilities in the first n */
};

/* utest-fwd's registers. */
enum {
	U_BANK = 4,
	U_ECHO = 8,        /* start echo badge 5 */
	U_GRANTEE = 9,     /* start fwd_grantee */
	U_H_MANY = 10,     /* handle of fwd_many (map-made) */
	U_O_MANY = 11,     /* opaque capability to fwd_many */
	U_H_ONE = 12,      /* handle of fwd_one (map-made) */
	U_O_ONE = 13,
	U_H_BLK = 14,      /* handle of fwd_blk; the caller holds its opaque cap */
	U_CALLER = 15,     /* process: ipc-caller */
	U_H = 16,          /* scratch: a handle */
	U_O = 17,          /* scratch: an opaque capability */
	U_O2 = 18,
	U_SUB = 19,        /* a sub-bank */
	U_T0 = 20,         /* scratch */
	U_T1 = 21,
	U_PAGE = 22,       /* a page to send through forwarders */
	U_H_WARM = 23,     /* handle of fwd_warm, freed to warm the bank up */
	U_Q1 = 24,         /* 24..27: processes q1..q4, callers of echo */
	U_RES = 28,        /* the revocable-copy reserve's node (fwd_reserve) */
};

/* fwd-grantee's registers. */
enum {
	G_BANK = 4,
	G_TOP = 8,         /* node: directory of the map-made holders */
	G_RTOP = 10,       /* node: directory for the nodes it allocates */
	G_MANY = 11,       /* the opaque capabilities it was given */
	G_ONE = 12,
	G_DIR = 13,        /* scratch */
	G_NODE = 14,
	G_CAP = 15,
};

#define REPORT_CALLER 100   /* as domains/utest-ipc/proto.h */

#endif
