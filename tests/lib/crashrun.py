# SPDX-License-Identifier: BSD-2-Clause
"""The crash harness's common part (docs/crash-testing.md): the recorded
reference run of a seed, booting a crash image, and the checks after a
restart.  The three ways of making crash images are in crashplan.py.

A Recording runs the workload once with QEMU's blklogwrites driver under
the disk: every write and flush the guest's disk completed, in order
(tests/lib/dmlog.py), and the workload's record of every generation it
committed.  The workload is deterministic (domains/crash-workload), so
these records are the reference for every crash state of that seed,
whichever method made it.

After a crash, verify_image() and verify_boot() check:
  * cairn-dump check exits 0 on the crash image, and the generation it
    chooses is the one the kernel restarts from;
  * the restart is from a generation in the bounds the method allows
    (lo <= R <= hi);
  * the workload's record of what it found equals the reference record
    of R (nothing newer, nothing older, no mixture: the record measures
    counters, slots, objects, forwarders, the bank's books, the peer's
    FPU registers), and the record's own checks hold (bad=0, every
    freed object and revoked forwarder void, the bank's check clean);
  * the workload bank's usage as cairn-dump reads it from the image
    equals the record's;
  * the kernel's consistency check ran at the restart and before the
    next commit (test kernel), nothing panicked, and the next generation
    commits with the reference's record.
"""
import contextlib
import os
import re
import shutil
import tempfile
import time

import crashdisk
import crashrec
import dmlog
from qemu import BUILD, Qemu, QemuError

KERNEL = os.path.join(BUILD, "kernel-test.elf")
BOOT_OPTIONS = "ckpt_check_boot"
RECORD_GENS = 120        # generations of every recording
TIMEOUT = float(os.environ.get("CRASH_TIMEOUT", "150"))


class Outcome:
    """The result of one crash state."""

    def __init__(self, sid, method, kind, problems, detail="", note="", artifacts=()):
        self.id, self.method, self.kind = sid, method, kind
        self.problems, self.detail, self.note = problems, detail, note
        self.artifacts = list(artifacts)   # cairn-dump errors accepted as crash artifacts

    @property
    def ok(self):
        return not self.problems


def machine(drive=None, image=None, extra=(), cmdline=BOOT_OPTIONS, name="crash", snapshot=True):
    """A Qemu for the crash image (the test kernel loaded by QEMU itself:
    GRUB would add seconds to every boot)."""
    return Qemu(image, cmdline=cmdline, kernel=KERNEL, snapshot=snapshot,
                drives=[drive] if drive else (), extra=extra, name=name.replace("/", "-"))


DISK_RE = re.compile(r"^disk: (.*)\n", re.M)
PROBE_TRIES = 3
probe_retries = []       # (boot, line) of every boot started again


@contextlib.contextmanager
def booted(**kw):
    """A started machine(**kw) whose kernel found its disk.

    The kernel's ATA probe (arch/i386/ata.c) finds no disk in about one
    boot in 300 under load -- "disk: unavailable: no ATA disk on the
    primary IDE channel" --: the status register reads 0 before the reset
    (the absent slave is selected, QEMU answers 0 for it) and the
    COUNT/LBA write-and-read-back after it reads 0 too, as if the select
    of the master had been dropped; likely the reset's wait for BSY reads
    the slave's 0 and returns before QEMU has finished the reset.  Such a
    boot touched nothing on the disk, so it is killed and started again
    (at most PROBE_TRIES times), and recorded in probe_retries."""
    for attempt in range(PROBE_TRIES):
        vm = machine(**kw)
        vm.start()
        i, m = wait_first(vm, [DISK_RE])
        if i == 0 and m.group(1).startswith("unavailable") and attempt + 1 < PROBE_TRIES:
            vm.kill()
            probe_retries.append((kw.get("name"), m.group(0).strip()))
            continue
        try:
            yield vm
        finally:
            vm.kill()
        return


