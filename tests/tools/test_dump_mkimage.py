# SPDX-License-Identifier: BSD-2-Clause
"""cairn-dump over stores made by cairn-mkimage: the default image checks
clean, a flipped byte in a node pot is found and named, `ls procs` lists
the map's processes, and a map's objects read back exactly as written."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import (BUILD, TempDir, dump, dump_json, Geometry, flip)  # noqa: E402

IMAGE = os.path.join(BUILD, "cairn-fresh.img")
MKIMAGE = os.path.join(BUILD, "cairn-mkimage")
FIXTURES = os.path.join(BUILD, "tests", "tools", "fixtures")
ROOT = os.path.dirname(BUILD)


def names(header):
    """MAP_* definitions of a --names header, as a dict."""
    out = {}
    with open(header) as f:
        for m in re.finditer(r"#define (MAP_\w+) (0x[0-9a-f]+|\d+)u?(?:ULL)?", f.read()):
            out[m.group(1)] = int(m.group(2), 0)
    return out


def oid(n):
    return "%s:%d" % ("n" if n >> 32 == 1 else "p", n & 0xFFFFFFFF)


def compile_map(d, text, name="m"):
    path = os.path.join(d, name + ".map")
    with open(path, "w") as f:
        f.write(text)
    store, hdr = os.path.join(d, name + ".bin"), os.path.join(d, name + ".h")
    subprocess.run([MKIMAGE, "--size", "2", "-I", FIXTURES, "--names", hdr, "-o", store, path],
                   check=True, capture_output=True)
    return store, names(hdr)


def map_processes(nm):
    return {k[len("MAP_CAPREGS_"):] for k in nm if k.startswith("MAP_CAPREGS_")}


def test_default_image_checks_clean():
    """`cairn-dump build/cairn-fresh.img check` exits 0 with a clean summary."""
    rc, out, err = dump(IMAGE, "check")
    assert rc == 0, (out, err)
    assert out.splitlines()[-1].startswith("clean: 0 errors, 0 warnings"), out
    assert "store in MBR partition 2" in err


def test_flipped_node_pot_byte_in_default_image_named():
    """A copy of build/cairn-fresh.img with one flipped byte in a node pot:
    check exits 4 and names the node."""
    with TempDir() as d:
        img = os.path.join(d, "cairn.img")
        shutil.copyfile(IMAGE, img)
        flip(img, Geometry(img).node(0) + 32 + 16 * 3 + 4)
        rc, out, err = dump(img, "check")
        assert rc == 4, (out, err)
        assert "error\tnode n:0 (0x100000000)\t" in out and "CRC mismatch" in out, out


def test_ls_procs_lists_the_maps_processes():
    """`cairn-dump build/cairn-fresh.img --json ls procs` lists exactly the
    processes of disk-image/cairn.map (named through --names)."""
    with TempDir() as d:
        hdr = os.path.join(d, "names.h")
        # the same programs as build/cairn-fresh.img (disk-image/rules.mk: -I build/domains)
        subprocess.run([MKIMAGE, "-I", os.path.join(BUILD, "domains"), "-I", FIXTURES,
                        "--names", hdr, "-o", os.path.join(d, "s"),
                        os.path.join(ROOT, "disk-image", "cairn.map")], check=True)
        nm = names(hdr)
    rc, out, err = dump(IMAGE, "--json", "ls", "procs")
    assert rc == 0, err
    import json
    procs = json.loads(out)["procs"]
    want = sorted(oid(nm["MAP_OID_" + p]) for p in map_processes(nm))
    assert sorted(p["oid"] for p in procs) == want and want, (procs, want)
    assert all("runlist" in p["why"] for p in procs)


def test_test_image_decodes_like_test_map():
    """The test image: every process of test.map is listed, and the
    assorted node's stale page capability (count 5) is reported stale."""
    img = os.path.join(BUILD, "cairn-test.img")
    nm = names(os.path.join(BUILD, "test-map.h"))
    assert dump(img, "check")[0] == 0
    procs = dump_json(img, "ls", "procs")["procs"]
    assert [p["oid"] for p in procs] == [oid(nm["MAP_OID_hello"])]
    s = dump_json(img, "node", oid(nm["MAP_OID_assorted"]))["slots"]
    assert (s[16]["type"], s[16]["count"], s[16]["status"]) == ("page", 5, "stale (object count 0)")
    assert [x["type"] for x in s[:15]] == ["void", "number", "node", "page", "space", "process",
                                           "start", "resume", "forwarder", "range", "checkpoint",
                                           "console", "sleep", "discrim", "sysinfo"]


