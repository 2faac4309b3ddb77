# SPDX-License-Identifier: BSD-2-Clause
"""The crash-consistency harness in make check (docs/crash-testing.md):
the bounded sweep of make crash, one test per method, and the proof that
a broken commit order goes red.  Each test prints its summary line; a
failure names every failed state and the command that replays it."""
import random

import crashplan
import crashsweep


def run_method(method):
    tally = crashsweep.sweep(crashplan.BOUNDED, methods=(method,), jobs=1)
    print(tally.summary())
    assert tally.outcomes, "no %s states ran" % method
    failed = [o for o in tally.outcomes if not o.ok]
    assert not failed, "\n".join(
        "%s: %s\n%s\nreplay: %s" % (o.id, "; ".join(o.problems), o.detail,
                                    crashsweep.replay_command(o.id, None)) for o in failed)


def test_crash_write_log():
    """Crash images built from the recorded write stream -- prefixes,
    subsets of the writes since the last flush, torn writes, a sector of
    garbage -- restart from the newest whole root with exactly that
    generation's content, and the next generation commits."""
    run_method("wlog")


def test_crash_kill():
    """SIGKILL at seeded random moments: every restart is from the last
    generation the workload saw committed (or the one after), with its
    content, and the workload goes on."""
    run_method("kill")


def test_crash_io_errors():
    """Failed writes and flushes (blkdebug) are reported and never
    committed, the last commit stays intact, repeated failures stop the
    machine cleanly; unreadable objects are reported, unreadable roots
    and directories refused; a clean boot restarts from the last commit."""
    run_method("ioerr")


def test_broken_commit_order_goes_red():
    """With the test kernel's ckpt_break=root_before_flush (the root may
    reach the disk before the directory it names), crash states that keep
    the root but lose some of the writes before it fail the harness."""
    rec = crashsweep.recording(1, "root_before_flush")
    rng = random.Random(17)
    roots = sorted(i for i, g in rec.root_gen.items() if 2 <= g <= 9)
    states = [crashplan.WlogState(rec, "subset", k, rng.randrange(1 << 30)) for k in roots]
    outcomes = [s.run() for s in states]
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        print("red as it should be: %s: %s" % (o.id, o.problems[0].splitlines()[0]))
    print("broken commit order: %d of %d crash states failed" % (len(failed), len(outcomes)))
    assert failed, "no crash state caught the broken commit order"
