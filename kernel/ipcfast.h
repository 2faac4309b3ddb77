/* SPDX-License-Identifier: BSD-2-Clause */
/* ipcfast.h -- the CALL/RETURN fast path (see ipcfast.c). */
#ifndef CAIRN_IPCFAST_H
#define CAIRN_IPCFAST_H

#include "proc.h"

/* Carry out p's invocation if the fast path applies (then it does not
 * return: p or its partner runs); returns if the slow path must do it. */
void ipc_fast(struct proc *p);

#endif
