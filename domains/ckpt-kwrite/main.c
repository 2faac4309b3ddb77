/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-kwrite -- the kernel writing into pages a checkpoint is writing
 * out (disk-image/ckpt-kwrite.map; tests/system/test_ckpt2.py).  A
 * console command loop (cairn/cmd.h):
 *
 *   prepare   four pages from the bank, each given "A<n>": P1 and P3 by
 *             Page WRITE, P2 and P4 mapped at VA_P2, VA_P4 and written
 *             there; "prepared p1 p:I p2 p:I p3 p:I count C p4 p:I"
 *   mutate    each changed by another path into the kernel: P1 by Page
 *             WRITE "B1", P2 by a user store "B2", P3 freed through the
 *             bank (a rescind: zeroed, its count bumped, and the bank's
 *             own pages written), P4 by an IPC string copy-out (the echo
 *             server's reply, "B4"); "mutated RC RC RC"
 *   show      "show p1=.. p2=.. p3=.. p4=.." (p3=void once rescinded)
 *   take, status, period MS      (cmd.c)
 *
 * The test prepares, has the kernel snapshot the dirty pages (period),
 * holds the writer (ckpt_write_delay_ms), mutates inside that window,
 * and kills right after the commit: the generation must hold the A's.
 */
#include "cairn/cairn.h"
#include "cairn/bank.h"
#include "cairn/aspace.h"
#include "cairn/cmd.h"
#include "domains/utest-ipc/proto.h"

enum {
	R_BANK = 4, R_CKPT = 8, R_ECHO = 9, R_SPACE = 10,
	R_P1 = 11, R_P2 = 12, R_P3 = 13, R_P4 = 14, R_WALK0 = 15, R_WALK1 = 16,
};

#define VA_P2 0x20000000u
#define VA_P4 0x20001000u
#define TAG_LEN 2u

static int
new_node(void *ctx, capreg_t to)
{
	(void)ctx;
	return bank_alloc_node(R_BANK, to);
}

static const struct aspace space = { R_SPACE, 4, { R_WALK0, R_WALK1 }, new_node, 0 };

static uint64_t
oid_of(capreg_t page, uint32_t *count)
{
	struct page_info pi = { 0, 0 };

	page_info(page, &pi);
	if (count)
		*count = pi.count;
	return pi.oid & 0xffffffffu;
}

static void
do_prepare(const char *arg)
{
	int rc = RC_OK;
	uint32_t c3 = 0;

	(void)arg;
	for (capreg_t r = R_P1; r <= R_P4 && rc == RC_OK; r++)
		rc = bank_alloc_page(R_BANK, r);
	if (rc == RC_OK)
		rc = aspace_map(&space, VA_P2, R_P2);
	if (rc == RC_OK)
		rc = aspace_map(&space, VA_P4, R_P4);
	if (rc != RC_OK) {
		printf("prepare: %s\n", rc_name(rc));
		return;
	}
	page_write(R_P1, 0, "A1", TAG_LEN);
	memcpy((void *)VA_P2, "A2", TAG_LEN);
	page_write(R_P3, 0, "A3", TAG_LEN);
	memcpy((void *)VA_P4, "A4", TAG_LEN);
	uint64_t o3 = oid_of(R_P3, &c3);
	printf("prepared p1 p:%llu p2 p:%llu p3 p:%llu count %u p4 p:%llu\n",
	       (unsigned long long)oid_of(R_P1, 0), (unsigned long long)oid_of(R_P2, 0),
	       (unsigned long long)o3, c3, (unsigned long long)oid_of(R_P4, 0));
}

/* The echo server reverses "4B" into P4, by the kernel's copy-out. */
static int
echo_into_p4(void)
{
	struct ipc_desc d;
	cairn_msg_t m = CAIRN_MSG(ECHO_STRING);

	cairn_desc_init(&d);
	d.snd_str = (uint32_t)"4B";
	d.snd_len = TAG_LEN;
	d.rcv_str = VA_P4;
	d.rcv_max = TAG_LEN;
	m.desc = &d;
	return (int)cairn_call(R_ECHO, &m);
}

static void
do_mutate(const char *arg)
{
	(void)arg;
	int r1 = page_write(R_P1, 0, "B1", TAG_LEN);
	memcpy((void *)VA_P2, "B2", TAG_LEN);
	int r3 = bank_free(R_BANK, R_P3);
	int r4 = echo_into_p4();
	printf("mutated %s %s %s\n", rc_name(r1), rc_name(r3), rc_name(r4));
}

static void
do_show(const char *arg)
{
	char p1[TAG_LEN + 1] = "", p3[TAG_LEN + 1] = "";

	(void)arg;
	page_read(R_P1, 0, p1, TAG_LEN);
	if (page_read(R_P3, 0, p3, TAG_LEN) != RC_OK)
		memcpy(p3, "void", 5);
	printf("show p1=%s p2=%.2s p3=%s p4=%.2s\n", p1, (const char *)VA_P2, p3,
	       (const char *)VA_P4);
}

static const struct cmd cmds[] = {
	{ "prepare", do_prepare },
	{ "mutate", do_mutate },
	{ "show", do_show },
};

int
main(void)
{
	printf("kwrite: ready\n");
	cmd_loop(cmds, sizeof cmds / sizeof cmds[0], R_CKPT);
}
