# SPDX-License-Identifier: BSD-2-Clause
"""Persistence: the machine is checkpointed to its disk, QEMU is killed
with SIGKILL, and the next boot resumes from the last committed
generation.  Each test boots a private copy of a build/cairn-ckpt-*.img
image (tests/lib/ckptvm.py), kills it, looks at the killed image with
cairn-dump, and boots the same copy again.  The programs are in
domains/ckpt-*, their maps in disk-image/ckpt-*.map; every map sets the
checkpoint period to 0, so the only checkpoints are the programs' own
takes and the ones the kernel must take by itself."""
import re
import time

from ckptvm import (Machine, assert_no_panic, ckpt_lines, committed, restart,
                    STOPPED_RE, TOOK_RE)
from progress import progress
from qemu import guest_status


def after(text, line):
    """What text holds after the first occurrence of line."""
    return text[text.index(line) + len(line):]


# ------------------------------------------------------------- counter

COUNTER_RE = r"^(committed g=(\d+) counter=(\d+)|counter (\d+))$"


def counter_lines(text):
    """The counter's lines in order: ("committed", g, c) or ("counter", None, c)."""
    out = []
    for m in re.finditer(COUNTER_RE, text, re.M):
        if m.group(2):
            out.append(("committed", int(m.group(2)), int(m.group(3))))
        else:
            out.append(("counter", None, int(m.group(4))))
    return out


def counter_resumed(vm, r):
    """After the restart r, the counter's first line is the take of r's
    generation returning again and the next is the value after it (from
    a fresh image: counter 1).  Returns the committed value."""
    vm.wait_for(r"^counter \d+\n(?:.*\n)*?counter \d+$", timeout=30, start=r.end)
    lines = counter_lines(vm.output()[r.end:])
    gen, why = r.generation, "after %s:\n%s" % (r.line, vm.tail(60))
    if gen == 0:
        assert lines[:1] == [("counter", None, 1)], why
        return 0
    kind, g, c = lines[0]
    assert (kind, g) == ("committed", gen) and lines[1] == ("counter", None, c + 1), why
    return c


def test_ckpt_counter_resumes_at_committed_value():
    """A counter in a persistent page, committed at every tenth value:
    killed between two takes, the restarted machine resumes from the last
    committed generation -- its take returns once more with the same
    generation and value, the next value follows, and no value past the
    committed one is printed first.  cairn-dump check is clean."""
    with Machine("cairn-ckpt-counter.img") as m:
        vm = m.boot()
        vm.wait_for(r"^committed g=\d+ counter=20$", timeout=60)
        vm.wait_for(r"^counter 23$", timeout=30)      # between two takes
        last = max(committed(m.crash()))
        r = m.restart_from(last)
        c = counter_resumed(m.vm, r)
        assert_no_panic(m.kill())
        print("%s; resumed at committed g=%d counter=%d, then counter %d"
              % (r.line, last, c, c + 1))


# -------------------------------------------------------- the mission


class Mission:
    """The persistence mission's console (domains/ckpt-grantor)."""

    def __init__(self, m):
        self.m = m
        self.vm = None

    def boot(self):
        self.vm = self.m.boot()
        return restart(self.vm)

    def do(self, line, answer, timeout=30):
        return self.vm.command(line, r"^%s$" % answer, timeout)

    def first_boot(self):
        """Boot a fresh image; returns E's (work, stash) node indexes."""
        self.boot()
        self.vm.wait_for(r"^G: ready$")
        w = self.vm.wait_for(r"^E: work n:(\d+) stash n:(\d+)$")
        return int(w.group(1)), int(w.group(2))

    def make_and_give(self, name):
        """make + give + a working probe; returns (node index, count)."""
        self.do("make %s" % name, "made %s" % name)
        o = self.do("oid %s" % name, r"oid %s n:(\d+) count (\d+)" % name)
        self.do("give %s" % name, "gave %s" % name)
        self.do("probe %s" % name, "E: %s ok" % name)
        return int(o.group(1)), int(o.group(2))

    def take(self):
        return int(self.do("take", r"committed g=(\d+)", timeout=60).group(1))

    def restart_from(self, gen):
        """Boot again: the restart is from gen, and G returns from its
        take of gen once more."""
        self.m.restart_from(gen, r"^committed g=%d$" % gen)
        self.vm = self.m.vm

    def expect(self, name, state):
        """Both of E's copies are state ("ok" or "void"), and G's bank
        owns the node (ok) or it was freed (void)."""
        self.do("probe %s" % name, "E: %s %s" % (name, state))
        self.do("probe-stash %s" % name, "E: %s stash %s" % (name, state))
        self.do("owned %s" % name, "owned %s: %s" % (name, "yes" if state == "ok" else "freed"))


