/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mkimage_util.h -- helpers shared by the cairn-mkimage unit tests:
 * compile map text into an image while capturing the error messages.
 */
#ifndef CAIRN_TEST_MKIMAGE_UTIL_H
#define CAIRN_TEST_MKIMAGE_UTIL_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk-image/mkimage/diag.h"
#include "disk-image/mkimage/image.h"
#include "disk-image/mkimage/parse.h"

/* Messages reported by the last mk_compile(), NUL terminated. */
static char *mk_errors;

/* Parse and link `text` as map file `name` for a store of `mb` MiB. */
static inline int
mk_compile_named(struct image *img, unsigned mb, const char *name, const char *text)
{
	size_t len;
	FILE *f;

	free(mk_errors);
	mk_errors = NULL;
	f = open_memstream(&mk_errors, &len);
	diag_set_stream(f);
	int rc = image_init(img, mb);
	if (rc == 0)
		rc = parse_map_string(img, name, text);
	if (rc == 0)
		rc = link_image(img);
	fclose(f);
	diag_set_stream(NULL);
	return rc;
}

static inline int
mk_compile(struct image *img, const char *text)
{
	return mk_compile_named(img, 4, "t.map", text);
}

/* Did the last compile report a message containing `what`? */
static inline int
mk_said(const char *what)
{
	return mk_errors && strstr(mk_errors, what) != NULL;
}

static inline cap_t
mk_slot(const struct image *img, uint32_t node, unsigned slot)
{
	return img->nodes[node].slot[slot];
}

#endif
