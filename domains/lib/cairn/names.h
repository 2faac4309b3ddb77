/* SPDX-License-Identifier: BSD-2-Clause */
/* cairn/names.h -- printable names of ABI values (names.c). */
#ifndef CAIRN_NAMES_H
#define CAIRN_NAMES_H

/* "RC_OK", "RC_VOID", ...; "RC_?" for a value rc.h does not define. */
const char *rc_name(int rc);
/* "node", "start", ... (captype.def); "?" for an unknown type. */
const char *cap_type_name(unsigned type);

#endif
