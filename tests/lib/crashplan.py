# SPDX-License-Identifier: BSD-2-Clause
"""The crash harness's write-log method and its plans (docs/crash-testing.md);
the kill and I/O-error methods are in crashkill.py and crashioerr.py.

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
"""
import os
import random

import crashdisk
import crashrec
from crashdisk import Piece
from crashioerr import IoErrState, ioerr_states
from crashkill import KillChain
from crashrun import Outcome, Workdir, boot_and_verify, tail

WLOG_GENS = 12           # write-log states cover the log up to this generation


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
            return "requests [0,%d) of the log" % upto
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
        artifacts = []
        with Workdir("cairn-crash-state-", keep) as d:
            img = os.path.join(d, "state.img")
            crashdisk.sparse_copy(self.rec.base, img)
            crashdisk.apply(img, self.rec.log, self.rec.entries[:upto] + extra,
                            garbage_seed=self.arg)
            want = self.rec.intact_root(img, upto, extra)
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
    was destroyed) or the kernel said which object it refused to use --
    then the workload's own checks may find its objects missing (its
    record differs), which is the loss, reported, not a silent mixture.
    (problems, 'detected ...' or '')."""
    if not problems:
        return [], ""
    rc, found = crashdisk.check(img)
    refused = crashrec.DAMAGED_RE.search(text)
    rest = [p for p in problems if not p.startswith("cairn-dump check exits 4")]
    if rc != 4 or (rest and not refused):
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


class Plan:
    """How many crash states of each kind per seed."""

    def __init__(self, seeds, prefix, subset, torn, garbage, chains, kills, ioerr,
                 all_prefix_seeds=0):
        self.seeds, self.prefix, self.subset, self.torn = seeds, prefix, subset, torn
        self.garbage, self.chains, self.kills, self.ioerr = garbage, chains, kills, ioerr
        self.all_prefix_seeds = all_prefix_seeds


BOUNDED = Plan(seeds=[1], prefix=14, subset=6, torn=5, garbage=2, chains=2, kills=6, ioerr=15)
FULL = Plan(seeds=[1, 2, 3, 4], prefix=20, subset=45, torn=30, garbage=10, chains=3, kills=10,
            ioerr=18, all_prefix_seeds=3)


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
