/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktobj.h -- helpers the in-kernel tests share for invoking kernel
 * objects and making fresh ones (ktobj.c).  Fresh objects come from the
 * top of the store's OID ranges, away from what test.map builds at the
 * bottom.
 */
#ifndef CAIRN_KTOBJ_H
#define CAIRN_KTOBJ_H

#include "kernel/invoke.h"

/* Invoke *cap with order, two words and at most one capability; the
 * reply is in *inv.  Returns the RC. */
int kt_invoke(cap_t *cap, uint32_t order, uint32_t w0, uint32_t w1,
	      const cap_t *c0, struct inv *inv);
/* The Range capability (the kernel's tests hold it). */
cap_t kt_range(void);
/* The index from_top places below the last object of kind. */
uint32_t kt_top_index(unsigned kind, uint32_t from_top);
/* Range create of kind at index; Void on failure (rc in *rc if given). */
cap_t kt_create(unsigned kind, uint32_t index, int *rc);
/* Range rescind of the object c designates. */
int kt_rescind(const cap_t *c);
/* A fresh process root (node from_top below the top) with a fresh
 * capability-register node (from_top + 1), halted, not loaded; NULL if
 * the objects cannot be made. */
struct obj *kt_proc_root(uint32_t from_top);

#endif
