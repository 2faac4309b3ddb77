/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen.c -- one random invocation, from a seeded generator.
 *
 * Everything the trap takes is drawn at random: the register invoked
 * (a playground register), CALL or SEND, the flags and the ignored bits
 * of the invocation word, the order code, the four words, and -- with a
 * descriptor -- the capabilities sent (playground and a few harmless
 * registers of the fuzzer's own), the registers that receive (only
 * playground ones: the fuzzer must keep its own), and the string
 * pointers and lengths: a buffer of its own, its read-only text, kernel
 * addresses, unmapped addresses, ranges that cross into the kernel or
 * wrap past 4 GiB, lengths at and beyond every limit.  The descriptor
 * itself may be unreadable or read-only.
 *
 * Three things are tamed, so that the fuzzer does not merely wait for
 * ever: an invocation that could block (a Start, Resume or opaque
 * Forwarder capability) is made non-blocking -- the agent makes the
 * blocking ones (play.c); a Sleep is at most 2 ms; a checkpoint period
 * is at least 100 ms.  Console writes are short.  The type is asked of
 * Discrim first (itself an invocation, counted).
 */
#include "domains/fuzz-invoke/fuzz.h"
#include "kernel/abi/orders.h"
#include "kernel/abi/cap.h"

static uint64_t rng_state;
static uint8_t scratch[2 * IPC_MAX_STRING];
static const char xbuf[8] = "xxxxxxxx";
static const struct ipc_desc ro_desc = {
	{ IPC_NO_CAP, IPC_NO_CAP, IPC_NO_CAP, IPC_NO_CAP },
	{ FZ_PLAY, FZ_PLAY + 1, IPC_NO_CAP, IPC_NO_CAP },
	0, 0, 0, 64, 0, FZ_PLAY + 2, { 0, 0, 0 }
};

void
rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (!rng_state)
		rng_state = 1;
}

uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

uint32_t
rng_below(uint32_t n)
{
	return n ? rng() % n : 0;
}

bool
rng_chance(uint32_t percent)
{
	return rng_below(100) < percent;
}

capreg_t
play_reg(void)
{
	uint32_t r = rng_below(FZ_NPLAY + 2);
	return r < FZ_NPLAY ? FZ_PLAY + r : r - FZ_NPLAY;   /* CR_VOID, CR_REPLY too */
}

/* A register whose capability may be sent anywhere. */
static bool clean;          /* this invocation: valid registers, pointers, lengths */

static uint8_t
send_reg(void)
{
	static const uint8_t own[] = { FZ_SYSINFO, FZ_DISCRIM, FZ_SLEEP, FZ_CKPT, FZ_PEER,
				       FZ_VICTIM_P, FZ_CONSOLE, FZ_BANK };
	uint32_t r = rng_below(100);

	if (r < 15)
		return IPC_NO_CAP;
	if (r < 27)
		return own[rng_below(sizeof own)];
	if (r < 29 && !clean)
		return (uint8_t)(32 + rng_below(IPC_NO_CAP - 32));   /* no such register */
	return (uint8_t)play_reg();
}

static uint8_t
recv_reg(void)
{
	uint32_t r = rng_below(100);

	if (r < 30)
		return IPC_NO_CAP;
	if (r < 32 && !clean)
		return (uint8_t)(32 + rng_below(IPC_NO_CAP - 32));
	return (uint8_t)play_reg();
}

static uint32_t
rand_word(void)
{
	static const uint32_t edge[] = { 0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 31, 32, 33, 255, 4095,
					 4096, 4097, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
					 0xfffffffe, 0xffffffff };
	uint32_t r = rng_below(100);

	if (r < 45)
		return rng_below(40);
	if (r < 75)
		return edge[rng_below(sizeof edge / sizeof edge[0])];
	return rng();
}

static uint32_t
rand_len(void)
{
	static const uint32_t edge[] = { 4095, 4096, 4097, 65536, 65537, 0x7fffffff, 0xffffffff };
	uint32_t r = rng_below(100);

	if (r < 50 || clean)
		return rng_below(65);
	if (r < 75)
		return rng_below(IPC_MAX_STRING + 1);
	if (r < 85)
		return IPC_MAX_STRING + rng_below(1000);
	return edge[rng_below(sizeof edge / sizeof edge[0])];
}

/* A string address: mostly the fuzzer's buffer (anything of at most
 * 4096 bytes from there fits), else one the kernel must refuse. */
static uint32_t
rand_ptr(bool for_write)
{
	uint32_t r = rng_below(100);

	if (r < 60 || clean)
		return (uint32_t)(uintptr_t)scratch + rng_below(IPC_MAX_STRING);
	if (r < 68)
		return 0xc0000000u + rng_below(0x40000000u);          /* kernel */
	if (r < 76)
		return rng_below(3) == 0 ? 0 : 0x30000000u + rng_below(0x1000000); /* unmapped */
	if (r < 84)
		return (uint32_t)(uintptr_t)&rng_seed + rng_below(64); /* read-only text */
	if (r < 92)
		return 0xfffff000u + rng_below(0x1000);               /* wraps */
	return for_write ? 0x400000u : 0xbffffff0u;               /* text / into the kernel */
}

