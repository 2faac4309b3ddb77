# SPDX-License-Identifier: BSD-2-Clause
# cairn-dump: the store browser and checker (docs/cairn-dump.md) and its
# test-store builder (its libFuzzer target: tests/fuzz/rules.mk).
#
#   build/cairn-dump           the tool
#   build/tests/mkteststore    hand-made stores for tests (tests/lib/teststore.c)

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
