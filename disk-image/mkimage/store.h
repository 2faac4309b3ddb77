/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * store.h -- write an image as a generation-0 store partition file.
 */
#ifndef MK_STORE_H
#define MK_STORE_H

#include "disk-image/mkimage/image.h"

/* Fill in img's generation-0 root for root block slot (0: A, 1: B), sealed. */
void store_make_root(const struct image *img, unsigned slot, ck_root_t *root);
/* Write the whole store to `path`, atomically: a temporary file in the
 * same directory is renamed over `path` only once it is complete.
 * 0, or -1 after reporting (nothing is left at path or beside it). */
int store_write(const struct image *img, const char *path);

#endif
