/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/libc.h -- how the library names the functions it shares with
 * the C standard library (memcpy, strlen, snprintf, ...).
 *
 * In a user program they have their standard names: gcc emits calls to
 * memcpy and memset by itself, and programs expect them.  The pure-C
 * parts of the library are also built for the host (CAIRN_HOST) to be
 * unit tested there; with the standard names they would replace the
 * host libc's own functions in the test binary, so on the host they are
 * called ulib_memcpy, ulib_snprintf, ... instead.
 */
#ifndef CAIRN_LIBC_H
#define CAIRN_LIBC_H

#ifdef CAIRN_HOST
#define LIBC(name) ulib_##name
#else
#define LIBC(name) name
#endif

#endif
