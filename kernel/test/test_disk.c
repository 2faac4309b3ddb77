/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_disk.c -- in-kernel tests of the disk driver (hal_disk_*) and the
 * store partition layer (disk.c).
 *
 * They run against build/cairn-test.img with QEMU's snapshot=on, so they
 * may write anywhere in the store -- which is why the ones that write are
 * TEST_EXPLICIT: they run in a boot of their own (tests/system/
 * test_disk.py), never among the object-cache tests that read the
 * store's objects (and even sector 0, which
 * disk_mbr_refused restores); they depend on no store contents except
 * what they write themselves.  Data patterns mix the sector number with
 * a per-run seed, so stale data from an earlier run or a misplaced
 * sector cannot pass a comparison.
 *
 * Buffers come from pmem as runs of physically (hence virtually)
 * contiguous frames: pmem hands out ascending frames from a fresh pool.
 *
 * Two boot options are actions rather than tests (both end QEMU):
 * disk_pattern=BLOCK for the host's persistence test, and disk_absent
 * for the no-disk test (tests/system/test_disk.py).
 */
#include "kernel/ktest.h"
#include "kernel/hal.h"
#include "kernel/pmem.h"
#include "kernel/disk.h"
#include "ckpt/format.h"

#define SECTOR HAL_DISK_SECTOR_SIZE

/* ------------------------------------------------------------ helpers */

/* Free from the top down, so the run comes back in ascending order. */
static void
tbuf_free(uint8_t *base, uint32_t n)
{
	while (n-- > 0)
		pmem_free(base + n * PAGE_SIZE);
}

/* n contiguous frames, or NULL (nothing kept) if pmem cannot give them.
 * The run may grow at either end: frames freed by earlier tests sit on
 * top of pmem's LIFO list in the reverse order. */
static uint8_t *
tbuf_alloc(uint32_t n)
{
	uint8_t *lo = pmem_alloc(), *hi = lo;

	for (uint32_t i = 1; lo && i < n; i++) {
		uint8_t *f = pmem_alloc();
		if (f && f == hi + PAGE_SIZE)
			hi = f;
		else if (f && f == lo - PAGE_SIZE)
			lo = f;
		else {
			if (f)
				pmem_free(f);
			tbuf_free(lo, (uint32_t)((hi - lo) / PAGE_SIZE) + 1);
			return NULL;
		}
	}
	return lo;
}

static uint32_t
pattern_word(uint64_t lba, uint32_t i, uint32_t seed)
{
	uint32_t x = (uint32_t)lba * 0x9e3779b1u ^ (uint32_t)(lba >> 32) ^ i * 0x85ebca6bu ^ seed;
	return x ^ x >> 15;
}

/* Fill count sectors, as if they were to be written at lba. */
static void
pattern_fill(uint8_t *buf, uint64_t lba, uint32_t count, uint32_t seed)
{
	uint32_t *w = (uint32_t *)buf;

	for (uint32_t s = 0; s < count; s++)
		for (uint32_t i = 0; i < SECTOR / 4; i++)
			*w++ = pattern_word(lba + s, i, seed);
}

/* The first sector that differs from the pattern, or count if none. */
static uint32_t
pattern_check(const uint8_t *buf, uint64_t lba, uint32_t count, uint32_t seed)
{
	const uint32_t *w = (const uint32_t *)buf;

	for (uint32_t s = 0; s < count; s++)
		for (uint32_t i = 0; i < SECTOR / 4; i++)
			if (*w++ != pattern_word(lba + s, i, seed))
				return s;
	return count;
}

static uint32_t
test_seed(void)
{
	uint64_t t = hal_rdtsc();
	return (uint32_t)(t ^ t >> 32) | 1;
}

static uint32_t
mib_per_s(uint64_t bytes, uint64_t cycles)
{
	return cycles ? (uint32_t)(bytes * hal_tsc_hz() / cycles >> 20) : 0;
}

/* ------------------------------------------------------------ tests */

