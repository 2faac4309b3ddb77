# SPDX-License-Identifier: BSD-2-Clause
"""Corruption tests: damage one thing in a sound hand-made store and check
that `cairn-dump check` exits 4 (errors) or 8 (no store to speak of),
names the damaged object, and that no command crashes or hangs on it."""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import (TempDir, make_store, dump, dump_json, Geometry, flip,  # noqa: E402
                        poke, peek, reseal, reseal_root, zero_block, BLOCK, NODE_SIZE)

EVERY_COMMAND = [["info"], ["roots"], ["generations"], ["logdump"], ["ls", "nodes"],
                 ["ls", "pages"], ["ls", "procs"], ["node", "n:0"], ["node", "n:5"],
                 ["node", "n:7"], ["page", "p:0"], ["page", "p:1"], ["proc", "n:0"],
                 ["proc", "n:4"], ["refs", "n:5"], ["graph"], ["graph", "n:0"],
                 ["path", "n:0/2/2/0"], ["check"]]


def no_command_crashes(img):
    for args in EVERY_COMMAND:
        for js in (False, True):
            rc, out, err = dump(img, *args, json_out=js, timeout=20)
            assert rc in (0, 4, 8), (args, rc, err)


def check_finds(img, *needles, status=4):
    rc, out, err = dump(img, "check")
    assert rc == status, (rc, out, err)
    for n in needles:
        assert n in out + err, (n, out, err)
    no_command_crashes(img)
    return out


def test_flipped_node_record_named():
    """One flipped byte in a pot's node record: exit 4, names the node."""
    with TempDir() as d:
        img = make_store(d)
        flip(img, Geometry(img).node(3) + 40)
        out = check_finds(img, "node n:3 (0x100000003)", "CRC mismatch")
        assert "ERRORS FOUND: 1 errors" in out
        j = dump_json(img, "node", "n:3")
        assert j["problem"] == "CRC mismatch"
        rc, out, _ = dump(img, "ls", "nodes")       # listing a damaged object: exit 4
        assert rc == 4 and "n:3\t0x100000003\t" in out and "CRC mismatch" in out, (rc, out)
        assert dump(img, "ls", "pages")[0] == 0


def test_flipped_pot_header_named():
    """A damaged pot header: exit 4, names the pot and its block."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        flip(img, g.block(g.pot_start), 0x80)
        check_finds(img, "pot 0\t%d\tpot has a bad magic number" % g.pot_start)


def test_flipped_root_named():
    """A flipped byte in root A: exit 4, 'root A', and its twin root B
    (generation 0 too) is used; with both roots damaged no root is valid."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        flip(img, g.root(0) + 300)
        check_finds(img, "root A\t0\tCRC mismatch")
        assert dump_json(img, "roots")["chosen"] == "B"
        flip(img, g.root(1) + 300)
        check_finds(img, "root B\t1\tCRC mismatch", "no valid root")
        rc, _, err = dump(img, "ls", "nodes")
        assert rc == 8 and "no valid root" in err


def test_torn_newer_root_falls_back_and_is_reported():
    """With a torn root A (generation 2) the older root B (generation 1) is
    used, its log still walks cleanly; check reports root A."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        flip(img, Geometry(img).root(0) + 40)
        out = check_finds(img, "root A\t0\tCRC mismatch (torn or damaged)")
        assert "ERRORS FOUND: 1 errors" in out, out
        assert dump_json(img, "roots")["chosen"] == "B"
        gens = dump_json(img, "generations")
        assert gens["current"] == 1 and [x["generation"] for x in gens["generations"]] == [1]


def test_flipped_tag_block_named():
    """A flipped byte in a tag block's header: exit 4, names the tag block."""
    with TempDir() as d:
        img = make_store(d)
        flip(img, Geometry(img).tag_block(0) + 1)
        check_finds(img, "tag block 0", "tag block has a bad magic number")


