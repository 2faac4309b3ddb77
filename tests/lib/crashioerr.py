# SPDX-License-Identifier: BSD-2-Clause
"""The I/O-error method of the crash harness (docs/crash-testing.md):
QEMU's blkdebug fails the N-th write or flush of a run once (or every
write from the N-th on), or every read of one object, root or directory
block.  The kernel must say so, must not commit a generation whose
writes failed and must keep the last commit intact -- running on, or
stopping cleanly; a clean boot afterwards must restart from the last
commit.  A state's id is "ioerr/SEED/KIND/ARG": KIND write, flush or
writes with ARG the index of the logged request that fails; read with
ARG a name from build/crash-map.h; rootread or dirread."""
import os
import re

import crashdisk
import crashrec
from crashkill import MARGIN
from crashrun import Outcome, Workdir, boot_and_verify, booted, tail, wait_first

SECTORS_PER_BLOCK = 8


class IoErrState:
    """The workload runs with one kind of I/O error injected below the
    disk (QEMU blkdebug, werror=report,rerror=report so the guest sees
    the error); then a clean boot of the same image."""
    method = "ioerr"

    def __init__(self, rec, kind, arg):
        self.rec, self.kind, self.arg = rec, kind, arg
        self.id = "ioerr/%d/%s/%s" % (rec.seed, kind, arg)

    # The blkdebug rules: count events with states 1, 2, ... (blkdebug
    # starts in state 1) and inject the error at the n-th -- once, or, as
    # no rule leaves state n, at every event from the n-th on.
    def _count_rules(self, event, n, once=True):
        rules = ["[set-state]\nstate = \"%d\"\nevent = \"%s\"\nnew_state = \"%d\"\n"
                 % (i, event, i + 1) for i in range(1, n)]
        rules.append("[inject-error]\nstate = \"%d\"\nevent = \"%s\"\nerrno = \"5\"\n%s"
                     % (n, event, "once = \"on\"\n" if once else ""))
        return "\n".join(rules)

    def _read_rule(self, sector):
        return ("[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"%d\"\n"
                % sector)

    def _nth(self, index, flush):
        """1-based count of entry index among the log's writes (or flushes)."""
        return sum(1 for e in self.rec.entries[:index + 1] if e.is_flush == flush and
                   (flush or e.is_write))

    def run(self, keep=False):
        self.artifacts = []
        with Workdir("cairn-crash-ioerr-", keep) as d:
            if self.kind in ("read", "rootread", "dirread"):
                problems, text, note = self._reads(d)
            else:
                problems, text, note = self._writes(d)
        return Outcome(self.id, self.method, self.kind, problems,
                       tail(text, 40) if problems else "", note, self.artifacts)

    def _boot_with(self, d, img, conf_text, stop_pat, problems, linger=0):
        """Boot img with blkdebug's rules conf_text until one of stop_pat
        shows (and linger s more), then kill it; the console."""
        conf = os.path.join(d, "blkdebug.conf")
        with open(conf, "w") as f:
            f.write(conf_text)
        drive = ("if=ide,index=0,format=raw,rerror=report,werror=report,"
                 "file=blkdebug:%s:%s" % (conf, img))
        with booted(drive=drive, snapshot=False, name=self.id.replace("/", "-")) as vm:
            i, m = wait_first(vm, stop_pat)
            if i is None:
                problems.append("with the error injected: %s" % m)
            elif linger:
                wait_first(vm, stop_pat[:-1], m.end(), timeout=linger)
            vm.kill()
            return vm.output()

    def _writes(self, d):
        """Fail write or flush number n once ('write', 'flush'), or every
        write from number n on ('writes')."""
        rec, k = self.rec, self.arg
        g = rec.gen_of(k)
        region = rec.region[k]
        img = os.path.join(d, "disk.img")
        crashdisk.sparse_copy(rec.base, img)
        n = self._nth(k, region == "flush")
        event = "flush_to_disk" if region == "flush" else "write_aio"
        problems = []
        last_gen = min(rec.gens, g + 2)
        stop = [re.compile(r"^CRASH commit g=%d " % last_gen, re.M), crashrec.STOPPING_RE] + \
            list(crashrec.TROUBLE)
        text = self._boot_with(d, img, self._count_rules(event, n, self.kind != "writes"),
                               stop, problems)
        note = "%s %d (%s, entry %d) of generation %d fails%s" % (
            "flush" if region == "flush" else "write", n, rec.what(k), k, g,
            "" if self.kind != "writes" else ", and every write after it")
        self._expect_said(text, g, problems)
        lo, hi = self._committed(text, problems)
        if not problems:
            p, t = boot_and_verify(img, rec, lo, hi, self.id + "-clean", None, self.artifacts)
            problems += p
            text += "\n--- clean boot ---\n" + t
        return problems, text, note

    def _expect_said(self, text, g, problems):
        """The kernel said what failed, the workload heard it, and every
        record printed with the error injected is the reference's."""
        what = self.rec.what(self.arg)
        if self.kind == "writes":
            if not crashrec.STOPPING_RE.search(text):
                problems.append("every write failing did not stop the machine cleanly")
        elif what.startswith("root") or what == "flush after the root":
            if not crashrec.ROOT_RETRY_RE.search(text):
                problems.append("expected a retried root write of generation %d" % g)
        elif what in ("pots", "tags", "frames", "flush after migration"):
            if not crashrec.MIGRATE_FAIL_RE.search(text):
                problems.append("expected a failed migration of generation %d" % g)
        else:
            if not crashrec.NOT_COMMITTED_RE.search(text):
                problems.append("expected generation %d not to commit" % g)
            if not crashrec.TAKEFAIL_RE.search(text):
                problems.append("the workload's take() did not fail for the uncommitted generation")
        for r in crashrec.records(text):
            want = self.rec.ref.get(r.gen)
            if want is not None and not want.same(r):
                problems.append("with the error injected, generation %d differs from its "
                                "reference:\n  %s\n  %s" % (r.gen, r.line, want.line))
        p = crashrec.first(crashrec.PANIC_RE, text)
        if p:
            problems.append(p)

    def _committed(self, text, problems):
        """Bounds of the generation a clean boot must restart from: the
        last record printed, or the one after (if its commit went
        through but the record was not printed before the kill)."""
        recs = crashrec.records(text)
        last = recs[-1].gen if recs else 0
        m = crashrec.STOPPING_RE.search(text)
        if m:
            if int(m.group(1)) != last:
                problems.append("stopped saying generation %s is the last commit, the workload's "
                                "last record is of %d" % (m.group(1), last))
            return last, last
        return last, last + 1

    def _reads(self, d):
        """Every read of one object's block (or a root, or the newest
        directory block) fails, on a boot of the store as generation g
        left it; then a clean boot."""
        rec = self.rec
        g = rec.gens // 2
        img = os.path.join(d, "disk.img")
        crashdisk.sparse_copy(rec.base, img)
        crashdisk.apply(img, rec.log, rec.entries[:rec.gen_end(g)])
        block, what = self._read_target(img)
        sector = rec.layout.first + block * SECTORS_PER_BLOCK
        problems = []
        refuse = self.kind in ("rootread", "dirread")
        stop = ([crashrec.REFUSED_RE, crashrec.RESTART_RE] if refuse else
                [re.compile(r"^CRASH commit g=%d " % (g + 1), re.M)] + list(crashrec.TROUBLE) +
                [crashrec.READ_FAIL_RE])
        text = self._boot_with(d, img, self._read_rule(sector), stop, problems,
                               linger=0 if refuse else 5)
        note = "every read of block %d (%s) fails, at generation %d" % (block, what, g)
        if refuse:
            if not crashrec.REFUSED_RE.search(text):
                problems.append("the kernel did not refuse to start: %s" %
                                crashrec.first(crashrec.RESTART_RE, text))
        else:
            if not crashrec.READ_FAIL_RE.search(text):
                problems.append("no failed read was reported")
            later = [r for r in crashrec.records(text) if r.gen > g]
            if later:
                problems.append("generation %d committed after a read failed" % later[0].gen)
        p = crashrec.first(crashrec.PANIC_RE, text)
        if p:
            problems.append(p)
        if not problems:
            p, t = boot_and_verify(img, rec, g, g, self.id + "-clean", g, self.artifacts)
            problems += p
            text += "\n--- clean boot ---\n" + t
        return problems, text, note

    def _read_target(self, img):
        """(block, description) whose reads fail."""
        if self.kind == "rootread":
            table, chosen = crashdisk.roots(img)
            return "AB".index(chosen), "root %s" % chosen
        if self.kind == "dirread":
            rc, out, err = crashdisk.dump(img, "roots")
            r = next(x for x in out["roots"] if x["state"].endswith("chosen"))
            log_start = next(s for name, s, e in self.rec.layout.regions if name == "log")
            return log_start + r["dir_block"], "the first directory block of generation %d" % r["generation"]
        oid = crashdisk.map_name(self.arg)
        block, where = crashdisk.object_block(img, oid)
        return block, "%s, %s" % (self.arg, where)


