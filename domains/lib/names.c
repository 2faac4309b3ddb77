/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * names.c -- printable names of result codes and capability types, for
 * test reports and diagnostics.  The type names come from captype.def
 * (the one list of types); the rc names are checked to cover rc.h.
 */
#include "cairn/names.h"
#include "kernel/abi/cap.h"
#include "kernel/abi/rc.h"

static const char *const rc_names[] = {
	[RC_OK] = "RC_OK",
	[RC_UNKNOWN_REQUEST] = "RC_UNKNOWN_REQUEST",
	[RC_NO_ACCESS] = "RC_NO_ACCESS",
	[RC_VOID] = "RC_VOID",
	[RC_RESTART] = "RC_RESTART",
	[RC_BAD_ARG] = "RC_BAD_ARG",
	[RC_NO_SPACE] = "RC_NO_SPACE",
	[RC_BUSY] = "RC_BUSY",
	[RC_IO_ERROR] = "RC_IO_ERROR",
	[RC_NOT_FOUND] = "RC_NOT_FOUND",
	[RC_BAD_ADDRESS] = "RC_BAD_ADDRESS",
	[RC_LOOP] = "RC_LOOP",
};

_Static_assert(sizeof rc_names / sizeof rc_names[0] == RC_COUNT,
	       "rc_names_covers_rc_h");

static const char *const cap_type_names[] = {
#define CAPTYPE(NAME, name, objkind, doc) [CT_##NAME] = #name,
#include "kernel/abi/captype.def"
#undef CAPTYPE
};

const char *
rc_name(int rc)
{
	if (rc < 0 || rc >= RC_COUNT || !rc_names[rc])
		return "RC_?";
	return rc_names[rc];
}

const char *
cap_type_name(unsigned type)
{
	return type < CT_COUNT ? cap_type_names[type] : "?";
}
