/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckpt-fpu -- FPU and SSE registers survive a checkpoint and a crash.
 *
 * Two of these run side by side (disk-image/ckpt-fpu.map), each with its
 * own annex page and its own values (a seed from the Number in C_ARGS):
 * they take turns on the CPU (short sleeps), so the kernel switches FPU
 * state between them all the time.  Every few rounds one loads new values
 * (seed and round) into its x87 and SSE registers, asks for a checkpoint
 * at once -- so at the snapshot the newest values are only in the CPU,
 * and only the checkpoint's own save can put them in the annex page --
 * and, when take() returns, checks its registers and prints
 *
 *     fpu N: generation G, registers ok         (or: registers WRONG)
 *
 * take() returns twice for a committed generation: once live, and once
 * more after a crash and a restart from it -- then the registers come
 * back from the checkpointed annex page, and the line says whether they
 * are the values loaded before the crash.  Its C code is integer-only:
 * only fpustate.h's assembly touches the FPU registers.
 */
#include "cairn/cairn.h"
#include "domains/utest-fpu/fpustate.h"

enum { C_CKPT = 8, C_ARGS = 9 };

static struct fpu_values mine;

int
main(void)
{
	uint32_t args[3] = { 0, 0, 0 };

	number_read(C_ARGS, args);
	fpu_values_make(&mine, args[1]);
	fpu_values_load(&mine);
	for (uint32_t round = 0;; round++) {
		sleep_ms(CR_SLEEP, 20);
		if (round % 10 != args[0] % 10)
			continue;
		fpu_values_make(&mine, args[1] + round);
		fpu_values_load(&mine);
		uint64_t g = 0;
		int rc = ckpt_take(C_CKPT, &g);
		uint32_t errors = fpu_values_check(&mine);
		printf("fpu %u: generation %llu (rc %d), registers %s\n", args[0],
		       (unsigned long long)g, rc, errors ? "WRONG" : "ok");
		printf_flush();
	}
}