def ioerr_states(rec, rng, n):
    """I/O error cases: reads of objects, of a root and of a directory
    block; then one write of each kind (the log's first and last -- the
    directory --, a root, a pot, a tag block, a frame), each of the three
    flushes of a commit, and every write from one on; then more of the
    same at random, until there are n."""
    cases = []
    for g in range(2, rec.gens - MARGIN):
        r = rec.root_index(g)
        begin, end = rec.gen_end(g - 1), rec.gen_end(g)
        logw = [i for i in range(begin, r) if rec.region[i] == "log"]
        home = [i for i in range(r, end) if rec.region[i] in ("pots", "tags", "frames")]
        flushes = [i for i in range(begin, end) if rec.region[i] == "flush"]
        cases += [("write", i) for i in logw[:1] + logw[-1:] + [r] + home]
        cases += [("flush", i) for i in flushes] + [("writes", i) for i in logw[:1]]
    rng.shuffle(cases)
    first, rest, seen = [], [], set()
    for kind, i in cases:
        key = (kind, rec.what(i), kind == "write" and rec.region[i] == "log" and
               rec.region[i + 1] == "flush")
        (rest if key in seen else first).append(IoErrState(rec, kind, i))
        seen.add(key)
    first.sort(key=lambda u: (u.kind, rec.what(u.arg), u.arg))
    reads = [IoErrState(rec, k, a) for k, a in
             (("read", "OID_ctr0"), ("read", "OID_peer_annex"), ("rootread", "0"),
              ("dirread", "0"), ("read", "OID_ctr3"), ("read", "CAPREGS_crashwork"))]
    return (reads[:4] + first + reads[4:] + rest)[:n]