MAP = """
page greeting { "hello, world\\n" at 4088 u64 0x0123456789abcdef }
page blank;
page counted alloc 3 { "x" }
node settings {
    0: number 1 2 3;
    1: page greeting ro;
    2: start shell badge 7;
    3: console;
    4: node settings weak;
    5: page counted count 2;
    6: resume shell;
    7: forwarder fwd opaque;
    8: page blank nocall;
    31: space shell.space;
}
node fwd kind forwarder data 5 { 0: start pager nocall; }
node spare alloc 4;
process shell {
    elf "hello.elf";
    stack 8K;
    priority 10;
    reg eax 0x1234;
    keeper start pager;
    brand number 0x5348;
    capregs { 0: console; 1: node settings; }
}
process pager { elf "hello.elf"; state available; }
run shell, pager;
set checkpoint_period 5000;
"""


def slot(j, i):
    s = j["slots"][i]
    return (s["type"], s["restr"], s["badge"], s["target"], s["count"], s["status"])


def test_map_round_trip():
    """A map with nodes, pages, numbers, restrictions, badges, counts, a
    forwarder and two processes: dumping the store gives back what the
    map says, object by object."""
    with TempDir() as d:
        store, nm = compile_map(d, MAP)
        n = {k[8:]: oid(v) for k, v in nm.items() if k.startswith("MAP_OID_")}
        assert dump(store, "check")[0] == 0
        st = dump_json(store, "node", n["settings"])
        assert st["slots"][0]["target"] == "0x00000001 0x00000002 0x00000003"
        assert slot(st, 1) == ("page", "ro", 0, n["greeting"], 0, "ok")
        assert slot(st, 2) == ("start", "-", 7, n["shell"], 0, "ok")
        assert slot(st, 3)[:4] == ("console", "-", 0, "-")
        assert slot(st, 4) == ("node", "weak", 0, n["settings"], 0, "ok")
        assert slot(st, 5) == ("page", "-", 0, n["counted"], 2, "stale (object count 3)")
        assert slot(st, 6) == ("resume", "-", 0, n["shell"], 0, "ok")
        assert slot(st, 7) == ("forwarder", "opaque", 0, n["fwd"], 0, "ok")
        assert slot(st, 8) == ("page", "nocall", 0, n["blank"], 0, "ok")
        assert slot(st, 31) == ("space", "-", nm["MAP_SPACE_HEIGHT_shell"],
                                oid(nm["MAP_SPACE_shell"]), 0, "ok")
        assert all(s["type"] == "void" for s in st["slots"][9:31])
        fw = dump_json(store, "node", n["fwd"])
        assert (fw["kind"], fw["data"]) == ("forwarder", "0x5")
        assert slot(fw, 0) == ("start", "nocall", 0, n["pager"], 0, "ok")
        assert dump_json(store, "node", n["spare"])["alloc_count"] == 4
        g = dump_json(store, "page", n["greeting"])
        assert g["data"][0]["ascii"] == "hello, world...."
        assert g["data"][255]["hex"].endswith("  ef cd ab 89 67 45 23 01")
        b = dump_json(store, "page", n["blank"])
        assert b["zero"] and b["state"] == "allocated"
        assert dump_json(store, "page", n["counted"])["alloc_count"] == 3
        sh = dump_json(store, "proc", n["shell"])
        assert sh["state"]["run_state"] == "running" and sh["state"]["priority"] == 10
        assert sh["registers"]["eax"] == "0x00001234"
        assert int(sh["registers"]["eip"], 16) == nm["MAP_ENTRY_shell"]
        assert sh["registers"]["eflags"] == "0x00000202"
        sp = {x["name"]: x for x in sh["special"]}
        assert (sp["keeper"]["type"], sp["keeper"]["target"]) == ("start", n["pager"])
        assert sp["brand"]["target"] == "0x00005348 0x00000000 0x00000000"
        assert sh["space"]["problems"] == 0 and sh["space"]["pages"] >= 3
        assert sh["space"]["mappings"][-1]["end"] == "0xc0000000"  # stack at USER_TOP
        assert [c["type"] for c in sh["capregs"][:3]] == ["console", "node", "void"]
        pg = dump_json(store, "proc", n["pager"])
        assert pg["state"]["run_state"] == "available"
        procs = dump_json(store, "ls", "procs")["procs"]
        assert [(p["oid"], p["why"]) for p in procs] == [
            (n["shell"], "runlist,cap,shape"), (n["pager"], "runlist,cap,shape")]
        info = dump_json(store, "info")
        assert info["ckpt_period_ms"] == 5000 and info["runlist"] == 2
        nodes = dump_json(store, "ls", "nodes")["nodes"]
        assert len(nodes) == nm["MAP_NODE_COUNT"]
        pages = dump_json(store, "ls", "pages")["pages"]
        assert len(pages) == nm["MAP_PAGE_COUNT"]


