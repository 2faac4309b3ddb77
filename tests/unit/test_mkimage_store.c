/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_mkimage_store.c -- host tests of cairn-mkimage's back end: the
 * ELF loader, the address-space builder and the store writer, checked
 * against ckpt/format.c by reading the written store back.
 */
#include <elf.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "tests/unit/mkimage_util.h"
#include "abi/process.h"
#include "disk-image/mkimage/aspace.h"
#include "disk-image/mkimage/elfload.h"
#include "disk-image/mkimage/store.h"
#include "disk-image/mkimage/vmap.h"

UNIT_MAIN();

/* ------------------------------------------------- a synthetic ELF */

struct fake_seg {
	uint32_t vaddr, filesz, memsz, flags;
	uint8_t fill;   /* file bytes are fill, fill+1, ... */
};

/* Build an ELF: header, phdrs, then each segment's bytes at 4 KiB-aligned
 * file offsets congruent to vaddr.  Returns its length. */
static size_t
fake_elf(uint8_t *buf, size_t cap, uint32_t entry, const struct fake_seg *s, unsigned n)
{
	Elf32_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
			  .e_entry = entry, .e_phoff = sizeof eh, .e_ehsize = sizeof eh,
			  .e_phentsize = sizeof(Elf32_Phdr), .e_phnum = (uint16_t)n };
	size_t off = 4096;

	memset(buf, 0, cap);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(buf, &eh, sizeof eh);
	for (unsigned i = 0; i < n; i++) {
		Elf32_Phdr ph = { .p_type = PT_LOAD, .p_vaddr = s[i].vaddr, .p_paddr = s[i].vaddr,
				  .p_filesz = s[i].filesz, .p_memsz = s[i].memsz,
				  .p_flags = s[i].flags, .p_align = 4096 };
		off += (s[i].vaddr - off) & 4095;
		ph.p_offset = (uint32_t)off;
		for (uint32_t b = 0; b < s[i].filesz; b++)
			buf[off + b] = (uint8_t)(s[i].fill + b);
		memcpy(buf + sizeof eh + i * sizeof ph, &ph, sizeof ph);
		off += s[i].filesz;
	}
	return off;
}

/* text from 0x10000 over two pages; rodata and then data+bss start in
 * text's second page, so that page is shared by all three (and writable);
 * bss runs on over zero-only pages. */
static const struct fake_seg good_segs[] = {
	{ 0x10000, 0x1100, 0x1100, PF_R | PF_X, 0x10 },
	{ 0x11100, 0x0100, 0x0100, PF_R, 0x80 },
	{ 0x11200, 0x0010, 0x3000, PF_R | PF_W, 0xa0 },
};

static uint8_t elfbuf[64 * 1024];

UNIT_TEST(elf_good_program_segments)
{
	size_t len = fake_elf(elfbuf, sizeof elfbuf, 0x10004, good_segs, 3);
	struct elf_prog prog;

	CHECK(elfload_parse(elfbuf, len, &prog) == NULL);
	CHECK_EQ(prog.entry, 0x10004);
	CHECK_EQ(prog.nsegs, 3);
	CHECK_EQ(prog.seg[2].memsz, 0x3000);
	CHECK(prog.seg[2].writable);
	CHECK(!prog.seg[1].writable);
	CHECK_EQ(prog.seg[1].bytes[0], 0x80);
}

/* Patch a good ELF with `patch` and expect `why`. */
static const char *
elf_patched(void (*patch)(uint8_t *buf, size_t *len))
{
	size_t len = fake_elf(elfbuf, sizeof elfbuf, 0x10004, good_segs, 3);
	struct elf_prog prog;

	patch(elfbuf, &len);
	const char *why = elfload_parse(elfbuf, len, &prog);
	return why ? why : "(accepted)";
}

static Elf32_Phdr *
phdr(uint8_t *buf, unsigned i)
{
	return (Elf32_Phdr *)(buf + sizeof(Elf32_Ehdr) + i * sizeof(Elf32_Phdr));
}

