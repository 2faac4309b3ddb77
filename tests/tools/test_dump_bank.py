# SPDX-License-Identifier: BSD-2-Clause
"""cairn-dump's view of the space bank (disk-image/dump_bank.c): `bank`
finds the bank's tables through its process's Space tree and says who
owns an object; `check` compares the bank's records with the objects.

Until checkpoints exist no store holds a bank that has run, so the
store here is made by cairn-mkimage from a generated map: a process
whose hand-built Space tree maps, at the addresses of
spacebank/format.h, pages holding a header, a bank table and records
that describe the map's own objects."""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import TempDir, dump, dump_json, BUILD  # noqa: E402

MKIMAGE = os.path.join(BUILD, "cairn-mkimage")
NODES, PAGES = 13, 4            # what the map below makes
FREE_NODE = 13                  # a record on the free list, object never made
SUB_NODE, SUB_COUNT = 12, 5     # the one node of sub-bank 3

TREE = """
process sb { space space sbroot height 4; }
node sbroot { 2: space h3a height 3; 3: space h3b height 3; 4: space h3c height 3; }
node h3a { 0: space h2a height 2; }
node h2a { 0: space h1a height 1; }
node h1a { 0: page hdr; 1: page banks; }
node h3b { 0: space h2b height 2; }
node h2b { 0: space h1b height 1; }
node h1b { 0: page noderecs; }
node h3c { 0: space h2c height 2; }
node h2c { 0: space h1c height 1; }
node h1c { 0: page pagerecs; }
node extra alloc %d;
run sb;
""" % SUB_COUNT


def page(name, data):
    items = ["at %d u32 %d" % (i, struct.unpack_from("<I", data, i)[0])
             for i in range(0, len(data), 4) if data[i:i + 4] != b"\0\0\0\0"]
    return "page %s { %s }\n" % (name, " ".join(items) or "0")


def records(owners, counts):
    """owners[i]: bank id of object i; lists threaded in index order.
    Returns the records and each owner's list head (index + 1)."""
    out, last, first = bytearray(16 * len(owners)), {}, {}
    for i, o in enumerate(owners):
        prev = last.get(o, 0)
        struct.pack_into("<HHIII", out, 16 * i, o, 0, 0, prev, counts[i])
        if prev:
            struct.pack_into("<I", out, 16 * (prev - 1) + 4, i + 1)
        last[o] = i + 1
        first.setdefault(o, i + 1)
    return bytes(out), first


def bank(parent, child, limit_nodes, usage, owned, head):
    return struct.pack("<HHHH10I", parent, child, 0, 1, limit_nodes, 0xffffffff,
                       usage[0], usage[1], owned[0], owned[1], head[0], head[1], 0, 0)


def make_map(geo, node_count=None, in_request=0, sub_owner=3, owners=None,
             bank_ids=4, mapped=4096):
    counts = [0] * 12 + [SUB_COUNT if node_count is None else node_count] + [0]
    owners = owners or [2] * 12 + [sub_owner] + [0]
    nrec, nheads = records(owners, counts)
    prec, pheads = records([2] * PAGES, [0] * PAGES)
    head = lambda h, o: h.get(o, 0)  # noqa: E731
    banks = (bank(0, 0, 0xffffffff, (0, 0), (1, 0), (head(nheads, 0), 0)) +
             bank(0, 0, 0xffffffff, (0, 0), (0, 0), (0, 0)) +
             bank(0, 3, 0xffffffff, (13, 4), (12, 4), (head(nheads, 2), head(pheads, 2))) +
             bank(2, 0, 10, (1, 0), (1, 0), (head(nheads, 3), 0)))
    hdr = struct.pack("<8s4I6I3I3I3I7I", b"CairnSB", 2, 112, 16, 48,
                      geo[0], geo[1], NODES, PAGES, NODES + 1, PAGES,
                      4096, mapped, 4096, 0x10001000, 0x18000000, 0x20000000,
                      bank_ids, 4, in_request, *[0] * 7)
    assert len(hdr) == 112
    return (TREE + page("hdr", hdr) + page("banks", banks) +
            page("noderecs", nrec) + page("pagerecs", prec))


