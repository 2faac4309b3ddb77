/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse.h -- read a map (docs/map-language.md) into an image.
 *
 * Parsing creates the objects in the order they appear, so OIDs follow
 * the text; capabilities that name objects are queued and resolved by
 * link_image() once every name is known.  Processes are built (ELF
 * loaded, address space laid out) when their closing brace is read.
 */
#ifndef MK_PARSE_H
#define MK_PARSE_H

#include "disk-image/mkimage/image.h"

/* Parse a map file and everything it includes.  0, or -1 after a report. */
int parse_map_file(struct image *img, const char *path);
/* Parse map text held in memory; `name` is used in positions and for
 * relative file names. */
int parse_map_string(struct image *img, const char *name, const char *text);

#endif
