# SPDX-License-Identifier: BSD-2-Clause
"""cairn-dump over hand-made stores (tests/lib/teststore.c): every command
decodes what the store holds, in text and JSON, one-shot, from a script
and from stdin, and the -w commands change only what they are asked to."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import (TempDir, make_store, dump, dump_json, Geometry, peek,  # noqa: E402
                        flip, DUMP)


def test_demo_store_checks_clean():
    """A sound store checks clean (exit 0) with a one-line clean summary."""
    with TempDir() as d:
        img = make_store(d)
        rc, out, err = dump(img, "check")
        assert rc == 0, (out, err)
        assert out.splitlines()[-1].startswith("clean: 0 errors"), out
        assert "root A generation 0" in err  # the banner is on stderr
        j = dump_json(img, "check")
        assert j["summary"]["status"] == "clean" and j["problems"] == []
        assert j["summary"]["nodes"] == "7/%d" % Geometry(img).node_count


def test_mbr_image_is_found():
    """In a disk image the store is found through its 0xca MBR partition."""
    with TempDir() as d:
        img = make_store(d, "disk", "--log", "--mbr")
        rc, out, err = dump(img, "info")
        assert rc == 0 and "MBR partition 2" in err, err
        j = dump_json(img, "info")
        assert j["partition"] == 2 and j["store_offset"] == 64 * 512
        assert dump(img, "check")[0] == 0


def test_ls_lists_allocated_objects_and_procs():
    """ls nodes/pages lists exactly the allocated objects; ls procs the
    run list's processes with the reason each counts as one."""
    with TempDir() as d:
        img = make_store(d)
        nodes = [r["oid"] for r in dump_json(img, "ls", "nodes")["nodes"]]
        assert nodes == ["n:%d" % i for i in range(7)]
        pages = dump_json(img, "ls", "pages")["pages"]
        assert [p["oid"] for p in pages] == ["p:0", "p:1", "p:2", "p:3"]
        assert [p["zero"] for p in pages] == [False, False, True, False]
        procs = dump_json(img, "ls", "procs")["procs"]
        assert [(p["oid"], p["why"], p["state"]) for p in procs] == [
            ("n:0", "runlist,shape", "running"), ("n:4", "runlist,cap,shape", "available")]


def test_node_slots_decoded_with_staleness():
    """node decodes every slot: type, badge, target, and stale-by-count."""
    with TempDir() as d:
        img = make_store(d)
        j = dump_json(img, "node", "n:3")
        assert len(j["slots"]) == 32
        s = j["slots"]
        assert (s[0]["type"], s[0]["status"]) == ("console", "-")
        assert (s[1]["type"], s[1]["badge"], s[1]["target"]) == ("start", 7, "n:4")
        assert s[3]["status"] == "stale (object count 2)"
        assert all(x["type"] == "void" for x in s[4:])
        assert dump_json(img, "node", "0x100000003") == j


def test_page_hexdump():
    """page prints the page's bytes as a hexdump."""
    with TempDir() as d:
        img = make_store(d)
        rc, out, _ = dump(img, "page", "p:0")
        assert rc == 0
        assert "0000\t43 41 49 52 4e 2d 43 4f  44 45 90 90 eb fe 00 00\tCAIRN-CODE......" in out
        j = dump_json(img, "page", "p:2")
        assert j["zero"] and len(j["data"]) == 256


def test_proc_decodes_state_registers_space_capregs():
    """proc shows run state, registers, the Space tree's mappings and the
    capability registers."""
    with TempDir() as d:
        img = make_store(d)
        j = dump_json(img, "proc", "n:0")
        assert j["state"]["run_state"] == "running"
        assert j["registers"]["eip"] == "0x00001000" and j["registers"]["esp"] == "0x00020000"
        sp = j["space"]
        assert (sp["height"], sp["space_nodes"], sp["pages"], sp["read_only_pages"]) == (2, 2, 3, 1)
        assert [(m["start"], m["pages"], m["access"]) for m in sp["mappings"]] == [
            ("0x00000000", 1, "ro"), ("0x00001000", 2, "rw")]
        assert j["capregs_node"] == "n:3" and j["capregs"][1]["type"] == "start"
        one = dump_json(img, "proc", "n:4")["space"]
        assert one["root"] == "page" and one["pages"] == 1


