/* SPDX-License-Identifier: BSD-2-Clause */
/* cap.h -- using capabilities inside the kernel (see cap.c). */
#ifndef CAIRN_CAP_H
#define CAIRN_CAP_H

#include "kernel.h"
#include "obj.h"
#include "abi/cap.h"
#include "abi/rc.h"

/* What the OID field of each capability type designates (captype.def). */
unsigned captype_objkind(unsigned type);
const char *captype_name(unsigned type);

/*
 * The object a capability designates, faulted in if need be.  A stale
 * capability (count mismatch) is rewritten to Void where it lies and
 * gives RC_VOID; so does a capability whose object is out of range.  A
 * damaged object or a failed read gives RC_IO_ERROR, a full object
 * cache RC_NO_SPACE (the capability stays as it is).
 */
struct cap_ret {
	struct obj *obj;
	int rc;
};
struct cap_ret cap_target(cap_t *c);

/* Is c still valid?  (Faults its object in; voids c if stale.) */
bool cap_valid(cap_t *c);

/* What a fetch through a weak capability yields (KeyKOS "sense"). */
cap_t cap_weaken(cap_t c);

/* A fresh capability of the given type to object o, with its current count. */
cap_t cap_to(const struct obj *o, unsigned type, unsigned restr, unsigned badge);

#endif