static void p_magic(uint8_t *b, size_t *l) { (void)l; b[1] = 'X'; }
static void p_class(uint8_t *b, size_t *l) { (void)l; b[EI_CLASS] = ELFCLASS64; }
static void p_machine(uint8_t *b, size_t *l) { (void)l; ((Elf32_Ehdr *)b)->e_machine = EM_X86_64; }
static void p_type(uint8_t *b, size_t *l) { (void)l; ((Elf32_Ehdr *)b)->e_type = ET_DYN; }
static void p_short(uint8_t *b, size_t *l) { (void)b; *l = 20; }
static void p_phoff(uint8_t *b, size_t *l) { (void)l; ((Elf32_Ehdr *)b)->e_phoff = 0xfffffff0u; }
static void p_segfile(uint8_t *b, size_t *l) { (void)l; phdr(b, 1)->p_offset = 0xffffff00u; }
static void p_filesz(uint8_t *b, size_t *l) { (void)l; phdr(b, 2)->p_filesz = 0x4000; }
static void p_overlap(uint8_t *b, size_t *l) { (void)l; phdr(b, 1)->p_vaddr = 0x10800; }
static void p_high(uint8_t *b, size_t *l) { (void)l; phdr(b, 2)->p_vaddr = 0xbffff000u; }
static void p_entry(uint8_t *b, size_t *l) { (void)l; ((Elf32_Ehdr *)b)->e_entry = 0x11104; }
static void p_interp(uint8_t *b, size_t *l) { (void)l; phdr(b, 0)->p_type = PT_INTERP; }
static void p_noload(uint8_t *b, size_t *l) { (void)l; for (int i = 0; i < 3; i++) phdr(b, i)->p_type = PT_NOTE; }

UNIT_TEST(elf_bad_programs_refused)
{
	CHECK_STR(elf_patched(p_magic), "not an ELF file (bad magic)");
	CHECK_STR(elf_patched(p_class), "not a 32-bit ELF file");
	CHECK_STR(elf_patched(p_machine), "not an i386 (EM_386) ELF file");
	CHECK_STR(elf_patched(p_type), "not an executable (ET_EXEC) ELF file");
	CHECK_STR(elf_patched(p_short), "too short to be an ELF file");
	CHECK_STR(elf_patched(p_phoff), "program headers lie outside the file");
	CHECK_STR(elf_patched(p_segfile), "a segment's bytes lie outside the file");
	CHECK_STR(elf_patched(p_filesz), "a segment has more file bytes than memory bytes");
	CHECK_STR(elf_patched(p_overlap), "loadable segments overlap or are not in ascending order");
	CHECK_STR(elf_patched(p_high), "a segment lies above the user address space (USER_TOP)");
	CHECK_STR(elf_patched(p_entry), "the entry point is not in an executable segment");
	CHECK_STR(elf_patched(p_interp), "dynamically linked (link it with -static)");
	CHECK_STR(elf_patched(p_noload), "no loadable segments");
}

UNIT_TEST(vmap_shares_boundary_pages)
{
	struct vmap m = { 0 };
	static const uint8_t a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	CHECK(vmap_add(&m, 0x1ff0, 0x18, a, 8, false) == NULL); /* pages 1 and 2 */
	CHECK(vmap_add(&m, 0x2100, 0x2000, a + 4, 4, true) == NULL);
	CHECK_EQ(m.n, 4);
	CHECK_EQ(m.v[0].vpn, 1);
	CHECK(!m.v[0].writable);
	CHECK(m.v[1].writable);            /* shared by both ranges */
	CHECK_EQ(m.v[0].data[0xff0], 1);
	CHECK_EQ(m.v[1].data[0x100], 5);
	CHECK(m.v[3].data == NULL);        /* bss only */
	CHECK(vmap_add(&m, 0x1000, 4, a, 4, false) != NULL);
	vmap_free(&m);
}

/* The capability a lookup of vaddr in the tree under `root` ends at. */
static cap_t
tree_lookup(const struct image *img, uint32_t root, unsigned height, uint32_t vaddr)
{
	cap_t c = cap_make(CT_SPACE, 0, height, 0, ck_oid_make(CK_OID_KIND_NODE, root));

	while (cap_type(&c) == CT_SPACE) {
		unsigned h = cap_badge(&c);
		unsigned slot = (vaddr >> SPACE_SPAN_SHIFT(h - 1)) & 31;
		c = img->nodes[ck_oid_index(c.oid)].slot[slot];
	}
	return c;
}