TEST(disk_store_found, "the MBR's one 0xca partition fits the disk and ends at its last sector")
{
	uint8_t mbr[SECTOR];
	int found = 0;

	KT_CHECK_EQ(disk_store_init(), 0);
	KT_CHECK(hal_disk_sectors() > 0);
	KT_CHECK(hal_disk_model()[0] != 0);
	KT_CHECK_EQ(hal_disk_read(0, 1, mbr), 0);
	KT_CHECK(mbr[510] == 0x55 && mbr[511] == 0xaa);
	for (unsigned i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;
		uint32_t start, len;
		memcpy(&start, e + 8, 4);
		memcpy(&len, e + 12, 4);
		if (e[4] != CK_MBR_PART_TYPE)
			continue;
		found++;
		KT_CHECK_EQ(disk_store_partition(), i + 1);
		KT_CHECK_EQ(disk_store_first_sector(), start);
		KT_CHECK_EQ(disk_store_blocks(), len / CK_SECTORS_PER_BLOCK);
	}
	KT_CHECK_EQ(found, 1);
	/* mkdisk.sh puts the store last and sizes the image to end with it. */
	KT_CHECK_EQ(disk_store_first_sector() + disk_store_blocks() * CK_SECTORS_PER_BLOCK,
		    hal_disk_sectors());
}

/* One read of 256 sectors at base equals 256 one-sector reads. */
static void
check_multi_read(uint8_t *big, uint64_t base)
{
	uint8_t one[SECTOR];

	KT_CHECK_EQ(hal_disk_read(base, 256, big), 0);
	for (uint32_t i = 0; i < 256; i++) {
		KT_CHECK_EQ(hal_disk_read(base + i, 1, one), 0);
		if (memcmp(one, big + i * SECTOR, SECTOR) != 0) {
			ktest_fail(__FILE__, __LINE__, "sector %llu differs", (unsigned long long)(base + i));
			return;
		}
	}
}

TEST(disk_read_multi, "a 256-sector read equals 256 one-sector reads (disk start, store start)")
{
	uint8_t *big = tbuf_alloc(32);
	uint32_t nonzero = 0;

	KT_CHECK(big);
	KT_CHECK_EQ(disk_store_init(), 0);
	check_multi_read(big, 0);
	for (uint32_t i = SECTOR; i < 256 * SECTOR; i++)
		nonzero += big[i] != 0;       /* GRUB's core.img: not trivial */
	if (!ktest_failed())
		check_multi_read(big, disk_store_first_sector());
	if (!ktest_failed() && disk_read_blocks(0, 32, big) != 0)
		ktest_fail(__FILE__, __LINE__, "disk_read_blocks(0, 32) failed");
	tbuf_free(big, 32);
	KT_CHECK(nonzero > 1000);
}

/* Write 2 MiB (4096 sectors, one command) at block at, read it back,
 * and check the blocks on either side kept their contents. */
static void
roundtrip_at(uint8_t *buf, uint64_t at, uint32_t nblk, uint32_t seed)
{
	uint8_t *before = buf + (nblk + 0) * CK_BLOCK_SIZE;
	uint8_t *after = buf + (nblk + 2) * CK_BLOCK_SIZE;
	uint64_t lba = disk_store_first_sector() + at * CK_SECTORS_PER_BLOCK;
	uint32_t nsec = nblk * CK_SECTORS_PER_BLOCK;

	KT_CHECK_EQ(disk_read_blocks(at - 1, 1, before), 0);
	KT_CHECK_EQ(disk_read_blocks(at + nblk, 1, before + CK_BLOCK_SIZE), 0);
	pattern_fill(buf, lba, nsec, seed);
	KT_CHECK_EQ(disk_write_blocks(at, nblk, buf), 0);
	memset(buf, 0xa5, nblk * CK_BLOCK_SIZE);
	KT_CHECK_EQ(disk_read_blocks(at, nblk, buf), 0);
	KT_CHECK_EQ(pattern_check(buf, lba, nsec, seed), nsec);
	KT_CHECK_EQ(disk_read_blocks(at - 1, 1, after), 0);
	KT_CHECK_EQ(disk_read_blocks(at + nblk, 1, after + CK_BLOCK_SIZE), 0);
	KT_CHECK(memcmp(before, after, 2 * CK_BLOCK_SIZE) == 0);
}

