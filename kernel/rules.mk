# SPDX-License-Identifier: BSD-2-Clause
# kernel: the generic kernel, and the two kernel images.
#   build/kernel.elf       the product kernel
#   build/kernel-test.elf  the same plus the in-kernel tests (CAIRN_TEST)
#   build/kernel-debug.elf the product kernel for gdb: -Og, no LTO (make debug)
KERNEL_SRCS += kernel/main.c kernel/ipcstr.c kernel/printf.c kernel/panic.c kernel/string.c \
	kernel/pmem.c kernel/disk.c kernel/objcache.c \
	kernel/cap.c kernel/invoke.c kernel/space.c kernel/mapcache.c kernel/checkpoint.c kernel/ckpt_write.c \
	$(wildcard kernel/obj/*.c) \
	kernel/proc.c kernel/proc_fpu.c kernel/sched.c kernel/ipc.c kernel/ipcfast.c kernel/usertrap.c
KTEST_SRCS += kernel/ktest.c $(wildcard kernel/test/*.c)

$(B)/kernel.elf: $(call kobj,$(KERNEL_SRCS)) $(KERNEL_LDS)
	$(call say,LD,$@)
	$(Q)$(KCC) $(KLDFLAGS) -T $(KERNEL_LDS) -o $@ $(call kobj,$(KERNEL_SRCS)) $(KLIBGCC)

$(B)/kernel-test.elf: $(call tobj,$(KERNEL_SRCS) $(KTEST_SRCS)) $(KERNEL_LDS)
	$(call say,LD,$@)
	$(Q)$(KCC) $(KLDFLAGS) $(KTESTFLAGS) -T $(KERNEL_LDS) -o $@ $(call tobj,$(KERNEL_SRCS) $(KTEST_SRCS)) $(KLIBGCC)

$(B)/kernel-debug.elf: $(call dobj,$(KERNEL_SRCS)) $(KERNEL_LDS)
	$(call say,LD,$@)
	$(Q)$(KCC) $(KDBGLDFLAGS) -T $(KERNEL_LDS) -o $@ $(call dobj,$(KERNEL_SRCS)) $(KLIBGCC)

ALL_TARGETS += $(B)/kernel.elf $(B)/kernel-test.elf

# In-kernel tests find the test map's objects through build/test-map.h.
KTEST_MAP_USERS := kernel/test/test_objcache.c kernel/test/test_readcheck.c
$(call tobj,$(KTEST_MAP_USERS)): $(B)/test-map.h
$(call tobj,$(KTEST_MAP_USERS)): KCFLAGS += -I$(B)