UNIT_TEST(aspace_tree_is_sparse_and_correct)
{
	struct image img;
	struct vmap m = { 0 };
	struct aspace as;
	static const uint8_t x[1] = { 0x5a };

	image_init(&img, 4);
	CHECK(vmap_add(&m, 0x00400000, 0x2000, x, 1, false) == NULL);
	CHECK(vmap_add(&m, 0x00420000, 0x1000, NULL, 0, true) == NULL);
	CHECK(vmap_add(&m, 0x7fff0000, 0x1000, NULL, 0, true) == NULL);
	CHECK_EQ(aspace_build(&img, (struct pos){ "t", 1, 1 }, &m, &as), 0);
	CHECK_EQ(as.height, 4);
	CHECK_EQ(img.npages, 4);
	/* root; h3 x2; h2 x2; h1 x3 (0x400000, 0x420000, 0x7fff0000) */
	CHECK_EQ(img.nnodes, 8);
	CHECK_EQ(as.root, 0);
	cap_t c = tree_lookup(&img, as.root, as.height, 0x00401000);
	CHECK_EQ(cap_type(&c), CT_PAGE);
	CHECK_EQ(cap_restr(&c), CAP_R_RO);
	CHECK_EQ(ck_oid_index(c.oid), 1);
	CHECK_EQ(img.pages[0].data[0], 0x5a);
	c = tree_lookup(&img, as.root, as.height, 0x7fff0abc);
	CHECK_EQ(ck_oid_index(c.oid), 3);
	CHECK_EQ(cap_restr(&c), 0);
	c = tree_lookup(&img, as.root, as.height, 0x00402000);
	CHECK_EQ(cap_type(&c), CT_VOID);
	/* Pre-order: the root's first child comes right after it. */
	CHECK_EQ(img.nodes[0].slot[0].oid, ck_oid_make(CK_OID_KIND_NODE, 1));
	vmap_free(&m);
	image_free(&img);
	/* A low program needs a low tree. */
	image_init(&img, 4);
	CHECK(vmap_add(&m, 0x3000, 0x1000, NULL, 0, true) == NULL);
	CHECK_EQ(aspace_build(&img, (struct pos){ "t", 1, 1 }, &m, &as), 0);
	CHECK_EQ(as.height, 1);
	CHECK_EQ(img.nnodes, 1);
	vmap_free(&m);
	image_free(&img);
}

/* ------------------------------------------------ the written store */

static char tmpdir[64];

/* A path in this run's temporary directory (a new malloc'd string). */
static char *
tmp_path(const char *name)
{
	char *p = malloc(strlen(name) + 64);

	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/cairn-mkimage-XXXXXX");
		if (!mkdtemp(tmpdir))
			abort();
	}
	sprintf(p, "%s/%s", tmpdir, name);
	return p;
}

static void
tmp_remove(char *path)
{
	unlink(path);
	free(path);
}

static int
read_block(FILE *f, uint32_t block, void *out)
{
	return fseeko(f, (off_t)block * CK_BLOCK_SIZE, SEEK_SET) == 0 &&
	       fread(out, CK_BLOCK_SIZE, 1, f) == 1 ? 0 : -1;
}

/* Write the fake ELF next to a map using it; compile and write a store. */
static int
build_store(struct image *img, const char *store)
{
	size_t len = fake_elf(elfbuf, sizeof elfbuf, 0x10004, good_segs, 3);
	char *elf = tmp_path("prog.elf"), *mapname = tmp_path("m.map");
	FILE *f = fopen(elf, "wb");
	char map[1024];
	int rc = -1;

	if (!f || fwrite(elfbuf, 1, len, f) != len || fclose(f))
		goto out;
	snprintf(map, sizeof map,
		 "page hi { \"hello\" }\npage z;\n"
		 "process p { elf \"prog.elf\"; stack 8K; stack_top 0x800000; }\n"
		 "node n { 0: process p; 1: page hi; }\nrun p;\nset created 9;\n");
	if (mk_compile_named(img, 4, mapname, map) == 0)
		rc = store_write(img, store);
out:
	tmp_remove(elf);
	free(mapname);
	return rc;
}

