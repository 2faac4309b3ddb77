/* SPDX-License-Identifier: BSD-2-Clause */
/* ipc.h -- the invocation trap and fault delivery (see ipc.c). */
#ifndef CAIRN_IPC_H
#define CAIRN_IPC_H

#include "proc.h"

/* Carry out the invocation p trapped with. */
void ipc_syscall(struct proc *p);
/* p faulted (PF_* code at addr; info = vector << 16 | error): message
 * its keeper, or stop it in the faulted state if it has none. */
void ipc_fault(struct proc *p, unsigned code, uint32_t addr, uint32_t info);

#endif
