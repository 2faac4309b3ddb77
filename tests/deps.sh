#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# deps.sh -- find (and, as root, install) the Debian packages Cairn needs.
#   deps.sh check     list what is missing; exit 1 if anything is
#   deps.sh install   apt-get install what is missing (root only);
#                     otherwise say exactly what to install and fail
#
# A package counts as present when the file that proves it exists, so the
# check is quick and needs no dpkg query per package.
set -u

# package : file that shows it is installed
NEEDS="
qemu-system-x86:/usr/bin/qemu-system-i386
grub-pc-bin:/usr/lib/grub/i386-pc/boot.img
grub-common:/usr/bin/grub-mkimage
xorriso:/usr/bin/xorriso
mtools:/usr/bin/mcopy
e2fsprogs:/sbin/mke2fs
fdisk:/sbin/sfdisk
gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a
clang:/usr/bin/clang
python3:/usr/bin/python3
libedit-dev:/usr/include/editline/readline.h
gdb:/usr/bin/gdb
gnuplot-nox:/usr/bin/gnuplot
time:/usr/bin/time
util-linux:/usr/bin/setpriv
nbdkit:/usr/bin/nbdkit
qemu-utils:/usr/bin/qemu-nbd
"

missing=""
for pair in $NEEDS; do
	pkg=${pair%%:*}
	file=${pair#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done
# clang's libFuzzer runtime (for the image-parser fuzzer)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
	missing="$missing libclang-rt-14-dev"

[ -z "$missing" ] && exit 0
case "${1:-check}" in
install)
	if [ "$(id -u)" = 0 ]; then
		echo "deps: installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null &&
		apt-get install -y -q --no-install-recommends $missing >/dev/null ||
			{ echo "deps: apt-get failed for:$missing" >&2; exit 1; }
		exit 0
	fi
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root: apt-get install$missing" >&2
	exit 1 ;;
*)
	echo "deps: missing:$missing"
	exit 1 ;;
esac