static uint32_t
rand_order(void)
{
	uint32_t r = rng_below(100);

	if (r < 70)
		return rng_below(14);
	if (r < 80)
		return OC_KEEPER_FAULT + rng_below(6);
	if (r < 85)
		return FP_PING;
	return rng();
}

static void
rand_desc(struct ipc_desc *d, bool receive_only)
{
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++) {
		d->snd_cap[i] = receive_only ? IPC_NO_CAP : send_reg();
		d->rcv_cap[i] = recv_reg();
	}
	d->snd_str = rand_ptr(false);
	d->snd_len = rng_chance(40) ? 0 : rand_len();
	d->rcv_str = rand_ptr(true);
	d->rcv_max = rng_chance(20) ? 0 : rand_len();
	d->rcv_len = rng();
	d->rcv_reply = rng_chance(10) ? IPC_NO_CAP : recv_reg();
	d->reserved[0] = rng_chance(95) || clean ? 0 : (uint8_t)rng();
}

/* Where ebp points: the descriptor, mostly; else a read-only copy, or
 * an address the kernel cannot read.  Never other memory of the
 * fuzzer's: a "descriptor" read from its buffer or its text could name
 * its own registers, and hand its Process capability to the playground
 * (it halted itself so, once). */
static struct ipc_desc *
desc_ptr(struct ipc_desc *d)
{
	static const uint32_t bad[] = { 0, 0x30000000u, 0xc0000000u, 0xfffffff0u, 0xbffffff0u };
	uint32_t r = rng_below(100);

	if (r < 88 || clean)
		return d;
	if (r < 92)
		return (struct ipc_desc *)&ro_desc;
	return (struct ipc_desc *)(uintptr_t)(bad[rng_below(5)] + (r & 1 ? rng_below(4096) & ~15u : 0));
}

static uint32_t
classify(capreg_t reg, uint32_t *restr)
{
	struct discrim_class c = { CT_VOID, 0 };

	fz.invocations++;
	discrim_classify(FZ_DISCRIM, reg, &c);
	*restr = c.restr;
	return c.type;
}

/* Keep the fuzzer from sleeping or blocking for ever (see the top). */
static void
tame(uint32_t type, uint32_t restr, cairn_msg_t *m, struct ipc_desc *d, uint32_t *flags)
{
	if (type == CT_START || type == CT_RESUME ||
	    (type == CT_FORWARDER && (restr & CAP_R_OPAQUE)))
		*flags |= INV_F_NONBLOCK;
	if (type == CT_SLEEP && m->code == OC_SLEEP_MS)
		m->w[0] %= 3;
	if (type == CT_CHECKPOINT && m->code == OC_CKPT_SET_PERIOD && m->w[0])
		m->w[0] = 100 + m->w[0] % 5000;
	if (type == CT_CONSOLE && m->code == OC_CONSOLE_WRITE) {
		d->snd_len %= 9;
		if (d->snd_str >= (uint32_t)(uintptr_t)scratch &&
		    d->snd_str < (uint32_t)(uintptr_t)scratch + sizeof scratch)
			d->snd_str = (uint32_t)(uintptr_t)xbuf;
	}
}

static void
count_rc(uint32_t rc)
{
	fz.invocations++;
	fz.rc[rc < 15 ? rc : 15]++;
}

uint32_t
fuzz_invoke_one(void)
{
	struct ipc_desc d;
	capreg_t reg = play_reg();
	uint32_t restr, type = classify(reg, &restr);
	uint32_t flags = rng_chance(85) ? INV_F_DESC : 0;
	cairn_msg_t m = CAIRN_MSG(rand_order(), rand_word(), rand_word(), rand_word(), rand_word());

	clean = rng_chance(50);
	rand_desc(&d, false);
	if (rng_chance(20))
		flags |= INV_F_NONBLOCK;
	tame(type, restr, &m, &d, &flags);
	m.desc = desc_ptr(&d);
	uint32_t iw = INV_WORD(reg, rng_chance(80) ? INV_CALL : INV_SEND, flags);
	if (rng_chance(5))
		iw |= rng() & ~(INV_REG_MASK | INV_TYPE_MASK << INV_TYPE_SHIFT | INV_F_DESC |
				INV_F_NONBLOCK);           /* bits the kernel ignores */
	uint32_t rc = cairn_invoke(iw, &m);
	count_rc(rc);
	return rc;
}

uint32_t
fuzz_receive_one(void)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(rand_word(), rand_word(), rand_word());
	bool ret = rng_chance(50);

	clean = rng_chance(50);
	rand_desc(&d, !ret || rng_chance(50));
	m.desc = desc_ptr(&d);
	uint32_t iw = INV_WORD(ret ? play_reg() : CR_VOID, ret ? INV_RETURN : INV_RECEIVE,
			       rng_chance(90) ? INV_F_DESC : 0);
	uint32_t code = cairn_invoke(iw, &m);
	fz.invocations++;
	fz.receives++;
	return code;
}
