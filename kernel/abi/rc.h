/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc.h -- result codes of every invocation (kernel objects and, by
 * convention, user servers).  Part of the ABI: values never change.
 */
#ifndef CAIRN_ABI_RC_H
#define CAIRN_ABI_RC_H

enum rc {
	RC_OK = 0,
	RC_UNKNOWN_REQUEST = 1, /* the object does not implement that order */
	RC_NO_ACCESS = 2,       /* restrictions forbid it (read-only, weak, ...) */
	RC_VOID = 3,            /* the capability is Void or stale */
	RC_RESTART = 4,         /* interrupted by a restart; try again */
	RC_BAD_ARG = 5,         /* malformed argument: slot, offset, length, type */
	RC_NO_SPACE = 6,        /* out of storage (bank limit, store full) */
	RC_BUSY = 7,            /* would block, and a non-blocking form was asked */
	RC_IO_ERROR = 8,        /* the disk failed or an object is damaged */
	RC_NOT_FOUND = 9,       /* no such object / entry */
	RC_BAD_ADDRESS = 10,    /* a user pointer could not be read or written */
	RC_LOOP = 11,           /* forwarder chain too long or looping */
	RC_COUNT
};

#endif