TEST_EXPLICIT(disk_write_roundtrip, "4096 sectors written in one command read back exactly, twice; neighbours untouched")
{
	const uint32_t nblk = 512;
	uint8_t *buf = tbuf_alloc(nblk + 4);

	KT_CHECK(buf);
	KT_CHECK_EQ(disk_store_init(), 0);
	uint64_t at = disk_store_blocks() / 2;
	uint32_t seed = test_seed();
	roundtrip_at(buf, at, nblk, seed);
	if (!ktest_failed())
		roundtrip_at(buf, at, nblk, seed * 3);  /* new data really lands */
	tbuf_free(buf, nblk + 4);
}

TEST_EXPLICIT(disk_large_transfer, "65536+16 sectors (two commands, count 0 = 65536) round trip; MiB/s")
{
	const uint32_t nsec = 65536 + 16, nfr = nsec / CK_SECTORS_PER_BLOCK;
	uint8_t *buf = tbuf_alloc(nfr);
	uint8_t one[SECTOR];
	uint32_t seed = test_seed();

	KT_CHECK(buf);
	KT_CHECK_EQ(disk_store_init(), 0);
	uint64_t lba = disk_store_first_sector() + 64 * CK_SECTORS_PER_BLOCK;
	KT_CHECK(disk_store_blocks() >= 64 + nfr);
	pattern_fill(buf, lba, nsec, seed);
	uint64_t t0 = hal_rdtsc();
	int werr = hal_disk_write(lba, nsec, buf);
	uint64_t t1 = hal_rdtsc();
	memset(buf, 0, nsec * SECTOR);
	int rerr = hal_disk_read(lba, nsec, buf);
	uint64_t t2 = hal_rdtsc();
	uint32_t bad = pattern_check(buf, lba, nsec, seed);
	tbuf_free(buf, nfr);
	KT_CHECK_EQ(werr, 0);
	KT_CHECK_EQ(rerr, 0);
	KT_CHECK_EQ(bad, nsec);
	for (uint32_t s = 65534; s < 65538; s++) {   /* across the seam */
		KT_CHECK_EQ(hal_disk_read(lba + s, 1, one), 0);
		KT_CHECK_EQ(pattern_check(one, lba + s, 1, seed), 1);
	}
	kprintf("KTEST INFO disk %s %u KiB: write %u MiB/s, read %u MiB/s (TSC %llu MHz)\n", hal_disk_mode(),
		nsec / 2, mib_per_s((uint64_t)nsec * SECTOR, t1 - t0),
		mib_per_s((uint64_t)nsec * SECTOR, t2 - t1),
		(unsigned long long)(hal_tsc_hz() / 1000000));
}

/* A request of one segment per entry of segs, submitted and waited for. */
static int
request(uint8_t op, uint64_t lba, struct hal_disk_seg *segs, uint32_t n)
{
	uint32_t bytes = 0;

	for (uint32_t i = 0; i < n; i++)
		bytes += segs[i].bytes;
	struct hal_disk_req r = { .op = op, .nseg = (uint16_t)n, .seg = segs, .lba = lba,
				  .count = bytes / SECTOR };
	hal_disk_submit(&r);
	hal_disk_wait(&r);
	return r.err;
}

#define GATHER_FRAMES 300u

