/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * link.c -- resolve the capabilities a map wrote by name, once every
 * name is known: check each target is the right kind of object for the
 * capability type, fill in its OID and count, and build the run list and
 * the processes' run states.
 *
 *   type's objkind      target must be
 *   CK_OBJ_PAGE         a page
 *   CK_OBJ_NODE         a node, a process (its root node) or a process
 *                       member (.space, .capregs); and in addition
 *     start, process, resume    a process
 *     forwarder                 a node declared "kind forwarder"
 *     space                     with a height: 'height N', or the
 *                               tree's own height for P.space
 *
 * A capability's count is the target's allocation count (a resume
 * capability's: the root's call count) unless the map gave 'count', which
 * is how a map makes a deliberately stale capability for tests.
 */
#include <string.h>
#include "abi/process.h"
#include "disk-image/mkimage/image.h"

struct target {
	unsigned objkind;
	uint32_t index;
	unsigned height;        /* P.space: the tree's height; else 0 */
	const struct sym *sym;
};

/* P.member -> the member's node. */
static int
link_member(const struct capref *r, const struct sym *s, struct target *t)
{
	if (s->kind != SYM_PROCESS)
		return diag_error(r->target_pos, "'%s' is not a process, so it has no member '%s'",
				  s->name, r->member);
	if (!strcmp(r->member, "capregs")) {
		t->index = s->capregs;
		return 0;
	}
	if (strcmp(r->member, "space"))
		return diag_error(r->target_pos, "expected a process member (space, capregs), found '%s'",
				  r->member);
	if (s->space == MK_NO_INDEX)
		return diag_error(r->target_pos, "process '%s' has no address-space tree (it loads no ELF)",
				  s->name);
	t->index = s->space;
	t->height = s->space_height;
	return 0;
}

static const char *
link_kind_name(enum sym_kind k)
{
	return k == SYM_PAGE ? "a page" : k == SYM_PROCESS ? "a process" : "a node";
}

/* Look up r's target and check it suits an objkind-`want` capability. */
static int
link_target(const struct image *img, const struct capref *r, unsigned want, struct target *t)
{
	const struct sym *s = image_lookup(img, r->target);

	if (!s)
		return diag_error(r->target_pos, "'%s' is not defined", r->target);
	memset(t, 0, sizeof *t);
	t->sym = s;
	t->index = s->index;
	t->objkind = s->kind == SYM_PAGE ? CK_OBJ_PAGE : CK_OBJ_NODE;
	if (r->member && link_member(r, s, t) < 0)
		return -1;
	if (t->objkind != want)
		return diag_error(r->target_pos, "expected %s, but '%s' is %s",
				  want == CK_OBJ_PAGE ? "a page" : "a node or process", s->name,
				  link_kind_name(s->kind));
	return 0;
}

/* Type-specific rules on top of the objkind check; sets *badge. */
static int
link_type_rules(const struct image *img, const struct capref *r, const struct target *t,
		unsigned *badge)
{
	bool whole_process = t->sym->kind == SYM_PROCESS && !r->member;

	*badge = r->badge;
	if ((r->type == CT_START || r->type == CT_PROCESS || r->type == CT_RESUME) && !whole_process)
		return diag_error(r->target_pos, "expected a process, but '%s%s%s' is not one",
				  r->target, r->member ? "." : "", r->member ? r->member : "");
	if (r->type == CT_FORWARDER && img->nodes[t->index].kind != CK_NK_FORWARDER)
		return diag_error(r->target_pos, "expected a node declared 'kind forwarder', found '%s'",
				  r->target);
	if (r->type != CT_SPACE)
		return 0;
	if (!r->has_badge)
		*badge = t->height;
	if (t->height && *badge != t->height)
		return diag_error(r->pos, "the tree of '%s' has height %u, not %u", r->target,
				  t->height, *badge);
	if (*badge < 1 || *badge > SPACE_HEIGHT_MAX)
		return diag_error(r->pos, "expected 'height N' (1..%d) for a space capability to '%s'",
				  SPACE_HEIGHT_MAX, r->target);
	return 0;
}

static int
link_object_cap(const struct image *img, const struct capref *r, unsigned objkind, cap_t *out)
{
	struct target t;
	unsigned badge;
	uint32_t count;

	if (link_target(img, r, objkind, &t) < 0 || link_type_rules(img, r, &t, &badge) < 0)
		return -1;
	if (objkind == CK_OBJ_PAGE) {
		count = img->pages[t.index].alloc_count;
		*out = cap_make(r->type, r->restr, badge, r->has_count ? r->count : count,
				ck_oid_make(CK_OID_KIND_PAGE, t.index));
		return 0;
	}
	const ck_node_t *n = &img->nodes[t.index];
	count = r->type == CT_RESUME ? n->call_count : n->alloc_count;
	*out = cap_make(r->type, r->restr, badge, r->has_count ? r->count : count, n->oid);
	return 0;
}

static unsigned
link_objkind(unsigned type)
{
	static const unsigned objkind[] = {
#define CAPTYPE(NAME, name, objkind, doc) objkind,
#include "abi/captype.def"
#undef CAPTYPE
	};
	return objkind[type];
}

static int
link_ref(struct image *img, const struct capref *r)
{
	cap_t c;

	if (r->type == CT_VOID)
		c = cap_void();
	else if (r->type == CT_NUMBER)
		c = cap_number(r->num[0], r->num[1], r->num[2]);
	else if (link_objkind(r->type) == CK_OBJ_NONE)
		c = cap_make(r->type, r->restr, r->badge, 0, 0);
	else if (link_object_cap(img, r, link_objkind(r->type), &c) < 0)
		return -1;
	img->nodes[r->node].slot[r->slot] = c;
	return 0;
}

static int
link_runlist(struct image *img)
{
	for (size_t i = 0; i < img->nrun; i++) {
		struct run_entry *e = &img->run[i];
		struct sym *s = image_lookup(img, e->name);
		if (!s)
			return diag_error(e->pos, "'%s' is not defined", e->name);
		if (s->kind != SYM_PROCESS)
			return diag_error(e->pos, "expected a process to run, but '%s' is %s", e->name,
					  link_kind_name(s->kind));
		if (s->in_runlist)
			return diag_error(e->pos, "'%s' is already in the run list", e->name);
		if (img->runlist_count == CK_RUNLIST_MAX)
			return diag_error(e->pos, "the run list holds at most %u processes",
					  (unsigned)CK_RUNLIST_MAX);
		s->in_runlist = true;
		const ck_node_t *root = &img->nodes[s->index];
		img->runlist[img->runlist_count++] = cap_make(CT_PROCESS, 0, 0, root->alloc_count, root->oid);
	}
	return 0;
}

/* A process's state: as the map says, else running iff it is in the run list. */
static void
link_states(struct image *img)
{
	for (size_t i = 0; i < img->nsyms; i++) {
		const struct sym *s = img->syms[i];
		if (s->kind != SYM_PROCESS)
			continue;
		int state = s->state >= 0 ? s->state : s->in_runlist ? PRS_RUNNING : PRS_HALTED;
		img->nodes[s->index].slot[PR_SLOT_STATE] = cap_number((uint32_t)state, 0, 0);
	}
}

int
link_image(struct image *img)
{
	int rc = 0;

	for (size_t i = 0; i < img->nrefs; i++)
		if (link_ref(img, &img->refs[i]) < 0)
			rc = -1;
	if (rc < 0 || link_runlist(img) < 0)
		return -1;
	link_states(img);
	return 0;
}
