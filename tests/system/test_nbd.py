# SPDX-License-Identifier: BSD-2-Clause
"""The store on a network block device (docs/nbd.md).

The counter image (disk-image/ckpt-counter.map: a counter in a page,
a take at every tenth value) is served over a Unix socket by a real NBD
server from Debian -- nbdkit's file plugin, or qemu-nbd -- and QEMU boots
through its own NBD client (tests/lib/nbd.py, ckptvm.Machine(nbd=...)).
The kernel is unchanged: it sees its IDE disk, and every write and flush
goes over the socket to the server, which writes the image file.

  commits    checkpoints commit over NBD, each flush reaches the server,
             QEMU is SIGKILLed and the next boot (through a new server
             process) resumes from the last committed generation; the
             served file checks clean
  server     the server is SIGKILLed in the middle of a checkpoint (its
             writes slowed by nbdkit's delay filter, so the generation is
             in flight when it dies): that generation never commits, the
             kernel stops cleanly, and a new server and QEMU restart from
             the last committed one
  errors     nbdkit's error filter fails every write for a while, then for
             good: no generation commits while writes fail, the next one
             after commits, then the kernel stops cleanly naming the last
             commit, and that commit is intact on the next boot
  stalled    the server stops answering (SIGSTOP) for longer than the
             driver's deadlines: once it answers again the kernel reports
             the timeout, that generation is not committed, the next is,
             and the restart is from the last commit
"""
import re
import time

from ckptvm import Machine, assert_no_panic, committed, restart
from test_ckpt import counter_resumed

COUNTER = "cairn-ckpt-counter.img"
CAPTURED_RE = r"^ckpt: generation (\d+) captured"
STOPPING_RE = r"^ckpt: .*; last committed generation (\d+); stopping$"
NOT_COMMITTED_RE = r"^ckpt: generation (\d+) not committed: (.*)$"
STOPPED_EXIT = 7        # hal_exit(3) in ckpt_stop: QEMU exits 2*3+1


def counter_over(server, **opts):
    """Count, commit, SIGKILL QEMU and the server, restart through a new
    server process: the restart is from the last committed generation."""
    with Machine(COUNTER, nbd=server, nbd_opts=opts) as m:
        vm = m.boot()
        vm.wait_for(r"^committed g=\d+ counter=30$", timeout=90)
        vm.wait_for(r"^counter 33$", timeout=30)
        last = max(committed(m.crash()))
        served = m.server.requests() if opts.get("log") else None
        m.server.kill()
        r = m.restart_from(last)
        c = counter_resumed(m.vm, r)
        assert_no_panic(m.kill())
        print("%s over %s: %s; resumed at committed g=%d counter=%d" %
              (COUNTER, server, r.line, last, c))
        return last, served


def test_nbd_counter_commits_and_resumes_over_nbdkit():
    """Over nbdkit's file plugin: checkpoints commit, each commit's
    flushes reach the server (nbdkit's log filter counts them: the
    directory's and the root's, at least two a generation), and after a
    SIGKILL of QEMU and of the server, a new server and QEMU resume from
    the last committed generation; the served file checks clean."""
    last, served = counter_over("nbdkit", log=True)
    print("requests nbdkit answered: %s" % served)
    assert served.get("Write", 0) > 0, served
    assert served.get("Flush", 0) >= 2 * last, \
        "fewer flushes reached the server than commits need: %s for %d generations" % (
            served, last)


def test_nbd_counter_commits_and_resumes_over_qemu_nbd():
    """The same over qemu-nbd (raw, cache=writeback: its flush is an
    fdatasync of the file)."""
    counter_over("qemu-nbd")