def test_torn_tag_names_only_its_page():
    """One torn tag (a byte flipped inside it) is one error naming that
    page; the tags beside it, and their pages, are still good."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        flip(img, g.tag_block(0) + 16 + 16 * 1 + 2)       # p:1's tag
        out = check_finds(img, "page p:1 (0x200000001)\t%d\ttag CRC mismatch" % g.tag_start)
        assert "ERRORS FOUND: 1 errors" in out, out
        assert dump_json(img, "page", "p:0")["problem"] == "-"
        assert dump_json(img, "page", "p:2")["problem"] == "-"


def test_flipped_page_frame_named():
    """A flipped byte in a page frame: exit 4, names the page."""
    with TempDir() as d:
        img = make_store(d)
        flip(img, Geometry(img).frame(3) + 4095)
        check_finds(img, "page p:3 (0x200000003)", "page frame: CRC mismatch")


def test_flipped_directory_block_named():
    """A flipped byte in a log directory block: exit 4, names the log
    block and generation; the older generation is no longer reachable."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        flip(img, g.log(4) + 100)
        check_finds(img, "generation 2: directory block: CRC mismatch", "\t%d\t" % (g.log_start + 4))


def test_flipped_log_node_record_named():
    """A flipped byte in a node record in the log: names the node and its
    generation."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        flip(img, g.log(3) + 32 + 0 * NODE_SIZE + 50)
        check_finds(img, "node n:7 (0x100000007)", "generation 2", "CRC mismatch")


def test_flipped_log_page_named():
    """A flipped byte in a page record in the log: names the page."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        flip(img, Geometry(img).log(1) + 7)
        check_finds(img, "page p:1 (0x200000001)", "log page record: CRC mismatch")


