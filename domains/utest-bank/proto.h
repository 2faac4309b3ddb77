/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proto.h -- utest-bank and its partner bank-holder (disk-image/utest-bank.map):
 * the capability registers the map fills and the holder's orders.
 *
 * The holder keeps every capability it is given in a three-level tree
 * of nodes (32 x 32 x 32 slots) paid for by a sub-bank of its own, and
 * counts how many of them have become Void.
 */
#ifndef UTEST_BANK_PROTO_H
#define UTEST_BANK_PROTO_H

/* utest-bank's registers. */
enum {
	R_MYSPACE = 8,          /* Node capability to our own Space root (height 4) */
	R_HOLDER = 9,           /* Start capability to bank-holder */
	R_MAPPAGE = 10,         /* a page the image made (adopted by the prime bank) */
	R_SUB1 = 11, R_SUB2 = 12, R_SUB3 = 13,
	R_A = 14, R_B = 15, R_C = 16, R_P = 17, R_X = 18, R_Y = 19,
	R_HEAP0 = 20,           /* 20..22: the heap's scratch registers */
	R_RESTR = 23,
	R_MAPPAGE2 = 24,        /* another image page, freed by a test */
	R_VICTIM = 25,          /* an image node test_bank.py may damage on disk */
};

#define UB_SPACE_HEIGHT 4u

/* bank-holder's orders. */
enum {
	HOLD_RESET = 1,         /* -> ; forget (and free) everything held */
	HOLD_PUT = 2,           /* c0 -> w0 number now held */
	HOLD_CHECK = 3,         /* -> w0 how many held are Void, w1 number held */
};

#define HOLD_MAX (32u * 32u * 32u)

#endif
