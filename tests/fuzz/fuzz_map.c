/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_map.c -- libFuzzer target over cairn-mkimage's map compiler
 * (docs/map-language.md): the lexer, the parser and the link pass.
 *
 * The input is map text, compiled into a 2-MiB store as a file in a
 * directory that does not exist (so a relative name finds nothing beside
 * it), with disk-image/ and the fixture ELF's directory
 * (build/tests/tools/fixtures) as the -I directories, when they are
 * there: includes of the project's maps resolve, and `process`
 * statements reach the ELF loader and the address-space builder.
 * The fuzzer runs from the top of the tree.  Error messages go
 * to /dev/null.  The oracle: the sanitizers (a leak on an error path
 * counts), and one property of the compiler -- a map that compiles gives
 * a generation-0 root that ck_root_check accepts, with no more objects
 * than the geometry holds.  Seeds: tests/fuzz/corpus/map and the
 * project's maps (tests/fuzz/rules.mk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "disk-image/mkimage/parse.h"
#include "disk-image/mkimage/store.h"

#define FUZZ_MAP_MB 2u
#define FUZZ_MAP_NAME "/nonexistent-cairn-fuzz/fuzz.map"

static const char *const incdirs[] = { "disk-image", "build/tests/tools/fixtures" };

static void
check_compiled(const struct image *img)
{
	ck_root_t root;

	store_make_root(img, 0, &root);
	const char *why = ck_root_check(&root, 0, img->geo.total_blocks);
	if (why || img->nnodes > img->geo.node_count || img->npages > img->geo.page_count) {
		fprintf(stderr, "a map that compiled made a bad store: %s\n", why ? why : "too many objects");
		abort();
	}
}

static void
add_incdirs(struct image *img)
{
	struct stat st;

	img->incdirs = malloc(sizeof incdirs);
	for (size_t i = 0; i < sizeof incdirs / sizeof incdirs[0]; i++)
		if (stat(incdirs[i], &st) == 0)
			img->incdirs[img->nincdirs++] = incdirs[i];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct image img;
	char *text = malloc(size + 1);

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		diag_set_stream(devnull);
	}
	memcpy(text, data, size);
	text[size] = 0;
	if (image_init(&img, FUZZ_MAP_MB) == 0) {
		add_incdirs(&img);
		if (parse_map_string(&img, FUZZ_MAP_NAME, text) == 0 && link_image(&img) == 0)
			check_compiled(&img);
	}
	image_free(&img);
	free(text);
	return 0;
}