def wait_first(vm, patterns, start=0, timeout=TIMEOUT):
    """Wait until one of patterns (compiled, in order of preference)
    matches the console after start; (index, match), or (None, why) if
    QEMU exited or the time ran out first."""
    deadline = time.monotonic() + timeout
    while True:
        text = vm.output()
        for i, rx in enumerate(patterns):
            m = rx.search(text, start)
            if m:
                return i, m
        if vm.proc.poll() is not None:
            text = vm.output()
            for i, rx in enumerate(patterns):
                m = rx.search(text, start)
                if m:
                    return i, m
            return None, "QEMU exited (code %s)" % vm.proc.returncode
        if time.monotonic() > deadline:
            return None, "nothing after %.0f s" % timeout
        time.sleep(0.05)


def tail(text, lines=25):
    return "\n".join(text.splitlines()[-lines:])


class Recording:
    """One seed's reference run, with its write log.

    base     the crash image with the seed written in: generation 0
    entries  the write log (dmlog.Entry), what the disk completed
    ref      {generation: Record} the workload committed, 1..gens
    region   per entry: 'flush', 'root A', 'root B', 'log', 'pots', ...
    root_gen {entry index: generation} of every root write
    """

    def __init__(self, seed, workdir, gens=RECORD_GENS, brk=None):
        self.seed, self.gens, self.brk = seed, gens, brk
        self.dir = workdir
        self.base = os.path.join(workdir, "base.img")
        self.log = os.path.join(workdir, "writes.log")
        crashdisk.make_base(self.base, seed)
        self.layout = crashdisk.Layout(self.base)
        self._run()
        self.entries = dmlog.read_log(self.log)
        self.region = ["flush" if e.is_flush else self.layout.region(e) for e in self.entries]
        self._find_roots()

    def _run(self):
        img = os.path.join(self.dir, "recorded.img")
        crashdisk.sparse_copy(self.base, img)
        open(self.log, "wb").close()
        extra = ["-blockdev", "driver=file,filename=%s,node-name=disk0" % img,
                 "-blockdev", "driver=file,filename=%s,node-name=log0" % self.log,
                 "-blockdev", "driver=blklogwrites,node-name=wlog0,file=disk0,log=log0,"
                              "log-sector-size=512,log-append=off",
                 "-device", "ide-hd,drive=wlog0,bus=ide.0,unit=0"]
        cmdline = BOOT_OPTIONS + (" ckpt_break=%s" % self.brk if self.brk else "")
        with booted(extra=extra, cmdline=cmdline, name="record-%d" % self.seed) as vm:
            pat = re.compile(r"^CRASH commit g=%d " % self.gens, re.M)
            i, m = wait_first(vm, [pat] + list(crashrec.TROUBLE), timeout=TIMEOUT + 20 * self.gens)
            self.text = vm.output()
        if i != 0:
            raise RuntimeError("seed %d: the recording run did not reach generation %d: %s\n%s"
                               % (self.seed, self.gens, m if i is None else m.group(0),
                                  tail(self.text)))
        self.ref = {g: r for g, r in crashrec.reference(self.text).items() if g <= self.gens}
        bad = [p for r in self.ref.values() for p in r.problems()]
        if bad or sorted(self.ref) != list(range(1, self.gens + 1)):
            raise RuntimeError("seed %d: the recording run is not a clean reference: %s\n%s"
                               % (self.seed, bad or sorted(self.ref), tail(self.text)))

    def _find_roots(self):
        """The generation of every root write, read back by cairn-dump
        from a scratch copy the log is replayed into."""
        scratch = os.path.join(self.dir, "roots.img")
        crashdisk.sparse_copy(self.base, scratch)
        self.root_gen, done = {}, 0
        for i, r in enumerate(self.region):
            if not r.startswith("root "):
                continue
            crashdisk.apply(scratch, self.log, self.entries[done:i + 1])
            done = i + 1
            table, _ = crashdisk.roots(scratch)
            state, gen = table.get(r[-1], ("?", None))
            if not state.startswith("valid"):
                raise RuntimeError("seed %d: root write %d does not read back as a valid root"
                                   % (self.seed, i))
            self.root_gen[i] = gen
        os.unlink(scratch)

    def intact_root(self, image, upto, extra=()):
        """The newest generation whose root write is whole in image, a
        state made of entries [0, upto) and the pieces in extra (0: none).
        A root write torn or trashed counts if the bytes it lost were the
        same as those it would have written."""
        gens = [g for i, g in self.root_gen.items() if i < upto]
        gens += [self.root_gen[p.entry.index] for p in extra
                 if p.entry.index in self.root_gen and
                 ((p.keep is None and not p.trash) or crashdisk.holds(image, self.log, p.entry))]
        return max(gens, default=0)

    def gen_end(self, g):
        """Index of the first entry after generation g's commit and
        migration (where generation g+1's log writes begin)."""
        roots = sorted(i for i, x in self.root_gen.items() if x == g)
        start = roots[-1] + 1 if roots else 0
        for i in range(start, len(self.entries)):
            if self.region[i] == "log":
                return i
        return len(self.entries)

    def what(self, k):
        """What entry k is: its region, or for a flush which one of the
        commit protocol it is (docs/checkpoint.md): before the root,
        after it (the commit), or after migration."""
        if self.region[k] != "flush":
            return self.region[k]
        after = next((r for r in self.region[k + 1:] if r != "flush"), "")
        before = next((r for r in reversed(self.region[:k]) if r != "flush"), "")
        if after.startswith("root"):
            return "flush before the root"
        if before.startswith("root"):
            return "flush after the root"
        if before in ("pots", "tags", "frames"):
            return "flush after migration"
        return "flush"

    def gen_of(self, k):
        """The generation entry k is part of writing or migrating."""
        g = 1
        while g < self.gens and k >= self.gen_end(g):
            g += 1
        return g

    def root_index(self, g):
        """Entry index of the (last) root write of generation g."""
        return max(i for i, x in self.root_gen.items() if x == g)


