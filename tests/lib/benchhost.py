# SPDX-License-Identifier: BSD-2-Clause
"""make bench: the host tools' figures (tests/bench.py).

dump_check(): `cairn-dump check` of a 1 GiB store with every object
allocated (build/tests/mkteststore --blocks 262144 --fill) against
`e2fsck -fn` of a 1 GiB ext2 image holding about as many objects
(170,000 files of 4 KiB, 450,000 inodes, made once by mke2fs -d from a
directory and kept in build/bench/).  Each is run once to bring its
image into the page cache, then REPS times, alternately; the figure is
the ratio of the medians, both measured in the same run, with the peak
memory of each (ru_maxrss of the child, by GNU time) and the CPU time
(user and system) of each, which a loaded host disturbs less.
"""
import os
import shutil
import statistics
import subprocess
import tempfile

from qemu import BUILD

BENCH_DIR = os.path.join(BUILD, "bench")
FILL = os.path.join(BENCH_DIR, "fill-1g.bin")
EXT2 = os.path.join(BENCH_DIR, "ext2-1g.img")
FILL_BLOCKS = 262144
EXT2_FILES = 170000
EXT2_INODES = 450000
REPS = 5


def run_measured(args):
    """Run args (output discarded); (exit status, seconds, peak KiB,
    CPU seconds: user and system).
    Through GNU time (make deps installs it): a child forked from this
    Python would count Python's memory as its own peak until its exec."""
    with tempfile.NamedTemporaryFile("r", prefix="cairn-time-") as t:
        p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%e %M %U %S"] + args,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        secs, kib, user, system = t.read().split()[-4:]
    return p.returncode, float(secs), int(kib), float(user) + float(system)


def make_fill():
    if not os.path.exists(FILL):
        subprocess.run([os.path.join(BUILD, "tests", "mkteststore"), "--blocks", str(FILL_BLOCKS),
                        "--fill", FILL + ".tmp"], check=True)
        os.replace(FILL + ".tmp", FILL)


def make_ext2(log):
    if os.path.exists(EXT2):
        return
    log("making %s (%d files of 4 KiB; once, kept for the next make bench)"
        % (os.path.relpath(EXT2), EXT2_FILES))
    tree = tempfile.mkdtemp(prefix="cairn-ext2-")
    block = bytes(range(256)) * 16
    try:
        for i in range(EXT2_FILES):
            d = os.path.join(tree, "d%03d" % (i // 1000))
            if i % 1000 == 0:
                os.mkdir(d)
            with open(os.path.join(d, "f%06d" % i), "wb") as f:
                f.write(block)
        mke2fs = shutil.which("mke2fs") or "/sbin/mke2fs"
        subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", "-b", "4096", "-N", str(EXT2_INODES),
                        "-d", tree, EXT2 + ".tmp", "1G"], check=True,
                       stdout=subprocess.DEVNULL)
        os.replace(EXT2 + ".tmp", EXT2)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def dump_check(log):
    os.makedirs(BENCH_DIR, exist_ok=True)
    make_fill()
    make_ext2(log)
    log("cairn-dump check of a full 1 GiB store against e2fsck -fn of a 1 GiB ext2, "
        "%d runs each, alternately" % REPS)
    e2fsck = shutil.which("e2fsck") or "/sbin/e2fsck"
    cmds = {"dump": [os.path.join(BUILD, "cairn-dump"), FILL, "check"],
            "e2fsck": [e2fsck, "-fn", EXT2]}
    runs = {k: [] for k in cmds}
    for rep in range(REPS + 1):
        for k, args in cmds.items():
            status, secs, kib, cpu = run_measured(args)
            if status != 0:
                raise RuntimeError("%s exited with status %d" % (" ".join(args), status))
            if rep:                     # the first run only warms the page cache
                runs[k].append((secs, kib, cpu))
    med = {k: statistics.median(s for s, _, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, _, c in v) for k, v in runs.items()}
    figures = {
        "dump_check_s": round(med["dump"], 3),
        "e2fsck_s": round(med["e2fsck"], 3),
        "dump_check_vs_e2fsck": round(med["dump"] / med["e2fsck"], 3),
        "dump_check_maxrss_kib": max(k for _, k, _ in runs["dump"]),
        "e2fsck_maxrss_kib": max(k for _, k, _ in runs["e2fsck"]),
        "dump_check_cpu_s": round(cpu["dump"], 3),
        "e2fsck_cpu_s": round(cpu["e2fsck"], 3),
    }
    return figures, {}, []