TEST_EXPLICIT(disk_gather_scatter, "a write gathered from 300 separate frames, in reverse order, and a read scattered back into them, each one request")
{
	static struct hal_disk_seg segs[GATHER_FRAMES];
	uint8_t *big = tbuf_alloc(GATHER_FRAMES);
	uint32_t seed = test_seed(), bad = 0;

	KT_CHECK(big);
	KT_CHECK_EQ(disk_store_init(), 0);
	uint64_t lba = disk_store_first_sector() + disk_store_blocks() / 3 * CK_SECTORS_PER_BLOCK;
	for (uint32_t i = 0; i < GATHER_FRAMES; i++) {
		segs[i] = (struct hal_disk_seg){ pmem_alloc(), CK_BLOCK_SIZE };
		KT_CHECK(segs[i].buf);
	}
	for (uint32_t i = 0; i < GATHER_FRAMES / 2; i++) {     /* reverse the frames */
		struct hal_disk_seg t = segs[i];
		segs[i] = segs[GATHER_FRAMES - 1 - i];
		segs[GATHER_FRAMES - 1 - i] = t;
	}
	for (uint32_t i = 0; i < GATHER_FRAMES; i++)
		pattern_fill(segs[i].buf, lba + (uint64_t)i * CK_SECTORS_PER_BLOCK, CK_SECTORS_PER_BLOCK, seed);
	int werr = request(HAL_DISK_WRITE, lba, segs, GATHER_FRAMES);
	int rerr = hal_disk_read(lba, GATHER_FRAMES * CK_SECTORS_PER_BLOCK, big);
	uint32_t first_bad = pattern_check(big, lba, GATHER_FRAMES * CK_SECTORS_PER_BLOCK, seed);
	for (uint32_t i = 0; i < GATHER_FRAMES; i++)
		memset(segs[i].buf, 0x5a, CK_BLOCK_SIZE);
	int serr = request(HAL_DISK_READ, lba, segs, GATHER_FRAMES);
	for (uint32_t i = 0; i < GATHER_FRAMES; i++) {
		uint64_t at = lba + (uint64_t)i * CK_SECTORS_PER_BLOCK;
		bad += pattern_check(segs[i].buf, at, CK_SECTORS_PER_BLOCK, seed) != CK_SECTORS_PER_BLOCK;
		pmem_free(segs[i].buf);
	}
	tbuf_free(big, GATHER_FRAMES);
	KT_CHECK_EQ(werr, 0);
	KT_CHECK_EQ(rerr, 0);
	KT_CHECK_EQ(first_bad, GATHER_FRAMES * CK_SECTORS_PER_BLOCK);
	KT_CHECK_EQ(serr, 0);
	KT_CHECK_EQ(bad, 0);
}

#define STRADDLES 300u

/* A kernel address 256 bytes before a 64 KiB boundary inside the
 * n-frame run at buf (n >= 17 holds one). */
static uint8_t *
straddle_in(uint8_t *buf, uint32_t n)
{
	uint32_t pa = (uint32_t)hal_virt_to_phys(buf);
	uint32_t b = ALIGN_UP(pa + 256, 0x10000u);

	return b + 256 <= pa + n * CK_BLOCK_SIZE ? buf + (b - pa) - 256 : NULL;
}

TEST_EXPLICIT(disk_prd_edges, "one sector then 300 sectors each straddling a 64 KiB boundary: more PRD entries than a table holds, the table full mid-sector; written and read back")
{
	static struct hal_disk_seg segs[1 + STRADDLES];
	const uint32_t nsec = 1 + STRADDLES, nfr = (nsec * SECTOR + CK_BLOCK_SIZE - 1) / CK_BLOCK_SIZE;
	uint8_t *run = tbuf_alloc(17), *back = tbuf_alloc(nfr), *one = pmem_alloc();
	uint8_t *s = run ? straddle_in(run, 17) : NULL;
	uint32_t seed = test_seed(), bad = 0;

	KT_CHECK(run && back && one && s);
	KT_CHECK_EQ(disk_store_init(), 0);
	uint64_t lba = disk_store_first_sector() + disk_store_blocks() / 4 * CK_SECTORS_PER_BLOCK;
	pattern_fill(one, lba, 1, seed);
	pattern_fill(s, lba + 1, 1, seed);
	segs[0] = (struct hal_disk_seg){ one, SECTOR };
	for (uint32_t i = 1; i <= STRADDLES; i++)
		segs[i] = (struct hal_disk_seg){ s, SECTOR };
	int werr = request(HAL_DISK_WRITE, lba, segs, nsec);
	int rerr = hal_disk_read(lba, nsec, back);
	bad += memcmp(back, one, SECTOR) != 0;
	for (uint32_t i = 1; i <= STRADDLES; i++)
		bad += memcmp(back + i * SECTOR, s, SECTOR) != 0;
	memset(s, 0, SECTOR);
	memset(one, 0, SECTOR);
	struct hal_disk_seg two[2] = { { s, SECTOR }, { one, SECTOR } };
	int serr = request(HAL_DISK_READ, lba, two, 2);
	bad += pattern_check(s, lba, 1, seed) != 1;
	bad += pattern_check(one, lba + 1, 1, seed) != 1;
	pmem_free(one);
	tbuf_free(back, nfr);
	tbuf_free(run, 17);
	KT_CHECK_EQ(werr, 0);
	KT_CHECK_EQ(rerr, 0);
	KT_CHECK_EQ(serr, 0);
	KT_CHECK_EQ(bad, 0);
}

