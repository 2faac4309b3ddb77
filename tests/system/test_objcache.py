# SPDX-License-Identifier: BSD-2-Clause
"""The object cache in the test kernel, against the store cairn-mkimage
built from disk-image/test.map: rescind cost, eviction under a small
cache, dirty objects, and a damaged object on disk."""
import os
import re
import shutil
import subprocess
import tempfile
from qemu import BUILD
from suite import run_suite
from cairnstore import Geometry, flip

TEST_IMAGE = os.path.join(BUILD, "cairn-test.img")


def map_oid(name):
    with open(os.path.join(BUILD, "test-map.h")) as f:
        m = re.search(r"#define MAP_OID_%s (0x[0-9a-fA-F]+)ULL" % name, f.read())
    return int(m.group(1), 16)


def test_rescind_cost_does_not_grow_with_copies():
    """Under -icount shift=0 rdtsc counts instructions: rescinding an object
    with 10,000 stored copies costs what rescinding one with one copy
    costs (within 5%), and every copy is void afterwards."""
    out = run_suite(TEST_IMAGE, "KTEST", cmdline="test=rescind_is_o1 icount",
                    icount=True, timeout=180)
    m = re.search(r"rescind cost: 1 copy (\d+) instructions, 10000 copies (\d+) instructions", out)
    assert m, out[-2000:]
    one, many = int(m.group(1)), int(m.group(2))
    print("rescind: %d instructions with 1 copy, %d with 10,000 copies" % (one, many))
    assert abs(one - many) * 20 <= one, (one, many)
    assert "rescind voided 10000 of 10000 copies" in out


def test_eviction_under_a_small_cache():
    """With a 16-node cache, reading 48 distinct nodes twice evicts and
    faults them back intact."""
    out = run_suite(TEST_IMAGE, "KTEST", timeout=120,
                    cmdline="test=eviction_small_pool objcache.nodes=16 objcache.pages=16")
    m = re.search(r"eviction: pool (\d+) nodes, (\d+) faults, (\d+) evictions", out)
    assert m and int(m.group(1)) == 16, out[-2000:]
    assert int(m.group(2)) >= 96 and int(m.group(3)) >= 96 - 16, out[-2000:]


def test_dirty_objects_are_not_evicted():
    """A cache full of dirty nodes refuses a new fault (RC_NO_SPACE) rather
    than evicting a dirty object."""
    out = run_suite(TEST_IMAGE, "KTEST", timeout=120,
                    cmdline="test=dirty_objects_stay objcache.nodes=16 objcache.pages=16")
    assert re.search(r"dirty: pool 16 nodes, \d+ created before rc=6", out), out[-2000:]


def test_damaged_node_is_refused_and_named():
    """A node record with one flipped byte on disk is reported with its OID
    and never used."""
    tmp = tempfile.mkdtemp(prefix="cairn-damaged-")
    try:
        img = os.path.join(tmp, "disk.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, img], check=True)
        oid = map_oid("t_damaged")
        flip(img, Geometry(img).node(oid & 0xffffffff) + 32 + 8)
        out = run_suite(img, "KTEST", cmdline="test=damaged_object_refused", timeout=120)
        assert "objstore: object %#x" % oid in out and "CRC mismatch; not used" in out, out[-2000:]
    finally:
        shutil.rmtree(tmp)