def test_nbd_server_killed_in_the_middle_of_a_checkpoint():
    """nbdkit holds every write 300 ms (delay filter), so a generation is
    in flight for a second or more; the server is SIGKILLed right after
    the kernel captured one.  That generation never commits: the kernel
    says so (the client's writes fail once the connection is gone) and
    stops cleanly naming the last commit.  A new server and QEMU restart
    from that commit, the counter goes on from its value, the served
    file checks clean."""
    with Machine(COUNTER, nbd="nbdkit", nbd_opts={"delay_write": "300ms"}) as m:
        vm = m.boot("ckpt.verbose")
        vm.wait_for(r"^committed g=[1-9]\d* counter=", timeout=120)
        pos = len(vm.output())
        g = int(vm.wait_for(CAPTURED_RE, timeout=60, start=pos).group(1))
        m.server.kill()
        stop = vm.wait_for(STOPPING_RE, timeout=120)
        out = vm.output()
        last = max(committed(out))
        assert last == g - 1 and int(stop.group(1)) == last, (g, last, stop.group(0))
        assert re.search(r"^ckpt: generation %d not committed: " % g, out, re.M), vm.tail()
        assert not re.search(r"^committed g=%d " % g, out, re.M), vm.tail()
        code = vm.wait_exit(30)
        assert code == STOPPED_EXIT, (code, vm.tail())
        m.crash()
        r = m.restart_from(last)
        c = counter_resumed(m.vm, r)
        assert_no_panic(m.kill())
        print("server killed while generation %d was written: %s; restart %s, counter %d"
              % (g, stop.group(0), r.line, c))


def test_nbd_write_errors_never_commit_a_torn_generation():
    """nbdkit's error filter fails every write while a trigger file
    exists.  Errors for a while: the generation being written is not
    committed, and once writes work again a later one commits (the
    counter's take says committed).  Errors for good: the kernel stops
    cleanly after three failed attempts, naming the last commit, and
    the next boot restarts from it with the counter's committed value."""
    with Machine(COUNTER, nbd="nbdkit", nbd_opts={"errors": True}) as m:
        vm = m.boot()
        vm.wait_for(r"^committed g=[1-9]\d* counter=", timeout=90)
        m.server.inject_errors(True)
        bad = vm.wait_for(NOT_COMMITTED_RE, timeout=60, start=len(vm.output()))
        failed = int(bad.group(1))
        m.server.inject_errors(False)
        vm.wait_for(r"^committed g=(\d+) counter=", timeout=60, start=len(vm.output()))
        before = max(committed(vm.output()))
        assert before >= failed, (failed, before, vm.tail())
        m.server.inject_errors(True)
        stop = vm.wait_for(STOPPING_RE, timeout=120)
        code = vm.wait_exit(30)
        out = vm.output()
        last = max(committed(out))
        assert code == STOPPED_EXIT and int(stop.group(1)) == last, (code, last, vm.tail())
        m.server.inject_errors(False)
        m.crash()
        r = m.restart_from(last)
        c = counter_resumed(m.vm, r)
        assert_no_panic(m.kill())
        print("generation %d failed, then %d committed; %s; restart %s, counter %d"
              % (failed, before, stop.group(0), r.line, c))


def test_nbd_server_that_stops_answering():
    """nbdkit is stopped (SIGSTOP, the connection stays up) for 35 s, past
    the driver's deadlines (10 s a write, 30 s a flush), right after a
    take: the machine waits (QEMU's IDE reset waits for the request in
    flight), and once the server answers again the kernel says the
    generation was not committed because the disk timed out; a later take
    commits, the counter goes on, and after a SIGKILL the image checks
    clean and the restart is from the last commit."""
    with Machine(COUNTER, nbd="nbdkit") as m:
        vm = m.boot()
        vm.wait_for(r"^committed g=[1-9]\d* counter=", timeout=90)
        m.server.stop()
        time.sleep(35)
        m.server.cont()
        t = vm.wait_for(r"^ckpt: generation (\d+) not committed: timed out waiting for the disk",
                        timeout=60)
        g = int(t.group(1))
        after = vm.wait_for(r"^committed g=(\d+) counter=\d+", timeout=60, start=t.end())
        assert int(after.group(1)) >= g, (g, after.group(0))
        last = max(committed(m.crash()))
        r = m.restart_from(last)
        c = counter_resumed(m.vm, r)
        assert_no_panic(m.kill())
        print("%s; then %s; restart %s, counter %d" % (t.group(0), after.group(0), r.line, c))
