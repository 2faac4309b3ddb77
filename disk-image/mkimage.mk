# SPDX-License-Identifier: BSD-2-Clause
# cairn-mkimage: the map compiler (disk-image/mkimage/, docs/map-language.md).
# MKIMAGE_LIB_OBJS is everything but main(), so unit tests can link it.
MKIMAGE_SRCS := $(filter-out disk-image/mkimage/main.c,$(wildcard disk-image/mkimage/*.c))
MKIMAGE_LIB_OBJS := $(call hobj,$(MKIMAGE_SRCS))
MKIMAGE := $(B)/cairn-mkimage

$(MKIMAGE): $(call hobj,disk-image/mkimage/main.c) $(MKIMAGE_LIB_OBJS) $(HOST_FORMAT_OBJS)
	$(HCC) -o $@ $^

HOST_TOOLS += $(MKIMAGE)
ALL_TARGETS += $(MKIMAGE)

# The fixture programs: tiny freestanding i386 ELF files (tests/tools/
# fixtures/*.S) that the maps and the tests load until domains/ has real
# programs.
MKIMAGE_FIXTURE_DIR := $(B)/tests/tools/fixtures
MKIMAGE_FIXTURES := $(patsubst tests/tools/fixtures/%.S,$(MKIMAGE_FIXTURE_DIR)/%.elf,\
	$(wildcard tests/tools/fixtures/*.S))

$(MKIMAGE_FIXTURE_DIR)/%.elf: tests/tools/fixtures/%.S
	@mkdir -p $(dir $@)
	$(KCC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wa,--noexecstack \
		-Wl,-Ttext=0x400000 -o $@ $<

ALL_TARGETS += $(MKIMAGE_FIXTURES)

# The stores.  cairn-mkimage writes a dependency file (--deps) naming the
# map, everything it includes and every file it loads, so editing any of
# them rebuilds the store; the size is a prerequisite through a stamp
# that changes only when STORE_MB does.
MKIMAGE_FLAGS = --size $(STORE_MB) -I $(MKIMAGE_FIXTURE_DIR)

.PHONY: mkimage-force
$(B)/store-mb: mkimage-force
	@mkdir -p $(dir $@)
	@echo $(STORE_MB) | cmp -s - $@ || echo $(STORE_MB) > $@

$(B)/store.bin: disk-image/cairn.map $(MKIMAGE) $(MKIMAGE_FIXTURES) $(B)/store-mb
	$(MKIMAGE) $(MKIMAGE_FLAGS) --deps $(B)/store.bin.d -o $@ $<

$(B)/test-store.bin $(B)/test-map.h &: disk-image/test.map $(MKIMAGE) $(MKIMAGE_FIXTURES) $(B)/store-mb
	$(MKIMAGE) $(MKIMAGE_FLAGS) --deps $(B)/test-store.bin.d --names $(B)/test-map.h \
		-o $(B)/test-store.bin $<

ALL_TARGETS += $(B)/test-map.h

# In-kernel tests find the test map's objects with
#   #include "build/test-map.h"
# (the kernel is compiled with -I.); make sure it exists before any test
# object is compiled.  Once included, -MMD tracks it like any header.
$(call tobj,$(KTEST_SRCS)): | $(B)/test-map.h

# Unit tests of the map compiler link its library (the pattern rule in
# tests/rules.mk supplies the recipe; these add prerequisites).
MKIMAGE_UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,\
	$(wildcard tests/unit/test_map_*.c tests/unit/test_mkimage*.c))
$(MKIMAGE_UNIT_TESTS): $(MKIMAGE_LIB_OBJS)
