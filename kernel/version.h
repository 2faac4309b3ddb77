/* SPDX-License-Identifier: BSD-2-Clause */
#define CAIRN_VERSION "0.1"