def test_truncated_store():
    """A truncated store: half of it is 'total_blocks does not match'
    (exit 4); shorter than the roots is an operational error (exit 8)."""
    with TempDir() as d:
        img = make_store(d)
        size = os.path.getsize(img)
        os.truncate(img, size // 2 + 123)
        check_finds(img, "root A", "total_blocks does not match the partition")
        os.truncate(img, BLOCK + 10)
        check_finds(img, "shorter than its two root blocks", status=8)
        os.truncate(img, 0)
        check_finds(img, "empty", status=8)


def test_truncated_disk_image():
    """A disk image cut inside its store partition: exit 4, names the root."""
    with TempDir() as d:
        img = make_store(d, "disk", "--mbr")
        os.truncate(img, os.path.getsize(img) - 5 * BLOCK)
        check_finds(img, "root A", "total_blocks does not match")


def test_wrong_magic_and_garbage():
    """Wrong root magic in a bare store, or random bytes: exit 8 with a
    message that says no store was found."""
    with TempDir() as d:
        img = make_store(d)
        poke(img, 0, b"CAIRNXXX")
        check_finds(img, "root A\t0\tbad magic")          # root B still finds the store
        poke(img, BLOCK, b"CAIRNXXX")
        check_finds(img, "no store", status=8)
        rnd = random.Random(7)
        with open(img, "wb") as f:
            f.write(bytes(rnd.randrange(256) for _ in range(64 * BLOCK)))
        check_finds(img, "no store", status=8)


def test_unknown_version_refused_clearly():
    """A root of another format version is refused, saying which version."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        poke(img, g.root(0) + 8, struct.pack("<I", 7))
        reseal_root(img, g, 0)
        check_finds(img, "unknown format version: version 7, this cairn-dump reads version 2")


def test_absurd_geometry_and_counts():
    """Absurd sizes in a resealed root (geometry, log head, run list count)
    make the root invalid (exit 4), never an out-of-bounds read."""
    cases = [(32, struct.pack("<I", 0xFFFFFFF0), "total_blocks does not match"),
             (44, struct.pack("<I", 0x7FFFFFFF), "pots do not follow the log"),
             (72, struct.pack("<I", 0xFFFFFFFE), "log head or tail out of range"),
             (80, struct.pack("<I", 99999), "directory block out of range"),
             (96, struct.pack("<I", 100000), "run list longer than its array")]
    for off, data, why in cases:
        with TempDir() as d:
            img = make_store(d)
            g = Geometry(img)
            poke(img, g.root(0) + off, data)
            reseal_root(img, g, 0)
            check_finds(img, "root A", why)


def test_capability_out_of_range_named():
    """A resealed node whose slot names an object past the store: exit 4,
    names the holder and slot."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        poke(img, g.node(5) + 32 + 16 * 4, struct.pack("<IIQ", 2, 1, 0x1000F0000))
        reseal(img, g.node(5), NODE_SIZE, 28)
        check_finds(img, "node n:5 (0x100000005)", "slot 4: capability target out of range")


def test_loops_in_directory_chain_end():
    """Directory links that loop (a block naming itself as next, or a
    generation naming a newer one as previous) end the walk with a message,
    even with every CRC and link resealed (cairn-dump -w reseal dir)."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.log(2) + 24, struct.pack("<I", 2))   # gen 1: next_block = itself
        assert dump(img, "-w", "reseal", "dir", "2")[0] == 0
        check_finds(img, "generation 1: directory block: not the one its link names")
        poke(img, g.log(2) + 24, struct.pack("<IIQ", 0xFFFFFFFF, 4, 2))  # prev = gen 2
        assert dump(img, "-w", "reseal", "dir", "2")[0] == 0
        check_finds(img, "generation 1: previous generation is not older")


def test_loops_in_space_tree_end():
    """A Space node that names itself (same height) is reported by proc as
    a bad height instead of being walked forever."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        poke(img, g.node(1) + 32 + 16, struct.pack("<IIQ", 4 | 2 << 16, 1, 0x100000001))
        reseal(img, g.node(1), NODE_SIZE, 28)
        rc, out, err = dump(img, "check")  # a sound store with a bad space: a warning
        assert rc == 0 and ("warning\tnode n:0 (0x100000000)\t-\taddress space: "
                            "0x00020000: bad Space height") in out, out
        sp = dump_json(img, "proc", "n:0")["space"]
        assert sp["problems"] == 1 and "bad Space height" in sp["problem_list"][0]["problem"]


def test_random_byte_flips_never_crash():
    """Many random single-byte flips over a store with a log: every command
    exits 0, 4 or 8 (never a signal, never a hang)."""
    rnd = random.Random(1234)
    with TempDir() as d:
        clean = make_store(d, "clean", "--log")
        data = peek(clean, 0, os.path.getsize(clean))
        g = Geometry(clean)
        hot = [g.root(0), g.root(1), g.log(0), g.log(2), g.log(4), g.node(0),
               g.tag_block(0), g.frame(0)]
        img = os.path.join(d, "img")
        for _ in range(12):
            with open(img, "wb") as f:
                f.write(data)
            base = rnd.choice(hot)
            for _ in range(3):
                flip(img, base + rnd.randrange(BLOCK), 1 << rnd.randrange(8))
            for args in (["check"], ["ls", "procs"], ["proc", "n:0"], ["graph"], ["logdump"]):
                rc, _, err = dump(img, *args, timeout=20)
                assert rc in (0, 4, 8), (args, rc, err)


def test_root_log_fields_disagree_with_the_log():
    """A resealed root whose dir_entries, log head or log tail disagree with
    the log it names: exit 4, says which and where."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.root(0) + 84, struct.pack("<I", 3))  # dir_entries
        reseal_root(img, g, 0)
        check_finds(img, "root A\t0\tdir_entries differs from its generation's directory")
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.root(0) + 72, struct.pack("<I", 6))  # log_head one past gen 2's end
        reseal_root(img, g, 0)
        check_finds(img, "root A\t0\tlog_head is not the block after its generation's last")
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.root(0) + 76, struct.pack("<I", 1))  # log_tail: gen 1's node block not live
        reseal_root(img, g, 0)
        check_finds(img, "root A\t0\tlog_tail is not the first block of the oldest",
                    "node n:5 (0x100000005)", "log block outside the live log")
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.root(0) + 72, struct.pack("<I", 4))  # log_head: gen 2's directory not live
        reseal_root(img, g, 0)
        check_finds(img, "generation 2: directory block outside the live log")
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        poke(img, g.root(0) + 116, struct.pack("<I", 0))  # gen_first_block: 0, not 3
        reseal_root(img, g, 0)
        check_finds(img, "generation 2: directory names another first log block than the root")
        assert "names another first log block" in dump_json(img, "generations")["root"]["binding"]


def test_oid_named_twice_in_one_generation():
    """A directory that names the same object twice in one generation is
    an error naming the object."""
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        g = Geometry(img)
        entry0 = peek(img, g.log(2) + 64, 32)           # gen 1: n:5
        poke(img, g.log(2) + 64 + 32, entry0)            # overwrite the p:1 entry
        assert dump(img, "-w", "reseal", "dir", "2")[0] == 0
        check_finds(img, "node n:5 (0x100000005)", "generation 1 names it twice")


# ------------------------------------------- zero blocks are damage (v2)

def test_zeroed_pot_is_damage():
    """A pot of zeros (a lost write) is damage: exit 4, names the pot, and
    its nodes show as damaged, never as free."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        zero_block(img, g.block(g.pot_start))
        check_finds(img, "pot 0\t%d\tpot is all zero (lost write or damage)" % g.pot_start)
        assert dump_json(img, "node", "n:3")["problem"] == "pot is all zero (lost write or damage)"
        zero_block(img, g.block(g.pot_start + 5))           # a pot of free records only
        check_finds(img, "pot 5\t%d\tpot is all zero" % (g.pot_start + 5))


def test_zeroed_tag_block_is_damage():
    """A tag block of zeros is damage: exit 4, one error for the block."""
    with TempDir() as d:
        img = make_store(d)
        g = Geometry(img)
        zero_block(img, g.tag_block(0))
        out = check_finds(img, "tag block 0\t%d\ttag block is all zero (lost write or damage)"
                          % g.tag_start)
        assert "ERRORS FOUND: 1 errors" in out, out


def test_zeroed_root_is_damage():
    """A root of zeros is damage, not 'never written': exit 4, names it,
    and the other root is used."""
    with TempDir() as d:
        img = make_store(d)
        zero_block(img, Geometry(img).root(1))
        check_finds(img, "root B\t1\tall zero (lost write or damage)")
        assert dump_json(img, "roots")["roots"][1]["state"] == "invalid"
    with TempDir() as d:
        img = make_store(d, "store", "--log")
        zero_block(img, Geometry(img).root(0))          # generation 2's root
        check_finds(img, "root A\t0\tall zero (lost write or damage)")
        assert dump_json(img, "info")["generation"] == 1


def test_zeroed_log_blocks_are_damage():
    """A zeroed block that a committed directory names (node block, page,
    directory) is damage: exit 4 and names what it held."""
    cases = [(3, ["node n:7 (0x100000007)", "log node block is all zero (lost write or damage)"]),
             (1, ["page p:1 (0x200000001)", "log page record is all zero (lost write or damage)"]),
             (2, ["generation 1: directory block is all zero (lost write or damage)"]),
             (4, ["generation 2: directory block is all zero (lost write or damage)"])]
    for rel, needles in cases:
        with TempDir() as d:
            img = make_store(d, "store", "--log")
            zero_block(img, Geometry(img).log(rel))
            check_finds(img, *needles)
    with TempDir() as d:                                 # a log that wraps round its end
        img = make_store(d, "store", "--wrap")
        g = Geometry(img)
        zero_block(img, g.log(0))                        # gen 1's directory, after the wrap
        check_finds(img, "generation 1: directory block is all zero")
