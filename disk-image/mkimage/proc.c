/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc.c -- build a process's objects (see proc.h for the root layout).
 */
#include <stdlib.h>
#include <string.h>
#include "abi/process.h"
#include "arch/i386/layout.h"
#include "disk-image/mkimage/aspace.h"
#include "disk-image/mkimage/elfload.h"
#include "disk-image/mkimage/files.h"
#include "disk-image/mkimage/proc.h"

#define PROC_ELF_MAX ((size_t)256 << 20)

const char *const proc_reg_names[REG_COUNT] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip", "eflags"
};

/* The name as the Number of the root's name slot (kernel/abi/process.h). */
static cap_t
proc_name_cap(const char *name)
{
	uint32_t w[3] = { 0, 0, 0 };

	for (unsigned i = 0; i < PROC_NAME_MAX && name[i]; i++)
		w[i / 4] |= (uint32_t)(unsigned char)name[i] << (8 * (i % 4));
	return cap_number(w[0], w[1], w[2]);
}

int
proc_begin(struct image *img, struct pos at, struct sym *s, struct proc_spec *spec)
{
	if (strlen(s->name) > PROC_NAME_MAX)
		return diag_error(s->pos, "a process name has at most %u characters (it is kept in "
				  "the root's name slot); '%s' has %zu", PROC_NAME_MAX, s->name,
				  strlen(s->name));
	if (image_room(img, at, 2, 0) < 0)
		return -1;
	image_new_node(img, at, &s->index);
	image_new_node(img, at, &s->capregs);
	spec->sym = s;
	spec->stack_size = PROC_STACK_DEFAULT;
	spec->stack_top = USER_TOP;
	spec->stack_pos = at;
	spec->priority = PROC_PRIO_DEFAULT;
	spec->slice = PROC_SLICE_DEFAULT;
	return image_set_slot(img, at, s->index, PR_SLOT_CAPREGS,
			      cap_make(CT_NODE, 0, 0, 0, ck_oid_make(CK_OID_KIND_NODE, s->capregs)));
}

/* The program's segments and the stack, as a page list. */
static int
proc_vmap(struct proc_spec *spec, const struct elf_prog *prog, struct vmap *m)
{
	const char *why;

	for (size_t i = 0; i < prog->nsegs; i++) {
		const struct elf_seg *sg = &prog->seg[i];
		if ((why = vmap_add(m, sg->vaddr, sg->memsz, sg->bytes, sg->filesz, sg->writable)))
			return diag_error(spec->elf_pos, "\"%s\": %s", spec->elf_path, why);
	}
	if (spec->stack_size == 0)
		return 0;
	uint32_t base = (uint32_t)(spec->stack_top - spec->stack_size);
	if (m->n && (base >> 12) <= m->v[m->n - 1].vpn)
		return diag_error(spec->stack_pos, "the stack [0x%x, 0x%llx) overlaps or lies below the "
				  "program's pages (which end at 0x%x); move it with stack_top", base,
				  (unsigned long long)spec->stack_top, (m->v[m->n - 1].vpn + 1) << 12);
	vmap_add(m, base, (uint32_t)spec->stack_size, NULL, 0, true);
	return 0;
}

/* Load the ELF and build the address space into the root's space slot. */
static int
proc_load(struct image *img, struct proc_spec *spec)
{
	struct sym *s = spec->sym;
	struct elf_prog prog;
	struct vmap m = { 0 };
	struct aspace as;
	uint8_t *buf;
	size_t len;
	const char *why;
	int rc = -1;

	if (files_read(img, spec->elf_pos, spec->elf_path, PROC_ELF_MAX, &buf, &len) < 0)
		return -1;
	if ((why = elfload_parse(buf, len, &prog))) {
		diag_error(spec->elf_pos, "\"%s\": %s", spec->elf_path, why);
		goto out;
	}
	if (proc_vmap(spec, &prog, &m) < 0 || aspace_build(img, s->pos, &m, &as) < 0 ||
	    image_set_slot(img, spec->elf_pos, s->index, PR_SLOT_SPACE,
			   cap_make(CT_SPACE, 0, as.height, 0, ck_oid_make(CK_OID_KIND_NODE, as.root))) < 0)
		goto out;
	s->space = as.root;
	s->space_height = as.height;
	s->entry = prog.entry;
	rc = 0;
out:
	vmap_free(&m);
	free(buf);
	return rc;
}

/* The register file as the four Number capabilities of the root. */
static void
proc_set_regs(struct image *img, struct proc_spec *spec)
{
	uint32_t r[REG_COUNT] = { 0 };
	struct sym *s = spec->sym;

	if (s->space != MK_NO_INDEX) {
		r[REG_EIP] = s->entry;
		r[REG_ESP] = (uint32_t)spec->stack_top;
	}
	r[REG_EFLAGS] = PROC_EFLAGS_USER;
	for (unsigned i = 0; i < REG_COUNT; i++)
		if (spec->reg_set & (1u << i))
			r[i] = spec->reg[i];
	ck_node_t *root = &img->nodes[s->index];
	root->slot[PR_SLOT_REGS0] = cap_number(r[REG_EAX], r[REG_EBX], r[REG_ECX]);
	root->slot[PR_SLOT_REGS1] = cap_number(r[REG_EDX], r[REG_ESI], r[REG_EDI]);
	root->slot[PR_SLOT_REGS2] = cap_number(r[REG_EBP], r[REG_ESP], r[REG_EIP]);
	root->slot[PR_SLOT_REGS3] = cap_number(r[REG_EFLAGS], 0, 0);
}

int
proc_finish(struct image *img, struct proc_spec *spec)
{
	struct sym *s = spec->sym;
	int rc = 0;

	if (spec->elf_path && (img->slot_set[s->index] & 1u << PR_SLOT_SPACE))
		rc = diag_error(spec->elf_pos, "a process with 'elf' gets its address space from the "
				"ELF file; remove its 'space'");
	else if (spec->elf_path)
		rc = proc_load(img, spec);
	free(spec->elf_path);
	spec->elf_path = NULL;
	if (rc < 0)
		return -1;
	/* These slots belong to the builder; the map cannot set them. */
	img->slot_set[s->index] |= 1u << PR_SLOT_STATE | 1u << PR_SLOT_SCHED |
		1u << PR_SLOT_REGS0 | 1u << PR_SLOT_REGS1 | 1u << PR_SLOT_REGS2 |
		1u << PR_SLOT_REGS3 | 1u << PR_SLOT_RECV | 1u << PR_SLOT_NAME;
	img->nodes[s->index].slot[PR_SLOT_SCHED] = cap_number(spec->priority, spec->slice, 0);
	img->nodes[s->index].slot[PR_SLOT_RECV] = cap_number(0, 0, 0);
	img->nodes[s->index].slot[PR_SLOT_NAME] = proc_name_cap(s->name);
	proc_set_regs(img, spec);
	return 0;
}

