# SPDX-License-Identifier: BSD-2-Clause
"""make bench: the figures measured inside the guest (tests/bench.py).

    in_guest()     the in-guest suites' BENCH lines, under -icount
    ckpt_curve()   checkpoint pause and write against dirty MiB
    restart()      restart time of the same machine on two store sizes

Each returns ({key: number}, {series: [(x, y), ...]}, [notes]).

Under QEMU TCG with -icount shift=0,sleep=off the guest's rdtsc counts
guest instructions, so the in-guest figures are exact and repeat from
run to run.  A program reports a figure as one console line

    BENCH <key> <integer>

and the lines some programs printed before that form existed are
translated by LEGACY below (never invented: a key nobody printed is
missing).  Checkpoint and restart times are wall-clock milliseconds of
the kernel's own TSC (no -icount: they are disk-bound), the two sides of
each ratio measured in the same run.
"""
import os
import re
import statistics

from ckptvm import Machine, assert_no_panic, ckpt_lines
from qemu import BUILD, Qemu
from suite import run_suite

BENCH_RE = re.compile(r"^BENCH ([a-z][a-z0-9_]*) (\d+)\s*$", re.M)

# Lines printed before the BENCH <key> <integer> form: (regex, keys).
LEGACY = [
    (r"^BENCH call_return_round_trip (\d+) per round trip", ("ipc_roundtrip_insns",)),
    (r"^BENCH null_invocation (\d+) per invocation", ("null_invoke_insns",)),
    (r"^BENCH bank_alloc (\d+) per allocation, bank_free (\d+) per free",
     ("bank_alloc_insns", "bank_free_insns")),
]

# (image, boot options): the in-guest suites that print BENCH lines.
# Their product-kernel images, build/bench/ (make bench builds them).
SUITES = [
    ("bench/cairn-utest-ipc.img", None),
    ("bench/cairn-utest-bank.img", None),
    ("bench/cairn-utest-fwd.img", "objcache.nodes=2600"),
]

REVOKE_COPIES = [("1", 1), ("10", 10), ("100", 100), ("1k", 1000), ("10k", 10000),
                 ("100k", 100000)]
CKPT_MIB = [1, 2, 4, 8, 16]
CKPT_ROUNDS = 5
RESTART_STORES = [("small", 64), ("large", 4096)]
RESTART_REPS = 5


def parse_bench(text):
    """{key: int} of the BENCH lines (a legacy line where no new one has
    the key)."""
    out = {k: int(v) for k, v in BENCH_RE.findall(text)}
    for rx, keys in LEGACY:
        m = re.search(rx, text, re.M)
        if m:
            for k, v in zip(keys, m.groups()):
                out.setdefault(k, int(v))
    return out


def in_guest(log):
    figures, notes = {}, []
    for image, cmdline in SUITES:
        log("%s under -icount" % image)
        out = run_suite(os.path.join(BUILD, image), "UTEST", cmdline=cmdline,
                        timeout=900, icount=True)
        got = parse_bench(out)
        if not got:
            notes.append("%s printed no BENCH line" % image)
        figures.update(got)
    series = {"revoke": [(n, figures["revoke_insns_" + name])
                         for name, n in REVOKE_COPIES if "revoke_insns_" + name in figures]}
    return figures, series, notes


def takes(text, mib):
    return [int(g) for g in re.findall(r"^committed g=(\d+) \(%d MiB\)$" % mib, text, re.M)]


RAW_RE = r"^ckpt: raw write of 16 MiB: write ([\d.]+) ms, flush ([\d.]+) ms$"


def ckpt_curve(log):
    """domains/ckpt-pause: ROUNDS checkpoints of each size; the kernel's
    line says the pause and the write (from the start of the pause to
    the commit, so the total); ckpt.rawbench=16 times a raw sequential
    write of 16 MiB by the same driver at boot."""
    log("cairn-ckpt-pause.img: checkpoints of 1 to 16 MiB dirty (wall clock)")
    with Machine("bench/cairn-ckpt-pause.img", sparse=False) as m:
        vm = m.boot(cmdline="ckpt.verbose ckpt.rawbench=16")
        vm.wait_for(r"^pause: done %d rounds" % CKPT_ROUNDS, timeout=900)
        out = m.kill()
    assert_no_panic(out)
    lines = ckpt_lines(out)
    figures, pause, total = {}, [], []
    for mib in CKPT_MIB:
        gens = [lines[g] for g in takes(out, mib) if g in lines]
        if not gens:
            continue
        pause.append((mib, statistics.median(p for _, p, _, _ in gens)))
        total.append((mib, statistics.median(w for _, _, w, _ in gens)))
        if mib == 16:
            figures["ckpt_pause_ms"] = pause[-1][1]
            figures["ckpt_total_ms"] = total[-1][1]
            fastest = min(w for _, _, w, _ in gens)
            raw = [float(a) + float(b) for a, b in re.findall(RAW_RE, out, re.M)]
            if raw and fastest:
                figures["ckpt_raw_16mib_ms"] = min(raw)
                figures["ckpt_write_16mib_fastest_ms"] = fastest
                figures["ckpt_vs_raw_write"] = round(min(raw) / fastest, 3)
    return figures, {"ckpt_pause": pause, "ckpt_total": total}, []


def restart_image(mb):
    return os.path.join(BUILD, "bench", "restart-%d.img" % mb)


def restart_once(mb, icount=False):
    """Boot the machine on a store of mb MiB (not written: snapshot) with
    the boot option bench; the kernel's BENCH restart_us line."""
    with Qemu(restart_image(mb), cmdline="bench", name="restart", icount=icount) as vm:
        m = vm.wait_for(r"^BENCH restart_us (\d+)", timeout=300)
        return int(m.group(1))


def restart(log):
    """The machine of disk-image/cairn.map (the same live set) on a
    64 MiB and a 4 GiB store, booted alternately RESTART_REPS times;
    the median of each, in ms.  Then once each under -icount, where the
    TSC counts instructions: its "ms" are the guest's virtual time, in
    which the host's load plays no part, so a restart that did work in
    proportion to the store would show there even on a busy host."""
    log("restart: cairn.map on 64 MiB and 4 GiB stores, %d boots each (wall clock), "
        "then once each under -icount" % RESTART_REPS)
    times = {name: [] for name, _ in RESTART_STORES}
    for _ in range(RESTART_REPS):
        for name, mb in RESTART_STORES:
            times[name].append(restart_once(mb))
    figures = {"restart_%s_ms" % name: round(statistics.median(v) / 1000, 2)
               for name, v in times.items()}
    figures["restart_large_vs_small"] = round(figures["restart_large_ms"] /
                                              figures["restart_small_ms"], 3)
    for name, mb in RESTART_STORES:
        figures["restart_%s_icount_ms" % name] = round(restart_once(mb, icount=True) / 1000, 2)
    figures["restart_icount_large_vs_small"] = round(figures["restart_large_icount_ms"] /
                                                     figures["restart_small_icount_ms"], 3)
    series = {"restart": [(mb, figures["restart_%s_ms" % name]) for name, mb in RESTART_STORES],
              "restart_icount": [(mb, figures["restart_%s_icount_ms" % name])
                                 for name, mb in RESTART_STORES]}
    return figures, series, []
