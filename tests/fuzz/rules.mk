# SPDX-License-Identifier: BSD-2-Clause
# tests/fuzz: libFuzzer targets over every parser of untrusted bytes,
# built with clang's sanitizers (-fsanitize=fuzzer,address,undefined):
#
#   build/fuzz-dump   cairn-dump's image parser and every read-only command
#   build/fuzz-ckpt   the kernel's own restart: MBR, root choice, directory
#                     walk, entry checks, overlay, object fault-in
#                     (kernel/disk.c and ckpt/, through kernel_host.c)
#   build/fuzz-map    cairn-mkimage's map compiler (lexer, parser, link)
#   build/fuzz-elf    cairn-mkimage's ELF loader
#
# Seeds go to build/fuzz-seeds/NAME: stores made by mkteststore, the
# committed map corpus (tests/fuzz/corpus/map) with the project's maps,
# the fixture ELF.  make check runs each target briefly
# (tests/tools/test_fuzz.py); make fuzz runs each for FUZZ_SECS seconds
# (FUZZ_TARGETS=NAME... picks some), keeping what it learns in
# build/fuzz-corpus/NAME.  libFuzzer takes the longest seed as the
# longest input (a 64-block store in an MBR image is 288 KiB).  An input
# that once crashed a target is kept in tests/fuzz/regress/NAME and
# replayed by make check.

FUZZ_CC ?= clang
FUZZ_SECS ?= 300
FUZZ_TARGETS ?= dump ckpt map elf
FUZZ_CFLAGS := -g -O2 -std=gnu11 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I. -Ikernel -DCAIRN_HOST -D_FILE_OFFSET_BITS=64
FUZZ_RESEAL := tests/fuzz/reseal.c tests/lib/teststore.c tests/lib/teststore_log.c
FUZZ_HDRS := $(wildcard tests/fuzz/*.h tests/lib/*.h disk-image/*.h disk-image/mkimage/*.h \
	ckpt/*.h kernel/*.h kernel/abi/* arch/i386/layout.h)

FUZZ_SRCS_dump := tests/fuzz/fuzz_dump.c $(DUMP_LIB_SRCS) ckpt/format.c ckpt/crc32c_hw.c ckpt/crc32c_fold.c ckpt/logdir.c \
	$(FUZZ_RESEAL)
FUZZ_SRCS_ckpt := tests/fuzz/fuzz_ckpt.c tests/fuzz/kernel_host.c kernel/disk.c \
	ckpt/ckio.c ckpt/restart.c ckpt/logdir.c ckpt/overlay.c ckpt/objstore.c ckpt/format.c ckpt/crc32c_hw.c ckpt/crc32c_fold.c \
	$(FUZZ_RESEAL)
FUZZ_SRCS_map := tests/fuzz/fuzz_map.c $(MKIMAGE_SRCS) ckpt/format.c ckpt/crc32c_hw.c ckpt/crc32c_fold.c
FUZZ_SRCS_elf := tests/fuzz/fuzz_elf.c disk-image/mkimage/elfload.c

define fuzz_target_rule
$(B)/fuzz-$(1): $$(FUZZ_SRCS_$(1)) $$(FUZZ_HDRS)
	$$(call say,FUZZCC,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ $$(FUZZ_SRCS_$(1))
endef
$(foreach t,dump ckpt map elf,$(eval $(call fuzz_target_rule,$(t))))

FUZZ_SEEDS := $(B)/fuzz-seeds
$(FUZZ_SEEDS)/dump/.done: $(B)/tests/mkteststore
	@mkdir -p $(dir $@)
	$(B)/tests/mkteststore --blocks 64 $(dir $@)demo
	$(B)/tests/mkteststore --blocks 64 --log $(dir $@)demo-log
	$(B)/tests/mkteststore --blocks 64 --log --mbr $(dir $@)demo-log-mbr
	$(B)/tests/mkteststore --blocks 64 --wrap $(dir $@)demo-wrap
	@touch $@
# The kernel boots only from an MBR disk.
$(FUZZ_SEEDS)/ckpt/.done: $(B)/tests/mkteststore
	@mkdir -p $(dir $@)
	$(B)/tests/mkteststore --blocks 64 --mbr $(dir $@)demo-mbr
	$(B)/tests/mkteststore --blocks 64 --log --mbr $(dir $@)demo-log-mbr
	$(B)/tests/mkteststore --blocks 64 --wrap --mbr $(dir $@)demo-wrap-mbr
	@touch $@
$(FUZZ_SEEDS)/map/.done: $(wildcard tests/fuzz/corpus/map/*.map disk-image/*.map \
		disk-image/examples/*.map)
	@mkdir -p $(dir $@)
	cp $^ $(dir $@)
	@touch $@
$(FUZZ_SEEDS)/elf/.done: $(MKIMAGE_FIXTURES)
	@mkdir -p $(dir $@)
	cp $^ $(dir $@)
	@touch $@

FUZZ_INPUTS := $(foreach t,$(FUZZ_TARGETS),$(B)/fuzz-$(t) $(FUZZ_SEEDS)/$(t)/.done)

.PHONY: fuzz
fuzz: $(FUZZ_INPUTS)
	@echo "fuzzing $(FUZZ_TARGETS) for $(FUZZ_SECS) s each (FUZZ_SECS=N, FUZZ_TARGETS=...);" \
		"libFuzzer saves an input that fails as build/fuzz-artifacts/NAME-crash-*"
	@mkdir -p $(B)/fuzz-artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "  FUZZ    $$t"; mkdir -p $(B)/fuzz-corpus/$$t; \
		$(B)/fuzz-$$t -max_total_time=$(FUZZ_SECS) -timeout=10 \
			-rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz-artifacts/$$t- \
			$(B)/fuzz-corpus/$$t $(FUZZ_SEEDS)/$$t; \
	done

check: $(FUZZ_INPUTS)
