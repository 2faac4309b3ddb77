/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc-bench -- the null servers of the IPC benchmarks (utest-ipc's
 * bench.c measures; proto.h has the registers).  The Number in register
 * B_MODE chooses the server:
 *
 *   BENCH_WORDS  every message is answered at once by a words-only
 *                RETURN that sends the four words back as they came:
 *                three instructions of user code per message, the words
 *                never leave the registers, so a round trip measures the
 *                client's stub and the two traps.
 *   BENCH_DESC   the same, but receiving with a descriptor: up to four
 *                capabilities into registers 10..13 and a string of up
 *                to 4096 bytes; the RETURN keeps that receive spec.
 *                The capability and string benchmarks compare CALLs to
 *                it with and without the extras.
 */
#include "cairn/cairn.h"
#include "domains/utest-ipc/proto.h"

static void __attribute__((noreturn))
serve_words(void)
{
	cairn_msg_t m = { 0 };

	cairn_receive(&m);
	/* The words stay in ecx..edi from one message to the next. */
	__asm__ volatile("1:\n\t"
			 "movl %[ok], %%ebx\n\t"
			 "movl %[iw], %%eax\n\t"
			 "int $0x80\n\t"
			 "jmp 1b"
			 : : "c"(m.w[0]), "d"(m.w[1]), "S"(m.w[2]), "D"(m.w[3]),
			   [ok] "i"(RC_OK), [iw] "i"(INV_WORD(CR_REPLY, INV_RETURN, 0))
			 : "eax", "ebx", "memory", "cc");
	__builtin_unreachable();
}

static char sbuf[IPC_MAX_STRING];

static void __attribute__((noreturn))
serve_desc(void)
{
	struct ipc_desc d;
	cairn_msg_t m = { 0 };

	cairn_desc_init(&d);
	for (unsigned i = 0; i < IPC_MAX_CAPS; i++)
		d.rcv_cap[i] = B_RCV0 + i;
	d.rcv_str = (uint32_t)sbuf;
	d.rcv_max = sizeof sbuf;
	m.desc = &d;
	cairn_receive(&m);
	for (;;) {
		m.code = RC_OK;
		cairn_return(CR_REPLY, &m);
	}
}

int
main(void)
{
	uint32_t mode[3] = { BENCH_WORDS };

	number_read(B_MODE, mode);
	if (mode[0] == BENCH_DESC)
		serve_desc();
	serve_words();
}
