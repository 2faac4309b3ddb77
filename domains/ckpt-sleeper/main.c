/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-sleeper -- processes caught in the kernel by a checkpoint
 * (disk-image/ckpt-sleeper.map; tests/system/test_ckpt.py).  One program,
 * three roles, chosen by word 0 of the Number in R_ROLE:
 *
 *   ROLE_SLEEPER  sleeps SLEEP_MS and prints what the sleep returned:
 *                 after a restart from a checkpoint taken during the
 *                 sleep, "sleeper: sleep returned RC_RESTART"
 *   ROLE_WAITER   CALLs the replier once and prints the reply:
 *                 "waiter: reply RC_OK w0=42"
 *   ROLE_REPLIER  receives the waiter's CALL, keeps its Resume
 *                 capability, and reads the console: "reply" answers
 *                 the call (42), "take" takes a checkpoint
 *
 * A waiter whose CALL was taken by a checkpoint keeps waiting across the
 * restart, and the Resume capability the replier kept still answers it.
 */
#include "cairn/cairn.h"
#include "cairn/cmd.h"

enum { R_CKPT = 8, R_ROLE = 9, R_REPLIER = 10, R_CALLER = 11 };
enum { ROLE_SLEEPER = 0, ROLE_WAITER = 1, ROLE_REPLIER = 2 };

#define SLEEP_MS 60000u
#define REPLY_WORD 42u
#define ORDER_ASK 1u

static void
sleeper(void)
{
	for (;;) {
		printf("sleeper: sleeping %u ms\n", SLEEP_MS);
		printf("sleeper: sleep returned %s\n", rc_name(sleep_ms(CR_SLEEP, SLEEP_MS)));
	}
}

static void
waiter(void)
{
	cairn_msg_t m = CAIRN_MSG(ORDER_ASK);

	printf("waiter: calling the replier\n");
	/* By sysenter: a process that entered that way waits across the
	 * restart like any other (its frame is that of an int $0x80). */
	int rc = (int)cairn_sysenter_words(INV_WORD(R_REPLIER, INV_CALL, 0), &m);
	printf("waiter: reply %s w0=%u\n", rc_name(rc), m.w[0]);
}

static void
do_reply(const char *arg)
{
	(void)arg;
	int rc = cairn_send(R_CALLER, &CAIRN_MSG(RC_OK, REPLY_WORD));
	printf("replier: replied, %s\n", rc_name(rc));
}

static void
replier(void)
{
	static const struct cmd cmds[] = { { "reply", do_reply } };
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	cairn_desc_init(&d);
	d.rcv_reply = R_CALLER;
	m.desc = &d;
	cairn_receive(&m);
	printf("replier: holding a call (order %u)\n", m.code);
	cmd_loop(cmds, 1, R_CKPT);
}

int
main(void)
{
	uint32_t role[3] = { 0, 0, 0 };

	number_read(R_ROLE, role);
	if (role[0] == ROLE_WAITER)
		waiter();
	else if (role[0] == ROLE_REPLIER)
		replier();
	else
		sleeper();
	return 0;
}
