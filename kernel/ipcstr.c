/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipcstr.c -- a message's string, from the sender's address space
 * straight into the receiver's: one copy, no kernel buffer.
 *
 * ipcstr_copy_in/out move a kernel object's string between a process
 * and the kernel the same way, ipcstr_read_desc and ipcstr_write_word a
 * descriptor and an rcv_len.
 *
 * The sender's string is checked when the invocation is decoded
 * (ipcstr_check: every byte readable, or the invocation fails before
 * anything is sent) and copied when it is delivered, in the same trap,
 * so it cannot change in between.  (A string for a kernel object is
 * still copied into the kernel's buffer: the handler reads it there.)
 *
 * Each page is found through the process's hardware mapping, which the
 * mapping cache keeps as good as a walk (mapctx_user_ptr: a present
 * mapping's page is cached and current; a writable one's is dirty
 * already).  A page not mapped yet is mapped as the process's own access
 * would map it (mapcache_fault), so a server's receiving buffer costs a
 * walk once, not on every message.  Without a mapping context the space
 * is walked, as space_copy_in/out do.
 *
 * The copy goes in pieces that end at a page boundary of either side;
 * a page is found once for all the pieces on it.  Every destination page
 * is found first, before a byte is written (so a bad receiving buffer
 * gets nothing): each is dirty then, and dirty pages are not evicted, so
 * finding the source pages afterwards (a walk may fault objects in and
 * evict clean ones) cannot take them away.  The
 * destination is checked whole before the first byte is written, so a
 * bad receiving buffer gets nothing.
 */
#include "ipcstr.h"
#include "abi/rc.h"
#include "abi/invoke.h"

/* byte_at's case of a page p has no mapping for, or of a process
 * without a mapping context. */
static int __attribute__((noinline))
byte_at_slow(struct proc *p, uint32_t va, bool write, uint8_t **k)
{
	if (p->ctx) {
		if (mapcache_fault(p->ctx, proc_space(p), va, write) != PF_NONE)
			return RC_BAD_ADDRESS;
		/* PF_NONE without a mapping: the walk found no room */
		return (*k = mapctx_user_ptr(p->ctx, va, write)) ? RC_OK : RC_NO_SPACE;
	}
	struct space_walk w = space_walk(proc_space(p), va, write);
	if (!w.page)
		return w.fault == SPACE_NO_ROOM ? RC_NO_SPACE : RC_BAD_ADDRESS;
	if (write)
		obj_will_modify(w.page);
	*k = (uint8_t *)w.page->body + (va & (CK_BLOCK_SIZE - 1));
	return RC_OK;
}

/* The kernel address of the byte at va of p's space, readable (and
 * writable, the page marked dirty, if write), in *k: RC_OK, or
 * RC_BAD_ADDRESS (no such page, or not writable), or RC_NO_SPACE (the
 * object cache is full, docs/objects.md).  A page p has no mapping for
 * is mapped now, as p's own access would map it, so the next message
 * finds it cheaply; a process without a mapping context has its space
 * walked.  The mapped case, the common one, is inlined. */
static inline __attribute__((always_inline)) int
byte_at(struct proc *p, uint32_t va, bool write, uint8_t **k)
{
	if ((*k = mapctx_user_ptr(p->ctx, va, write)))
		return RC_OK;
	return byte_at_slow(p, va, write, k);
}

static uint32_t
page_left(uint32_t va)
{
	return CK_BLOCK_SIZE - (va & (CK_BLOCK_SIZE - 1));
}

static bool
wraps(uint32_t va, uint32_t len)
{
	return len && va + (len - 1) < va;
}

/* Every page of [va, va + len) there (writable, if write)?  (A page
 * checked for writing is dirty afterwards, written or not.) */
static int
check(struct proc *p, uint32_t va, uint32_t len, bool write)
{
	if (wraps(va, len))
		return RC_BAD_ADDRESS;
	while (len) {
		uint32_t n = len < page_left(va) ? len : page_left(va);
		uint8_t *k;
		int rc = byte_at(p, va, write, &k);
		if (rc)
			return rc;
		va += n;
		len -= n;
	}
	return RC_OK;
}

int
ipcstr_check(struct proc *p, uint32_t va, uint32_t len)
{
	return check(p, va, len, false);
}

int
ipcstr_copy(struct proc *to, uint32_t dva, struct proc *from, uint32_t va, uint32_t len)
{
	uint8_t *dp[IPC_MAX_STRING / CK_BLOCK_SIZE + 1], *s = NULL;
	unsigned np = 0;
	int rc;

	require(len <= IPC_MAX_STRING);
	if (wraps(dva, len) || wraps(va, len))
		return RC_BAD_ADDRESS;
	for (uint32_t at = 0; at < len; at += page_left(dva + at))
		if ((rc = byte_at(to, dva + at, true, &dp[np++])))
			return rc;               /* nothing written */
	for (unsigned i = 0; len; ) {
		if (!s && (rc = byte_at(from, va, false, &s)))
			return rc;               /* checked already: only a full cache */
		uint32_t n = len;
		n = n < page_left(dva) ? n : page_left(dva);
		n = n < page_left(va) ? n : page_left(va);
		memcpy(dp[i], s, n);
		dva += n, dp[i] += n;
		va += n, s += n;
		len -= n;
		if (page_left(dva) == CK_BLOCK_SIZE)
			i++;             /* the next byte is on the next page */
		if (page_left(va) == CK_BLOCK_SIZE)
			s = NULL;
	}
	return RC_OK;
}

/* Between p's space and a kernel buffer across pages: one find per page,
 * through the mapping when there is one. */
static int __attribute__((noinline))
copy_pages(struct proc *p, uint32_t va, uint8_t *buf, uint32_t len, bool out)
{
	int rc = out ? check(p, va, len, true) : RC_OK;

	if (rc)
		return rc;                       /* all or nothing */
	if (wraps(va, len))
		return RC_BAD_ADDRESS;
	while (len) {
		uint32_t n = len < page_left(va) ? len : page_left(va);
		uint8_t *u;
		if ((rc = byte_at(p, va, out, &u)))
			return rc;
		if (out)
			memcpy(u, buf, n);
		else
			memcpy(buf, u, n);
		va += n;
		buf += n;
		len -= n;
	}
	return RC_OK;
}

/* Between p's space and a kernel buffer.  What fits on one page -- a
 * descriptor, an rcv_len, most strings -- is one find and one copy (all
 * or nothing without a separate check); inlined, so that a descriptor
 * or a word is copied without a call. */
static inline __attribute__((always_inline)) int
copy_kernel(struct proc *p, uint32_t va, uint8_t *buf, uint32_t len, bool out)
{
	if (len && len <= page_left(va)) {
		uint8_t *u;
		int rc = byte_at(p, va, out, &u);
		if (rc)
			return rc;
		if (out)
			__builtin_memcpy(u, buf, len);
		else
			__builtin_memcpy(buf, u, len);
		return RC_OK;
	}
	return copy_pages(p, va, buf, len, out);
}

int
ipcstr_read_desc(struct proc *p, uint32_t va, struct ipc_desc *d)
{
	return copy_kernel(p, va, (uint8_t *)d, sizeof *d, false);
}

const struct ipc_desc *
ipcstr_desc_at(struct proc *p, uint32_t va)
{
	if ((va & (sizeof(uint32_t) - 1)) || page_left(va) < sizeof(struct ipc_desc))
		return NULL;
	return mapctx_user_ptr(p->ctx, va, false);
}

int
ipcstr_write_word(struct proc *p, uint32_t va, uint32_t w)
{
	return copy_kernel(p, va, (uint8_t *)&w, sizeof w, true);
}

int
ipcstr_copy_in(struct proc *p, uint32_t va, void *dst, uint32_t len)
{
	return copy_kernel(p, va, dst, len, false);
}

int
ipcstr_copy_out(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
	return copy_kernel(p, va, (uint8_t *)(uintptr_t)src, len, true);
}
