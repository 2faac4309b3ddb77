# SPDX-License-Identifier: BSD-2-Clause
# ckpt: the on-disk format (built for the kernel and for the host).
KERNEL_SRCS += ckpt/format.c ckpt/logdir.c ckpt/restart.c ckpt/objstore.c \
	ckpt/ckio.c ckpt/overlay.c ckpt/logwrite.c ckpt/migrate.c
HOST_FORMAT_OBJS := $(call hobj,ckpt/format.c ckpt/logdir.c ckpt/crc32c_hw.c ckpt/crc32c_fold.c)