def crash_artifact(image, layout, finding, chosen):
    """Is a cairn-dump check error one the commit protocol leaves after a
    crash by design?  Two kinds are:
      * the root that is not chosen is invalid but not all zero: its
        write was torn (the kernel uses the other root, and the next
        commit rewrites this one; an all-zero root is refused as damage);
      * the home copy of an object is damaged (the block named is a pot,
        tag block or frame) while its current version is in the log and
        sound: a migration write torn or lost (the object is read from
        the log, and the next migration rewrites its home).
    cairn-dump reports both as errors (docs/cairn-dump.md); the harness
    accepts exactly these, on crash images only."""
    obj, why = finding.get("object", ""), finding.get("problem", "")
    if obj in ("root A", "root B"):
        return obj[-1] != chosen and "all zero" not in why
    m = re.match(r"^(page|node) \S+ \((0x[0-9a-f]+)\)$", obj)
    block = finding.get("block")
    if not m or not isinstance(block, int):
        return False
    if not any(name in ("pots", "tags", "frames") and start <= block < end
               for name, start, end in layout.regions):
        return False
    kind = m.group(1)
    rc, out, err = crashdisk.dump(image, kind, m.group(2))
    return bool(out) and out.get("where", "").startswith("log") and out.get("problem") == "-"


def verify_image(image, rec, want_gen, artifacts=None):
    """Offline checks of a crash image; (problems, the generation
    cairn-dump chooses).  Accepted crash artifacts are appended to
    artifacts."""
    problems = []
    rc, found = crashdisk.check(image)
    table, chosen = crashdisk.roots(image)
    gen = table[chosen][1] if chosen in table else None
    if rc != 0:
        real = [p for p in found if not isinstance(p, dict) or
                (p.get("severity") == "error" and
                 not crash_artifact(image, rec.layout, p, chosen))]
        if rc != 4 or real or not found:
            problems.append("cairn-dump check exits %d: %s" % (rc, "; ".join(
                "%s %s: %s" % (p.get("severity"), p.get("object"), p.get("problem"))
                if isinstance(p, dict) else str(p) for p in (real or found)[:5])))
        elif artifacts is not None:
            artifacts.extend("%s: %s" % (p.get("object"), p.get("problem")) for p in found
                             if p.get("severity") == "error")
    if want_gen is not None and gen != want_gen:
        problems.append("cairn-dump chooses generation %s, the state's newest whole root is %d"
                        % (gen, want_gen))
    r = rec.ref.get(gen)
    if r is not None:
        usage = crashdisk.bank_usage(image, r.bank[0])
        if usage != r.bank[1:]:
            problems.append("cairn-dump bank: the workload's bank %d holds %s, the record of "
                            "generation %d says %s" % (r.bank[0], usage, gen, r.bank[1:]))
    return problems, gen


