/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * crash-workload -- the driver of the crash-consistency workload
 * (proto.h says what it does and what it prints; docs/crash-testing.md
 * how the harness uses it).
 *
 *   first start   read the seed, make the workload's bank, learn the
 *                 map's capabilities in the shuffle node
 *   step          3..8 random actions (act.c, act_fwd.c)
 *   take          a checkpoint; RC_IO_ERROR (the generation did not
 *                 commit) is said and the take retried
 *   record        what the committed generation holds (record.c)
 *
 * take() returns once the generation is durable, and returns again,
 * with the same generation, after a restart from it: the driver tells
 * the two apart by the restart count (ckpt_uptime) and prints "commit"
 * or "found".  Anything unexpected halts the driver with a "CRASH halt"
 * line, so no later generation carries on from a state it doubts.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "domains/crash-workload/wl.h"

#define WL_TAKE_TRIES 5u

struct wl wl;

typedef int (*action_fn)(void);

static const struct {
	action_fn fn;
	const char *name;
} actions[] = {
	{ act_counter, "counter" }, { act_swap, "swap" }, { act_copy, "copy" },
	{ act_alloc, "alloc" }, { act_free, "free" }, { act_write, "write" },
	{ act_sub, "sub-bank" }, { act_peer, "peer" }, { act_fwd_make, "forwarder make" },
	{ act_fwd_use, "forwarder use" }, { act_fwd_toggle, "forwarder block" },
	{ act_fwd_revoke, "forwarder revoke" },
};

static void __attribute__((noreturn))
halt(const char *what, int rc)
{
	printf("CRASH halt step=%u: %s: %s\n", wl.step, what, rc_name(rc));
	cairn_exit(1);
}

static void
first_start(void)
{
	uint32_t args[3] = { 0, 0, 0 };
	struct bank_ident id;
	int rc = number_read(D_ARGS, args);

	if (rc)
		halt("reading the seed", rc);
	wl.seed = args[0];
	wl.rng = ((uint64_t)args[0] << 32 | 0x9e3779b9u) ^ 0x5deece66dull;
	if ((rc = bank_create_sub(CR_BANK, D_BANK)) || (rc = bank_identify(D_BANK, &id)))
		halt("making the workload's bank", rc);
	wl.bank_id = id.id;
	if ((rc = wl_init_from_objects()))
		halt("reading the map's objects", rc);
	wl.started = 1;
	printf("CRASH start seed=%u bank=%u\n", wl.seed, wl.bank_id);
}

static void
step(void)
{
	uint32_t n = 3 + wl_rand(6);

	wl.step++;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t a = wl_rand(sizeof actions / sizeof actions[0]);
		int rc = actions[a].fn();
		if (rc)
			halt(actions[a].name, rc);
	}
}

/* Take a checkpoint; the generation it committed. */
static uint64_t
take(void)
{
	uint64_t gen = 0;
	int rc = RC_IO_ERROR;

	for (uint32_t i = 0; i < WL_TAKE_TRIES && rc == RC_IO_ERROR; i++) {
		rc = ckpt_take(D_CKPT, &gen);
		if (rc)
			printf("CRASH takefail step=%u rc=%s\n", wl.step, rc_name(rc));
	}
	if (rc)
		halt("take", rc);
	return gen;
}

int
main(void)
{
	uint64_t ms;
	uint32_t now;

	if (!wl.started)
		first_start();
	for (;;) {
		step();
		ckpt_uptime(D_CKPT, &ms, &wl.restarts);
		uint64_t gen = take();
		ckpt_uptime(D_CKPT, &ms, &now);
		int rc = wl_record(now != wl.restarts ? "found" : "commit", gen);
		if (rc)
			halt("record", rc);
	}
}
