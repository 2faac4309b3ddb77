# SPDX-License-Identifier: BSD-2-Clause
"""cairn-mkimage as a command: error messages with file:line:column,
atomic output, determinism, the --names header and --deps file, and the
store it writes for a real i386 ELF (decoded here with a few struct
reads; full decoding is cairn-dump's job)."""
import os
import re
import shutil
import struct
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
MKIMAGE = os.path.join(BUILD, "cairn-mkimage")
FIXTURES = os.path.join(BUILD, "tests", "tools", "fixtures")
HELLO = os.path.join(FIXTURES, "hello.elf")
BLOCK = 4096


class Workdir:
    """A temporary directory holding maps and whatever they name."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cairn-mkimage-test-")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(self.path(name), mode) as f:
            f.write(data)
        return self.path(name)

    def run(self, map_text, *args, size=2, out="store.bin"):
        """Compile map_text (as m.map) into out; returns CompletedProcess."""
        self.write("m.map", map_text)
        cmd = [MKIMAGE, "--size", str(size), "-I", FIXTURES, "-o", self.path(out)]
        cmd += list(args) + [self.path("m.map")]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def expect_error(map_text, line, col, pattern, **kw):
    """The map must fail with one 'm.map:LINE:COL: error: ...' matching pattern."""
    with Workdir() as w:
        p = w.run(map_text, **kw)
        assert p.returncode == 1, (p.returncode, p.stderr)
        want = r"m\.map:%d:%d: error: %s" % (line, col, pattern)
        assert re.search(want, p.stderr), "wanted %r in:\n%s" % (want, p.stderr)
        assert os.listdir(w.dir) == ["m.map"], "left behind: %s" % os.listdir(w.dir)
        return p.stderr


def test_syntax_errors_name_line_and_column():
    """Syntax mistakes are reported as file:line:column: error: expected ..."""
    expect_error("node a {\n  0: number 1\n}\n", 3, 1, r"expected ';' after the capability, found '}'")
    expect_error("node a { 0 page x; }", 1, 12, r"expected ':' after the slot number, found 'page'")
    expect_error("\n\nprocess p {\n\tstack 3000;\n}\n", 4, 8, r"expected a multiple of 4096, found 3000")
    expect_error("page p { \"abc }", 1, 10, r"unterminated string")
    expect_error("node a; nodes b;", 1, 9, r"expected a statement \(include, node, page, process, run, set\)")
    expect_error("node a { 0: widget; }", 1, 13, r"expected a capability type \(void, number, node")


def test_meaning_errors_name_line_and_column():
    """Undefined names, wrong kinds of target and duplicates point at the culprit."""
    expect_error("node a {\n  4: start nobody;\n}", 2, 12, r"'nobody' is not defined")
    expect_error("node a; node b { 0: start a badge 1; }", 1, 27, r"expected a process, but 'a' is not one")
    expect_error("node a { 1: void; 1: void; }", 1, 19, r"slot 1 of this node is already set")
    expect_error("page x;\npage x;", 2, 6, r"'x' is already defined \(at .*m\.map:1:6\)")
    expect_error("process p { }\nrun p, p;", 2, 8, r"'p' is already in the run list")
    expect_error("process p { elf \"hello.elf\"; }\nnode n { 0: space p.space height 2; }", 2, 13,
                 r"the tree of 'p' has height 4, not 2")
    expect_error("process p {\n  annex console;\n}", 2, 9,
                 r"expected a page capability for the annex \(or void\), found 'console'")
    expect_error("\nprocess a_long_process { }", 2, 9,
                 r"a process name has at most 12 characters \(it is kept in the root's name "
                 r"slot\); 'a_long_process' has 14")


def test_missing_files_are_reported_where_named():
    """A missing include, page file or ELF is reported at the string naming it."""
    expect_error("page p file \"nothing.bin\";", 1, 13, r"cannot find \"nothing.bin\"")
    expect_error("\ninclude \"gone.map\";", 2, 9, r"cannot find \"gone.map\"")
    expect_error("process p {\n  elf \"absent.elf\";\n}", 2, 7, r"cannot find \"absent.elf\"")


def test_errors_inside_includes_name_the_included_file():
    """An error in an included file gives that file's name and position."""
    with Workdir() as w:
        w.write("inc.map", "node ok;\nnode bad { 0: number 1 2 3 4; }\n")
        p = w.run("include \"inc.map\";\n")
        assert p.returncode == 1
        assert re.search(r"inc\.map:2:28: error: a number capability holds at most 3 words", p.stderr), p.stderr
        w.write("loop.map", "include \"loop.map\";\n")
        p = w.run("include \"loop.map\";\n")
        assert p.returncode == 1 and "nested more than" in p.stderr, p.stderr


