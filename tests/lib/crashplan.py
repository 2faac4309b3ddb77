# SPDX-License-Identifier: BSD-2-Clause
"""The crash harness's three methods and its plans (docs/crash-testing.md).

Every crash state has an id that names it completely, given the seed's
recording: "wlog/SEED/KIND/K[/ARG]", "kill/SEED/CHAIN/N",
"ioerr/SEED/KIND/ARG".  `make crash-replay CRASH_STATE=id` runs one
again (tests/crash/crash.py).

wlog (write log): a crash image is made offline from the recording's
write log -- entries [0, K) on the disk, and then:
  prefix   nothing more
  subset   the writes since the last flush before K kept or dropped at
           random (ARG seeds the choice): a volatile cache that lost some
  torn     write K with only some of its sectors (ARG: which)
  garbage  write K with sector ARG full of random bytes
The restart must be from the newest generation whose root is whole in
the image.

kill: the workload runs on a copy of the image, QEMU gets SIGKILL at a
seeded random moment, and the same copy boots again: the restart must be
from the last generation whose record was printed, or the one after it
(committed, not yet said); that boot runs on and is killed in turn.

ioerr: QEMU's blkdebug fails the N-th write or flush of the run once
(or every write from the N-th on), or every read of one object or root
block; the kernel must say so, must not commit a generation whose writes
failed, and must keep the last commit intact -- running on, or stopping
cleanly; a clean boot afterwards must restart from the last commit.
"""
import os
import random
import re
import time

import crashdisk
import crashrec
from crashdisk import Piece
from crashrun import (Outcome, Recording, Workdir, boot_and_verify, machine, tail,
                      verify_boot, verify_image, wait_first, TIMEOUT)
from qemu import QemuError

SECTORS_PER_BLOCK = 8
WLOG_GENS = 12           # write-log states cover the log up to this generation
MARGIN = 20              # generations a run may go on between its last record and the kill


# ------------------------------------------------------------------ wlog

class WlogState:
    method = "wlog"

    def __init__(self, rec, kind, k, arg=0):
        self.rec, self.kind, self.k, self.arg = rec, kind, k, arg
        self.id = "wlog/%d/%s/%d%s" % (rec.seed, kind, k, "" if kind == "prefix" else "/%d" % arg)

    def pieces(self):
        """(entries applied whole, extra pieces) of this state."""
        rec, k = self.rec, self.k
        if self.kind == "prefix":
            return k, []
        e = rec.entries[k]
        if self.kind == "subset":
            last_flush = max((i for i in range(k) if rec.entries[i].is_flush), default=-1)
            rng = random.Random(self.arg)
            epoch = [x for x in rec.entries[last_flush + 1:k + 1] if x.is_write]
            return last_flush + 1, [Piece(x) for x in epoch if rng.random() < 0.5]
        if self.kind == "torn":
            rng = random.Random(self.arg)
            n = e.nsectors
            keep = set(rng.sample(range(n), rng.randint(1, n - 1)))
            return k, [Piece(e, keep=keep)]
        return k, [Piece(e, trash={self.arg})]

    def describe(self, upto, extra):
        if self.kind == "prefix":
            return "%d of %d logged requests" % (upto, len(self.rec.entries))
        e = self.rec.entries[self.k]
        what = "%s write %d (%d sectors at %d)" % (self.rec.region[self.k], self.k,
                                                    e.nsectors, e.sector)
        if self.kind == "subset":
            return "requests [0,%d) and %d of the %d writes since: %s" % (
                upto, len(extra), len([x for x in self.rec.entries[upto:self.k + 1] if x.is_write]),
                ",".join(str(p.entry.index) for p in extra))
        if self.kind == "torn":
            return "%d requests, then %s torn: sectors %s only" % (
                upto, what, sorted(extra[0].keep))
        return "%d requests, then %s with sector %d garbage" % (upto, what, self.arg)

    def run(self, keep=False):
        upto, extra = self.pieces()
        want = self.rec.intact_root(upto, extra)
        artifacts = []
        with Workdir("cairn-crash-state-", keep) as d:
            img = os.path.join(d, "state.img")
            crashdisk.sparse_copy(self.rec.base, img)
            crashdisk.apply(img, self.rec.log, self.rec.entries[:upto] + extra,
                            garbage_seed=self.arg)
            problems, text = boot_and_verify(img, self.rec, want, want, self.id, want, artifacts)
            detected = ""
            if self.kind == "garbage" and self.rec.region[self.k] in HOME_REGIONS:
                problems, detected = garbage_at_home(img, problems, text)
        o = Outcome(self.id, self.method, self.kind, problems, tail(text) if problems else "",
                    "%s; restart from generation %d%s" % (self.describe(upto, extra), want,
                                                          "; " + detected if detected else ""),
                    artifacts)
        o.detected = bool(detected)
        return o


