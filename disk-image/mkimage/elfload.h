/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * elfload.h -- read the loadable segments of an i386 ELF executable.
 *
 * The loader accepts only what the kernel can run: a 32-bit,
 * little-endian, statically linked ET_EXEC for EM_386 whose PT_LOAD
 * segments lie below USER_TOP, in ascending order, without overlapping,
 * with their file bytes inside the file, and whose entry point lies in
 * an executable segment.  Anything else is refused with a reason; the
 * loader never reads outside the buffer it is given.
 */
#ifndef MK_ELFLOAD_H
#define MK_ELFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_seg {
	uint32_t vaddr, memsz, filesz;
	const uint8_t *bytes;   /* filesz bytes, inside the caller's buffer */
	bool writable, executable;
};

#define ELF_MAX_SEGS 16

struct elf_prog {
	uint32_t entry;
	size_t nsegs;
	struct elf_seg seg[ELF_MAX_SEGS];
};

/* NULL on success, else why the file is refused. */
const char *elfload_parse(const uint8_t *buf, size_t len, struct elf_prog *out);

#endif
