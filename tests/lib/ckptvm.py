# SPDX-License-Identifier: BSD-2-Clause
"""Crash-and-restart runs of a Cairn image, for the persistence tests
(tests/system/test_ckpt.py).

    with Machine("cairn-ckpt-counter.img") as m:
        vm = m.boot()                  # the copy, written in place
        vm.wait_for(r"^committed g=2 ")
        m.crash()                      # SIGKILL, then cairn-dump check
        m.restart_from(2, r"^counter 21$")   # boot again, from generation 2

A Machine is a private copy of a built image (sparse, in a temporary
directory) that is booted with snapshot=False, so every boot continues
from what the last one left on its disk, and whose console the test can
type into.  With kernel="kernel-test.elf" QEMU loads that kernel itself
instead of GRUB loading the image's copy of it (the same file): two
seconds less a boot, for tests that boot many times.  The copy is deleted when the block ends; each boot's
console log stays in its own directory (tests/lib/qemu.py).

The kernel's lines that the tests read are parsed here, once:

    restart: generation G (root A), U unmigrated generations, E directory
             entries, P processes resumed
    ckpt: generation G, D MiB dirty, pause X ms, write Y ms   (or D KiB)
    ckpt: generation G not committed: WHY
    ckpt: generation G took K disk commands                    (test kernel)
    ckpt_stop_after: stopped after disk command N              (test kernel)
"""
import json
import os
import re
import shutil
import tempfile

from cairnstore import dump as run_dump
from nbd import NbdServer
from qemu import BUILD, Qemu

RESTART_RE = (r"^restart: generation (\d+) \(root ([AB])\), (\d+) unmigrated generations?, "
              r"(\d+) directory entr(?:y|ies), (\d+) process(?:es)? resumed")
CKPT_RE = r"^ckpt: generation (\d+), ([\d.]+) (MiB|KiB) dirty, pause ([\d.]+) ms, write ([\d.]+) ms"
NOT_COMMITTED_RE = r"^ckpt: generation (\d+) not committed: (.*)$"
TOOK_RE = r"^ckpt: generation (\d+) took (\d+) disk commands"
STOPPED_RE = r"^ckpt_stop_after: stopped after disk command (\d+)"
COMMITTED_RE = r"^committed g=(\d+)"
PANIC_RE = r"PANIC at "


def sparse_copy(src, dst, chunk=1 << 20):
    """Copy src to dst, leaving holes where src has whole zero chunks."""
    zero = bytes(chunk)
    with open(src, "rb") as i, open(dst, "wb") as o:
        while True:
            b = i.read(chunk)
            if not b:
                break
            if b == zero[:len(b)]:
                o.seek(len(b), os.SEEK_CUR)
            else:
                o.write(b)
        o.truncate()


def full_copy(src, dst, chunk=1 << 20):
    """Copy src to dst writing every byte, zeros too, so that no block of
    dst is a hole (timings then do not include the host allocating)."""
    with open(src, "rb") as i, open(dst, "wb") as o:
        while True:
            b = i.read(chunk)
            if not b:
                break
            o.write(b)


class Restart:
    """The kernel's restart line."""

    def __init__(self, m):
        self.generation = int(m.group(1))
        self.root = m.group(2)
        self.unmigrated = int(m.group(3))
        self.entries = int(m.group(4))
        self.processes = int(m.group(5))
        self.line = m.group(0)
        self.end = m.end()


def restart(vm, timeout=60):
    """Wait for the restart line of this boot; returns a Restart."""
    return Restart(vm.wait_for(RESTART_RE, timeout))


def committed(text):
    """Generations committed, as far as text shows: every "committed g=G"
    a program printed and every generation the kernel's checkpoint lines
    name (not the "not committed" ones)."""
    gens = [int(g) for g in re.findall(COMMITTED_RE, text, re.M)]
    gens += [int(m[0]) for m in re.findall(CKPT_RE, text, re.M)]
    gens += [int(m[0]) for m in re.findall(TOOK_RE, text, re.M)]
    return gens