def test_store_with_a_set_log_size_checks_clean():
    """A map that sets the log size (`set log_mb 1;`) gives a store that
    checks clean, with a 256-block log in both roots."""
    with TempDir() as d:
        store, _ = compile_map(d, "set log_mb 1;\nnode a;\npage b { \"x\" }\n")
        rc, out, err = dump(store, "check")
        assert rc == 0, (out, err)
        log = [r for r in dump_json(store, "info")["regions"] if r["region"] == "log"][0]
        assert (log["start"], log["blocks"]) == (2, 256)
        roots = dump_json(store, "roots")["roots"]
        assert [r["state"] for r in roots] == ["valid,chosen", "valid"]


def test_names_from_the_map():
    """Processes are shown and found by the names the map gave them (the
    root's name slot), and so are NAME.capregs and NAME.space; other
    objects keep their OIDs.  graph draws an address space as one box
    unless --spaces asks for its Space nodes and pages."""
    with TempDir() as d:
        store, nm = compile_map(d, MAP)
        n = {k[8:]: oid(v) for k, v in nm.items() if k.startswith("MAP_OID_")}
        procs = dump_json(store, "ls", "procs")["procs"]
        assert [(p["oid"], p["name"]) for p in procs] == [(n["shell"], "shell"),
                                                          (n["pager"], "pager")]
        sh = dump_json(store, "proc", "shell")
        assert (sh["oid"], sh["name"]) == (n["shell"], "shell")
        assert dump_json(store, "node", "shell.capregs")["oid"] == oid(nm["MAP_CAPREGS_shell"])
        steps = dump_json(store, "path", "shell.capregs/1/2")["steps"]
        assert [(s["target"], s["target_name"]) for s in steps] == [
            (n["settings"], "-"), (n["shell"], "shell")]
        refs = dump_json(store, "refs", "pager")["refs"]
        assert sorted((r["holder"], r["holder_name"], r["slot"]) for r in refs) == [
            (n["fwd"], "-", 0), (n["shell"], "shell", 1), ("runlist", "-", 1)], refs
        rc, dot, err = dump(store, "graph", "shell")
        assert rc == 0, err
        space = oid(nm["MAP_SPACE_shell"])
        assert re.search(r'"%s" \[label="shell\.space\\n%s: \d+ pages" shape=folder\]'
                         % (space, space), dot), dot
        assert '[label="shell\\n%s" style=bold]' % n["shell"] in dot, dot
        assert '"%s" -> ' % space not in dot                 # not expanded
        rc, dot, err = dump(store, "graph", "shell", "--spaces")
        assert rc == 0 and '"%s" -> ' % space in dot, dot
        rc, out, err = dump(store, "proc", "nobody")
        assert rc == 16 and "'nobody' is neither an OID" in err, err


def test_bank_on_the_shipped_image():
    """bank on an image the space bank has not run on yet names its
    process and what it will adopt at its first start: every object
    cairn-mkimage made for disk-image/cairn.map."""
    with TempDir() as d:
        hdr = os.path.join(d, "names.h")
        subprocess.run([MKIMAGE, "-I", os.path.join(BUILD, "domains"), "--names", hdr, "-o",
                        os.path.join(d, "s"), os.path.join(ROOT, "disk-image", "cairn.map")],
                       check=True)
        nm = names(hdr)
    j = dump_json(IMAGE, "bank")
    assert (j["process"], j["process_name"]) == (oid(nm["MAP_OID_spacebank"]), "spacebank")
    assert j["will_adopt"] == "%d nodes, %d pages" % (nm["MAP_NODE_COUNT"], nm["MAP_PAGE_COUNT"])
    assert dump_json(IMAGE, "bank", "shell")["owner"] == "the prime bank, at its first start"
