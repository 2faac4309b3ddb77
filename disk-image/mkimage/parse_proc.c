/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse_proc.c -- process declarations:
 *
 *   process NAME '{' item* '}'
 *   item := 'elf' STRING ';'          program to load (i386 ELF, static)
 *         | 'stack' INT ';'           stack bytes (multiple of 4096; 0: none)
 *         | 'stack_top' INT ';'       end of the stack (default USER_TOP)
 *         | 'priority' INT ';'        0..PROC_PRIO_MAX
 *         | 'slice' INT ';'           time slice in ticks
 *         | 'state' STATE ';'         halted, running, available, waiting
 *         | 'alloc' INT ';'           the root node's allocation count
 *         | 'reg' REG INT ';'         initial register value
 *         | ('keeper'|'brand'|'space') cap ';'
 *         | 'annex' ('page' ...|'void') ';'   FPU/SSE state page
 *         | 'capregs' '{' slot* '}'   initial capability registers
 *
 * The root and capability-register nodes are created when the name is
 * read (proc_begin); everything else when the closing brace is (see
 * proc.c).  Each item is one row of a table.
 */
#include <stdlib.h>
#include <string.h>
#include "abi/process.h"
#include "arch/i386/layout.h"
#include "disk-image/mkimage/files.h"
#include "disk-image/mkimage/parse_int.h"
#include "disk-image/mkimage/proc.h"

struct proc_item {
	const char *kw;
	int (*parse)(struct parser *p, struct proc_spec *spec, unsigned arg);
	unsigned arg;
};

static int
proc_elf(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	struct pos at = P_TOK(p)->pos;

	(void)arg;
	if (spec->elf_path)
		return diag_error(at, "this process already has an 'elf'");
	if (P_TOK(p)->kind != TK_STRING)
		return p_expected(p, "an ELF file name in quotes");
	if (!(spec->elf_path = files_find(p->img, at, at.file, P_TOK(p)->text)))
		return -1;
	spec->elf_pos = at;
	return p_next(p);
}

static int
proc_stack(struct parser *p, struct proc_spec *spec, unsigned is_top)
{
	struct pos at = P_TOK(p)->pos;
	uint64_t v = 0;

	if (p_expect_int(p, 1ull << 32, is_top ? "a stack top address" : "a stack size", &v) < 0)
		return -1;
	if (v % CK_BLOCK_SIZE)
		return diag_error(at, "expected a multiple of %u, found %llu", CK_BLOCK_SIZE,
				  (unsigned long long)v);
	if (is_top && v > USER_TOP)
		return diag_error(at, "expected a stack top at most USER_TOP (0x%x), found 0x%llx",
				  USER_TOP, (unsigned long long)v);
	*(is_top ? &spec->stack_top : &spec->stack_size) = v;
	if (spec->stack_size > spec->stack_top)
		return diag_error(at, "the stack (%llu bytes) does not fit below its top 0x%llx",
				  (unsigned long long)spec->stack_size, (unsigned long long)spec->stack_top);
	spec->stack_pos = at;
	return 0;
}

static int
proc_priority(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	uint64_t v = 0;

	(void)arg;
	if (p_expect_int(p, PROC_PRIO_MAX, "a priority", &v) < 0)
		return -1;
	spec->priority = (uint32_t)v;
	return 0;
}

static int
proc_slice(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	(void)arg;
	return p_expect_u32(p, "a time slice in ticks", &spec->slice);
}

static int
proc_alloc(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	(void)arg;
	return p_expect_u32(p, "an allocation count", &p->img->nodes[spec->sym->index].alloc_count);
}

static int
proc_state(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	static const char *const names[PRS_COUNT] = {
		[PRS_HALTED] = "halted", [PRS_RUNNING] = "running",
		[PRS_AVAILABLE] = "available", [PRS_WAITING] = "waiting",
		[PRS_FAULTED] = "faulted",
	};

	(void)arg;
	for (int i = 0; i < PRS_COUNT; i++)
		if (names[i] && p_is_kw(p, names[i])) {
			spec->sym->state = i;
			return p_next(p);
		}
	return p_expected(p, "a state (halted, running, available, waiting, faulted)");
}

