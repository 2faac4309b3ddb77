/* SPDX-License-Identifier: BSD-2-Clause */
/* ipcstr.h -- a message's string, moved between address spaces (ipcstr.c). */
#ifndef CAIRN_IPCSTR_H
#define CAIRN_IPCSTR_H

#include "proc.h"

/* RC_OK if every byte of [va, va + len) of p's space can be read, else
 * RC_BAD_ADDRESS.  Nothing is copied. */
int ipcstr_check(struct proc *p, uint32_t va, uint32_t len);
/* Copy len bytes from va of from's space to dva of to's, all or none:
 * RC_OK, or RC_BAD_ADDRESS (nothing written) if a byte of the
 * destination cannot be written or one of the source read. */
int ipcstr_copy(struct proc *to, uint32_t dva, struct proc *from, uint32_t va, uint32_t len);

/* Like space_copy_in/out (space.h), for the invoker and receivers of
 * messages: through their mappings, which they are likely to have. */
int ipcstr_copy_in(struct proc *p, uint32_t va, void *dst, uint32_t len);
int ipcstr_copy_out(struct proc *p, uint32_t va, const void *src, uint32_t len);
/* The same for a descriptor (in) and a word (out, an rcv_len). */
struct ipc_desc;
int ipcstr_read_desc(struct proc *p, uint32_t va, struct ipc_desc *d);
int ipcstr_write_word(struct proc *p, uint32_t va, uint32_t w);
/* Where p's descriptor at va is, if it is mapped and aligned, all on one
 * page: the kernel's view of p's page, valid only until something else
 * of a space is mapped or written (which may evict it); else NULL. */
const struct ipc_desc *ipcstr_desc_at(struct proc *p, uint32_t va);

#endif
