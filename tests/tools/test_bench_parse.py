# SPDX-License-Identifier: BSD-2-Clause
"""make bench's reading of the guests' BENCH lines (tests/lib/
benchguest.py): the new form, the older free-text lines translated,
nothing invented, and the targets' verdicts (tests/bench.py)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, ".."))
from benchguest import parse_bench  # noqa: E402
import bench  # noqa: E402

CONSOLE = """UTEST RUN null: ...
BENCH call_return_round_trip 306 per round trip (1000 rounds, rdtsc)
BENCH null_invocation 124 per invocation (1000 rounds, rdtsc)
BENCH bank_alloc 10829 per allocation, bank_free 11338 per free, bank_identify 900
BENCH revoke_insns_1 11331
BENCH revoke_insns_100k 11400
BENCH null_invoke_insns 58
BENCH not a figure 12
"""


def test_bench_lines_and_legacy_lines():
    """BENCH <key> <integer> lines are read as they are; the older lines
    give ipc_roundtrip_insns, bank_alloc_insns and bank_free_insns, and
    a new line wins over an old one for the same key; no key appears
    that nothing printed; ratios and verdicts follow."""
    fig = parse_bench(CONSOLE)
    assert fig == {"ipc_roundtrip_insns": 306, "null_invoke_insns": 58,
                   "bank_alloc_insns": 10829, "bank_free_insns": 11338,
                   "revoke_insns_1": 11331, "revoke_insns_100k": 11400}, fig
    bench.add_ratios(fig)
    assert abs(fig["ipc_vs_null_ratio"] - 306 / 58) < 0.01, fig
    assert abs(fig["revoke_100k_vs_1"] - 1.006) < 0.001, fig
    assert "string_4k_vs_rep_movsd" not in fig
    assert bench.verdict("revoke_100k_vs_1", fig["revoke_100k_vs_1"]) == "met"
    assert bench.verdict("bank_alloc_insns", 10829) == "MISSED"
    assert bench.verdict("ckpt_vs_raw_write", 0.71) == "met"
    assert bench.verdict("cap_xfer_insns", None) == "MISSING"
