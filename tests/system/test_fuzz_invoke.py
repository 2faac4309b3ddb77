# SPDX-License-Identifier: BSD-2-Clause
"""The invocation fuzzer, bounded (docs/hostile.md): build/cairn-tk-fuzz-invoke.img
on the test kernel (assertions on, check_consistency() before every
checkpoint).  `make fuzz-invoke` runs the long version."""
import re
from fuzzinvoke import MEMORY_RE, run, summary

N = 30000


def test_fuzz_invoke_bounded():
    """30,000 seeded random invocations against every capability type the
    fuzzer can get (forwarders blocked, chained and revoked mid-call,
    Resume capabilities, the Checkpoint capability, the bank) with
    checkpoints during the run: the kernel never panics or trips an
    assertion, the peer is served throughout, the fuzzer's own registers
    are untouched, the bank's tables check clean, the final
    checkpoint's consistency check passes, and the kernel allocated not
    one page frame and grew no pool (SysInfo, checked by the fuzzer)."""
    out = run(seed=20261130, n=N, timeout=600)
    m = re.search(r"^FUZZ END seed=\d+ invocations=(\d+) receives=(\d+) pings=(\d+)", out, re.M)
    assert m and int(m.group(1)) >= N, out[-3000:]
    assert int(m.group(2)) > 0 and int(m.group(3)) >= N // 1000, out[-3000:]   # a ping every 256 steps
    assert len(re.findall(r"^ckpt: generation \d+ took", out, re.M)) >= 3, out[-3000:]
    mem = re.findall(MEMORY_RE, out, re.M)
    assert mem and all(free == begin for free, _, begin in mem), mem
    print(summary(out))


def test_fuzz_invoke_across_restarts():
    """The same kind of run, with the machine killed twice in the middle
    (each time after three checkpoints): every boot goes on from the last
    committed generation, the fuzzer in the middle of its run, and the
    run still ends cleanly."""
    out = run(seed=42, n=N, timeout=600, restarts=2)
    assert len(re.findall(r"^restart: generation (\d+)", out, re.M)) == 3, out[-3000:]
    gens = [int(g) for g in re.findall(r"^restart: generation (\d+)", out, re.M)]
    assert gens[0] == 0 and gens[1] > 0 and gens[2] > gens[1], gens
