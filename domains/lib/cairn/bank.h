/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cairn/bank.h -- typed wrappers for the space bank's orders
 * (kernel/abi/bank.h; docs/spacebank.md), and the heap that grows a
 * program's address space with pages from its bank.
 *
 * The conventions of cairn/kobj.h hold: the bank capability's register
 * first, capabilities named by register, the rc returned, outputs
 * written only on RC_OK.
 */
#ifndef CAIRN_BANK_H
#define CAIRN_BANK_H

#include <stdint.h>
#include <stddef.h>
#include "cairn/ipc.h"
#include "kernel/abi/bank.h"

/* Allocate one object into register to. */
int bank_alloc_node(capreg_t bank, capreg_t to);
int bank_alloc_page(capreg_t bank, capreg_t to);
/* Allocate n (1..3) objects of kind (BANK_KIND_*) into to[0..n-1]. */
int bank_alloc(capreg_t bank, unsigned kind, unsigned n, const capreg_t *to);
/* Allocate n (1..32) objects of kind into slots slot.. of the node in
 * register node (which the caller can write). */
int bank_alloc_into(capreg_t bank, unsigned kind, capreg_t node, unsigned slot, unsigned n);
/* Rescind the node or page in register obj (it must come from bank or
 * one of its sub-banks). */
int bank_free(capreg_t bank, capreg_t obj);
/* A new sub-bank's capability into to. */
int bank_create_sub(capreg_t bank, capreg_t to);
int bank_set_limit(capreg_t bank, unsigned kind, uint32_t limit);

struct bank_limits {
	uint32_t nodes, pages;  /* BANK_NO_LIMIT = none */
};

struct bank_usage {
	uint32_t nodes, pages;          /* with all sub-banks */
	uint32_t own_nodes, own_pages;  /* this bank's own */
};

int bank_limits(capreg_t bank, struct bank_limits *out);
int bank_usage(capreg_t bank, struct bank_usage *out);
int bank_destroy(capreg_t bank);
int bank_destroy_with_space(capreg_t bank);
/* *yes = 1 if the object in obj was allocated from bank or a sub-bank. */
int bank_verify(capreg_t bank, capreg_t obj, int *yes);
/* A capability to the same bank with more BANK_R_* bits, into to. */
int bank_restrict(capreg_t bank, unsigned restr, capreg_t to);

struct bank_ident {
	uint32_t id, restr, parent;
};

int bank_identify(capreg_t bank, struct bank_ident *out);
/* Prime bank only: *problems = inconsistencies the bank finds in its
 * own tables (0: none).  Costs a Range query per object ever used. */
int bank_check(capreg_t bank, uint32_t *problems);
/* The same, and *unreadable = objects the store could not read (damaged
 * on disk: not counted as problems); unreadable may be NULL. */
int bank_check_all(capreg_t bank, uint32_t *problems, uint32_t *unreadable);

/* ---- The heap (heap.c) ---- */

/*
 * The heap lives from HEAP_BASE up; its pages come from bank and are
 * put into the program's Space tree (root register space, height
 * height) through registers tmp0..tmp2, which the heap keeps for itself.
 * Until heap_setup is called, malloc returns NULL.
 */
#define HEAP_BASE 0x10000000u
#define HEAP_END  0x40000000u

struct heap_config {
	capreg_t bank, space;
	unsigned height;
	capreg_t tmp[3];
};

void heap_setup(const struct heap_config *cfg);
/* NULL when the bank refuses a page (limit, store full) or n is 0. */
void *malloc(size_t n);
void free(void *p);
/* Bytes of address space the heap has mapped so far. */
uint32_t heap_mapped(void);

#endif
