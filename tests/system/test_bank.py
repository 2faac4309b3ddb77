# SPDX-License-Identifier: BSD-2-Clause
"""The space bank, in the guest: build/cairn-utest-bank.img runs
spacebank (spacebank/) with the tests of domains/utest-bank and their
partner bank-holder (disk-image/utest-bank.map)."""
import os
import re
import subprocess
import tempfile
from cairnstore import Geometry, dump_json, flip
from qemu import BUILD
from suite import run_suite

IMAGE = os.path.join(BUILD, "cairn-utest-bank.img")
BENCH_IMAGE = os.path.join(BUILD, "bench", "cairn-utest-bank.img")   # product kernel


def test_bank_suite():
    """Every in-guest bank test passes, and 10,000 nodes held by another
    process are all void after their sub-bank is destroyed with its space.
    Over 10,000 banks are made and destroyed, and the stale capabilities
    kept of some of them (one of a bank whose id was given again) are
    void for every order (test_ids.c)."""
    out = run_suite(IMAGE, "UTEST", timeout=300, min_tests=10)
    assert "spacebank: store of" in out
    assert "BANK damage: none" in out
    m = re.search(r"^BANK ids: (\d+) banks made and destroyed, (\d+) rdtsc each; "
                  r"(\d+) stale capabilities void", out, re.M)
    assert m and int(m.group(1)) > 10000 and int(m.group(3)) >= 3, out[-2000:]
    print(m.group(0))
    m = re.search(r"^BANK destroy_with_space: (\d+) of (\d+) capabilities", out, re.M)
    assert m, out[-2000:]
    print(m.group(0))
    assert m.group(1) == m.group(2) == "10000"


def test_bank_benchmark_counts_instructions():
    """Under -icount shift=0 rdtsc counts guest instructions: the cost of
    allocating and of freeing one node through a sub-bank (IPC to the
    bank included) is printed (mean and median), is the same in two
    runs, and the medians stay under a bound.  The figures are the
    product kernel's (the suite's store booted on it, as make bench
    does)."""
    counts = []
    for _ in range(2):
        out = run_suite(BENCH_IMAGE, "UTEST", timeout=600, icount=True, min_tests=10)
        m = re.search(r"^BENCH bank_alloc (\d+) per allocation, bank_free (\d+) per free",
                      out, re.M)
        assert m, out[-2000:]
        med = [re.search(r"^BENCH bank_%s_insns (\d+)$" % k, out, re.M) for k in ("alloc", "free")]
        assert all(med), out[-2000:]
        counts.append((int(m.group(1)), int(m.group(2))) +
                      tuple(int(x.group(1)) for x in med))
        t = re.search(r"^BANK ten_thousand: .*$", out, re.M)
    print("bank_alloc %d, bank_free %d guest instructions (means); medians %d, %d" % counts[0])
    print(t.group(0) if t else "")
    assert counts[0] == counts[1], counts
    assert 0 < counts[0][0] < 100000 and 0 < counts[0][1] < 100000, counts
    # A regression guard on the medians (2,052 and 2,437 when written,
    # docs/benchmarks.md), with some slack for the kernel's IPC path; the
    # free's bound is its target.
    assert 0 < counts[0][2] <= 2200 and 0 < counts[0][3] <= 2500, counts


def damaged_copy(tmp):
    """A copy of the image with one byte flipped for three objects: the
    node in utest-bank's register 25 (R_VICTIM, adopted by the prime
    bank), and a free node and a free page a little above what the
    image uses, which the bank reaches at its high-water mark.  cairn-dump
    confirms the three are damaged and nothing else is."""
    img = os.path.join(tmp, "damaged.img")
    subprocess.run(["cp", "--sparse=always", IMAGE, img], check=True)
    procs = dump_json(img, "ls", "procs")["procs"]
    root = [p["oid"] for p in procs if p["name"] == "utest_bank"][0]
    regs = dump_json(img, "proc", root)["capregs"]
    victim = [r["target"] for r in regs if r["slot"] == 25][0]
    info = dump_json(img, "info")
    used = (int(info["objects"]["nodes"].split("/")[0]),
            int(info["objects"]["pages"].split("/")[0]))
    g = Geometry(img)
    flip(img, g.node(int(victim.split(":")[1])) + 100)
    flip(img, g.node(used[0] + 30) + 100)
    page = used[1] + 30
    flip(img, g.tag_block(page) + 16 + (page % 255) * 16)      # its tag's count
    info = dump_json(img, "info")["objects"]
    assert info["nodes_damaged"] == 2 and info["pages_damaged"] == 1, info
    return img


def test_bank_survives_damaged_objects():
    """One damaged object elsewhere in the store costs only the requests
    that need it: on an image with a damaged node the test program holds
    and a damaged free node and free page, the whole bank suite passes
    (thousands of allocations past the damaged free objects, which the
    bank retires), freeing or verifying the damaged node answers
    RC_IO_ERROR, and the bank's check finds its tables consistent, the
    three objects retired (domains/utest-bank/test_damage.c)."""
    with tempfile.TemporaryDirectory(prefix="cairn-bank-") as tmp:
        out = run_suite(damaged_copy(tmp), "UTEST", timeout=300, min_tests=10)
    m = re.search(r"^BANK damage: (\d+) rounds of allocate and free served; freeing the "
                  r"damaged node: RC_IO_ERROR; check: 0 problems, 0 unreadable", out, re.M)
    assert m, out[-3000:]
    print(m.group(0))
