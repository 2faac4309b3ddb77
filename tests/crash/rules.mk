# SPDX-License-Identifier: BSD-2-Clause
# The crash-consistency harness (docs/crash-testing.md).
#
#   build/cairn-crash.img   test kernel + the workload's store
#                           (disk-image/crash.map, CRASH_STORE_MB MiB;
#                           its names in build/crash-map.h)
#   make crash              the bounded sweep (about 50 crash states);
#                           make check runs it too (tests/crash/test_crash.py)
#   make crash-full         at least 1,000 crash states
#   make crash-replay CRASH_STATE=...   one state again, verbosely (every
#                           failure prints its replay command)
CRASH_STORE_MB := 8
CRASH_JOBS ?= 2
CRASH_INPUTS := all $(B)/cairn-crash.img $(B)/crash-map.h

$(B)/crash-store.bin $(B)/crash-map.h &: disk-image/crash.map $(MKIMAGE) $(UPROG_ELFS)
	$(MKIMAGE) --size $(CRASH_STORE_MB) -I $(B)/domains --deps $(B)/crash-store.bin.d \
		--names $(B)/crash-map.h -o $(B)/crash-store.bin $<

$(B)/cairn-crash.img: $(B)/kernel-test.elf $(B)/crash-store.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/crash-store.bin -o $@

.PHONY: crash crash-full crash-replay
crash: deps
	@$(MAKE) --no-print-directory $(CRASH_INPUTS)
	python3 tests/crash/crash.py -j $(CRASH_JOBS)

crash-full: deps
	@$(MAKE) --no-print-directory $(CRASH_INPUTS)
	python3 tests/crash/crash.py --full -j $(CRASH_JOBS)

crash-replay: deps
	@$(MAKE) --no-print-directory $(CRASH_INPUTS)
	python3 tests/crash/crash.py --replay '$(CRASH_STATE)' $(if $(CRASH_BREAK),--break $(CRASH_BREAK))
