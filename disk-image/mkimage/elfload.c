/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * elfload.c -- validate an i386 ELF executable and list its PT_LOAD
 * segments (see elfload.h for what is accepted).  Pure: no I/O, no
 * allocation.  Headers are copied out with memcpy, so a misaligned or
 * truncated file cannot fault; the host is little-endian like the ELF.
 */
#include <elf.h>
#include <string.h>
#include "arch/i386/layout.h"
#include "disk-image/mkimage/elfload.h"

static const char *
elfload_check_header(const Elf32_Ehdr *eh, size_t len)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return "not an ELF file (bad magic)";
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return "not a 32-bit ELF file";
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (eh->e_type != ET_EXEC)
		return "not an executable (ET_EXEC) ELF file";
	if (eh->e_machine != EM_386)
		return "not an i386 (EM_386) ELF file";
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return "unexpected program header size";
	if (eh->e_phnum == 0)
		return "no program headers";
	if (eh->e_phoff > len || (len - eh->e_phoff) / sizeof(Elf32_Phdr) < eh->e_phnum)
		return "program headers lie outside the file";
	return NULL;
}

static const char *
elfload_add_seg(const Elf32_Phdr *ph, const uint8_t *buf, size_t len, struct elf_prog *out)
{
	if (ph->p_filesz > ph->p_memsz)
		return "a segment has more file bytes than memory bytes";
	if (ph->p_offset > len || len - ph->p_offset < ph->p_filesz)
		return "a segment's bytes lie outside the file";
	if ((uint64_t)ph->p_vaddr + ph->p_memsz > USER_TOP)
		return "a segment lies above the user address space (USER_TOP)";
	if (ph->p_memsz == 0)
		return NULL;
	if (out->nsegs) {
		const struct elf_seg *prev = &out->seg[out->nsegs - 1];
		if (ph->p_vaddr < (uint64_t)prev->vaddr + prev->memsz)
			return "loadable segments overlap or are not in ascending order";
	}
	if (out->nsegs == ELF_MAX_SEGS)
		return "too many loadable segments";
	struct elf_seg *s = &out->seg[out->nsegs++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->bytes = buf + ph->p_offset;
	s->writable = (ph->p_flags & PF_W) != 0;
	s->executable = (ph->p_flags & PF_X) != 0;
	return NULL;
}

static int
elfload_entry_ok(const struct elf_prog *out)
{
	for (size_t i = 0; i < out->nsegs; i++) {
		const struct elf_seg *s = &out->seg[i];
		if (s->executable && out->entry >= s->vaddr && out->entry - s->vaddr < s->memsz)
			return 1;
	}
	return 0;
}

const char *
elfload_parse(const uint8_t *buf, size_t len, struct elf_prog *out)
{
	Elf32_Ehdr eh;
	const char *why;

	memset(out, 0, sizeof *out);
	if (len < sizeof eh)
		return "too short to be an ELF file";
	memcpy(&eh, buf, sizeof eh);
	if ((why = elfload_check_header(&eh, len)))
		return why;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;
		memcpy(&ph, buf + eh.e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return "dynamically linked (link it with -static)";
		if (ph.p_type == PT_LOAD && (why = elfload_add_seg(&ph, buf, len, out)))
			return why;
	}
	if (out->nsegs == 0)
		return "no loadable segments";
	out->entry = eh.e_entry;
	if (!elfload_entry_ok(out))
		return "the entry point is not in an executable segment";
	return NULL;
}
