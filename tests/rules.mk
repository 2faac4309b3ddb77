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

include tests/crash/rules.mk

BENCH_INPUTS := $(B)/cairn-utest-ipc.img $(B)/cairn-utest-bank.img $(B)/cairn-utest-fwd.img
CHECK_INPUTS := all $(B)/cairn-fresh.img $(B)/kernel-debug.elf $(B)/cairn.iso $(B)/cairn-test.img \
	$(UTEST_IMAGES) $(CKPT_IMAGES) $(UNIT_BINS) \
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
	@$(MAKE) --no-print-directory all $(B)/cairn-tk-ckpt-counter.img
	CAIRN_CORRUPT_ROUNDS=$(CORRUPT_ROUNDS) CAIRN_CORRUPT_SEED=$(CORRUPT_SEED) \
		python3 tests/run.py -k test_corrupt
