# SPDX-License-Identifier: BSD-2-Clause
# tests: host unit tests (tests/unit/test_*.c, one binary each, linked
# with HOST_LIB_OBJS) and the Python tests run by tests/run.py.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
HOST_LIB_OBJS += $(HOST_FORMAT_OBJS)
CHECK_JOBS ?= 2

$(B)/tests/unit/%: $(call hobj,tests/unit/%.c) $(HOST_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(HCC) -o $@ $^

include tests/crash/rules.mk tests/fuzz/rules.mk

# make bench (tests/bench.py): the in-guest suites, the checkpoint
# program, the default machine (disk-image/cairn.map) on a 64 MiB and a
# 4 GiB store for the restart figures, and the host tools.  The 4 GiB
# store is sparse where it can be; its .bin is deleted once in the image.
BENCH_STORES_MB := 64 4096
BENCH_INPUTS := $(B)/bench/cairn-utest-ipc.img $(B)/bench/cairn-utest-bank.img \
	$(B)/bench/cairn-utest-fwd.img $(B)/bench/cairn-ckpt-pause.img $(patsubst %,$(B)/bench/restart-%.img,$(BENCH_STORES_MB)) \
	$(B)/cairn-dump $(B)/tests/mkteststore
$(B)/bench/store-%.bin: disk-image/cairn.map $(MKIMAGE) $(UPROG_ELFS)
	@mkdir -p $(dir $@)
	$(MKIMAGE) --size $* -I disk-image -I $(B)/domains -o $@ $<
$(B)/bench/restart-%.img: $(B)/kernel.elf $(B)/bench/store-%.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/bench/store-$*.bin -o $@
.INTERMEDIATE: $(patsubst %,$(B)/bench/store-%.bin,$(BENCH_STORES_MB))
CHECK_INPUTS := all $(B)/cairn-fresh.img $(B)/kernel-debug.elf $(B)/cairn.iso $(B)/cairn-test.img \
	$(B)/bench/cairn-utest-ipc.img $(B)/bench/cairn-utest-bank.img $(B)/bench/cairn-utest-fwd.img \
	$(UTEST_IMAGES) $(CKPT_IMAGES) $(FUZZ_IMAGES) $(UNIT_BINS) \
	$(CRASH_INPUTS)

check: deps
	@$(MAKE) --no-print-directory $(CHECK_INPUTS)
	python3 tests/run.py -j $(CHECK_JOBS) --unit $(UNIT_BINS)

# The seeded store-corruption test (tests/system/test_corrupt.py) with
# CORRUPT_ROUNDS cases per region instead of one; CORRUPT_SEED=S repeats
# a run (every run prints its seed).
CORRUPT_ROUNDS ?= 20
.PHONY: corrupt-sweep
corrupt-sweep: deps
	@$(MAKE) --no-print-directory all $(B)/cairn-ckpt-counter.img
	CAIRN_CORRUPT_ROUNDS=$(CORRUPT_ROUNDS) CAIRN_CORRUPT_SEED=$(CORRUPT_SEED) \
		python3 tests/run.py -k test_corrupt
