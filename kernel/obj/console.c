/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console.c -- the Console capability: the serial console for programs.
 * Writes are synchronous; reads never block (RC_BUSY when no character
 * is waiting), so a program polls or sleeps between reads.
 */
#include "kernel/invoke.h"
#include "kernel/hal.h"

int
console_invoke(struct inv *inv)
{
	switch (inv->order) {
	case OC_CONSOLE_WRITE:
		for (uint32_t i = 0; i < inv->slen; i++)
			hal_console_putc((char)inv->s[i]);
		return RC_OK;
	case OC_CONSOLE_READ: {
		int c = hal_console_getc();
		if (c < 0)
			return RC_BUSY;
		inv->rw[0] = (uint32_t)c;
		return RC_OK;
	}
	default:
		return RC_UNKNOWN_REQUEST;
	}
}