def test_cap_path_refs_graph():
    """cap decodes raw bytes; path follows slots; refs finds every holder;
    graph draws the run list's reachable objects, stale edges dashed."""
    with TempDir() as d:
        img = make_store(d)
        j = dump_json(img, "cap", "06000700", "01000000", "0400000001000000")
        assert (j["type"], j["badge"], j["target"], j["status"]) == ("start", 7, "n:4", "ok")
        steps = dump_json(img, "path", "n:0/2/2/0")["steps"]
        assert [s["target"] for s in steps] == ["n:3", "n:5", "n:5"]
        refs = dump_json(img, "refs", "n:4")["refs"]
        assert sorted((r["holder"], r["slot"]) for r in refs) == [
            ("n:3", 1), ("n:6", 0), ("runlist", 1)]
        rc, dot, _ = dump(img, "graph")
        assert rc == 0 and dot.startswith("digraph cairn {") and dot.rstrip().endswith("}")
        assert '"n:3" -> "p:3" [label="3 page (stale)" style=dashed color=red];' in dot
        g = dump_json(img, "graph", "n:5")
        assert [o["oid"] for o in g["objects"]] == ["n:5"]  # its self-loop, walked once


def test_log_generations_and_logdump():
    """generations walks the log's directory chain newest first, with each
    generation's first block and chain and the root's binding; logdump
    lists its entries; objects show their newest (log) version."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = dump_json(img, "generations")
        assert [(x["generation"], x["first_block"], x["first_dir"], x["chain"], x["entries"],
                 x["problem"]) for x in g["generations"]] == [
            (2, 3, 4, "4", 2, "-"), (1, 0, 2, "2", 2, "-")]
        assert (g["root"]["dir_block"], g["root"]["first_block"], g["root"]["log_head"],
                g["root"]["log_tail"], g["root"]["binding"]) == (4, 3, 5, 0, "ok")
        e = dump_json(img, "logdump")["entries"]
        assert [(x["generation"], x["oid"], x["type"]) for x in e] == [
            (2, "n:7", "node"), (2, "p:4", "zero-page"), (1, "n:5", "node"), (1, "p:1", "page")]
        assert [x["oid"] for x in dump_json(img, "logdump", "1")["entries"]] == ["n:5", "p:1"]
        n5 = dump_json(img, "node", "n:5")
        assert n5["where"] == "log:1" and n5["slots"][2]["target"] == "p:1"
        assert dump_json(img, "page", "p:1")["data"][0]["hex"].startswith("a5 a5")
        roots = dump_json(img, "roots")
        assert roots["chosen"] == "A"
        assert dump(img, "check")[0] == 0


def test_roots_show_what_they_bind():
    """roots shows both roots' generation, directory, its CRC, first log
    block, head, tail, time and boots; a fresh store has two twins of
    generation 0 with nothing to bind."""
    with TempDir() as d:
        img = make_store(d)
        a, b = dump_json(img, "roots")["roots"]
        assert (a["state"], b["state"]) == ("valid,chosen", "valid")
        assert a["dir_block"] == b["dir_block"] == "-" and a["first_block"] == "-"
        assert dump_json(img, "generations")["root"]["binding"] == "-"
        img = make_store(d, "log", "--log")
        a, b = dump_json(img, "roots")["roots"]
        assert (a["generation"], a["dir_block"], a["first_block"], a["log_head"], a["time_ms"]) == (
            2, 4, 3, 5, 2000)
        assert (b["generation"], b["dir_block"], b["first_block"], b["log_head"]) == (1, 2, 0, 3)
        assert a["dir_crc"] != "0x00000000" and a["boots"] == 0
        info = dump_json(img, "info")
        assert info["log"]["binding"] == "ok" and info["time_ms"] == 2000


def test_wrapped_log_checks_clean():
    """A log whose first generation wraps round the end of the log area
    walks and checks like any other."""
    with TempDir() as d:
        img = make_store(d, "store", "--wrap")
        n = Geometry(img).log_blocks
        assert dump(img, "check")[0] == 0
        g = dump_json(img, "generations")
        assert [(x["generation"], x["first_block"], x["chain"]) for x in g["generations"]] == [
            (2, 1, "2"), (1, n - 2, "0")]
        assert (g["root"]["log_tail"], g["root"]["log_head"]) == (n - 2, 3)
        assert dump_json(img, "node", "n:5")["where"] == "log:1"
        assert dump_json(img, "page", "p:1")["block"] == Geometry(img).log_start + n - 1


def test_script_stdin_and_interactive_forms():
    """The same commands run from -f FILE, from stdin (-f -) and, with no
    command, from stdin; the status is the OR of every command's."""
    with TempDir() as d:
        img = make_store(d)
        script = os.path.join(d, "cmds")
        with open(script, "w") as f:
            f.write("# a comment\nnode n:4\n\nls procs --json\n")
        rc, out, err = dump("-f", script, img)
        assert rc == 0, err
        lines = out.splitlines()
        assert lines[:2] == ["cairn-dump> node n:4", "oid\tn:4"]      # each output headed
        assert lines[-3:-1] == ["", "cairn-dump> ls procs --json"]   # after a blank line
        assert json.loads(lines[-1])["procs"][1]["oid"] == "n:4"
        rc, out, err = dump("--json", "-f", script, img)             # JSON: no headings
        assert rc == 0 and [json.loads(x)["command"] for x in out.splitlines()] == ["node", "ls"]
        rc, out, err = dump(img, "-f", "-", stdin="roots\nnosuch\n")
        assert rc == 16 and "unknown command 'nosuch'" in err and "chosen\tA" in out
        rc, out, err = dump(img, stdin="info\nquit\nnode n:0\n")
        assert rc == 0 and "total_blocks\t256" in out and "oid\tn:0" not in out


