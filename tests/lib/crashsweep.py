# SPDX-License-Identifier: BSD-2-Clause
"""Run a plan of crash states (crashplan.py) and report, for make crash,
make crash-full, make crash-replay and tests/crash/test_crash.py.

Progress goes to stdout as the states finish, one line each; at the end

    crash: wlog 27 states (14 prefix, 6 subset, 5 torn, 2 garbage), 27 passed, 0 failed
    crash: kill 12 states, 12 passed, 0 failed
    crash: ioerr 12 states, 12 passed, 0 failed
    crash: 51 states, 51 passed, 0 failed

and, for each failure, its problems, the console's last lines and the
command that replays it.
"""
import atexit
import concurrent.futures
import threading
import time

import crashplan
import crashrun
from crashrun import Outcome, Recording, Workdir

_lock = threading.Lock()
_recordings = {}


def say(msg):
    with _lock:
        print(msg, flush=True)


def recording(seed, brk=None):
    """The recording of seed (made once per process, then shared)."""
    key = (seed, brk)
    with _lock:
        entry = _recordings.get(key)
        if entry is None:
            entry = _recordings[key] = {"lock": threading.Lock(), "rec": None}
    with entry["lock"]:
        if entry["rec"] is None:
            t0 = time.monotonic()
            wd = Workdir("cairn-crash-rec-%d-" % seed)
            rec = Recording(seed, wd.path, brk=brk)
            rec.workdir = wd
            mine = rec.entries[:rec.gen_end(rec.gens)]
            flushes = sum(e.is_flush for e in mine)
            say("crash: seed %d recorded: %d generations in %d writes and %d flushes (%.0f s)"
                % (seed, rec.gens, len(mine) - flushes, flushes, time.monotonic() - t0))
            entry["rec"] = rec
        return entry["rec"]


def replay_command(sid, brk):
    return "make crash-replay CRASH_STATE=%s%s" % (sid, " CRASH_BREAK=%s" % brk if brk else "")


class Tally:
    def __init__(self, brk):
        self.brk = brk
        self.outcomes = []
        self.expected = 0

    def add(self, o):
        with _lock:
            self.outcomes.append(o)
            n = len(self.outcomes)
        mark = "PASS" if o.ok else "FAIL"
        arts = " [accepted: %s]" % "; ".join(o.artifacts[:3]) if o.artifacts else ""
        say("crash: [%d/~%d] %s %s: %s%s" % (n, self.expected, mark, o.id, o.note, arts))
        if not o.ok:
            say("\n".join("    " + p for p in o.problems))
            say("\n".join("    | " + l for l in o.detail.splitlines()[-15:]))
            say("    replay: %s" % replay_command(o.id, self.brk))

    def summary(self):
        lines = []
        for method in ("wlog", "kill", "ioerr"):
            mine = [o for o in self.outcomes if o.method == method]
            if not mine:
                continue
            kinds = ""
            if method == "wlog":
                kinds = " (%s)" % ", ".join("%d %s" % (sum(o.kind == k for o in mine), k)
                                           for k in ("prefix", "subset", "torn", "garbage"))
            lines.append("crash: %s %d states%s, %d passed, %d failed" % (
                method, len(mine), kinds, sum(o.ok for o in mine), sum(not o.ok for o in mine)))
        detected = sum(getattr(o, "detected", False) for o in self.outcomes)
        if detected:
            lines.append("crash: garbage over a home block: %d states where the damage was "
                         "detected and refused (not repairable by design)" % detected)
        roots = sum(any(a.startswith("root") for a in o.artifacts) for o in self.outcomes)
        homes = sum(any(not a.startswith("root") for a in o.artifacts) for o in self.outcomes)
        if roots or homes:
            lines.append("crash: cairn-dump check errors accepted as crash artifacts: a torn "
                         "root in %d states, torn or lost migration writes under a log copy "
                         "in %d" % (roots, homes))
        if crashrun.probe_retries:
            lines.append("crash: %d boots started again because the kernel found no disk (a flaky "
                         "ATA probe, see crashrun.booted): %s" % (
                             len(crashrun.probe_retries),
                             ", ".join(n for n, _ in crashrun.probe_retries[:5])))
        failed = [o for o in self.outcomes if not o.ok]
        lines.append("crash: %d states, %d passed, %d failed" % (
            len(self.outcomes), len(self.outcomes) - len(failed), len(failed)))
        for o in failed:
            lines.append("crash: FAILED %s: %s\n    replay: %s" % (
                o.id, o.problems[0].splitlines()[0], replay_command(o.id, self.brk)))
        return "\n".join(lines)


def _run_unit(unit, tally):
    try:
        result = unit.run()
    except Exception as e:     # a harness error is a failed state, not a crash of the sweep
        import traceback
        result = Outcome(unit.id, unit.method, getattr(unit, "kind", unit.method),
                                   ["harness error: %r" % e], traceback.format_exc(), "")
    for o in result if isinstance(result, list) else [result]:
        tally.add(o)


def sweep(plan, methods=("wlog", "kill", "ioerr"), jobs=2, brk=None, only=None):
    """Run plan (only: a function choosing units) and return the Tally."""
    tally = Tally(brk)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        recs = list(ex.map(lambda s: recording(s, brk), plan.seeds))
        work = []
        for i, rec in enumerate(recs):
            work += [u for u in crashplan.units(rec, plan, i) if u.method in methods]
        if only:
            work = only(work)
        tally.expected = sum(u.kills if u.method == "kill" else 1 for u in work)
        list(ex.map(lambda u: _run_unit(u, tally), work))
    return tally


def replay(sid, brk=None, keep=True):
    """One state again, keeping its files; the Tally."""
    method, seed, rest = crashplan.parse_id(sid)
    rec = recording(seed, brk)
    unit, only = crashplan.unit_for(rec, sid)
    tally = Tally(brk)
    tally.expected = 1
    result = unit.run(keep=keep, only=only) if only is not None else unit.run(keep=keep)
    for o in result if isinstance(result, list) else [result]:
        tally.add(o)
        if o.detail:
            say(o.detail)
    say("crash: recording kept in %s" % rec.workdir.path)
    rec.workdir.keep = True
    return tally


def cleanup():
    """Remove the recordings' files (those a replay keeps stay)."""
    for entry in _recordings.values():
        if entry["rec"] is not None:
            entry["rec"].workdir.__exit__(None, None, None)


atexit.register(cleanup)
