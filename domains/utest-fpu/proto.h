/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- the programs of the FPU tests and how they are wired
 * (disk-image/utest-fpu.map).
 *
 *   utest-fpu   runs the tests, with FPU values of its own
 *   fpu-worker  one program in several roles, chosen by the Number in
 *               its W_ARGS register { role, seed, rounds }:
 *                 PING   CALLs its peer `rounds` times, checking its own
 *                        values before every call, then reports
 *                 PONG   answers every call after checking its values
 *                 SPIN   checks in a loop for `rounds` ticks, preempted
 *                        by the timer, then reports
 *                 TOUCH  loads and checks once, then reports (the
 *                        processes without a usable annex page)
 *   fpu-keeper  keeper of one TOUCH process: reports the fault, gives
 *               the process an annex page and restarts it
 */
#ifndef CAIRN_UTEST_FPU_PROTO_H
#define CAIRN_UTEST_FPU_PROTO_H

enum fpu_role { ROLE_PING = 1, ROLE_PONG, ROLE_SPIN, ROLE_TOUCH };

/* Reports to utest-fpu, by SEND. */
#define REPORT_PING 200   /* w0 own errors, w1 the peer's errors, w2 calls answered */
#define REPORT_SPIN 201   /* w0 errors, w1 times it saw others run, w2 seed */
#define REPORT_TOUCH 202  /* w0 errors */
#define REPORT_KEEPER 203 /* w0 fault order, w1 fault address, w2 vector << 16 | error */
#define PONG_CHECK 1      /* to a PONG: check -> w0 errors found now, w1 checks so far */

#define PING_ROUNDS 2000u
#define SPIN_TICKS 100u
#define VEC_NM 7u         /* device not available: the FPU trap */

/* Seeds (fpustate.h); each & 3 != 0 so its rounding modes differ from
 * the reset state's.  utest-fpu.map gives the workers theirs, and
 * PING_ROUNDS and SPIN_TICKS, in W_ARGS: keep it in step. */
#define SEED_RUNNER 0x1001u
#define SEED_PING 0x2002u
#define SEED_PONG 0x3003u
#define SEED_SPIN1 0x4001u
#define SEED_SPIN2 0x5002u
#define SEED_TOUCH 0x6003u

/* Capability registers of utest-fpu. */
enum {
	R_PING = 8,        /* process fpu_ping */
	R_PONG = 9,        /* process fpu_pong */
	R_PONG_START = 10, /* start fpu_pong */
	R_PONG_ANNEX = 11, /* page: fpu_pong's annex */
	R_SPARE = 12,      /* page: a second annex for fpu_pong */
	R_SPIN1 = 13,      /* process fpu_spin1 */
	R_SPIN2 = 14,      /* process fpu_spin2 */
	R_TOUCH_K = 15,    /* process: no annex, a keeper */
	R_TOUCH_NK = 16,   /* process: no annex, no keeper */
	R_TOUCH_RO = 17,   /* process: a read-only annex, no keeper */
	R_TMP = 18,
};

/* Capability registers of fpu-worker. */
enum {
	W_ARGS = 8,        /* number { role, seed, rounds } */
	W_PEER = 9,        /* PING: start of its PONG */
	W_REPORT = 10,     /* start utest-fpu */
};

/* Capability registers of fpu-keeper. */
enum {
	K_PROCESS = 8,     /* process: the one it keeps */
	K_PAGE = 9,        /* the annex page to give it */
	K_REPORT = 10,     /* start utest-fpu */
	K_OLD = 11,        /* what the annex slot held */
};

#endif
