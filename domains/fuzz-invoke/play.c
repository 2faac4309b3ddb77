/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * play.c -- what the fuzzer plays with, the agent, and the checks.
 *
 * The playground (registers FZ_PLAY..31) is filled from a bank of its
 * own (FZ_BANK, a sub-bank of FZ_POOL, which has a limit, so the fuzzer cannot
 * eat the store): nodes, pages, forwarders -- opaque ones with their
 * handles, blocked ones, chains -- to the peer, to pages, to nodes, to
 * the Checkpoint capability and to the victim process, the victim's
 * Process and Start capabilities, a copy of the Checkpoint capability,
 * SysInfo and Discrim, and the bank itself.  Random invocations then
 * move, overwrite, revoke and destroy all of it; play_fill() tops up
 * what became Void, and main.c destroys the pool (every object of the
 * playground with it) now and then and starts again.
 *
 * The agent makes the blocking CALLs (a blocked forwarder, a forwarder
 * revoked while the agent waits in it) and calls the fuzzer back so
 * that it can RECEIVE.  When it stays busy it is rescued: STARTed if it
 * waits for a reply, else halted and started again from its entry.
 */
#include "domains/fuzz-invoke/fuzz.h"
#include "cairn/bank.h"
#include "cairn/fwd.h"
#include "kernel/abi/cap.h"
#include "kernel/abi/process.h"

#define AGENT_ENTRY 0x00400000u     /* every program's _start (user.ld) */
#define AGENT_STACK 0xbffffff0u

static uint32_t agent_busy, ping_n, peer_served;
static bool agent_pending;           /* the agent is calling the fuzzer */

/* Counted wrappers: every invocation of the fuzzer counts. */
#define COUNTED(expr) (fz.invocations++, (expr))

static uint32_t
type_of(capreg_t reg)
{
	struct discrim_class c = { CT_VOID, 0 };
	COUNTED(discrim_classify(FZ_DISCRIM, reg, &c));
	return c.type;
}

/* Register to <- register from, through the fuzzer's node. */
static void
copy_reg(capreg_t from, capreg_t to)
{
	COUNTED(node_write(FZ_TMP, 0, from));
	COUNTED(node_read(FZ_TMP, 0, to));
}

void
play_new_bank(void)
{
	fz.banks++;
	COUNTED(bank_create_sub(FZ_POOL, FZ_BANK));
}

/* A playground register, Void or not. */
static capreg_t
other_reg(void)
{
	return (capreg_t)(FZ_PLAY + rng_below(FZ_NPLAY));
}

/* A revocable copy of what is in from: opaque into reg, the handle
 * into another register; now and then blocked, or chained. */
static void
fill_forwarder(capreg_t reg, capreg_t from)
{
	capreg_t h = other_reg();
	struct discrim_class c = { CT_VOID, 0 };

	if (h == reg)          /* else the opaque capability overwrites the handle */
		h = h == 31 ? FZ_PLAY : h + 1;
	if (COUNTED(revocable_copy(FZ_BANK, from, reg, h)) != RC_OK)
		return;
	COUNTED(discrim_classify(FZ_DISCRIM, h, &c));
	if (c.type != CT_FORWARDER || (c.restr & CAP_R_OPAQUE))
		fuzz_fail("revocable_copy left no handle: register, restrictions", h, c.restr);
	if (rng_chance(25))
		COUNTED(fwd_block(h));
	if (rng_chance(25))
		COUNTED(revocable_copy(FZ_BANK, reg, reg, other_reg()));   /* a chain */
}

/* A node or a page from the playground's bank: what the bank says it
 * gave must be there (a reply's capability into register 31 was once
 * dropped on the way). */
static void
fill_object(capreg_t reg, unsigned kind)
{
	int rc = COUNTED(bank_alloc(FZ_BANK, kind, 1, &reg));
	uint32_t want = kind == BANK_KIND_NODE ? CT_NODE : CT_PAGE, t = type_of(reg);

	if (rc == RC_OK && t != want)
		fuzz_fail("the bank's object did not arrive: register, type", reg, t);
}

static void
fill_one(capreg_t reg)
{
	static const capreg_t own[] = { FZ_PEER, FZ_CKPT, FZ_VICTIM_P, FZ_SYSINFO, FZ_DISCRIM,
					FZ_BANK };
	uint32_t r = rng_below(10);

	if (r < 4)
		fill_object(reg, r < 2 ? BANK_KIND_NODE : BANK_KIND_PAGE);
	else if (r < 7)
		fill_forwarder(reg, rng_chance(50) ? own[rng_below(6)] : other_reg());
	else if (r < 8)
		COUNTED(process_make_start(FZ_VICTIM_P, rng_below(4), reg));
	else
		copy_reg(own[rng_below(6)], reg);
}

