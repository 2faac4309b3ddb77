/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz.h -- the invocation fuzzer's parts (main.c, gen.c, play.c). */
#ifndef CAIRN_FUZZ_H
#define CAIRN_FUZZ_H

#include <stdint.h>
#include <stdbool.h>
#include "cairn/cairn.h"
#include "domains/fuzz-invoke/proto.h"

/* gen.c: the seeded generator and one random invocation. */
void rng_seed(uint64_t seed);
uint32_t rng(void);
uint32_t rng_below(uint32_t n);
bool rng_chance(uint32_t percent);
capreg_t play_reg(void);                    /* a playground register */
/* One random CALL or SEND of a playground register; returns its rc. */
uint32_t fuzz_invoke_one(void);
/* RECEIVE or RETURN with a random receive spec (the agent is calling). */
uint32_t fuzz_receive_one(void);

/* play.c: filling the playground, the agent, the checks. */
void play_fill(void);                       /* objects, forwarders, processes */
void play_new_bank(void);                   /* a fresh playground bank */
void agent_kick(void);                      /* a blocking CALL by the agent */
bool agent_callback(void);                  /* true: the agent is calling us */
void agent_rescue(void);                    /* restart it if stuck */
void agent_received(uint32_t code);         /* after a RECEIVE or RETURN */
void check_peer(void);                      /* fails the run on a wrong answer */
void check_own_registers(void);

/* Counters for the report. */
struct fuzz_stats {
	uint32_t invocations, rc[16], busy_agent, rescues, receives, pings, banks;
};
extern struct fuzz_stats fz;

/* Ends the run: prints FUZZ FAIL with the seed and halts. */
void fuzz_fail(const char *what, uint32_t a, uint32_t b) __attribute__((noreturn));
extern uint64_t fuzz_seed;

#endif