#define QUEUED_WRITES 4u
#define QUEUED_FRAMES 256u     /* 1 MiB each */

static uint32_t done_order[QUEUED_WRITES + 1], ndone;

static void
note_done(struct hal_disk_req *r)
{
	done_order[ndone++] = (uint32_t)(uintptr_t)r->ctx;
}

TEST_EXPLICIT(disk_queue_irq, "queued writes complete by IRQ 14 while the CPU halts; an urgent read overtakes every write not yet started")
{
	static struct hal_disk_req w[QUEUED_WRITES], rd;
	struct hal_disk_seg seg = { tbuf_alloc(QUEUED_FRAMES), QUEUED_FRAMES * CK_BLOCK_SIZE };
	struct hal_disk_seg rseg = { pmem_alloc(), CK_BLOCK_SIZE };
	struct hal_disk_stats s0, s1;
	bool dma = strcmp(hal_disk_mode(), "DMA") == 0;

	KT_CHECK(seg.buf && rseg.buf);
	KT_CHECK_EQ(disk_store_init(), 0);
	hal_disk_start_irq();
	hal_disk_stats(&s0);
	uint64_t lba = disk_store_first_sector() + disk_store_blocks() / 5 * CK_SECTORS_PER_BLOCK;
	ndone = 0;
	for (uint32_t i = 0; i < QUEUED_WRITES; i++) {
		w[i] = (struct hal_disk_req){ .op = HAL_DISK_WRITE, .nseg = 1, .seg = &seg,
					      .lba = lba + i * QUEUED_FRAMES * CK_SECTORS_PER_BLOCK,
					      .count = QUEUED_FRAMES * CK_SECTORS_PER_BLOCK,
					      .done = note_done, .ctx = (void *)(uintptr_t)(i + 1) };
		hal_disk_submit(&w[i]);
	}
	rd = (struct hal_disk_req){ .op = HAL_DISK_READ, .urgent = 1, .nseg = 1, .seg = &rseg,
				    .lba = lba, .count = CK_SECTORS_PER_BLOCK, .done = note_done };
	hal_disk_submit(&rd);
	hal_irq_enable();
	while (ndone < QUEUED_WRITES + 1)
		hal_wait_for_interrupt();
	hal_irq_disable();
	hal_disk_stats(&s1);
	pmem_free(rseg.buf);          /* in reverse: the next run is whole again */
	tbuf_free(seg.buf, QUEUED_FRAMES);
	KT_CHECK_EQ(rd.err, 0);
	for (uint32_t i = 0; i < QUEUED_WRITES; i++)
		KT_CHECK_EQ(w[i].err, 0);
	KT_CHECK_EQ(done_order[0], 1);
	KT_CHECK_EQ(done_order[1], dma ? 0 : 2);     /* PIO: done at submit, in order */
	KT_CHECK_EQ(done_order[QUEUED_WRITES], dma ? QUEUED_WRITES : 0);
	KT_CHECK_EQ(s1.requests - s0.requests, QUEUED_WRITES + 1);
	/* Each command's end is an interrupt's doing (the CPU only halts):
	 * IRQ 14's, or the timer's poll when its tick came first (on a
	 * loaded host, now and then); IRQ 14 must have done its part. */
	uint32_t irq = s1.irq_completions - s0.irq_completions;
	if (dma) {
		KT_CHECK(irq >= 1);
		KT_CHECK(irq + (s1.tick_completions - s0.tick_completions) >= QUEUED_WRITES);
	}
}

