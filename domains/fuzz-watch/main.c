/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-watch -- releases the invocation fuzzer from a reply that never
 * comes (domains/fuzz-invoke/proto.h).  The fuzzer may CALL a process it
 * has just broken (its registers set to nonsense while it was waiting to
 * receive): the message is delivered, the process faults instead of
 * answering, and the fuzzer waits for ever.  Every 100 ms this looks at
 * the fuzzer's run state; waiting five looks in a row at the same eip,
 * it STARTs the fuzzer, which ends the CALL with RC_VOID (docs/abi.md
 * §6.7) -- the remedy a keeper has for any process.
 *
 * The fuzzer may also put itself to sleep for up to 49 days (a random
 * Sleep), or stall on a process it broke, or wait on a forwarder it
 * blocked and lost.  Running in one place for five seconds while the
 * kernel says it waits in a sleep, a stall or a forwarder, it is STARTed
 * too, which ends that wait (docs/processes.md).  Five seconds in one
 * place anywhere else is reported and left alone: a process ready to run
 * that does not get the CPU is a kernel bug, not the fuzzer's doing.
 */
#include "cairn/cairn.h"
#include "cairn/string.h"
#include <stdbool.h>
#include "domains/fuzz-invoke/proto.h"
#include "kernel/abi/process.h"

/* Five seconds in one place: say where, for whoever debugs it; returns
 * what the kernel says the fuzzer waits for (SYSINFO_Q_*). */
static uint32_t
report_stuck(const struct process_state *st)
{
	uint32_t r[3][3] = { { 0 } }, queue = SYSINFO_Q_NONE;

	for (unsigned g = 0; g < 3; g++)
		process_get_regs(WD_FUZZ_P, g, r[g]);
	printf("FUZZ watchdog: the fuzzer has been in state %u at eip %#x for 5 s "
	       "(eax %#x ebx %#x ecx %#x edx %#x esi %#x edi %#x ebp %#x esp %#x)\n",
	       st->run_state, st->eip, r[0][0], r[0][1], r[0][2], r[1][0], r[1][1], r[1][2],
	       r[2][0], r[2][1]);
	struct sysinfo_proc p;
	for (uint32_t i = 0; sysinfo_process(CR_SYSINFO, i, &p) == RC_OK; i = p.index + 1) {
		printf("FUZZ watchdog:   %s: state %u queue %u fault %u\n", p.name, p.state,
		       p.queue, p.fault);
		if (!strcmp(p.name, WD_FUZZ_NAME))
			queue = p.queue;
	}
	return queue;
}

/* A wait of the fuzzer's own making, which START ends. */
static bool
releasable(uint32_t queue)
{
	return queue == SYSINFO_Q_SLEEP || queue == SYSINFO_Q_STALL || queue == SYSINFO_Q_FWD;
}

int
main(void)
{
	struct process_state st;
	uint32_t last_eip = 0, same = 0, released = 0, stuck = 0, last_state = 0;

	for (;;) {
		sleep_ms(CR_SLEEP, 100);
		if (process_state(WD_FUZZ_P, &st) != RC_OK)
			continue;
		stuck = st.eip == last_eip && st.run_state == last_state ? stuck + 1 : 0;
		last_state = st.run_state;
		if (stuck == 50 && releasable(report_stuck(&st)) && st.run_state == PRS_RUNNING) {
			printf("FUZZ watchdog: started the fuzzer out of its wait\n");
			process_start(WD_FUZZ_P, 0, 0);
			stuck = 0;
			continue;
		}
		if (st.run_state != PRS_WAITING || st.eip != last_eip) {
			same = 0;
			last_eip = st.eip;
			continue;
		}
		if (++same < 5)
			continue;
		same = 0;
		released++;
		printf("FUZZ watchdog: the fuzzer waited 0.5 s for a reply at eip %#x; released (%u)\n",
		       st.eip, released);
		process_start(WD_FUZZ_P, 0, 0);
	}
}