def test_bad_elf_files_are_refused_with_a_reason():
    """Files that are not static i386 executables are refused, saying why."""
    with Workdir() as w:
        w.write("text.elf", "this is not an ELF file at all, but it is long enough to be read\n")
        p = w.run("process p { elf \"text.elf\"; }")
        assert p.returncode == 1
        assert re.search(r"m\.map:1:17: error: \".*text\.elf\": not an ELF file \(bad magic\)", p.stderr), p.stderr
        w.write("x64.elf", b"\x7fELF\x02\x01\x01" + bytes(57))
        p = w.run("process p { elf \"x64.elf\"; }")
        assert p.returncode == 1 and "not a 32-bit ELF file" in p.stderr, p.stderr
        with open(HELLO, "rb") as f:
            elf = f.read()
        w.write("amd64.elf", elf[:18] + b"\x3e" + elf[19:])  # e_machine = EM_X86_64
        p = w.run("process p { elf \"amd64.elf\"; }")
        assert p.returncode == 1 and "not an i386 (EM_386) ELF file" in p.stderr, p.stderr
        w.write("cut.elf", elf[:60])
        p = w.run("process p { elf \"cut.elf\"; }")
        assert p.returncode == 1 and "outside the file" in p.stderr, p.stderr


def test_too_many_objects_for_the_store():
    """A map that does not fit names the declaration that overflows and the limit."""
    lines = ["node n%d;" % i for i in range(3000)]
    with Workdir() as w:
        p = w.run("\n".join(lines), size=1)
        assert p.returncode == 1
        m = re.search(r"m\.map:(\d+):6: error: the store is full: a 1-MiB store holds (\d+) nodes", p.stderr)
        assert m, p.stderr
        assert int(m.group(1)) == int(m.group(2)) + 1
        assert p.stderr.count("error:") == 1
        p = w.run("process p { elf \"hello.elf\"; stack 4M; }", size=1)
        assert p.returncode == 1 and re.search(r"m\.map:1:9: error: the store is full: .* pages", p.stderr), p.stderr
        assert w.run("\n".join(lines[:100]), size=1).returncode == 0


def test_log_size_is_set_in_the_map():
    """`set log_mb N;` sizes the checkpoint log; a log that does not fit
    (more than half the store) or leaves too little room for what the map
    already made is an error at the number."""
    expect_error("node a;\nset log_mb 2;\n", 2, 12,
                 r"a 2-MiB log does not fit a 2-MiB store \(the log may take at most half of it: 1 MiB\)")
    expect_error("set log_mb 0x100000000;", 1, 12, r"a 4294967296-MiB log does not fit")
    lines = ["node n%d;" % i for i in range(1500)]
    expect_error("\n".join(lines) + "\nset log_mb 2;\n", 1501, 12,
                 r"the store is full: a 4-MiB store holds \d+ nodes and this needs 1500", size=4)
    with Workdir() as w:
        p = w.run("set log_mb 1;\nnode a;\n", size=4)
        assert p.returncode == 0, p.stderr
        with open(w.path("store.bin"), "rb") as f:
            data = f.read()
        geo = geometry(data)
        assert geo["log_blocks"] == 256 and geo["pot_start"] == 258, geo
        assert geometry(data[BLOCK:]) == geo