def refs(m, index):
    """{(holder, slot): status} of every capability to node index."""
    j = m.dump_json("refs", "n:%d" % index)
    return {(r["holder"], int(r["slot"])): r["status"] for r in j["refs"]}


def bank_owner(m, index):
    return m.dump_json("bank", "n:%d" % index)


def test_ckpt_mission_a_revoked_before_checkpoint():
    """Mission A: a forwarder made, given to E (a working and a stashed
    copy), revoked, and then checkpointed.  The killed image checks clean
    and cairn-dump refs shows E's stashed copy stale; after the restart
    from that generation the stashed copy, never invoked before, is void
    and the bank says the node is free."""
    with Machine("cairn-ckpt-mission.img") as m:
        mi = Mission(m)
        work, stash = mi.first_boot()
        node, count = mi.make_and_give("f1")
        mi.do("revoke f1", "revoked f1")
        mi.do("probe f1", "E: f1 void")
        g1 = mi.take()
        m.crash()
        held = refs(m, node)
        print("refs n:%d: %s" % (node, held))
        # Void either way: "stale" if the node was allocated again since,
        # "free" while it is not.
        assert held.get(("n:%d" % stash, 0), "").startswith(("stale", "free")), held
        owner = bank_owner(m, node)
        print("bank n:%d: %s" % (node, owner))
        assert owner["owner"] == "free" and not owner["allocated"], owner
        mi.restart_from(g1)
        mi.expect("f1", "void")
        assert_no_panic(m.kill())
        print("revoked in generation %d, after restart: void" % g1)


def test_ckpt_mission_b_revoked_after_checkpoint():
    """Mission B: a forwarder made, given and checkpointed, then revoked
    and the machine killed at once.  Offline the node is still allocated
    with the count of that generation and the image checks clean; after
    the restart both of E's copies work and the bank owns the node.
    Revoked again, checkpointed and killed, it is void for good."""
    with Machine("cairn-ckpt-mission.img") as m:
        mi = Mission(m)
        work, stash = mi.first_boot()
        node, count = mi.make_and_give("f2")
        g2 = mi.take()
        mi.do("revoke f2", "revoked f2")
        mi.do("probe f2", "E: f2 void")
        m.crash()
        owner = bank_owner(m, node)
        print("bank n:%d: %s" % (node, owner))
        assert owner["allocated"] and int(owner["count"]) == count, (owner, count)
        assert owner["owner"].startswith("bank "), owner
        held = refs(m, node)
        assert held.get(("n:%d" % stash, 0)) == "ok" and held.get(("n:%d" % work, 0)) == "ok", held
        mi.restart_from(g2)
        mi.expect("f2", "ok")
        print("revoked after generation %d, after restart: valid" % g2)
        mi.do("revoke f2", "revoked f2")
        g3 = mi.take()
        m.crash()
        mi.restart_from(g3)
        mi.expect("f2", "void")
        assert_no_panic(m.kill())
        print("revoked in generation %d, after restart: void" % g3)


# ------------------------------------------------ sleeping and waiting


def test_ckpt_sleep_and_call_across_restart():
    """A process asleep at the checkpoint gets RC_RESTART from its sleep
    after the restart; a process waiting for a reply at the checkpoint
    keeps waiting and gets the reply the server sends after the
    restart."""
    with Machine("cairn-ckpt-sleeper.img") as m:
        vm = m.boot()
        vm.wait_for(r"^sleeper: sleeping 60000 ms$")
        vm.wait_for(r"^replier: holding a call \(order 1\)$")
        g = int(vm.command("take", r"^committed g=(\d+)$", 60).group(1))
        m.crash()
        r = m.restart_from(g, r"^sleeper: sleep returned RC_RESTART$")
        m.vm.wait_for(r"^committed g=%d$" % g, timeout=30)
        m.vm.command("reply", r"^waiter: reply RC_OK w0=42$")
        out = m.kill()
        assert_no_panic(out)
        assert "waiter: calling the replier" not in after(out, r.line), "the waiter started again"
        print("restart from generation %d: the sleeper got RC_RESTART, "
              "the waiter the reply sent after the restart" % g)


# -------------------------------------------- kill at every disk write

STOP_RUNS_MAX = 24
TK_IMAGE = "cairn-ckpt-counter.img"


