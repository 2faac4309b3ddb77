# SPDX-License-Identifier: BSD-2-Clause
"""docs/first-program.md works as written: its example program
(domains/clock) and map (disk-image/examples/clock.map) boot with `make
run MAP=...`, boot options reach the kernel through OPTS=, and the
program's static variable survives Ctrl-a x."""
import os
import shutil
import tempfile

from makerun import MakeRun

MAP = "MAP=disk-image/examples/clock.map"


def test_own_map_and_boot_options():
    """make run MAP=disk-image/examples/clock.map OPTS=ckpt.verbose boots
    the example on a machine of its own; the kernel reports its periodic
    checkpoints (the option took); after Ctrl-a x the next make run finds
    the clock woken once, by the restart."""
    d = tempfile.mkdtemp(prefix="cairn-first-")
    image = os.path.join(d, "clock.img")
    try:
        with MakeRun(image, MAP, "OPTS=ckpt.verbose") as m:
            # (On a loaded host the period may commit before the clock runs.)
            m.wait_for(r"^clock: first start: up \d+ s since the image was made, 0 restarts, "
                       r"last committed generation \d+, woken 0 times$", 120)
            m.wait_for(r"^ckpt: generation 1, [\d.]+ [KM]iB dirty, pause", 60)
            assert m.quit() == 0
        with MakeRun(image, MAP) as m:
            m.wait_for(r"^restart: generation [1-9]\d* ", 120)
            m.wait_for(r"^clock: back after a restart: up \d+ s since the image was made, "
                       r"1 restarts, last committed generation [1-9]\d*, woken 1 times$", 60)
            assert m.quit() == 0
    finally:
        shutil.rmtree(d, ignore_errors=True)
