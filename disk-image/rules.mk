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
#   build/cairn-utest-X.img  product kernel + the in-guest test programs
#                         of disk-image/utest-X.map (store build/utest-X.bin)
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

$(B)/utest-%.bin: disk-image/utest-%.map $(MKIMAGE) $(UPROG_ELFS) $(B)/store-mb
	$(MKIMAGE) --size $(STORE_MB) -I $(B)/domains -I $(B) --deps $@.d -o $@ $<

# The forwarder test's holder nodes are generated (their number is set
# once, in domains/utest-fwd/proto.h).
$(B)/fwd-holders.map: disk-image/gen-fwd-holders.py domains/utest-fwd/proto.h
	@mkdir -p $(dir $@)
	python3 disk-image/gen-fwd-holders.py domains/utest-fwd/proto.h $@
$(B)/utest-fwd.bin: $(B)/fwd-holders.map

$(B)/cairn-utest-%.img: $(B)/kernel.elf $(B)/utest-%.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/utest-$*.bin -o $@

$(B)/cairn.iso: $(B)/kernel.elf disk-image/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	cp disk-image/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>/dev/null

iso: $(B)/cairn.iso