HOME_REGIONS = ("pots", "tags", "frames")


def garbage_at_home(img, problems, text):
    """A sector of garbage over a home block that migration rewrites in
    place destroys what else that sector held: the format detects it (by
    a CRC) but cannot repair it.  Such a state passes if the damage is
    detected and never used: cairn-dump check exits 4, and the workload
    either carried on with the reference's records (it never needed what
    was destroyed) or the kernel said which object it refused to use.
    (problems, 'detected ...' or '')."""
    if not problems:
        return [], ""
    rc, found = crashdisk.check(img)
    refused = crashrec.DAMAGED_RE.search(text)
    rest = [p for p in problems if not p.startswith("cairn-dump check exits 4")]
    wrong = [p for p in rest if "differs" in p or "alive" in p or "disagree" in p]
    if rc != 4 or wrong or (rest and not refused):
        return problems, ""
    named = found[0].get("object") if found and isinstance(found[0], dict) else "?"
    return [], "detected: cairn-dump names %s%s" % (
        named, "; the kernel: " + refused.group(0) if refused else "")


def wlog_states(rec, rng, n_prefix, n_subset, n_torn, n_garbage, all_prefixes=False):
    """Crash states from rec's log: prefixes (all of them, or a sample
    weighted towards the commit), subsets, torn writes and garbage.  Only
    states whose newest root is of a generation the reference knows."""
    last = rec.root_index(WLOG_GENS) + 1          # no root newer than WLOG_GENS
    ks = [k for k in range(0, last + 1) if k == 0 or rec.entries[k - 1].is_write]
    if all_prefixes:
        prefixes = ks
    else:
        near = sorted({j for i in rec.root_gen for j in (i, i + 1) if j in ks})
        prefixes = sorted(set(rng.sample(near, min(len(near), n_prefix // 2))) |
                          set(rng.sample(ks, min(len(ks), n_prefix - n_prefix // 2))))
    out = [WlogState(rec, "prefix", k) for k in prefixes]
    writes = [i for i in range(last) if rec.entries[i].is_write]
    epochs = [i for i in writes if i + 1 < len(rec.entries) and not rec.entries[i + 1].is_write]
    # Half the subsets end at a commit: the root write, or the last write
    # before the flush that precedes a root.
    commits = [i for i in epochs if i in rec.root_gen or
               (i + 2 < last and rec.region[i + 2].startswith("root"))]
    for j in range(n_subset):
        k = rng.choice(commits if j % 2 == 0 else epochs)
        out.append(WlogState(rec, "subset", k, rng.randrange(1 << 30)))
    # The first torn write and the first garbage are a root's.
    roots = [i for i in rec.root_gen if i < last]
    multi = [i for i in writes if rec.entries[i].nsectors > 1]
    for j in range(n_torn):
        k = rng.choice(roots if j == 0 else multi)
        out.append(WlogState(rec, "torn", k, rng.randrange(1 << 30)))
    for j in range(n_garbage):
        k = rng.choice(roots if j == 0 else writes)
        out.append(WlogState(rec, "garbage", k, rng.randrange(rec.entries[k].nsectors)))
    return out


# ------------------------------------------------------------------ kill

class KillChain:
    """One copy of the image, booted again and again, each boot killed at
    a seeded random moment after the workload printed a record."""
    method = "kill"

    def __init__(self, rec, chain, kills):
        self.rec, self.chain, self.kills = rec, chain, kills
        self.id = "kill/%d/%d" % (rec.seed, chain)

    def moments(self):
        """(further records, then seconds) before each kill."""
        rng = random.Random("%d/%d" % (self.rec.seed, self.chain))
        return [(rng.randint(0, 1), rng.uniform(0.0, 0.3)) for _ in range(self.kills)]

    def run(self, keep=False, only=None):
        """One Outcome per kill, judged by the boot after it (only: stop
        after kill number only).  The first boot starts the workload."""
        out = []
        with Workdir("cairn-crash-kill-", keep) as d:
            img = os.path.join(d, "disk.img")
            crashdisk.sparse_copy(self.rec.base, img)
            lo = hi = 0
            moments = self.moments()
            for n in range(len(moments) + 1):
                final = n == len(moments) or lo + moments[n][0] + MARGIN > self.rec.gens
                b = self._boot(img, n, lo, hi, None if final else moments[n])
                if n > 0 and (only is None or only == n - 1):
                    out.append(Outcome("%s/%d" % (self.id, n - 1), self.method, "kill", b.problems,
                                       tail(b.text) if b.problems else "",
                                       "killed %.2f s after a record; restarted from %s (%d..%d)"
                                       % (moments[n - 1][1], b.gen, lo, hi), b.artifacts))
                elif b.problems:
                    out.append(Outcome(self.id + "/start", self.method, "kill", b.problems,
                                       tail(b.text), "the first boot"))
                if b.problems or b.last is None or final or only == n - 1:
                    break
                if b.last + 2 > self.rec.gens:
                    break          # ran past the reference: the next boot could not be judged
                lo, hi = b.last, b.last + 1
        return out

    class Boot:
        problems, artifacts, gen, last, text = None, None, None, None, ""

    def _boot(self, img, n, lo, hi, moment):
        """Check the image, boot it and verify the restart from [lo, hi];
        then (moment = (records, delay)) let the workload print that many
        more records, wait delay s and kill it.  A Boot: problems, the
        restart generation, the last generation it printed a record of,
        the console."""
        b = self.Boot()
        b.artifacts = []
        b.problems, chosen = verify_image(img, self.rec, None, b.artifacts) if n else ([], 0)
        drive = "file=%s,format=raw,if=ide,index=0" % img
        try:
            with machine(drive=drive, snapshot=False, name="%s-%d" % (self.id, n)) as vm:
                b.gen = verify_boot(vm, self.rec, lo, hi, b.problems)
                if b.gen is not None and b.gen != chosen:
                    b.problems.append("the kernel restarted from generation %d, cairn-dump "
                                      "chooses %s" % (b.gen, chosen))
                if b.gen is not None and not b.problems and moment:
                    want = b.gen + 1 + moment[0]
                    pat = re.compile(r"^CRASH commit g=%d " % want, re.M)
                    i, m = wait_first(vm, [pat] + list(crashrec.TROUBLE))
                    if i != 0:
                        b.problems.append("waiting for generation %d: %s" %
                                          (want, m if i is None else m.group(0)))
                    time.sleep(moment[1])
                vm.kill()
                b.text = vm.output()
                recs = crashrec.records(b.text)
                b.last = recs[-1].gen if recs else None
        except QemuError as e:
            b.problems.append(str(e))
        return b


# ------------------------------------------------------------------ ioerr

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
        with machine(drive=drive, snapshot=False, name=self.id.replace("/", "-")) as vm:
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
              ("dirread", "0"), ("read", "OID_ctr3"), ("read", "CAPREGS_crash_workload"))]
    return (reads[:4] + first + reads[4:] + rest)[:n]


# ------------------------------------------------------------------ plans

class Plan:
    """How many crash states of each kind per seed."""

    def __init__(self, seeds, prefix, subset, torn, garbage, chains, kills, ioerr,
                 all_prefix_seeds=0):
        self.seeds, self.prefix, self.subset, self.torn = seeds, prefix, subset, torn
        self.garbage, self.chains, self.kills, self.ioerr = garbage, chains, kills, ioerr
        self.all_prefix_seeds = all_prefix_seeds


BOUNDED = Plan(seeds=[1], prefix=14, subset=6, torn=5, garbage=2, chains=2, kills=6, ioerr=15)
FULL = Plan(seeds=[1, 2, 3, 4], prefix=20, subset=45, torn=30, garbage=10, chains=3, kills=10,
            ioerr=18, all_prefix_seeds=2)


def units(rec, plan, index):
    """The work of one seed: WlogStates, KillChains, IoErrStates."""
    rng = random.Random("plan/%d" % rec.seed)
    out = wlog_states(rec, rng, plan.prefix, plan.subset, plan.torn, plan.garbage,
                      all_prefixes=index < plan.all_prefix_seeds)
    out += [KillChain(rec, c, plan.kills) for c in range(plan.chains)]
    out += ioerr_states(rec, rng, plan.ioerr)
    return out


def parse_id(sid):
    """(method, seed, rest) of a state id."""
    parts = sid.split("/")
    if len(parts) < 3 or parts[0] not in ("wlog", "kill", "ioerr"):
        raise ValueError("not a crash state id: %r" % sid)
    return parts[0], int(parts[1]), parts[2:]


def unit_for(rec, sid):
    """The unit that replays state sid of rec's seed (and, for a kill,
    which kill of its chain)."""
    method, _, rest = parse_id(sid)
    if method == "wlog":
        return WlogState(rec, rest[0], int(rest[1]), int(rest[2]) if len(rest) > 2 else 0), None
    if method == "kill":
        return KillChain(rec, int(rest[0]), int(rest[1]) + 1), int(rest[1])
    arg = rest[1] if rest[0] in ("read", "rootread", "dirread") else int(rest[1])
    return IoErrState(rec, rest[0], arg), None