static int
proc_reg(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	(void)arg;
	for (unsigned r = 0; r < REG_COUNT; r++)
		if (p_is_kw(p, proc_reg_names[r])) {
			spec->reg_set |= 1u << r;
			return p_next(p) < 0 ? -1 : p_expect_u32(p, "a register value", &spec->reg[r]);
		}
	return p_expected(p, "a register (eax ebx ecx edx esi edi ebp esp eip eflags)");
}

static int
proc_cap(struct parser *p, struct proc_spec *spec, unsigned slot)
{
	uint32_t root = spec->sym->index;

	if (image_claim_slot(p->img, P_TOK(p)->pos, root, slot) < 0)
		return -1;
	return parse_cap(p, root, slot);
}

/* The annex holds the FPU/SSE state (kernel/abi/process.h): a page, or
 * nothing.  Any other type could never serve, so it is refused here
 * rather than leaving the process to fault on its first FPU use. */
static int
proc_annex(struct parser *p, struct proc_spec *spec, unsigned slot)
{
	if (!p_is_kw(p, "page") && !p_is_kw(p, "void"))
		return p_expected(p, "a page capability for the annex (or void)");
	return proc_cap(p, spec, slot);
}

/* 'capregs' '{' slot* '}': no ';' after the block. */
static int
proc_capregs(struct parser *p, struct proc_spec *spec, unsigned arg)
{
	(void)arg;
	return parse_slot_block(p, spec->sym->capregs);
}

static const struct proc_item proc_items[] = {
	{ "elf", proc_elf, 0 },
	{ "stack", proc_stack, 0 },
	{ "stack_top", proc_stack, 1 },
	{ "priority", proc_priority, 0 },
	{ "slice", proc_slice, 0 },
	{ "alloc", proc_alloc, 0 },
	{ "state", proc_state, 0 },
	{ "reg", proc_reg, 0 },
	{ "keeper", proc_cap, PR_SLOT_KEEPER },
	{ "brand", proc_cap, PR_SLOT_BRAND },
	{ "annex", proc_annex, PR_SLOT_ANNEX },
	{ "space", proc_cap, PR_SLOT_SPACE },
	{ "capregs", proc_capregs, 0 },
};

static int
parse_proc_item(struct parser *p, struct proc_spec *spec)
{
	for (size_t i = 0; i < sizeof proc_items / sizeof proc_items[0]; i++) {
		const struct proc_item *it = &proc_items[i];
		if (!p_is_kw(p, it->kw))
			continue;
		if (p_next(p) < 0 || it->parse(p, spec, it->arg) < 0)
			return -1;
		return it->parse == proc_capregs ? 0 : p_expect(p, TK_SEMI, "';' after the item");
	}
	return p_expected(p, "a process item (elf, stack, stack_top, priority, slice, state, "
			  "alloc, reg, keeper, brand, annex, space, capregs) or '}'");
}

int
parse_process_decl(struct parser *p)
{
	struct pos at = P_TOK(p)->pos;
	struct proc_spec spec = { 0 };
	char *name = p_expect_name(p, "the process's name");
	struct sym *s;

	if (!name || !(s = image_define(p->img, name, SYM_PROCESS, at)) ||
	    proc_begin(p->img, at, s, &spec) < 0 ||
	    p_expect(p, TK_LBRACE, "'{' after the process name") < 0)
		return -1;
	while (P_TOK(p)->kind != TK_RBRACE)
		if (parse_proc_item(p, &spec) < 0) {
			free(spec.elf_path);
			return -1;
		}
	if (proc_finish(p->img, &spec) < 0)
		return -1;
	return p_next(p);
}