def test_usage_errors_exit_16():
    """Bad commands, arguments and OIDs exit 16; a write without -w too."""
    with TempDir() as d:
        img = make_store(d)
        for args in (["nosuch"], ["node"], ["node", "p:1"], ["node", "5"], ["ls", "things"],
                     ["cap", "12"], ["set-slot", "n:5", "1", "void"]):
            rc, out, err = dump(img, *args)
            assert rc == 16, (args, rc, out, err)
        rc, _, err = dump(img, "node", "n:999999")
        assert rc == 8 and "not in this store" in err


def test_write_commands_change_only_their_target():
    """-w set-slot writes one slot and reseals the node; reseal repairs a
    deliberate edit; the store checks clean after each."""
    with TempDir() as d:
        img = make_store(d)
        geo = Geometry(img)
        before = peek(img, 0, os.path.getsize(img))
        rc, out, err = dump(img, "-w", "set-slot", "n:5", "3", "page", "p:3")
        assert rc == 0, err
        s = dump_json(img, "node", "n:5")["slots"][3]
        assert (s["type"], s["target"], s["count"], s["status"]) == ("page", "p:3", 2, "ok")
        after = peek(img, 0, os.path.getsize(img))
        changed = [i for i in range(len(before)) if before[i] != after[i]]
        assert changed and all(geo.node(5) <= i < geo.node(6) for i in changed), changed[:5]
        assert dump(img, "check")[0] == 0
        flip(img, geo.frame(0) + 100)
        assert dump(img, "check")[0] == 4
        assert dump(img, "-w", "reseal", "page", "p:0")[0] == 0
        assert dump(img, "check")[0] == 0
        flip(img, geo.tag_block(0) + 16 + 16 * 3)        # p:3's count, in its tag
        assert dump(img, "check")[0] == 4
        assert dump(img, "-w", "reseal", "tag", "0")[0] == 0
        assert dump(img, "check")[0] == 0
        rc, _, err = dump(img, "-w", "set-slot", "n:5", "3", "number", "1", "2", "3")
        assert rc == 0 and dump_json(img, "node", "n:5")["slots"][3]["type"] == "number"


