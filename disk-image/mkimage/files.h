/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files.h -- finding and reading the files a map names (includes, page
 * contents, ELF programs), and remembering them for --deps.
 *
 * A relative name is looked up first beside the map file that names it,
 * then in each -I directory in order; an absolute name is used as is.
 * Every file read is recorded once in image.inputs, so the build can
 * rebuild the store when any of them changes.
 */
#ifndef MK_FILES_H
#define MK_FILES_H

#include <stdint.h>
#include "disk-image/mkimage/image.h"

/* The path of `name` as named from map file `from` (a malloc'd string),
 * or NULL after reporting at `at`. */
char *files_find(struct image *img, struct pos at, const char *from, const char *name);
/* Read all of `path` (at most max bytes) into a malloc'd buffer and
 * record it as an input; 0, or -1 after reporting at `at`. */
int files_read(struct image *img, struct pos at, const char *path, size_t max,
	       uint8_t **buf, size_t *len);
/* Record a file as an input of the image (once). */
void files_add_input(struct image *img, const char *path);

#endif