def ckpt_lines(text):
    """{generation: (dirty KiB, pause ms, write ms, the line)} of the
    kernel's checkpoint lines."""
    out = {}
    for m in re.finditer(CKPT_RE, text, re.M):
        kib = float(m.group(2)) * (1024 if m.group(3) == "MiB" else 1)
        out[int(m.group(1))] = (kib, float(m.group(4)), float(m.group(5)), m.group(0))
    return out


def assert_no_panic(text):
    m = re.search(PANIC_RE, text)
    assert not m, "the kernel panicked:\n%s" % text[max(0, m.start() - 2000):m.start() + 500]


class Machine:
    def __init__(self, image, memory=128, name=None, kernel=None, sparse=True, nbd=None,
                 nbd_opts=None):
        self.dir = tempfile.mkdtemp(prefix="cairn-ckpt-")
        self.name = name or os.path.splitext(os.path.basename(image))[0]
        self.path = os.path.join(self.dir, os.path.basename(image))
        if sparse:
            sparse_copy(os.path.join(BUILD, image), self.path)
        else:                   # every block allocated: no first-write cost
            full_copy(os.path.join(BUILD, image), self.path)
        self.memory = memory
        self.kernel = os.path.join(BUILD, kernel) if kernel else None
        self.vm = None
        self.boots = 0
        self.server = (NbdServer(self.path, self.dir, nbd, **(nbd_opts or {}))
                       if nbd else None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        if self.server:
            self.server.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def boot(self, cmdline=None):
        """Boot the copy (the previous boot must have been killed or
        have ended); returns the running Qemu."""
        assert self.vm is None or self.vm.proc.poll() is not None, "still running"
        self.boots += 1
        if self.server and not self.server.running():
            self.server.start()
        self.vm = Qemu(self.server.url if self.server else self.path, cmdline=cmdline, memory=self.memory, snapshot=False,
                       kernel=self.kernel, console_input=True,
                       name="%s-%d" % (self.name, self.boots))
        self.vm.start()
        return self.vm

    def kill(self):
        """SIGKILL QEMU; returns everything the guest printed."""
        if self.vm is None:
            return ""
        self.vm.kill()
        return self.vm.output()

    def crash(self):
        """SIGKILL; the kernel must not have panicked and cairn-dump check
        must find the image clean.  Returns what the guest printed."""
        out = self.kill()
        assert_no_panic(out)
        print("cairn-dump check: %s" % self.check())
        return out

    def restart_from(self, gen, *patterns, cmdline=None, timeout=60):
        """Boot again: the restart must be from generation gen, and then
        each of patterns be printed, in turn.  Returns the Restart."""
        vm = self.boot(cmdline)
        r = restart(vm)
        assert r.generation == gen, "expected generation %d: %s" % (gen, r.line)
        pos = r.end
        for p in patterns:
            pos += vm.wait_for(p, timeout, start=pos).end()
        return r

    def dump(self, *args):
        """cairn-dump on the copy: (exit status, stdout, stderr)."""
        assert self.vm is None or self.vm.proc.poll() is not None, "QEMU still runs"
        return run_dump(self.path, *args)

    def dump_json(self, *args):
        rc, out, err = run_dump(self.path, *args, json_out=True)
        assert rc in (0, 4), "cairn-dump %s: exit %d\n%s" % (" ".join(args), rc, err)
        return json.loads(out)

    def check(self):
        """cairn-dump check must exit 0 (clean) without a warning either
        (a space bank whose tables disagree with the objects is only
        warned about) -- but for home copies that a newer log copy
        supersedes, which a kill in the middle of a migration round leaves
        half rewritten and the next round rewrites; returns its last line."""
        rc, out, err = self.dump("check")
        last = out.strip().splitlines()[-1] if out.strip() else ""
        warned = [l for l in out.splitlines() if l.startswith("warning\t")]
        other = [l for l in warned if "an interrupted migration" not in l]
        m = re.match(r"clean: 0 errors, (\d+) warnings", last)
        assert rc == 0 and m and int(m.group(1)) == len(warned) - len(other) and not other, \
            "cairn-dump check: exit %d\n%s\n%s" % (rc, out[-3000:], err[-1000:])
        return last