def build(d, name, **kw):
    geo = kw.pop("geo", (0, 0))
    path = os.path.join(d, name + ".map")
    with open(path, "w") as f:
        f.write(make_map(geo, **kw))
    out = os.path.join(d, name + ".bin")
    subprocess.run([MKIMAGE, "--size", "1", "-o", out, path], check=True)
    return out


def fixture(d, **kw):
    first = build(d, "probe")
    objs = dump_json(first, "info")["objects"]
    geo = tuple(int(objs[k].split("/")[1]) for k in ("nodes", "pages"))
    return build(d, "bank", geo=geo, **kw)


def test_bank_tables_are_found_and_shown():
    """`bank` finds the header through the process's Space tree and lists
    the live banks; `bank OID` names the owner and both counts."""
    with TempDir() as d:
        img = fixture(d)
        j = dump_json(img, "bank")
        assert j["process"] == "n:0" and j["bank_ids"] == 4, j
        assert [(b["id"], b["parent"], b["nodes"]) for b in j["banks"]] == [(2, 0, 13), (3, 2, 1)]
        o = dump_json(img, "bank", "n:%d" % SUB_NODE)
        assert (o["owner"], o["recorded_count"], o["count"], o["allocated"]) == \
            ("bank 3", SUB_COUNT, SUB_COUNT, True), o
        assert dump_json(img, "bank", "n:%d" % FREE_NODE)["owner"] == "free"
        assert dump_json(img, "bank", "n:40")["owner"] == "never allocated by the bank"
        rc, out, err = dump(img, "check")
        assert rc == 0, out
        assert dump_json(img, "check")["summary"]["space_bank_checked"] is True


def test_check_finds_records_that_disagree():
    """A record whose count differs from its object's, or that owns an
    object that is free, is an error; mid-request only a warning."""
    with TempDir() as d:
        img = fixture(d, node_count=SUB_COUNT + 1)
        rc, out, _ = dump(img, "check")
        assert rc == 4 and "allocation count differs from the space bank's record" in out, out
        img = fixture(d, sub_owner=0)
        rc, out, _ = dump(img, "check")
        assert rc == 4 and "allocated, but free in the space bank's records" in out, out
        img = fixture(d, node_count=SUB_COUNT + 1, in_request=1)
        rc, out, _ = dump(img, "check")
        assert rc == 0 and "warning" in out, out


def test_no_bank_is_not_an_error():
    """A store whose bank never ran: `bank` says so, `check` is clean."""
    with TempDir() as d:
        with open(os.path.join(d, "plain.map"), "w") as f:
            f.write("node a;\n")
        img = os.path.join(d, "plain.bin")
        subprocess.run([MKIMAGE, "--size", "1", "-o", img, os.path.join(d, "plain.map")], check=True)
        rc, _, err = dump(img, "bank")
        assert rc == 8 and "no process has a space bank header" in err
        assert json.loads(dump(img, "check", json_out=True)[1])["summary"]["space_bank_checked"] is False


def test_hostile_tables_never_crash():
    """Records naming banks that do not exist, absurd table sizes and bank
    counts: `bank` and `check` report, exit 0, 4 or 8, and never crash."""
    import random
    rnd = random.Random(6)
    with TempDir() as d:
        variants = [dict(owners=[rnd.choice([0, 1, 2, 3, 4, 99, 4095, 65535])
                                 for _ in range(NODES + 1)]) for _ in range(4)]
        variants += [dict(bank_ids=5000), dict(mapped=0x7ffff000), dict(mapped=0)]
        for kw in variants:
            img = fixture(d, **kw)
            for cmd in (["bank"], ["bank", "n:12"], ["check"]):
                rc, out, err = dump(img, *cmd)
                assert rc in (0, 4, 8), (kw, cmd, rc, err)
        rc, out, _ = dump(fixture(d, owners=[2] * 12 + [99] + [0]), "check")
        assert rc == 4 and "names a bank that does not exist" in out, out
        rc, _, err = dump(fixture(d, bank_ids=5000), "bank")
        assert rc == 8 and "bank count" in err, err
        rc, out, _ = dump(fixture(d, mapped=0), "check")
        assert rc == 4 and "record unreadable" in out, out
