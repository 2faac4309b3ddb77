# SPDX-License-Identifier: BSD-2-Clause
"""The kill method of the crash harness (docs/crash-testing.md): a copy
of the image boots with the workload, QEMU gets SIGKILL at a seeded
random moment after a record, and the same copy boots again; the restart
must be from the generation of the last record printed, or the one after
it (committed, not yet said); that boot is checked, runs on and is
killed in turn.  A state's id is "kill/SEED/CHAIN/N": kill N of chain
CHAIN."""
import os
import random
import re
import time

import crashdisk
import crashrec
from crashrun import Outcome, Workdir, booted, tail, verify_boot, verify_image, wait_first
from qemu import QemuError

MARGIN = 20              # generations a run may go on between its last record and the kill


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
            with booted(drive=drive, snapshot=False, name="%s-%d" % (self.id, n)) as vm:
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
