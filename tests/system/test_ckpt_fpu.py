# SPDX-License-Identifier: BSD-2-Clause
"""FPU and SSE registers are per process and persistent: two processes
(domains/ckpt-fpu, disk-image/ckpt-fpu.map) hold their own x87 and SSE
values while the kernel switches the FPU between them; each asks for
checkpoints and checks its registers whenever its take() returns --
live, and once more after QEMU is killed and the machine restarts from
that generation, when the registers can only have come back from the
annex page the checkpoint wrote.  (The checkpoint is written while the
processes run, so a process may print a line after a pause; after a
restart from that generation it prints it again.)"""
import re

from ckptvm import Machine

LINE_RE = r"^fpu (\d): generation (\d+) \(rc 0\), registers (ok|WRONG)$"


def lines(text):
    return [(int(a), int(g), s) for a, g, s in re.findall(LINE_RE, text, re.M)]


def test_fpu_values_survive_checkpoint_and_kill():
    with Machine("cairn-ckpt-fpu.img") as m:
        vm = m.boot()
        vm.wait_for(r"^fpu 1: generation \d+ .*\n(?:.*\n)*?fpu 2: generation \d+ .*$", 60)
        vm.wait_for(r"^fpu 1: generation [3-9] ", 60)
        before = lines(m.crash())
        assert before and all(s == "ok" for _, _, s in before), before
        last = max(g for _, g, _ in before)
        who = [a for a, g, _ in before if g == last][0]
        m.restart_from(last, r"^fpu %d: generation %d \(rc 0\), registers \w+$" % (who, last),
                       r"^fpu %d: generation \d+ \(rc 0\), registers \w+$" % (3 - who))
        after = lines(m.vm.output().split("restart: generation", 1)[1])
        print("before the kill: %d takes, last generation %d by fpu %d; after: %s"
              % (len(before), last, who, after[:2]))
        # The taker of generation `last` sees it again.  The other process
        # may first repeat a line it printed after the pause of `last`
        # (its take of an older generation answered before that pause):
        # such a line is one it printed before the kill.
        assert (who, last, "ok") in after, after
        assert all(x in before for x in after[:after.index((who, last, "ok"))]), (before, after)
        assert all(s == "ok" for _, _, s in after), after
        assert {a for a, _, _ in after} == {1, 2}, after
        m.crash()
