# SPDX-License-Identifier: BSD-2-Clause
# cairn-dump: the store browser and checker (docs/cairn-dump.md), its
# test-store builder, and its libFuzzer target.
#
#   build/cairn-dump           the tool
#   build/tests/mkteststore    hand-made stores for tests (tests/lib/teststore.c)
#   build/fuzz-dump            libFuzzer over the image parser (clang)
#   make fuzz [FUZZ_SECS=600]  run the fuzzer longer than make check does

DUMP_LIB_SRCS := $(addprefix disk-image/,dump_image.c dump_store.c dump_log.c \
	dump_oid.c dump_cap.c dump_out.c dump_cmd.c dump_cmd_info.c dump_cmd_obj.c \
	dump_cmd_proc.c dump_cmd_graph.c dump_check.c dump_write.c dump_procs.c dump_space.c \
	dump_bank.c dump_cmd_bank.c dump_names.c dump_scan.c dump_state.c dump_defer.c)
DUMP_LIB_OBJS := $(call hobj,$(DUMP_LIB_SRCS))
TESTSTORE_OBJS := $(call hobj,tests/lib/teststore.c tests/lib/teststore_log.c)
HOST_LIB_OBJS += $(DUMP_LIB_OBJS) $(TESTSTORE_OBJS)

# The program adds its prompt, whose line editing and history are
# libedit's (Debian libedit-dev, installed by make deps).
$(B)/cairn-dump: $(call hobj,disk-image/dump_main.c disk-image/dump_prompt.c) $(DUMP_LIB_OBJS) \
		$(HOST_FORMAT_OBJS)
	$(HCC) -o $@ $^ -ledit

$(B)/tests/mkteststore: $(call hobj,tests/tools/mkteststore.c) $(TESTSTORE_OBJS) $(HOST_FORMAT_OBJS)
	@mkdir -p $(dir $@)
	$(HCC) -o $@ $^

HOST_TOOLS += $(B)/cairn-dump
ALL_TARGETS += $(B)/cairn-dump $(B)/tests/mkteststore

# The fuzzer: the whole dump library rebuilt with clang's sanitizers.
FUZZ_CC ?= clang
FUZZ_SECS ?= 600
FUZZ_CFLAGS := -g -O2 -std=gnu11 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I. -Ikernel -DCAIRN_HOST -D_FILE_OFFSET_BITS=64
FUZZ_SRCS := tests/fuzz/fuzz_dump.c $(DUMP_LIB_SRCS) ckpt/format.c ckpt/logdir.c ckpt/crc32c_hw.c \
	tests/lib/teststore.c tests/lib/teststore_log.c

$(B)/fuzz-dump: $(FUZZ_SRCS) $(wildcard disk-image/*.h ckpt/*.h kernel/abi/*)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS)

# Seeds: the demo store, bare and in an MBR image, with and without a
# log, and with a log that wraps.
$(B)/fuzz-seeds/.done: $(B)/tests/mkteststore
	@mkdir -p $(dir $@)
	$(B)/tests/mkteststore --blocks 64 $(dir $@)demo
	$(B)/tests/mkteststore --blocks 64 --log $(dir $@)demo-log
	$(B)/tests/mkteststore --blocks 64 --log --mbr $(dir $@)demo-log-mbr
	$(B)/tests/mkteststore --blocks 64 --wrap $(dir $@)demo-wrap
	@touch $@

FUZZ_INPUTS := $(B)/fuzz-dump $(B)/fuzz-seeds/.done

.PHONY: fuzz

fuzz: $(FUZZ_INPUTS)
	@echo "fuzzing cairn-dump's image parser for $(FUZZ_SECS) s (FUZZ_SECS=N changes it);" \
		"libFuzzer reports as it goes and saves an input that fails as ./crash-*"
	@mkdir -p $(B)/fuzz-corpus
	$(B)/fuzz-dump -max_total_time=$(FUZZ_SECS) -max_len=300000 -timeout=10 \
		-rss_limit_mb=2048 $(B)/fuzz-corpus $(B)/fuzz-seeds

check: $(FUZZ_INPUTS)