TEST_EXPLICIT(disk_flush_ok, "FLUSH CACHE EXT after a write returns success")
{
	uint8_t *blk = tbuf_alloc(1);

	KT_CHECK(blk);
	KT_CHECK_EQ(disk_store_init(), 0);
	pattern_fill(blk, 0, CK_SECTORS_PER_BLOCK, test_seed());
	int werr = disk_write_blocks(disk_store_blocks() - 1, 1, blk);
	tbuf_free(blk, 1);
	KT_CHECK_EQ(werr, 0);
	KT_CHECK_EQ(disk_flush(), 0);
	KT_CHECK_EQ(hal_disk_flush(), 0);
}

static bool
named(int err)
{
	return strcmp(disk_strerror(err), "unknown disk error") != 0;
}

/* Requests that must be refused, and with which error. */
static void
check_refusals(uint8_t *buf, uint64_t blocks, uint64_t sectors)
{
	KT_CHECK_EQ(disk_read_blocks(blocks, 1, buf), DISK_ERANGE);
	KT_CHECK_EQ(disk_write_blocks(blocks, 1, buf), DISK_ERANGE);
	KT_CHECK_EQ(disk_write_blocks(blocks - 1, 2, buf), DISK_ERANGE);
	KT_CHECK_EQ(disk_write_blocks(1, (uint32_t)blocks, buf), DISK_ERANGE);
	KT_CHECK_EQ(disk_read_blocks(UINT64_MAX, 1, buf), DISK_ERANGE);
	KT_CHECK_EQ(disk_read_blocks(0, UINT32_MAX, buf), DISK_ERANGE);
	KT_CHECK_EQ(hal_disk_read(sectors, 1, buf), HAL_DISK_ERANGE);
	KT_CHECK_EQ(hal_disk_write(sectors - 1, 2, buf), HAL_DISK_ERANGE);
	KT_CHECK_EQ(hal_disk_read(UINT64_MAX - 1, 4, buf), HAL_DISK_ERANGE);
	KT_CHECK_EQ(hal_disk_read(0, 16, (void *)(uintptr_t)0xfffff000u), HAL_DISK_EINVAL);
	KT_CHECK(named(DISK_ERANGE) && named(HAL_DISK_ERANGE) && named(HAL_DISK_EINVAL));
}

TEST(disk_out_of_range, "out-of-partition and out-of-disk requests are refused, nothing written")
{
	uint8_t *buf = tbuf_alloc(3);

	KT_CHECK(buf);
	KT_CHECK_EQ(disk_store_init(), 0);
	uint64_t blocks = disk_store_blocks();
	uint8_t *last = buf + CK_BLOCK_SIZE, *again = buf + 2 * CK_BLOCK_SIZE;
	pattern_fill(buf, 0, CK_SECTORS_PER_BLOCK, test_seed());
	int e1 = disk_read_blocks(blocks - 1, 1, last);
	check_refusals(buf, blocks, hal_disk_sectors());
	int e2 = disk_read_blocks(blocks - 1, 1, again);
	bool same = memcmp(last, again, CK_BLOCK_SIZE) == 0;
	tbuf_free(buf, 3);
	KT_CHECK_EQ(e1, 0);
	KT_CHECK_EQ(e2, 0);
	KT_CHECK(same);
}

/* ------------------------------------------------------------ MBR checks */

static void
mbr_set(uint8_t *mbr, unsigned i, uint8_t type, uint32_t start, uint32_t len)
{
	uint8_t *e = mbr + 446 + 16 * i;

	e[4] = type;
	memcpy(e + 8, &start, 4);
	memcpy(e + 12, &len, 4);
}