void
play_fill(void)
{
	struct bank_ident id;

	if (COUNTED(bank_identify(FZ_BANK, &id)) != RC_OK)
		play_new_bank();          /* destroyed through its copy */
	for (capreg_t r = FZ_PLAY; r < 32; r++)
		if (type_of(r) == CT_VOID)
			fill_one(r);
}

/* ------------------------------------------------------------ agent */

static void
agent_busy_again(void)
{
	fz.busy_agent++;
	if (++agent_busy >= 8)
		agent_rescue();
}

void
agent_kick(void)
{
	cairn_msg_t m = CAIRN_MSG(FA_CALL, 0, rng_below(14), rng(), rng());
	struct ipc_desc d;

	cairn_desc_init(&d);
	d.snd_cap[0] = (uint8_t)play_reg();
	m.desc = &d;
	if (COUNTED(cairn_invoke(INV_WORD(FZ_AGENT, INV_SEND, INV_F_DESC | INV_F_NONBLOCK), &m)))
		return agent_busy_again();
	agent_busy = 0;
}

bool
agent_callback(void)
{
	cairn_msg_t m = CAIRN_MSG(FA_CALLBACK);

	if (agent_pending)
		return true;
	sleep_ms(FZ_SLEEP, 1);             /* let it get back to receiving */
	if (COUNTED(cairn_invoke(INV_WORD(FZ_AGENT, INV_SEND, INV_F_NONBLOCK), &m))) {
		agent_busy_again();
		return false;
	}
	agent_busy = 0;
	agent_pending = true;
	return true;
}

/* After a RECEIVE or RETURN: did the agent's call arrive? */
void
agent_received(uint32_t code)
{
	if (code == FA_HELLO)
		agent_pending = false;
}

void
agent_rescue(void)
{
	struct process_state st = { 0 };

	fz.rescues++;
	agent_busy = 0;
	agent_pending = false;
	COUNTED(process_state(FZ_AGENT_P, &st));
	if (st.run_state == PRS_WAITING) {
		COUNTED(process_start(FZ_AGENT_P, 0, 0));
		return;
	}
	COUNTED(process_halt(FZ_AGENT_P));
	COUNTED(process_start(FZ_AGENT_P, AGENT_ENTRY, AGENT_STACK));
}

/* ----------------------------------------------------------- checks */

void
check_peer(void)
{
	cairn_msg_t m = CAIRN_MSG(FP_PING, ++ping_n);
	int rc = COUNTED(cairn_call(FZ_PEER, &m));

	if (rc == RC_VOID) {               /* the watchdog's remedy hit this call */
		m = CAIRN_MSG(FP_PING, ping_n);
		rc = COUNTED(cairn_call(FZ_PEER, &m));
	}
	if (rc != RC_OK)
		fuzz_fail("the peer did not answer: rc", (uint32_t)rc, ping_n);
	if (m.w[0] != ping_n + 1 || m.w[1] <= peer_served)
		fuzz_fail("the peer answered wrongly: w0, served", m.w[0], m.w[1]);
	peer_served = m.w[1];
	fz.pings++;
}

void
check_own_registers(void)
{
	static const struct { capreg_t reg; uint32_t type; } own[] = {
		{ FZ_SELF, CT_PROCESS }, { FZ_CONSOLE, CT_CONSOLE }, { FZ_PRIME, CT_START },
		{ FZ_SYSINFO, CT_SYSINFO }, { FZ_SLEEP, CT_SLEEP }, { FZ_CKPT, CT_CHECKPOINT },
		{ FZ_PEER, CT_START }, { FZ_AGENT, CT_START }, { FZ_AGENT_P, CT_PROCESS },
		{ FZ_VICTIM_P, CT_PROCESS }, { FZ_TMP, CT_NODE }, { FZ_POOL, CT_FORWARDER },   /* a sub-bank: its capability is a forwarder */
		{ FZ_BANK, CT_FORWARDER },   /* a sub-bank too */
	};

	for (unsigned i = 0; i < sizeof own / sizeof own[0]; i++) {
		uint32_t t = type_of(own[i].reg);
		/* A bank destroyed through the copy that plays voids every
		 * capability to it, this one too; play_fill makes a new one. */
		if (own[i].reg == FZ_BANK && t == CT_VOID)
			continue;
		if (t != own[i].type)
			fuzz_fail("a register of the fuzzer's own changed: register, type",
				  own[i].reg, t);
	}
}
