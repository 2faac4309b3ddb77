# SPDX-License-Identifier: BSD-2-Clause
"""cairn-dump check on a store much larger than what it may keep in
memory: it reads the store in order, a chunk at a time, and keeps a
small table per object (disk-image/dump_scan.c, dump_state.c), so its
peak memory stays far below the store's size."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from benchhost import run_measured  # noqa: E402
from cairnstore import DUMP, MKTEST  # noqa: E402

BLOCKS = 65536          # a 256 MiB store, every node and page allocated
LIMIT_KIB = 32 * 1024   # the table is 5 bytes an object: ~0.7 MiB here


def test_check_of_a_full_store_keeps_memory_bounded():
    """A full 256 MiB store (mkteststore --fill) checks clean, every node
    and page counted, with a peak memory under 32 MiB (mapping the store
    and looking targets up in it took about the store's size)."""
    d = tempfile.mkdtemp(prefix="cairn-scale-")
    try:
        store = os.path.join(d, "full.bin")
        subprocess.run([MKTEST, "--blocks", str(BLOCKS), "--fill", store], check=True)
        status, secs, kib, _ = run_measured([DUMP, store, "check"])
        out = subprocess.run([DUMP, store, "check"], capture_output=True, text=True).stdout
        print("cairn-dump check of a full 256 MiB store: %.2f s, peak %d KiB" % (secs, kib))
        assert status == 0, out[-2000:]
        last = out.strip().splitlines()[-1]
        assert last.startswith("clean: 0 errors, 0 warnings"), last
        nodes, pages = [p.split()[0] for p in last.split(", ")[2:4]]
        assert nodes.split("/")[0] == nodes.split("/")[1] != "0", last
        assert pages.split("/")[0] == pages.split("/")[1] != "0", last
        assert kib < LIMIT_KIB, "peak %d KiB for a %d MiB store" % (kib, BLOCKS // 256)
    finally:
        shutil.rmtree(d, ignore_errors=True)
