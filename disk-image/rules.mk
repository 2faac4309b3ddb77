# SPDX-License-Identifier: BSD-2-Clause
# disk-image: host tools and the disk images.
#   build/cairn.img       product kernel + the default store (cairn.map)
#   build/cairn-test.img  test kernel + the test store (test.map)
#   build/cairn.iso       grub-mkrescue CD with the product kernel; it boots
#                         against a separate store disk (build/cairn-store.img)

MKDISK := disk-image/mkdisk.sh

include disk-image/mkimage.mk disk-image/dump.mk

$(B)/store.bin:
	@mkdir -p $(dir $@)
	truncate -s $(STORE_MB)M $@

$(B)/cairn.img: $(B)/kernel.elf $(B)/store.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel.elf -s $(B)/store.bin -o $@

# Until the test store comes from test.map, it is an empty generation-0
# store (tests/tools/empty-store.c, rule in tests/rules.mk).
$(B)/cairn-test.img: $(B)/kernel-test.elf $(B)/test-store.bin $(MKDISK) disk-image/grub.cfg
	$(MKDISK) -k $(B)/kernel-test.elf -s $(B)/test-store.bin -o $@

$(B)/cairn.iso: $(B)/kernel.elf disk-image/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	cp disk-image/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>/dev/null

image: $(B)/cairn.img
iso: $(B)/cairn.iso