/* Write a damaged copy of the MBR, re-probe, return the error. */
static int
mbr_try(const uint8_t *orig, void (*damage)(uint8_t *mbr, uint32_t disk))
{
	uint8_t mbr[SECTOR];

	memcpy(mbr, orig, SECTOR);
	damage(mbr, (uint32_t)hal_disk_sectors());
	int err = hal_disk_write(0, 1, mbr);
	return err ? err : disk_store_init();
}

static void no_sig(uint8_t *m, uint32_t d) { (void)d; m[511] = 0; }
static void no_store(uint8_t *m, uint32_t d) { (void)d; for (unsigned i = 0; i < 4; i++) if (m[446 + 16 * i + 4] == CK_MBR_PART_TYPE) m[446 + 16 * i + 4] = 0x83; }
static void two_stores(uint8_t *m, uint32_t d) { mbr_set(m, 3, CK_MBR_PART_TYPE, d - 8, 8); }
static void past_end(uint8_t *m, uint32_t d) { mbr_set(m, 1, CK_MBR_PART_TYPE, d - 8, 16); }
static void overlap(uint8_t *m, uint32_t d) { (void)d; mbr_set(m, 1, CK_MBR_PART_TYPE, 4096, 4096); }
static void tiny(uint8_t *m, uint32_t d) { mbr_set(m, 1, CK_MBR_PART_TYPE, d - 4, 4); }

TEST_EXPLICIT(disk_mbr_refused, "a missing signature, no/two 0xca entries, or a bad store extent is refused by name")
{
	uint8_t orig[SECTOR];
	int got[6], want[6] = { DISK_ENOMBR, DISK_ENOSTORE, DISK_EMANY,
				DISK_EBADPART, DISK_EBADPART, DISK_EBADPART };
	void (*damage[6])(uint8_t *, uint32_t) = { no_sig, no_store, two_stores,
						   past_end, overlap, tiny };

	KT_CHECK_EQ(disk_store_init(), 0);
	KT_CHECK_EQ(disk_store_partition(), 2);     /* mkdisk.sh's layout */
	KT_CHECK_EQ(hal_disk_read(0, 1, orig), 0);
	for (unsigned i = 0; i < 6; i++)
		got[i] = mbr_try(orig, damage[i]);
	int unready = disk_read_blocks(0, 1, orig + 0);
	KT_CHECK_EQ(hal_disk_write(0, 1, orig), 0);  /* restore */
	KT_CHECK_EQ(disk_store_init(), 0);
	KT_CHECK_EQ(unready, DISK_ENOTREADY);
	for (unsigned i = 0; i < 6; i++) {
		KT_CHECK_EQ(got[i], want[i]);
		KT_CHECK(named(got[i]));
	}
}

/* ------------------------------------------------------------ actions */

static uint64_t
parse_u64(const char *s, bool *ok)
{
	uint64_t v = 0;

	*ok = *s != 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > UINT64_MAX / 10)
			*ok = false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

/* The host's persistence test reproduces this (tests/system/test_disk.py). */
static void
persist_pattern(uint8_t *blk, uint64_t block)
{
	char head[64];

	for (uint32_t i = 0; i < CK_BLOCK_SIZE; i++)
		blk[i] = (uint8_t)(i * 31 + block);
	int n = ksnprintf(head, sizeof head, "CAIRN DISK PATTERN block=%llu\n",
			  (unsigned long long)block);
	memcpy(blk, head, (size_t)n);
}

void
ktest_disk_pattern(const char *arg)
{
	bool ok;
	uint64_t block = parse_u64(arg, &ok);
	uint8_t *blk = pmem_alloc();
	int err = ok && blk ? disk_store_init() : DISK_ERANGE;

	if (!err) {
		persist_pattern(blk, block);
		err = disk_write_blocks(block, 1, blk);
	}
	if (!err)
		err = disk_flush();
	if (err) {
		kprintf("KTEST disk pattern to block '%s' failed: %s\n", arg, disk_strerror(err));
		hal_exit(1);
	}
	kprintf("KTEST disk pattern written to store block %llu and flushed\n",
		(unsigned long long)block);
	hal_exit(0);
}

