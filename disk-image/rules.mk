# SPDX-License-Identifier: BSD-2-Clause
# disk-image: host tools and the disk images.
#   build/cairn-fresh.img product kernel + the default store (cairn.map,
#                         compiled by cairn-mkimage into build/store.bin):
#                         generation 0 of the current sources; tests boot it
#   build/cairn.img       the machine `make run` boots (RUN_IMAGE): a copy
#                         of cairn-fresh.img made when it is missing, and
#                         from then on changed only by running it
#   build/run/X.img       the same for `make run MAP=path/X.map`
#   build/cairn-test.img  test kernel + the test store (test.map, into
#                         build/test-store.bin; its names in build/test-map.h)
#   build/cairn-utest-X.img  test kernel + the in-guest test programs
#                         of disk-image/utest-X.map (store build/utest-X.bin)
#   build/cairn-ckpt-X.img   test kernel + the programs of the persistence
#                         tests, disk-image/ckpt-X.map (store build/ckpt-X.bin)
#   build/bench/cairn-*.img  the same stores with the product kernel, for
#                         make bench
#   build/cairn-tk-fuzz-invoke.img  the test kernel + the invocation
#                         fuzzer's store (disk-image/fuzz-invoke.map)
#   build/cairn.iso       grub-mkrescue CD with the product kernel; it boots
#                         against a store on the first IDE disk (e.g.
#                         build/cairn.img: the kernel finds the 0xca partition)

MKDISK := disk-image/mkdisk.sh

include disk-image/mkimage.mk disk-image/dump.mk

$(B)/cairn-fresh.img: $(B)/kernel.elf $(B)/store.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/store.bin -o $@

# The machine to run: the default one, or one made from MAP (whose
# includes and ELF files are found beside it, in disk-image/ and in
# build/domains).
ifeq ($(MAP),)
RUN_IMAGE ?= $(B)/cairn.img
RUN_FRESH := $(B)/cairn-fresh.img
else
MAP_NAME := $(basename $(notdir $(MAP)))
RUN_IMAGE ?= $(B)/run/$(MAP_NAME).img
RUN_FRESH := $(B)/run/$(MAP_NAME)-fresh.img
$(B)/run/$(MAP_NAME).bin: $(MAP) $(MKIMAGE) $(UPROG_ELFS) $(B)/store-mb
	@mkdir -p $(dir $@)
	$(MKIMAGE) --size $(STORE_MB) -I disk-image -I $(B)/domains --deps $@.d -o $@ $<
$(RUN_FRESH): $(B)/kernel.elf $(B)/run/$(MAP_NAME).bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/run/$(MAP_NAME).bin -o $@
endif

$(B)/cairn-test.img: $(B)/kernel-test.elf $(B)/test-store.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/test-store.bin -o $@

UTEST_MAPS := $(wildcard disk-image/utest-*.map)
UTEST_IMAGES := $(patsubst disk-image/%.map,$(B)/cairn-%.img,$(UTEST_MAPS))

# The persistence tests' images: disk-image/ckpt-X.map -> build/cairn-ckpt-X.img
# (test kernel: its ckpt_stop_after=N stops the machine in the middle of
# a checkpoint).  A map's store is STORE_MB_ckpt-X MiB if that
# is set, else STORE_MB.
CKPT_MAPS := $(wildcard disk-image/ckpt-*.map)
FUZZ_IMAGES := $(B)/cairn-tk-fuzz-invoke.img
CKPT_IMAGES := $(patsubst disk-image/%.map,$(B)/cairn-%.img,$(CKPT_MAPS))
STORE_MB_ckpt-dirty16 := 256
STORE_MB_ckpt-pause := 256
STORE_MB_ckpt-scribbler := 256
STORE_MB_ckpt-logfull := 32
STORE_MB_ckpt-pressure := 128
STORE_MB_ckpt-exhaust := 8
STORE_MB_ckpt-logwrap := 4

# $(call map_store_rule,PREFIX): build/PREFIX-X.bin from disk-image/PREFIX-X.map.
define map_store_rule
$(B)/$(1)-%.bin: disk-image/$(1)-%.map $(MKIMAGE) $(UPROG_ELFS) $(B)/store-mb
	$(MKIMAGE) --size $$(or $$(STORE_MB_$(1)-$$*),$(STORE_MB)) -I $(B)/domains -I $(B) --deps $$@.d -o $$@ $$<
endef
$(foreach p,utest ckpt fuzz,$(eval $(call map_store_rule,$(p))))

# The forwarder test's holder nodes are generated (their number is set
# once, in domains/utest-fwd/proto.h).
$(B)/fwd-holders.map: disk-image/gen-fwd-holders.py domains/utest-fwd/proto.h
	@mkdir -p $(dir $@)
	python3 disk-image/gen-fwd-holders.py domains/utest-fwd/proto.h $@
$(B)/utest-fwd.bin: $(B)/fwd-holders.map

# The test images run the test kernel (assertions on, the checkpoint's
# consistency check before every commit); the benchmarks boot the same
# stores on the product kernel, build/bench/cairn-*.img (tests/rules.mk).
$(B)/cairn-utest-%.img: $(B)/kernel-test.elf $(B)/utest-%.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/utest-$*.bin -o $@

$(B)/cairn-ckpt-%.img: $(B)/kernel-test.elf $(B)/ckpt-%.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/ckpt-$*.bin -o $@

$(B)/bench/cairn-utest-%.img: $(B)/kernel.elf $(B)/utest-%.bin $(MKDISK) disk-image/grub.cfg
	@mkdir -p $(dir $@)
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/utest-$*.bin -o $@

$(B)/bench/cairn-ckpt-%.img: $(B)/kernel.elf $(B)/ckpt-%.bin $(MKDISK) disk-image/grub.cfg
	@mkdir -p $(dir $@)
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/ckpt-$*.bin -o $@

$(B)/cairn-tk-%.img: $(B)/kernel-test.elf $(B)/%.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/$*.bin -o $@

$(B)/cairn.iso: $(B)/kernel.elf disk-image/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	cp disk-image/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>/dev/null

iso: $(B)/cairn.iso
