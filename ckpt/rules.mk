# SPDX-License-Identifier: BSD-2-Clause
# ckpt: the on-disk format (built for the kernel and for the host).
KERNEL_SRCS += ckpt/format.c ckpt/logdir.c ckpt/restart.c
HOST_FORMAT_OBJS := $(call hobj,ckpt/format.c ckpt/logdir.c)
