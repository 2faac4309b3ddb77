/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * invoke.h -- one invocation of a kernel object, as the handlers see it.
 *
 * The trap code (or an in-kernel test) fills in the message; the
 * dispatcher (invoke.c) resolves the invoked capability and calls the
 * handler for its type, generated from captype.def as <name>_invoke.
 * Every handler is written as decode (validate everything, no side
 * effects, may fail) -> one commit point -> perform (cannot fail), and
 * returns an RC_* code; on RC_OK the reply fields hold the results.
 */
#ifndef CAIRN_INVOKE_H
#define CAIRN_INVOKE_H

#include "kernel.h"
#include "cap.h"
#include "abi/orders.h"

#define INV_WORDS 4
#define INV_CAPS 4
#define INV_STRING_MAX 4096

struct inv {
	/* The invoked capability and, for object types, its object. */
	cap_t *cap;
	struct obj *obj;
	/* The message. */
	uint32_t order;
	uint32_t w[INV_WORDS];
	cap_t c[INV_CAPS];
	unsigned nc;              /* capabilities sent */
	const uint8_t *s;         /* string sent (kernel address) */
	uint32_t slen;
	/* The reply. */
	uint32_t rw[INV_WORDS];
	cap_t rc[INV_CAPS];
	unsigned nrc;             /* capabilities returned */
	uint8_t *rs;              /* where a returned string goes */
	uint32_t rs_max, rslen;
	/* Who invoked (NULL for in-kernel callers); a handler that blocks
	 * the invoker (Sleep) sets blocked. */
	struct proc *invoker;
	bool blocked;
	/* Invoked through an opaque forwarder: nothing that names the
	 * target (its OID, its count) may go back (node and page INFO
	 * refuse; capabilities to it are replaced by fwd_filter_reply). */
	bool via_fwd;
};

/* May the invoker learn the identity of the invoked object? */
static inline int
inv_may_identify(const struct inv *inv)
{
	return (cap_restr(inv->cap) & CAP_R_OPAQUE) || inv->via_fwd ? RC_NO_ACCESS : RC_OK;
}

typedef int (*inv_handler_t)(struct inv *);

/* Invoke a kernel object; returns an RC_* code. */
int invoke_kernel(struct inv *inv);

/* Invoking a capability of this type answers RC_VOID and nothing else,
 * without a handler (invoke_kernel, and the fast path: ipc_reply_void). */
static inline bool
invoke_is_void(unsigned type)
{
	return type == CT_VOID || type >= CT_COUNT;
}

/* Handlers, one per capability type that has one (weak: a type whose
 * handler is not linked answers RC_UNKNOWN_REQUEST). */
#define CAPTYPE(NAME, name, objkind, doc) int name##_invoke(struct inv *) __attribute__((weak));
#include "abi/captype.def"
#undef CAPTYPE

/* Reply helpers. */
static inline int
inv_reply_cap(struct inv *inv, cap_t c)
{
	inv->rc[0] = c;
	inv->nrc = 1;
	return 0;
}

#endif
