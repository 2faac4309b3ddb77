/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the private protocol of the IPC test programs
 * (disk-image/utest-ipc.map wires them together).
 *
 *   utest-ipc    runs the tests
 *   ipc-echo     a server answering the ECHO_* orders below
 *   ipc-caller   three instances: each CALLs echo's slow order, then
 *                SENDs what it got to utest-ipc
 *   ipc-faulter  writes to FAULT_ADDR (unmapped), then reports
 *   ipc-keeper   the keeper of one faulter: maps a page at FAULT_ADDR
 *   ipc-bench    two instances: the null servers of the benchmarks
 */
#ifndef CAIRN_UTEST_IPC_PROTO_H
#define CAIRN_UTEST_IPC_PROTO_H

enum echo_order {
	ECHO_WORDS = 1,       /* -> w[i] + 1 */
	ECHO_BADGE = 2,       /* -> w0 = badge of the Start capability used */
	ECHO_STRING = 3,      /* string, caps -> string reversed, caps back, w0 len, w1 ncaps */
	ECHO_SAVE_RESUME = 4, /* keep a copy of this call's Resume capability */
	ECHO_USE_SAVED = 5,   /* -> w0 = rc of a SEND through the saved copy */
	ECHO_SLOW = 6,        /* sleep w0 ms -> w0 = calls served so far, w1 = badge */
	ECHO_SENT = 7,        /* (SEND) remember w0 */
	ECHO_GET_SENT = 8,    /* -> w0 = the last word sent */
	ECHO_NULL = 9,        /* -> nothing; the benchmark's round trip */
	ECHO_DROP = 10,       /* never answered: the Resume capability is dropped */
	ECHO_RETURN_STALE = 11, /* keep this call's Resume capability in E_SAVED2, then
				 * RETURN words only (the fast path) through the used
				 * one in E_SAVED: that reply must be dropped */
	ECHO_REPLY_SAVED2 = 12, /* SEND w0 = 0x600d through E_SAVED2 -> w0 = its rc */
};

#define REPORT_CALLER 100   /* caller -> utest-ipc: w0 id, w1 served count, w2 rc */
#define REPORT_FAULTER 101  /* faulter -> utest-ipc: w0 value read back */

#define STALE_BAD 0xbadu    /* what a Resume capability that worked twice delivers */
#define STALE_GOOD 0x600du  /* what the live one delivers */

#define FAULT_ADDR 0x20000000u
#define FAULT_VALUE 0x5a5a1234u

/* Capability registers of utest-ipc (see utest-ipc.map). */
enum {
	R_ECHO1 = 8,      /* start echo badge 1 */
	R_ECHO2 = 9,      /* start echo badge 2 */
	R_CALLER1 = 10,   /* process capabilities of the three callers */
	R_FAULTER_K = 13, /* process: faulter with a keeper */
	R_FAULTER_NK = 14,/* process: faulter without */
	R_PAGE = 15,      /* a page to send around */
	R_BENCH = 16,     /* start bench server */
	R_NOCALL = 17,    /* start echo, no-call restriction */
	R_TMP1 = 18,
	R_TMP2 = 19,
	R_CALLER4 = 20,   /* process: a caller whose reply never comes */
	R_FWD_BENCH = 21, /* opaque forwarder to the bench server */
	R_BENCH_DESC = 22,/* start bench server receiving with a descriptor */
	R_OWN_SPACE = 23, /* node: utest-ipc's own top Space node */
	R_CALLER5 = 24,   /* process: a caller that asks echo for ECHO_REPLY_SAVED2 */
	R_CALLER6 = 25,   /* process: a caller that keeps echo busy (ECHO_SLOW) */
	R_VOIDREG = 30,   /* kept Void */
};

/* Capability registers of ipc-echo. */
enum {
	E_CAPREGS = 8,    /* node: its own capability registers */
	E_SAVED = 20,     /* the saved Resume capability */
	E_SAVED2 = 21,    /* the one ECHO_RETURN_STALE keeps */
	E_RCV0 = 10,      /* received capabilities land in 10..13 */
};

/* ipc-bench: its mode (a Number in B_MODE), where capabilities land. */
enum { BENCH_WORDS = 0, BENCH_DESC = 1 };
enum {
	B_MODE = 8,
	B_RCV0 = 10,      /* received capabilities land in 10..13 */
};

/* Capability registers of ipc-caller and ipc-faulter. */
enum {
	C_ECHO = 8,       /* start echo (badge = caller id) */
	C_REPORT = 9,     /* start utest-ipc */
	C_ORDER = 10,     /* number { order, word }: what to call echo with */
};

/* Capability registers of ipc-keeper. */
enum {
	K_SPACE = 8,      /* node: the faulter's top Space node */
	K_PAGE = 9,       /* the page to map */
};

#endif