def stop_points(k):
    """Which N of 1..k to stop at: all of them, or STOP_RUNS_MAX spread
    over the range (always the first and the last few)."""
    if k <= STOP_RUNS_MAX:
        return list(range(1, k + 1))
    head = [1, 2, 3]
    tail = list(range(k - 3, k + 1))
    step = (k - 7) / (STOP_RUNS_MAX - 7)
    mid = [4 + round(i * step) for i in range(STOP_RUNS_MAX - 7)]
    return sorted(set(head + mid + tail))


def learn_commands():
    """Boot the test-kernel counter once and return how many disk
    commands its first take (a small checkpoint) took."""
    with Machine(TK_IMAGE, kernel="kernel-test.elf") as m:
        vm = m.boot()
        g = int(vm.wait_for(r"^committed g=(\d+) counter=10$", timeout=60).group(1))
        took = vm.wait_for(TOOK_RE.replace(r"(\d+)", str(g), 1), timeout=10)
        return int(took.group(1))


def stop_and_restart(n):
    """Stop a fresh test-kernel counter after disk command n of its
    checkpointing, check the image, boot again; returns (last committed
    before the stop, restart generation)."""
    with Machine(TK_IMAGE, name="tk-stop%d" % n, kernel="kernel-test.elf") as m:
        vm = m.boot(cmdline="ckpt_stop_after=%d" % n)
        code = vm.wait_exit(timeout=60)
        out = vm.output()
        assert_no_panic(out)
        assert re.search(STOPPED_RE.replace(r"(\d+)", str(n)), out, re.M), \
            "N=%d: no stop line (QEMU exit %s)\n%s" % (n, code, vm.tail())
        assert guest_status(code) is not None, "N=%d: QEMU exit %s" % (n, code)
        before = max(committed(out), default=0)
        m.check()
        vm = m.boot()
        r = restart(vm)
        assert r.generation in (before, before + 1), \
            "N=%d: committed %d before the stop, restarted from %d" % (n, before, r.generation)
        try:
            counter_resumed(vm, r)
        except AssertionError as e:
            raise AssertionError("N=%d, stopped run:\n%s\n%s" % (n, out[-1500:], e)) from None
        assert_no_panic(m.kill())
        return before, r.generation


def test_ckpt_kill_at_every_disk_write():
    """With the test kernel, a small checkpoint is stopped after each of
    its disk commands (ckpt_stop_after=N, N = 1..K, K learned from a run
    without the option; at most STOP_RUNS_MAX of them, spread, if K is
    large).  Every time cairn-dump check is clean on the stopped image,
    and the next boot restarts from exactly the generation before the
    interrupted one or the interrupted one itself, with the counter
    resuming accordingly; the kernel never panics.  (QEMU loads the test
    kernel itself here, not GRUB: the same file, two seconds less a
    boot.)"""
    t0 = time.monotonic()
    k = learn_commands()
    ns = stop_points(k + 2)         # and two past it: the next step, if any
    seen = {}
    for i, n in enumerate(ns):
        progress("kill at every disk write: run %d of %d (stop after command %d of %d)"
                 % (i + 1, len(ns), n, k))
        before, gen = stop_and_restart(n)
        seen[n] = "%d->%d" % (before, gen)
    print("first checkpoint: %d disk commands; stopped after N in %s (%d runs, %.0fs): %s"
          % (k, ns, len(ns), time.monotonic() - t0,
             ", ".join("N=%d %s" % (n, seen[n]) for n in ns)))


# ------------------------------------------------------------ log wrap


def test_ckpt_log_wrap():
    """60 takes in a row, 8 dirty pages each, through the small log of a
    4 MiB store: what the generations wrote adds up to at least three
    times the log.  Killed, the image checks clean, cairn-dump lists its
    unmigrated generations, and the restart is from the last one with
    every page intact."""
    with Machine("cairn-ckpt-logwrap.img") as m:
        vm = m.boot()
        blocks = int(vm.wait_for(r"^logwrap: log (\d+) blocks", timeout=30).group(1))
        vm.wait_for(r"^logwrap: done 60 rounds, pages hold round 60$", timeout=300)
        out = m.crash()
        rounds = re.findall(r"^committed g=(\d+) round=(\d+)$", out, re.M)
        assert [int(r) for _, r in rounds] == list(range(1, 61)), rounds
        last = int(rounds[-1][0])
        gens = ckpt_lines(out)
        written = sum(kib for kib, _, _, _ in gens.values()) / 4
        wraps = written / blocks
        print("log %d blocks; %d generations wrote %.0f blocks of records: %.1f times the log"
              % (blocks, len(gens), written, wraps))
        assert wraps >= 3, (blocks, written)
        rc, listing, err = m.dump("generations")
        assert rc == 0, err
        print("cairn-dump generations:\n%s" % listing.strip())
        r = m.restart_from(last, r"^committed g=%d round=60$" % last,
                           r"^logwrap: done 60 rounds, pages hold round 60$")
        assert_no_panic(m.kill())
        print(r.line)