UNIT_TEST(store_roots_are_both_generation_0)
{
	struct image img;
	char *path = tmp_path("s1.bin");
	static ck_root_t a, b;

	CHECK_EQ(build_store(&img, path), 0);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	CHECK_EQ(read_block(f, 0, &a), 0);
	CHECK_EQ(read_block(f, 1, &b), 0);
	fclose(f);
	CHECK(ck_root_check(&a, 0, img.geo.total_blocks) == NULL);
	CHECK(ck_root_check(&b, 1, img.geo.total_blocks) == NULL);
	CHECK_EQ(ck_root_choose(&a, &b, img.geo.total_blocks), 0);
	CHECK_EQ(a.generation, 0);
	CHECK_EQ(a.dir_block, CK_NO_BLOCK);
	CHECK_EQ(a.gen_first_block, CK_NO_BLOCK);
	CHECK_EQ(a.dir_crc, 0);
	CHECK_EQ(a.log_head, 0);
	CHECK_EQ(a.log_tail, 0);
	CHECK_EQ(a.created, 9);
	CHECK_EQ(a.runlist_count, 1);
	CHECK_EQ(cap_type(&a.runlist[0]), CT_PROCESS);
	CHECK_EQ(a.runlist[0].oid, image_lookup(&img, "p")->index | (uint64_t)CK_OID_KIND_NODE << 32);
	CHECK(!memcmp(&a.geo, &img.geo, sizeof a.geo));
	/* Root B is root A but for its slot (and so its CRC). */
	CHECK_EQ(b.root_slot, 1);
	b.root_slot = 0;
	ck_root_seal(&b);
	CHECK(!memcmp(&a, &b, sizeof a));
	image_free(&img);
	tmp_remove(path);
}

/* Check every pot record and every tag of the store at path. */
static int
check_pots_and_tags(const struct image *img, FILE *f)
{
	static ck_pot_t pot;
	static ck_tag_block_t tb;

	for (uint32_t p = 0; p < img->geo.pot_count; p++) {
		if (read_block(f, img->geo.pot_start + p, &pot) < 0 || pot.h.magic != CK_POT_MAGIC)
			return -1;
		for (uint32_t r = 0; r < CK_NODES_PER_POT; r++) {
			uint32_t i = p * CK_NODES_PER_POT + r;
			const ck_node_t *n = &pot.node[r];
			if (ck_node_check(n, ck_oid_make(CK_OID_KIND_NODE, i)))
				return -1;
			if ((i < img->nnodes) != (n->flags == CK_NF_ALLOCATED))
				return -1;
		}
	}
	for (uint32_t j = 0; j < img->geo.page_count; j++) {
		uint32_t t = j / CK_TAGS_PER_BLOCK;
		if ((j % CK_TAGS_PER_BLOCK == 0 && read_block(f, img->geo.tag_start + t, &tb) < 0) ||
		    ck_tag_check(&tb, t, j % CK_TAGS_PER_BLOCK, j))
			return -1;
	}
	/* Tags past the last page are zero. */
	for (uint32_t e = img->geo.page_count % CK_TAGS_PER_BLOCK; e && e < CK_TAGS_PER_BLOCK; e++)
		if (tb.tag[e].flags || tb.tag[e].tag_crc)
			return -1;
	return 0;
}

UNIT_TEST(store_pots_tags_and_frames_are_sealed)
{
	struct image img;
	char *path = tmp_path("s2.bin");
	static uint8_t frame[CK_BLOCK_SIZE];
	static ck_tag_block_t tb;

	CHECK_EQ(build_store(&img, path), 0);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	CHECK_EQ(check_pots_and_tags(&img, f), 0);
	for (uint32_t j = 0; j < img.npages + 3; j++) {
		ck_page_home_t h;
		CHECK_EQ(ck_page_home(&img.geo, ck_oid_make(CK_OID_KIND_PAGE, j), &h), 0);
		CHECK_EQ(read_block(f, h.tag_block, &tb), 0);
		CHECK_EQ(read_block(f, h.frame_block, frame), 0);
		const ck_tag_t *tag = &tb.tag[h.tag_index];
		CHECK_EQ(tag->crc, ck_page_crc(frame));
		static const uint8_t zero_page[CK_BLOCK_SIZE];
		const uint8_t *data = j < img.npages ? img.pages[j].data : NULL;
		int zero = !data || !memcmp(data, zero_page, CK_BLOCK_SIZE);
		CHECK_EQ(!!(tag->flags & CK_TF_ZERO), zero);
		CHECK(!memcmp(frame, zero ? zero_page : data, CK_BLOCK_SIZE));
		CHECK_EQ(!!(tag->flags & CK_TF_ALLOCATED), j < img.npages);
	}
	CHECK_EQ(img.pages[0].data[0], 'h');
	fclose(f);
	image_free(&img);
	tmp_remove(path);
}

