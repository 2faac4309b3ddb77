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

from ckptvm import Machine, restart

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
        # A commit may land between the last line and the kill: the
        # restart is from `last` or a later generation whose take had not
        # been printed yet.
        vm = m.boot()
        r = restart(vm)
        assert r.generation >= last, (r.line, last)
        g = r.generation
        vm.wait_for(r"^fpu \d: generation %d \(rc 0\), registers \w+$" % g, 60, start=r.end)
        vm.wait_for(r"^fpu 1: generation \d+ .*\n(?:.*\n)*?fpu 2: generation \d+ .*$|"
                    r"^fpu 2: generation \d+ .*\n(?:.*\n)*?fpu 1: generation \d+ .*$", 60,
                    start=r.end)
        after = lines(vm.output()[r.end:])
        who = [a for a, gg, _ in after if gg == g][0]
        print("before the kill: %d takes, last printed generation %d; restarted from %d; "
              "after: %s" % (len(before), last, g, after[:3]))
        # The taker of generation g sees it (again, if it printed it before
        # the kill).  The other process may first repeat a line it printed
        # after the pause of g (its take of an older generation answered
        # before that pause): such a line is one it printed before the kill.
        assert (who, g, "ok") in after, after
        assert all(x in before for x in after[:after.index((who, g, "ok"))]), (before, after)
        assert all(s == "ok" for _, _, s in after), after
        assert {a for a, _, _ in after} == {1, 2}, after
        m.crash()
