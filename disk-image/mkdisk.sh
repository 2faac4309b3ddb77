#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# mkdisk.sh -- assemble the bootable Cairn disk image, with no root
# privileges, loop devices or mounting:
#
#   sector 0            MBR: GRUB's boot.img (first 440 bytes) + partition table
#   sectors 1..2047     GRUB core.img (biosdisk, part_msdos, ext2), prefix
#                       (hd0,msdos1)/boot/grub
#   partition 1 (0x83)  ext2, BOOT_MB MiB: /boot/kernel.elf, /boot/grub/grub.cfg
#                       and GRUB's modules; made by mke2fs -d inside the file
#   partition 2 (0xca)  the Cairn store, copied from STORE (cairn-mkimage)
#
# usage: mkdisk.sh -k KERNEL -s STORE -o IMAGE [-g GRUBCFG]
#
# The result is reproducible: fixed UUID, hash seed and timestamps.
set -euo pipefail

BOOT_MB=${BOOT_MB:-16}
GRUBDIR=${GRUBDIR:-/usr/lib/grub/i386-pc}
here=$(cd "$(dirname "$0")" && pwd)
kernel= store= out= grubcfg=$here/grub.cfg

die() { echo "mkdisk.sh: $*" >&2; exit 1; }
while getopts k:s:o:g: opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	s) store=$OPTARG ;;
	o) out=$OPTARG ;;
	g) grubcfg=$OPTARG ;;
	*) die "usage: mkdisk.sh -k KERNEL -s STORE -o IMAGE [-g GRUBCFG]" ;;
	esac
done
[ -n "$kernel" ] && [ -n "$store" ] && [ -n "$out" ] ||
	die "usage: mkdisk.sh -k KERNEL -s STORE -o IMAGE [-g GRUBCFG]"
[ -f "$kernel" ] || die "no kernel at $kernel"
[ -f "$store" ] || die "no store at $store"
[ -f "$GRUBDIR/boot.img" ] || die "GRUB i386-pc files not found in $GRUBDIR (run: make deps)"
for t in sfdisk mke2fs grub-mkimage; do
	PATH=$PATH:/sbin:/usr/sbin command -v $t >/dev/null || die "$t not found (run: make deps)"
done
export PATH=$PATH:/sbin:/usr/sbin

store_bytes=$(stat -c %s "$store")
[ $((store_bytes % 4096)) -eq 0 ] || die "store size $store_bytes is not a multiple of 4096"
boot_start=2048
boot_sectors=$((BOOT_MB * 2048))
store_start=$((boot_start + boot_sectors))
store_sectors=$((store_bytes / 512))
total=$(((store_start + store_sectors) * 512))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
img=$tmp/disk.img
truncate -s "$total" "$img"

sfdisk -q --no-reread --no-tell-kernel "$img" >/dev/null <<PT
label: dos
label-id: 0xca1f0001
$boot_start,$boot_sectors,83,*
$store_start,$store_sectors,ca
PT

mkdir -p "$tmp/root/boot/grub/i386-pc"
cp "$kernel" "$tmp/root/boot/kernel.elf"
cp "$grubcfg" "$tmp/root/boot/grub/grub.cfg"
cp "$GRUBDIR"/*.mod "$GRUBDIR"/*.lst "$tmp/root/boot/grub/i386-pc/"
find "$tmp/root" -exec touch -h -d @0 {} +
E2FSPROGS_FAKE_TIME=1 mke2fs -q -F -t ext2 -L CAIRNBOOT \
	-U ca1f0000-0000-4000-8000-000000000001 \
	-E offset=$((boot_start * 512)),hash_seed=ca1f0000-0000-4000-8000-000000000002 \
	-d "$tmp/root" "$img" $((BOOT_MB * 1024))k >/dev/null

grub-mkimage -O i386-pc -o "$tmp/core.img" -p '(hd0,msdos1)/boot/grub' \
	biosdisk part_msdos ext2
core_sectors=$(( ($(stat -c %s "$tmp/core.img") + 511) / 512 ))
[ "$core_sectors" -lt "$boot_start" ] || die "core.img ($core_sectors sectors) does not fit before the first partition"
dd if="$GRUBDIR/boot.img" of="$img" bs=440 count=1 conv=notrunc status=none
dd if="$tmp/core.img" of="$img" bs=512 seek=1 conv=notrunc status=none
# The store, a MiB at a time (zero MiBs stay holes); a store of more than
# PROGRESS_MB MiB shows its progress, so a large build is not silent.
store_mb=$(( $(stat -c %s "$store") >> 20 ))
status=none
if [ "$store_mb" -gt "${PROGRESS_MB:-256}" ]; then
	echo "mkdisk.sh: copying the $store_mb MiB store into $out" >&2
	status=progress
fi
dd if="$store" of="$img" bs=1M oflag=seek_bytes seek=$((store_start * 512)) \
	conv=notrunc,sparse status=$status
mv "$img" "$out"