/* Translate vaddr through the process's tree in the store file. */
static int
store_lookup(FILE *f, const ck_geometry_t *g, cap_t c, uint32_t vaddr, uint8_t *page, cap_t *leaf)
{
	static ck_pot_t pot;
	ck_node_home_t nh;
	ck_page_home_t ph;

	while (cap_type(&c) == CT_SPACE) {
		unsigned h = cap_badge(&c);
		if (ck_node_home(g, c.oid, &nh) < 0 || read_block(f, nh.block, &pot) < 0)
			return -1;
		c = pot.node[nh.record].slot[(vaddr >> SPACE_SPAN_SHIFT(h - 1)) & 31];
	}
	*leaf = c;
	if (cap_type(&c) != CT_PAGE || ck_page_home(g, c.oid, &ph) < 0)
		return -1;
	return read_block(f, ph.frame_block, page);
}

UNIT_TEST(store_process_matches_its_elf)
{
	struct image img;
	char *path = tmp_path("s3.bin");
	static uint8_t page[CK_BLOCK_SIZE];
	static ck_pot_t pot;
	ck_node_home_t nh;
	cap_t leaf;

	CHECK_EQ(build_store(&img, path), 0);
	FILE *f = fopen(path, "rb");
	const struct sym *p = image_lookup(&img, "p");
	CHECK_EQ(ck_node_home(&img.geo, ck_oid_make(CK_OID_KIND_NODE, p->index), &nh), 0);
	CHECK_EQ(read_block(f, nh.block, &pot), 0);
	const ck_node_t *root = &pot.node[nh.record];
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_REGS2], 2), 0x10004);    /* eip */
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_REGS2], 1), 0x800000);   /* esp */
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_REGS3], 0), PROC_EFLAGS_USER);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_STATE], 0), PRS_RUNNING);
	CHECK_EQ(cap_num(&root->slot[PR_SLOT_SCHED], 0), PROC_PRIO_DEFAULT);
	cap_t space = root->slot[PR_SLOT_SPACE];
	CHECK_EQ(cap_badge(&space), 3);  /* the stack ends at 8 MiB: more than height 2's 4 MiB */
	for (unsigned i = 0; i < 3; i++) {
		const struct fake_seg *s = &good_segs[i];
		for (uint32_t b = 0; b < s->memsz; b += 0x80) {
			CHECK_EQ(store_lookup(f, &img.geo, space, s->vaddr + b, page, &leaf), 0);
			uint8_t want = b < s->filesz ? (uint8_t)(s->fill + b) : 0;
			CHECK_EQ(page[(s->vaddr + b) & 4095], want);
		}
	}
	CHECK_EQ(store_lookup(f, &img.geo, space, 0x10000, page, &leaf), 0);
	CHECK_EQ(cap_restr(&leaf), CAP_R_RO);
	CHECK_EQ(store_lookup(f, &img.geo, space, 0x11200, page, &leaf), 0);
	CHECK_EQ(cap_restr(&leaf), 0);  /* rodata's page is shared with data */
	CHECK_EQ(store_lookup(f, &img.geo, space, 0x7ff000, page, &leaf), 0);
	CHECK_EQ(cap_restr(&leaf), 0);  /* stack */
	CHECK(store_lookup(f, &img.geo, space, 0x7fd000, page, &leaf) < 0);
	fclose(f);
	image_free(&img);
	tmp_remove(path);
}

static int
same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb;
	static uint8_t ba[1 << 16], bb[1 << 16];

	while (same) {
		size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
		same = na == nb && !memcmp(ba, bb, na);
		if (na == 0)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

UNIT_TEST(store_is_deterministic)
{
	struct image img;
	char *a = tmp_path("d1.bin"), *b = tmp_path("d2.bin");

	CHECK_EQ(build_store(&img, a), 0);
	image_free(&img);
	CHECK_EQ(build_store(&img, b), 0);
	image_free(&img);
	CHECK(same_file(a, b));
	/* and the comparison can tell a difference */
	FILE *f = fopen(b, "r+b");
	fseek(f, 5000, SEEK_SET);
	fputc(1, f);
	fclose(f);
	CHECK(!same_file(a, b));
	tmp_remove(a);
	tmp_remove(b);
	rmdir(tmpdir);
}