# ------------------------------------------------- pressure, exhaustion

PRESSURE_RE = r"^pressure: wrote (\d+) nodes and (\d+) pages (\d+) times, (\d+) errors$"
VERIFIED_RE = r"^pressure: verified (\d+) nodes and (\d+) pages, (\d+) wrong$"


def test_ckpt_dirty_pressure():
    """2000 nodes and 2000 pages from the bank, every slot and page
    written three times, with a 700-node object cache and a 128 MiB store
    and checkpoints only on demand: the kernel has to checkpoint by
    itself to clean the cache, and the program never sees an error.
    After a take and a kill, the restart finds every slot and word as
    written."""
    cmdline = "objcache.nodes=700 ckpt.verbose"
    with Machine("cairn-ckpt-pressure.img") as m:
        t0 = time.monotonic()
        vm = m.boot(cmdline=cmdline)
        w = vm.wait_for(PRESSURE_RE, timeout=600)
        elapsed = time.monotonic() - t0
        g = int(vm.wait_for(r"^committed g=(\d+) \(pressure\)$", timeout=120).group(1))
        v = vm.wait_for(VERIFIED_RE, timeout=300)
        out = m.crash()
        forced = len([x for x in ckpt_lines(out) if x < g])
        print("%s (%.0fs; %d checkpoints before the take); %s"
              % (w.group(0), elapsed, forced, v.group(0)))
        assert int(w.group(4)) == 0 and int(v.group(3)) == 0, out[-3000:]
        assert "not committed" not in out, out[-3000:]
        m.restart_from(g, VERIFIED_RE.replace(r"(\d+) wrong", "0 wrong"), cmdline=cmdline,
                       timeout=300)
        assert_no_panic(m.kill())


def test_ckpt_exhausted_bank_no_space():
    """A program allocates nodes, then pages, until an 8 MiB store is
    full: the bank refuses with RC_NO_SPACE each time, never anything
    else; the full store is checkpointed, the objects are freed, and
    allocation and checkpoints work again."""
    with Machine("cairn-ckpt-exhaust.img") as m:
        vm = m.boot()
        n = vm.wait_for(r"^exhaust: (\d+) nodes, then (\S+)$", timeout=300)
        p = vm.wait_for(r"^exhaust: (\d+) pages, then (\S+)$", timeout=300)
        full = vm.wait_for(r"^(committed g=\d+|take failed: \S+) \(store full\)$", timeout=120)
        vm.wait_for(r"^committed g=(\d+) \(after\)$", timeout=120)
        out = m.crash()
        print("%s; %s; %s" % (n.group(0), p.group(0), full.group(0)))
        assert n.group(2) == "RC_NO_SPACE" and p.group(2) == "RC_NO_SPACE", out[-3000:]
        assert "exhaust: destroy the sub-bank: RC_OK" in out, out[-3000:]
        assert "exhaust: a node after that: RC_OK" in out, out[-3000:]


# ------------------------------------------------------------- 16 MiB


def test_ckpt_dirty_16mib():
    """One word written in each page of a 16 MiB array, then a take: the
    kernel's line for that generation says 16 MiB dirty (printed with
    its pause and write times).  After a kill the restart from it finds
    all 4096 pages holding their word."""
    with Machine("cairn-ckpt-dirty16.img") as m:
        vm = m.boot()
        g = int(vm.wait_for(r"^committed g=(\d+) \(16 MiB\)$", timeout=300).group(1))
        vm.wait_for(r"^dirty16: 4096 of 4096 pages hold their word$", timeout=60)
        out = m.crash()
        line = ckpt_lines(out).get(g)
        assert line, "no checkpoint line for generation %d\n%s" % (g, out[-3000:])
        print(line[3])
        assert re.match(r"ckpt: generation \d+, 16 MiB dirty", line[3]), line[3]
        m.restart_from(g, r"^committed g=%d \(16 MiB\)$" % g,
                       r"^dirty16: 4096 of 4096 pages hold their word$")
        assert_no_panic(m.kill())
