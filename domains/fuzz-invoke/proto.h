/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the invocation fuzzer's processes and registers
 * (disk-image/fuzz-invoke.map wires them together; docs/hostile.md).
 *
 *   fuzz-invoke  the fuzzer: seeded random invocations of everything in
 *                its playground registers
 *   fuzz-peer    the process that must keep being served: answers every
 *                CALL at once; the fuzzer pings it and checks the answer
 *                (a second instance, "victim", is the fuzzer's to abuse
 *                through a Process capability)
 *   fuzz-agent   makes the blocking invocations the fuzzer cannot make
 *                itself (it would wait for ever): CALLs a capability the
 *                fuzzer SENDs it, or CALLs the fuzzer back so that the
 *                fuzzer RECEIVEs and holds a Resume capability
 *   fuzz-watch   releases the fuzzer from a reply that never comes (a
 *                victim that was made to fault while serving it)
 */
#ifndef CAIRN_FUZZ_PROTO_H
#define CAIRN_FUZZ_PROTO_H

/* The fuzzer's registers.  2..15 are its own ("protected"): never the
 * target of a random invocation or a received capability, and never
 * sent, except those in FZ_SENDABLE.  FZ_PLAY.. are the playground, with CR_VOID and CR_REPLY. */
enum {
	FZ_REPLY = 1,      /* CR_REPLY: part of the playground */
	FZ_SELF = 2,
	FZ_CONSOLE = 3,
	FZ_PRIME = 4,      /* the prime bank: makes the fuzzer's banks */
	FZ_SYSINFO = 5,
	FZ_DISCRIM = 6,
	FZ_SLEEP = 7,
	FZ_CKPT = 8,
	FZ_PEER = 9,       /* start peer: the check */
	FZ_AGENT = 10,     /* start agent */
	FZ_AGENT_P = 11,   /* process agent: rescued when stuck */
	FZ_VICTIM_P = 12,  /* process victim */
	FZ_POOL = 13,      /* the bank the playground's banks come from (limited) */
	FZ_TMP = 14,       /* a node for copying capabilities between registers */
	FZ_BANK = 15,      /* the playground's bank (a copy of it plays too) */
	FZ_PLAY = 16,      /* 16..31: the playground */
};
#define FZ_NPLAY (32 - FZ_PLAY)

/* Orders of the agent (SENT to it by the fuzzer). */
enum {
	FA_CALL = 1,       /* c0: CALL it with order w1 and words w2 w3 */
	FA_CALLBACK = 2,   /* CALL the fuzzer (which is about to RECEIVE) */
	FA_HELLO = 0x4242, /* the callback's order */
};

/* The peer's check order: w0 n -> w0 n + 1, w1 messages served so far. */
#define FP_PING 0x7001u

/* The agent's registers. */
enum {
	AG_FUZZ = 8,       /* start fuzz-invoke */
	AG_TARGET = 9,     /* what FA_CALL calls */
};

/* The peer's registers: what it receives lands in 16..19. */
enum {
	PR_RCV0 = 16,
};

/* The watchdog's registers. */
enum {
	WD_FUZZ_P = 8,     /* process fuzz-invoke */
};
#define WD_FUZZ_NAME "fuzz"   /* its name in disk-image/fuzz-invoke.map */

#endif
