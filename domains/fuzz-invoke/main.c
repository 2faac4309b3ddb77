/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz-invoke -- the in-guest invocation fuzzer (docs/hostile.md).
 *
 * The harness types "seed=S n=N" on the console; the fuzzer prints
 * "FUZZ BEGIN seed=S n=N", issues at least N seeded random invocations
 * (gen.c) against everything in its playground (play.c), and between
 * them, on a schedule drawn from the same generator:
 *   - has the agent make a blocking CALL, or call it back so that it
 *     RECEIVEs or RETURNs with a random receive spec (Resume capabilities);
 *   - every 256 invocations: pings the peer, which must answer rightly,
 *     and checks that its own registers still hold what they held;
 *   - every 64: tops the playground up;
 *   - every 8192: takes a checkpoint (the test kernel checks the whole
 *     object cache before each one: check_consistency);
 *   - every 32768: destroys its pool bank with everything in it, and
 *     starts with a new one.
 * At every checkpoint (printed at every progress line and at the end)
 * it checks the kernel's memory
 * through SysInfo: not one page frame allocated or freed since BEGIN,
 * every pool the size it was, none used beyond its size (the kernel's
 * pools never grow after boot).
 * At the end it takes a checkpoint, asks the prime bank to check its
 * tables, and prints "FUZZ END ... ok".  Any wrong answer prints
 * "FUZZ FAIL ... seed=S" and stops: the seed reproduces the run
 * (make fuzz-invoke FUZZ_SEED=S).
 */
#include "domains/fuzz-invoke/fuzz.h"
#include "cairn/bank.h"

struct fuzz_stats fz;
uint64_t fuzz_seed;

void
fuzz_fail(const char *what, uint32_t a, uint32_t b)
{
	printf("FUZZ FAIL %s %u %u (after %u invocations) seed=%llu\n", what, a, b,
	       fz.invocations, (unsigned long long)fuzz_seed);
	cairn_exit(1);
}

/* A number typed on the console after "key=". */
static uint64_t
read_number(void)
{
	uint64_t n = 0;
	int ch;

	for (;;) {
		if (console_read(FZ_CONSOLE, &ch) != RC_OK) {
			sleep_ms(FZ_SLEEP, 10);
			continue;
		}
		if (ch >= '0' && ch <= '9')
			n = n * 10 + (uint64_t)(ch - '0');
		else if (ch == ' ' || ch == '\n' || ch == '\r')
			return n;
	}
}

static void
skip_to_equals(void)
{
	int ch = 0;

	while (ch != '=')
		if (console_read(FZ_CONSOLE, &ch) != RC_OK)
			sleep_ms(FZ_SLEEP, 10);
}

static void
new_pool(bool destroy_old)
{
	if (destroy_old)
		fz.invocations++, bank_destroy_with_space(FZ_POOL);
	fz.invocations += 3;
	if (bank_create_sub(FZ_PRIME, FZ_POOL) != RC_OK ||
	    bank_set_limit(FZ_POOL, BANK_KIND_NODE, 3000) != RC_OK ||
	    bank_set_limit(FZ_POOL, BANK_KIND_PAGE, 1500) != RC_OK)
		fuzz_fail("cannot make the pool bank", 0, 0);
	play_new_bank();
	play_fill();
}

/* The kernel's memory and pools as they were at BEGIN. */
static struct sysinfo_memory mem0;
static struct sysinfo_pools pools0;

static void
kernel_memory(struct sysinfo_memory *m, struct sysinfo_pools *p)
{
	fz.invocations += 2;
	if (sysinfo_memory(FZ_SYSINFO, m) != RC_OK || sysinfo_pools(FZ_SYSINFO, p) != RC_OK)
		fuzz_fail("SysInfo failed", 0, 0);
}

/* Nothing the run did made the kernel allocate or grow a pool. */
static void
check_kernel_memory(bool print)
{
	struct sysinfo_memory m;
	struct sysinfo_pools p;

	kernel_memory(&m, &p);
	if (m.frames_free != mem0.frames_free || m.frames != mem0.frames)
		fuzz_fail("the kernel's free page frames changed", mem0.frames_free, m.frames_free);
	if (p.node_pool != pools0.node_pool || p.page_pool != pools0.page_pool ||
	    m.proc_table != mem0.proc_table)
		fuzz_fail("a kernel pool changed size", pools0.node_pool, p.node_pool);
	if (p.nodes_used > p.node_pool || p.pages_used > p.page_pool ||
	    m.procs_loaded > m.proc_table)
		fuzz_fail("a kernel pool is used beyond its size", p.nodes_used, p.pages_used);
	if (print)
		printf("FUZZ kernel memory: %u of %u frames free (at BEGIN %u); node pool %u (%u used), "
	       "page pool %u (%u used), process table %u (%u loaded)\n", m.frames_free, m.frames,
	       mem0.frames_free, p.node_pool, p.nodes_used, p.page_pool, p.pages_used,
	       m.proc_table, m.procs_loaded);
}

static void
checkpoint(void)
{
	uint64_t g;

	fz.invocations++;
	if (ckpt_take(FZ_CKPT, &g) != RC_OK)
		fuzz_fail("the checkpoint failed", 0, 0);
}

/* The periodic work due after invocation i. */
static void
periodic(uint32_t i)
{
	if (i % 256 == 0) {
		check_peer();
		check_own_registers();
	}
	if (i % 64 == 0)
		play_fill();
	if (i % 8192 == 0) {
		checkpoint();
		check_kernel_memory(false);
	}
	if (i % 32768 == 0)
		new_pool(true);
	if (i % 100000 == 0) {
		printf("FUZZ progress %u invocations\n", fz.invocations);
		check_kernel_memory(true);
	}
}

static void
one_step(void)
{
	uint32_t r = rng_below(1000);

	if (r < 20) {
		agent_kick();
		sleep_ms(FZ_SLEEP, 1);     /* let it make the call */
	}
	else if (r < 40 && agent_callback())
		agent_received(fuzz_receive_one());
	else
		fuzz_invoke_one();
}

static void
report(void)
{
	uint32_t problems = 1;

	check_peer();
	check_own_registers();
	checkpoint();
	check_kernel_memory(true);
	fz.invocations++;
	if (bank_check(FZ_PRIME, &problems) != RC_OK || problems)
		fuzz_fail("the bank's check found problems", problems, 0);
	printf("FUZZ rc:");
	for (unsigned i = 0; i < 16; i++)
		printf(" %u", fz.rc[i]);
	printf("\nFUZZ END seed=%llu invocations=%u receives=%u pings=%u banks=%u agent-busy=%u rescues=%u ok\n",
	       (unsigned long long)fuzz_seed, fz.invocations, fz.receives, fz.pings, fz.banks,
	       fz.busy_agent, fz.rescues);
	printf_flush();
}

int
main(void)
{
	skip_to_equals();
	fuzz_seed = read_number();
	skip_to_equals();
	uint32_t n = (uint32_t)read_number();

	printf("FUZZ BEGIN seed=%llu n=%u\n", (unsigned long long)fuzz_seed, n);
	printf_flush();
	rng_seed(fuzz_seed);
	kernel_memory(&mem0, &pools0);
	fz.invocations++;
	if (bank_alloc_node(FZ_PRIME, FZ_TMP) != RC_OK)
		fuzz_fail("cannot allocate the fuzzer's node", 0, 0);
	new_pool(false);
	for (uint32_t i = 1; fz.invocations < n; i++) {
		one_step();
		periodic(i);
	}
	report();
	return 0;
}