def test_write_refuses_objects_with_log_copies():
    """-w refuses to edit the home of a node whose current copy is in the log."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        rc, _, err = dump(img, "-w", "set-slot", "n:5", "3", "void")
        assert rc == 8 and "newer copy in log generation 1" in err


def test_interactive_prompt_on_a_tty():
    """With no command and a terminal on stdin, cairn-dump prompts on
    stderr and runs each line until quit."""
    import pty
    import subprocess
    from cairnstore import DUMP
    with TempDir() as d:
        img = make_store(d)
        master, slave = pty.openpty()
        p = subprocess.Popen([DUMP, img], stdin=slave, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        os.close(slave)
        os.write(master, b"roots\nnode n:4 --json\nquit\n")
        out, err = p.communicate(timeout=20)
        os.close(master)
        assert p.returncode == 0, err
        assert err.count("cairn-dump> ") == 3, err
        assert "chosen\tA" in out and json.loads(out.splitlines()[-1])["oid"] == "n:4"


def test_reseal_root_repairs_a_root_with_no_valid_root_left():
    """-w reseal root A works even when no root is valid (it needs no
    geometry); the store then checks clean again."""
    from cairnstore import flip as _flip
    with TempDir() as d:
        img = make_store(d)
        _flip(img, Geometry(img).root(0) + 4000)
        assert dump(img, "check")[0] == 4
        rc, _, err = dump(img, "-w", "reseal", "root", "A")
        assert rc == 0, err
        assert dump(img, "check")[0] == 0


def test_check_time_grows_linearly():
    """check of a 64 MiB store with every node and page allocated stays far
    under a second per 64 MiB (the 1 GiB figure in docs/cairn-dump.md is
    ~2.3 s); the bound is loose, to catch quadratic behaviour, not noise."""
    import time
    with TempDir() as d:
        img = make_store(d, "full", "--blocks", "16384", "--fill")
        t0 = time.monotonic()
        rc, out, err = dump(img, "check")
        secs = time.monotonic() - t0
        assert rc == 0, err
        assert "clean: 0 errors, 0 warnings, 25081/25081 nodes" in out, out[-300:]
        assert secs < 3.0, secs


def test_options_version_and_request():
    """--version names the tool and the store format it reads; an unknown
    option is named (exit 16); -R CMD runs one command as debugfs -R
    does, exactly as the command given after the image."""
    with TempDir() as d:
        img = make_store(d)
        rc, out, _ = dump("--version")
        assert rc == 0 and re.fullmatch(r"cairn-dump \(Cairn [\d.]+\), store format version 2\n",
                                        out), out
        rc, out, err = dump("--frobnicate", img)
        assert rc == 16 and "unknown option '--frobnicate' (cairn-dump --help lists them)" in err
        rc, _, err = dump(img, "-R")
        assert rc == 16 and "-R needs a value" in err, err
        assert dump("-R", "node n:4", img)[:2] == dump(img, "node", "n:4")[:2]
        rc, _, err = dump("-R", "info", img, "roots")
        assert rc == 16 and "give one of a command, -R or -f" in err, err


def test_interactive_prompt_edits_and_remembers():
    """On a terminal the prompt edits lines and keeps a history across
    sessions (libedit): up recalls earlier lines, here in a second
    session from the history file."""
    with TempDir() as d:
        img = make_store(d)
        hist = os.path.join(d, "history")
        out = on_a_terminal([img], "ls procs\r" + "quit\r", hist)
        assert out.count("n:4\t") == 1, out
        out = on_a_terminal([img], "\x1b[A\x1b[A\r" + "quit\r", hist)   # up past quit, Enter
        assert out.count("n:4\t") == 1, out                               # ls procs again
        with open(hist) as f:
            assert "ls procs" in f.read().replace("\\040", " ")    # libedit's encoding


def on_a_terminal(args, keys, hist):
    """Run cairn-dump with a pseudo-terminal as its stdin and stdout, type
    keys; everything it wrote."""
    import pty
    import subprocess
    import time
    master, slave = pty.openpty()
    env = dict(os.environ, CAIRN_DUMP_HISTORY=hist, TERM="vt100")
    p = subprocess.Popen([DUMP] + args, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    out = b""
    time.sleep(0.5)
    os.write(master, keys.encode())
    deadline = time.monotonic() + 20
    while p.poll() is None and time.monotonic() < deadline:
        out += read_some(master)
    out += read_some(master)
    os.close(master)
    assert p.wait(timeout=5) == 0, out
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def read_some(fd):
    import select
    if not select.select([fd], [], [], 0.2)[0]:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""