def compare(rec, got, problems):
    want = rec.ref.get(got.gen)
    if want is None:
        problems.append("no reference record for generation %d" % got.gen)
    elif not want.same(got):
        problems.append("generation %d differs from its reference:\n  found     %s\n"
                        "  reference %s" % (got.gen, got.line, want.line))
    problems.extend("generation %d: %s" % (got.gen, p) for p in got.problems())


def expect_record(vm, rec, gen, tag, start, problems):
    """Wait for the record (tag, gen) after start and compare it; the
    position after it, or None."""
    if tag == "found" and gen == 0:
        pat = crashrec.START_RE
    else:
        pat = re.compile(r"^CRASH %s g=%d .*\n" % (tag, gen), re.M)
    i, m = wait_first(vm, [pat] + list(crashrec.TROUBLE), start)
    if i != 0:
        problems.append("waiting for the %s record of generation %d: %s" %
                        (tag, gen, m if i is None else m.group(0)))
        return None
    if pat is not crashrec.START_RE:
        compare(rec, crashrec.Record(crashrec.RECORD_RE.search(m.group(0))), problems)
    return m.end()


def verify_boot(vm, rec, lo, hi, problems):
    """A running boot of a crash image: the restart is from a generation
    in [lo, hi], the workload finds the reference's record of it, and the
    next generation commits with its reference record.  Returns the
    restart generation (None if there was no restart)."""
    i, m = wait_first(vm, [crashrec.RESTART_RE, crashrec.REFUSED_RE, crashrec.PANIC_RE])
    if i != 0:
        problems.append("no restart: %s" % (m if i is None else m.group(0)))
        return None
    gen = int(m.group(1))
    early = [t.search(vm.output(), 0, m.start()) for t in crashrec.TROUBLE]
    early = [x.group(0) for x in early if x]
    if early:
        problems.append("during the restart: %s" % early[0])
        return gen
    if not lo <= gen <= hi:
        problems.append("restarted from generation %d, expected %s" %
                        (gen, lo if lo == hi else "%d..%d" % (lo, hi)))
    pos = expect_record(vm, rec, gen, "found", m.end(), problems)
    if pos is not None and gen + 1 in rec.ref:
        expect_record(vm, rec, gen + 1, "commit", pos, problems)
    text = vm.output()
    if not crashrec.CHECK_BOOT_RE.search(text):
        problems.append("the consistency check after the restart did not run")
    p = crashrec.first(crashrec.PANIC_RE, text)
    if p:
        problems.append(p)
    return gen


class Workdir:
    """A temporary directory, removed unless keep is set."""

    def __init__(self, prefix, keep=False):
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.keep = keep

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)
        return False


def boot_and_verify(image, rec, lo, hi, name, want_gen=None, artifacts=None):
    """verify_image, then boot a snapshot of image and verify_boot; the
    problems and the console text."""
    problems, chosen = verify_image(image, rec, want_gen, artifacts)
    drive = "file=%s,format=raw,if=ide,index=0,snapshot=on" % image
    text = ""
    try:
        with booted(drive=drive, name=name) as vm:
            gen = verify_boot(vm, rec, lo, hi, problems)
            text = vm.output()
    except QemuError as e:
        problems.append(str(e))
        gen = None
    if gen is not None and chosen is not None and gen != chosen:
        problems.append("the kernel restarted from generation %d, cairn-dump chooses %d"
                        % (gen, chosen))
    return problems, text