def test_both_roots_are_written():
    """Root A and root B are both generation 0, the same but for their
    slot (and so their CRC): neither is left as zeros."""
    with Workdir() as w:
        p = w.run("node a;\n")
        assert p.returncode == 0, p.stderr
        with open(w.path("store.bin"), "rb") as f:
            a, b = f.read(BLOCK), f.read(BLOCK)
        assert a[:8] == b[:8] == b"CAIRNRST"
        assert struct.unpack_from("<I", a, 28)[0] == 0 and struct.unpack_from("<I", b, 28)[0] == 1
        assert struct.unpack_from("<I", a, 8)[0] == 2           # format version
        same = lambda r: r[:24] + r[32:]                         # all but crc and slot
        assert same(a) == same(b)
        gen_first, = struct.unpack_from("<I", a, 116)
        assert gen_first == 0xFFFFFFFF


def test_failure_leaves_the_old_output_alone():
    """A failed run neither replaces an existing store nor leaves temporary files."""
    with Workdir() as w:
        w.write("store.bin", "old contents")
        p = w.run("node a { 0: node b; }")
        assert p.returncode == 1
        with open(w.path("store.bin")) as f:
            assert f.read() == "old contents"
        assert sorted(os.listdir(w.dir)) == ["m.map", "store.bin"], os.listdir(w.dir)


