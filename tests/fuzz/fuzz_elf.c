/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_elf.c -- libFuzzer target over cairn-mkimage's ELF loader
 * (disk-image/mkimage/elfload.c), which reads the program files a map
 * names.
 *
 * The input is an ELF file.  Besides the sanitizers, the oracle is the
 * loader's own promise (elfload.h): for a file it accepts, every
 * segment's bytes lie inside the buffer, filesz <= memsz, segments are
 * below USER_TOP, ascending and disjoint, and the entry point is in an
 * executable one.  Seeds: the fixture ELF and the user programs
 * (tests/fuzz/rules.mk).
 */
#include <stdio.h>
#include <stdlib.h>
#include "arch/i386/layout.h"
#include "disk-image/mkimage/elfload.h"

static const char *
broken_promise(const uint8_t *buf, size_t len, const struct elf_prog *p)
{
	int entry_ok = 0;

	for (size_t i = 0; i < p->nsegs; i++) {
		const struct elf_seg *s = &p->seg[i];
		if (s->filesz && (s->bytes < buf || s->filesz > len ||
				  (size_t)(s->bytes - buf) > len - s->filesz))
			return "segment bytes outside the file";
		if (s->filesz > s->memsz || (uint64_t)s->vaddr + s->memsz > USER_TOP)
			return "segment sizes or address out of range";
		if (i && (uint64_t)p->seg[i - 1].vaddr + p->seg[i - 1].memsz > s->vaddr)
			return "segments overlap or are out of order";
		if (s->executable && p->entry >= s->vaddr && p->entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	return entry_ok ? NULL : "entry point outside every executable segment";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_prog p;

	if (elfload_parse(data, size, &p) == NULL) {
		const char *why = broken_promise(data, size, &p);
		if (why) {
			fprintf(stderr, "elfload accepted a file it should refuse: %s\n", why);
			abort();
		}
	}
	return 0;
}
