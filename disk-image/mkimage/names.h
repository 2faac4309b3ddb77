/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * names.h -- the side outputs of cairn-mkimage: a C header naming the
 * map's objects (--names) and a make dependency file (--deps).
 */
#ifndef MK_NAMES_H
#define MK_NAMES_H

#include "disk-image/mkimage/image.h"

/* Write the names header for img (from map file `map`) to path. */
int names_write_header(const struct image *img, const char *map, const char *path);
/* Write "target: inputs..." plus an empty rule per input, like -MP. */
int names_write_deps(const struct image *img, const char *target, const char *path);

#endif
