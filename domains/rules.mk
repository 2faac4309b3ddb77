# SPDX-License-Identifier: BSD-2-Clause
# domains: the user runtime library and the user programs.
#
#   build/domains/libcairn.a     domains/lib/*.c and *.S except crt0.S
#   build/domains/lib/crt0.o     the entry point, linked first into every program
#   build/domains/<prog>.elf     every other directory domains/<prog>/:
#                                its .c and .S files, crt0, libcairn, libgcc
#
# Programs are freestanding static i386 ELF executables linked by
# domains/lib/user.ld at 0x00400000, with text, rodata, data and bss in
# separate page-aligned PT_LOAD segments so that cairn-mkimage can map
# each with its own rights.  User code sees only the ABI headers
# (kernel/abi/, included as "kernel/abi/x.h") and the library's headers
# (domains/lib/cairn/, included as "cairn/x.h"), never the kernel's.
#
# The pure-C parts of the library (the formatter and the string helpers)
# also build for the host, for the unit tests tests/unit/test_ulib_*.c.

UCC := gcc
# -fno-toplevel-reorder: a file's TEST()s run in the order they are
# written (gcc would emit their descriptors in reverse).
UCFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -fno-toplevel-reorder \
	-nostdinc -isystem $(shell gcc -m32 -print-file-name=include) \
	-O2 -g -std=gnu11 -Wall -Wextra -Werror -MMD -MP -I. -Idomains/lib
UASFLAGS := -m32 -g -MMD -MP -I. -Idomains/lib -D__ASSEMBLY__ -Wa,--noexecstack
ULD := domains/lib/user.ld
ULDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -T $(ULD)

# domains/x/y.c -> build/domains/x/y.o
uobj = $(patsubst %,$(B)/%.o,$(basename $(1)))

ULIB_SRCS := $(filter-out domains/lib/crt0.S,\
	$(wildcard domains/lib/*.c domains/lib/*.S))
ULIB := $(B)/domains/libcairn.a
UCRT0 := $(B)/domains/lib/crt0.o

$(B)/domains/%.o: domains/%.c
	$(call say,UCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(UCC) $(UCFLAGS) -c $< -o $@
$(B)/domains/%.o: domains/%.S
	$(call say,UAS,$@)
	@mkdir -p $(dir $@)
	$(Q)$(UCC) $(UASFLAGS) -c $< -o $@

$(ULIB): $(call uobj,$(ULIB_SRCS))
	$(call say,AR,$@)
	@rm -f $@
	$(Q)ar rcs $@ $^

UPROGS := $(filter-out lib,$(notdir $(patsubst %/,%,$(wildcard domains/*/))))

define uprog_rule
$(B)/domains/$(1).elf: $(UCRT0) $(call uobj,$(wildcard domains/$(1)/*.c domains/$(1)/*.S)) $(ULIB) $(ULD)
	$$(call say,ULD,$$@)
	$$(Q)$(UCC) $(ULDFLAGS) -o $$@ $(UCRT0) $(call uobj,$(wildcard domains/$(1)/*.c domains/$(1)/*.S)) $(ULIB) $(KLIBGCC)
endef
$(foreach p,$(UPROGS),$(eval $(call uprog_rule,$(p))))

UPROG_ELFS := $(patsubst %,$(B)/domains/%.elf,$(UPROGS))
ALL_TARGETS += $(ULIB) $(UPROG_ELFS)

# Host builds of the pure-C library parts.  CAIRN_HOST (in HCFLAGS)
# renames the C-library functions (ulib_memcpy, ulib_snprintf, ...) so
# that the tests link beside the host's libc instead of replacing it.
ULIB_HOST_OBJS := $(call hobj,domains/lib/fmt.c domains/lib/string.c domains/lib/median.c)
ULIB_UNIT_SRCS := $(wildcard tests/unit/test_ulib_*.c)
$(ULIB_HOST_OBJS) $(call hobj,$(ULIB_UNIT_SRCS)): HCFLAGS += -Idomains/lib \
	-fno-builtin -fno-tree-loop-distribute-patterns
$(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(ULIB_UNIT_SRCS)): $(ULIB_HOST_OBJS)
