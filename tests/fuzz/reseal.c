/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reseal.c -- make a mutated store pass its CRCs, for the fuzz targets.
 *
 * A random mutation almost always breaks a CRC, and every reader stops
 * at a bad CRC; so each target runs an input twice, once as given and
 * once after this pass, which seals again whatever looks like a sealed
 * structure: node records in pots and log node blocks, tags, then (with
 * the first root's geometry) the directory blocks, the CRC links between
 * them and the roots that bind them (tests/lib/teststore_log.c).  The
 * code behind the CRC checks then sees the mutation.
 */
#include <string.h>
#include "tests/fuzz/reseal.h"
#include "tests/lib/teststore.h"

static void
reseal_tags(ck_tag_block_t *t)
{
	for (uint32_t e = 0; e < CK_TAGS_PER_BLOCK; e++)
		ck_tag_seal(&t->tag[e], t->index * CK_TAGS_PER_BLOCK + e);
}

static void
reseal_records(ck_pot_t *p)
{
	for (unsigned r = 0; r < CK_NODES_PER_POT; r++)
		ck_node_seal(&p->node[r]);
}

void
fuzz_reseal_store(uint8_t *store, uint32_t nblocks)
{
	const ck_root_t *geo_from = 0;

	for (uint32_t b = 0; b < nblocks; b++) {
		uint8_t *p = store + (size_t)b * CK_BLOCK_SIZE;
		uint32_t m;
		memcpy(&m, p, 4);
		if (b < 2 && ((ck_root_t *)p)->magic == CK_ROOT_MAGIC)
			geo_from = geo_from ? geo_from : (const ck_root_t *)p;
		else if (m == CK_TAG_MAGIC)
			reseal_tags((ck_tag_block_t *)p);
		else if (m == CK_POT_MAGIC || m == CK_LNODE_MAGIC)
			reseal_records((ck_pot_t *)p);
	}
	if (geo_from) {
		ck_geometry_t g = geo_from->geo;
		ts_reseal_log(store, nblocks, &g);
	}
}