def test_usage_errors_exit_2():
    """Bad command lines exit with status 2 and say what is wrong."""
    for args in ([], ["--size", "0", "x.map"], ["--size", "ten", "x.map"], ["a.map", "b.map"]):
        p = subprocess.run([MKIMAGE] + args, capture_output=True, text=True, timeout=30)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert "cairn-mkimage: error:" in p.stderr or "usage" in p.stderr, p.stderr
    p = subprocess.run([MKIMAGE, "/no/such.map"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 1 and "cannot read map \"/no/such.map\"" in p.stderr, p.stderr


def test_help_lists_every_capability_type():
    """--help lists every type of kernel/abi/captype.def (the one list)."""
    with open(os.path.join(ROOT, "kernel", "abi", "captype.def")) as f:
        names = re.findall(r"^CAPTYPE\(\w+,\s*(\w+),", f.read(), re.M)
    p = subprocess.run([MKIMAGE, "--help"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0
    for n in names:
        assert re.search(r"^\s+%s\s" % n, p.stdout, re.M), n


SAMPLE = """
page hello { "hi" }
process prog { elf "hello.elf"; capregs { 0: console; 1: page hello ro; } }
node box { 0: start prog badge 3; 1: page hello; 2: node prog.capregs; }
run prog;
"""


def test_same_inputs_give_identical_stores():
    """Two runs over the same map and files give byte-identical stores."""
    with Workdir() as w:
        assert w.run(SAMPLE, out="a.bin").returncode == 0
        assert w.run(SAMPLE, out="b.bin").returncode == 0
        with open(w.path("a.bin"), "rb") as a, open(w.path("b.bin"), "rb") as b:
            da, db = a.read(), b.read()
        assert len(da) == 2 << 20
        assert da == db
        assert w.run(SAMPLE.replace("badge 3", "badge 4"), out="c.bin").returncode == 0
        with open(w.path("c.bin"), "rb") as c:
            assert c.read() != da


def test_names_header_is_valid_c_with_the_oids():
    """--names writes MAP_OID_* for every named object, and it compiles."""
    with Workdir() as w:
        p = w.run(SAMPLE, "--names", w.path("names.h"))
        assert p.returncode == 0, p.stderr
        with open(w.path("names.h")) as f:
            text = f.read()
        defs = dict(re.findall(r"#define (\w+) (\S+)", text))
        assert defs["MAP_OID_hello"] == "0x200000000ULL"
        assert defs["MAP_OID_prog"] == "0x100000000ULL"
        assert defs["MAP_CAPREGS_prog"] == "0x100000001ULL"
        assert defs["MAP_OID_box"].startswith("0x1000000")
        assert defs["MAP_ENTRY_prog"] == "0x400000u"
        assert defs["MAP_RUNLIST_COUNT"] == "1u"
        w.write("use.c", '#include "names.h"\n'
                "_Static_assert(MAP_OID_prog == 0x100000000ULL, \"oid\");\n"
                "_Static_assert(MAP_SPACE_HEIGHT_prog == 4, \"height\");\n"
                "int main(void) { return 0; }\n")
        cc = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-Werror", w.path("use.c")],
                            capture_output=True, text=True, timeout=60)
        assert cc.returncode == 0, cc.stderr


def test_deps_file_names_every_input():
    """--deps lists the map, its includes, page files and ELF files."""
    with Workdir() as w:
        w.write("inc.map", "page data file \"data.bin\";\n")
        w.write("data.bin", b"\x01\x02")
        p = w.run("include \"inc.map\";\n" + SAMPLE, "--deps", w.path("store.d"))
        assert p.returncode == 0, p.stderr
        with open(w.path("store.d")) as f:
            text = f.read()
        assert text.startswith(w.path("store.bin") + ":")
        for name in ("m.map", "inc.map", "data.bin"):
            assert w.path(name) in text, (name, text)
        assert HELLO.replace(ROOT + "/", "") in text or HELLO in text, text


# ------------------------------------------------ reading the store back

def read_block(data, n):
    return data[n * BLOCK:(n + 1) * BLOCK]


def geometry(data):
    fields = struct.unpack_from("<10I", data, 32)
    keys = ("total_blocks log_start log_blocks pot_start pot_count tag_start "
            "tag_count frame_start page_count node_count").split()
    return dict(zip(keys, fields))


def node_slots(data, geo, index):
    pot = read_block(data, geo["pot_start"] + index // 7)
    off = 32 + (index % 7) * 544
    oid, = struct.unpack_from("<Q", pot, off)
    assert oid == (1 << 32 | index)
    return [struct.unpack_from("<IIQ", pot, off + 32 + 16 * s) for s in range(32)]


def page_bytes(data, geo, index):
    return read_block(data, geo["frame_start"] + index)


def elf_image(path):
    """{page address: (bytes, writable)} of an ELF's PT_LOAD segments."""
    with open(path, "rb") as f:
        elf = f.read()
    phoff, = struct.unpack_from("<I", elf, 28)
    phnum, = struct.unpack_from("<H", elf, 44)
    pages = {}
    for i in range(phnum):
        typ, off, vaddr, _, filesz, memsz, flags, _ = struct.unpack_from("<8I", elf, phoff + 32 * i)
        if typ != 1:
            continue
        for a in range(vaddr & ~4095, vaddr + memsz, 4096):
            buf, w = pages.get(a, (bytearray(4096), False))
            for b in range(max(a, vaddr), min(a + 4096, vaddr + filesz)):
                buf[b - a] = elf[off + b - vaddr]
            pages[a] = (buf, w or bool(flags & 2))
    return pages


def test_fixture_process_matches_its_elf():
    """Walking the stored Space tree finds every ELF page with its bytes and rights."""
    with Workdir() as w:
        p = w.run(SAMPLE, "--names", w.path("names.h"), size=4)
        assert p.returncode == 0, p.stderr
        with open(w.path("store.bin"), "rb") as f:
            data = f.read()
        geo = geometry(data)
        root = node_slots(data, geo, 0)
        w0, _, _ = root[0]
        assert w0 & 0xff == 4 and w0 >> 16 == 4, hex(w0)  # Space, height 4
        eip = root[9][2] >> 32
        assert eip == 0x400000, hex(eip)
        expect = elf_image(HELLO)
        for addr, (contents, writable) in expect.items():
            cap = root[0]
            while cap[0] & 0xff == 4:  # Space
                h = cap[0] >> 16
                slots = node_slots(data, geo, cap[2] & 0xffffffff)
                cap = slots[(addr >> (12 + 5 * (h - 1))) & 31]
            assert cap[0] & 0xff == 3, (hex(addr), cap)  # Page
            ro = bool(cap[0] >> 8 & 1)
            assert ro == (not writable), hex(addr)
            assert page_bytes(data, geo, cap[2] & 0xffffffff) == bytes(contents), hex(addr)
        # the run list names the process
        count, = struct.unpack_from("<I", data, 96)
        assert count == 1
        w0, _, oid = struct.unpack_from("<IIQ", data, 256)
        assert w0 & 0xff == 5 and oid == 1 << 32


def test_annex_page_lands_in_root_slot_6():
    """`annex page NAME;` puts a writable Page capability to that page in
    the root's annex slot (kernel/abi/process.h: PR_SLOT_ANNEX = 6)."""
    with Workdir() as w:
        p = w.run("page fpu;\nprocess p { annex page fpu; }\nprocess q { }\n",
                  "--names", w.path("names.h"))
        assert p.returncode == 0, p.stderr
        names = map_names(w.path("names.h"))
        with open(w.path("store.bin"), "rb") as f:
            data = f.read()
        geo = geometry(data)
        w0, count, oid = node_slots(data, geo, names["MAP_OID_p"] & 0xffffffff)[6]
        assert w0 & 0xff == 3 and not w0 >> 8 & 1, hex(w0)   # Page, not read-only
        assert oid == names["MAP_OID_fpu"] and count == 0, hex(oid)
        assert node_slots(data, geo, names["MAP_OID_q"] & 0xffffffff)[6] == (0, 0, 0)


def test_the_documented_example_compiles():
    """The example in docs/map-language.md is a valid map."""
    with open(os.path.join(ROOT, "docs", "map-language.md")) as f:
        m = re.search(r"## An example\n\n```\n(.*?)```", f.read(), re.S)
    assert m, "docs/map-language.md lost its example"
    with Workdir() as w:
        w.write("common.map", "# nothing yet\n")
        w.write("table.bin", bytes(range(200)))
        shutil.copy(HELLO, w.path("shell.elf"))
        shutil.copy(HELLO, w.path("pager.elf"))
        p = w.run(m.group(1))
        assert p.returncode == 0, p.stderr


def map_names(path):
    with open(path) as f:
        return {k: int(v.rstrip("ULu"), 0) for k, v in re.findall(r"#define (MAP_\w+) (\S+)", f.read())}


def test_test_map_store_holds_what_test_map_says():
    """build/test-store.bin has test.map's known values where test-map.h says."""
    names = map_names(os.path.join(BUILD, "test-map.h"))
    with open(os.path.join(BUILD, "test-store.bin"), "rb") as f:
        data = f.read()
    geo = geometry(data)
    idx = lambda name: names["MAP_OID_" + name] & 0xffffffff
    numbers = node_slots(data, geo, idx("numbers"))
    assert numbers[0] == (1, 1, 2 | 3 << 32)
    assert numbers[1] == (1, 0xffffffff, 0xdeadbeef << 32)
    assert numbers[31] == (1, 31, 0)
    for depth in range(4):
        chain = node_slots(data, geo, idx("chain%d" % depth))
        assert chain[31] == (1, depth, 0)
        if depth < 3:
            assert chain[0] == (2, 0, names["MAP_OID_chain%d" % (depth + 1)])
    known = page_bytes(data, geo, idx("known"))
    assert known.startswith(b"Cairn test page\n")
    assert known[4088:] == struct.pack("<Q", 0x0123456789abcdef)
    assorted = node_slots(data, geo, idx("assorted"))
    assert assorted[6] == (6 | 7 << 16, 0, names["MAP_OID_hello"])      # start, badge 7
    assert assorted[16] == (3, 5, names["MAP_OID_known"])               # stale page cap
    assert assorted[4][2] == names["MAP_SPACE_hello"]
    count, = struct.unpack_from("<I", data, 96)
    assert count == names["MAP_RUNLIST_COUNT"] == 1


def test_test_store_rebuilds_identically():
    """Compiling disk-image/test.map again gives build/test-store.bin exactly."""
    with open(os.path.join(BUILD, "store-mb")) as f:
        size = int(f.read())
    with Workdir() as w:
        p = subprocess.run([MKIMAGE, "--size", str(size), "-I", FIXTURES, "-o", w.path("t.bin"),
                            os.path.join(ROOT, "disk-image", "test.map")],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        with open(w.path("t.bin"), "rb") as a, open(os.path.join(BUILD, "test-store.bin"), "rb") as b:
            assert a.read() == b.read()
