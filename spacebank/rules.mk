# SPDX-License-Identifier: BSD-2-Clause
# spacebank: the space bank process, a user program like those of
# domains/ (same flags, crt0, library and link script), built into
# build/domains/spacebank.elf so that maps load it with
# `elf "spacebank.elf"` (cairn-mkimage -I build/domains).

SPACEBANK_SRCS := $(wildcard spacebank/*.c)
SPACEBANK_OBJS := $(patsubst %.c,$(B)/%.o,$(SPACEBANK_SRCS))
SPACEBANK_ELF := $(B)/domains/spacebank.elf

$(B)/spacebank/%.o: spacebank/%.c
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -c $< -o $@

$(SPACEBANK_ELF): $(UCRT0) $(SPACEBANK_OBJS) $(ULIB) $(ULD)
	@mkdir -p $(dir $@)
	$(UCC) $(ULDFLAGS) -o $@ $(UCRT0) $(SPACEBANK_OBJS) $(ULIB) $(KLIBGCC)

UPROG_ELFS += $(SPACEBANK_ELF)
ALL_TARGETS += $(SPACEBANK_ELF)