/* One queued request, waited for with the CPU halted: it completes by
 * IRQ 14 (or the tick's poll); its error by number and name. */
static void
probe_one(const char *what, uint8_t op, uint64_t lba, uint8_t *blk)
{
	struct hal_disk_seg seg = { blk, CK_BLOCK_SIZE };
	struct hal_disk_req r = { .op = op, .nseg = op == HAL_DISK_FLUSH ? 0 : 1, .seg = &seg,
				  .lba = lba, .count = op == HAL_DISK_FLUSH ? 0 : CK_SECTORS_PER_BLOCK };

	hal_disk_submit(&r);
	hal_irq_enable();
	while (r.state != HAL_DISK_DONE)
		hal_wait_for_interrupt();
	hal_irq_disable();
	kprintf("KTEST disk_probe %s: %d (%s)\n", what, r.err, disk_strerror(r.err));
}

static void
probe_by_irq(uint64_t lba, uint8_t *blk)
{
	struct hal_disk_stats s;

	hal_disk_start_irq();
	probe_one("read", HAL_DISK_READ, lba, blk);
	probe_one("write", HAL_DISK_WRITE, lba, blk);
	probe_one("flush", HAL_DISK_FLUSH, 0, blk);
	hal_disk_stats(&s);
	kprintf("KTEST disk_probe irq completions: %u\n", s.irq_completions);
}

/* disk_probe=BLOCK: read, write back and flush one store block and
 * report each result by number and name (the host injects errors with
 * QEMU's blkdebug and checks that they come back as named errors).  With
 * disk_probe_irq the three go through the queue and complete by
 * interrupt, the DMA path's error handling. */
void
ktest_disk_probe(const char *arg)
{
	bool ok;
	uint64_t block = parse_u64(arg, &ok);
	uint8_t *blk = pmem_alloc();
	int err = ok && blk ? disk_store_init() : DISK_ERANGE;

	kprintf("KTEST disk_probe init: %d (%s)\n", err, disk_strerror(err));
	if (!err && hal_option("disk_probe_irq")) {
		probe_by_irq(disk_store_first_sector() + block * CK_SECTORS_PER_BLOCK, blk);
		hal_exit(0);
	}
	if (!err) {
		err = disk_read_blocks(block, 1, blk);
		kprintf("KTEST disk_probe read: %d (%s)\n", err, disk_strerror(err));
		err = disk_write_blocks(block, 1, blk);
		kprintf("KTEST disk_probe write: %d (%s)\n", err, disk_strerror(err));
		err = disk_flush();
		kprintf("KTEST disk_probe flush: %d (%s)\n", err, disk_strerror(err));
	}
	hal_exit(0);
}

static bool
expect(const char *what, int got, int want)
{
	kprintf("KTEST disk_absent %s: %d (%s)%s\n", what, got, disk_strerror(got),
		got == want ? "" : " -- WRONG");
	return got == want;
}

void
ktest_disk_absent(void)
{
	uint8_t buf[SECTOR];
	bool ok = true;

	ok &= expect("hal_disk_init", hal_disk_init(), HAL_DISK_ENODEV);
	ok &= expect("hal_disk_read", hal_disk_read(0, 1, buf), HAL_DISK_ENODEV);
	ok &= expect("hal_disk_write", hal_disk_write(0, 1, buf), HAL_DISK_ENODEV);
	ok &= expect("hal_disk_flush", hal_disk_flush(), HAL_DISK_ENODEV);
	ok &= expect("disk_store_init", disk_store_init(), HAL_DISK_ENODEV);
	ok &= expect("disk_read_blocks", disk_read_blocks(0, 1, buf), DISK_ENOTREADY);
	ok &= expect("disk_write_blocks", disk_write_blocks(0, 1, buf), DISK_ENOTREADY);
	ok &= expect("disk_flush", disk_flush(), DISK_ENOTREADY);
	ok &= hal_disk_sectors() == 0;
	kprintf("KTEST disk_absent %s\n", ok ? "ok" : "FAILED");
	hal_exit(ok ? 0 : 1);
}
