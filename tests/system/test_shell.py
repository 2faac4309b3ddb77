# SPDX-License-Identifier: BSD-2-Clause
"""The shell, driven over the serial console the way README.md tells a
new user to drive it: `make run`, with pipes for the terminal.

test_readme_walkthrough is the README's walkthrough, step by step: set a
key, grant the service to the client and call it, ckpt, revoke, Ctrl-a x
(a crash), make run again -- the key, the revocation, the history and
the generation it came back from are all there -- a second grant, ckpt,
Ctrl-a x, and `make dump` on the image the machine left.  Then, beyond
the README: SIGKILL after a periodic checkpoint and right after a ckpt,
and FRESH=1.  test_bad_input: overlong lines, control characters, bytes
that are not ASCII, unknown commands and names, and full banks each get
one error line, and the shell goes on; the line editor's keys do what
they say.
"""
import filecmp
import os
import re
import shutil
import subprocess
import tempfile
import time

from makerun import PROMPT, MakeRun, make_env
from qemu import ROOT

BOOT = 120          # make run up to the shell's first prompt (TCG, a busy host)


KERNEL_CKPT = re.compile(r"^ckpt: generation \d+, [\d.]+ [KM]iB dirty, pause .*\n?", re.M)


def one_line(answer, pattern):
    """The shell's answer is one line (the kernel's own report of a
    checkpoint aside) and matches pattern; the match."""
    answer = KERNEL_CKPT.sub("", answer).strip("\n")
    assert "\n" not in answer, "more than one line: %r" % answer
    m = re.fullmatch(pattern, answer)
    assert m, "%r does not match %r" % (answer, pattern)
    return m


def answer_has(answer, pattern):
    m = re.search(pattern, answer, re.M)
    assert m, "%r not in %r" % (pattern, answer)
    return m


def make_dump(image, cmd):
    p = subprocess.run(["make", "--no-print-directory", "-s", "dump", "RUN_IMAGE=" + image,
                        "CMD=" + cmd], cwd=ROOT, env=make_env(), capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def first_boot(m):
    m.wait_for(r"^  MACHINE .*: a new machine \(generation 0\)$", BOOT)
    m.wait_for(r"^Booting .*Leave with Ctrl-a x: that is a crash", BOOT)
    m.wait_for(r"^restart: generation 0 \(root A\)", BOOT)
    m.wait_for(r"Type help\.", BOOT)
    one_line(m.command("set greeting hello, world"), r"greeting = hello, world")
    fwd = one_line(m.command("grant alice"),
                   r"alice: the client holds a revocable copy of the service \(forwarder "
                   r"(n:\d+), paid for by bank grants\)").group(1)
    one_line(m.command("call alice"),
             r"alice: works: the service answered call number 1 \(it saw grant 1\)")
    g1 = int(answer_has(m.command("ckpt"), r"^ckpt: generation (\d+) committed; the machine "
                        r"paused \d+\.\d{3} ms").group(1))
    g2 = int(answer_has(m.command("revoke alice"), r"^alice: revoked; every copy of it is void "
                        r"\(durable in generation (\d+)\)$").group(1))
    assert g2 > g1 >= 1, (g1, g2)
    assert m.quit() == 0, m.tail()
    return fwd, g2


def second_boot(m, g2):
    m.wait_for(r"^Booting ", BOOT)
    g = int(m.wait_for(r"^restart: generation (\d+) \(root [AB]\)", BOOT).group(1))
    assert g >= g2, (g, g2)
    m.wait_for(r"^shell: the system restarted from generation %d \(restart 1 of this "
               r"image\); the pairs, grants, banks and history are as they were then$" % g, BOOT)
    m.wait_for(r"^cairn> $", 30)
    one_line(m.command("get greeting"), r"hello, world")
    one_line(m.command("call alice"),
             r"alice: void: the client's copy does nothing any more \(revoked\)")
    answer_has(m.command("grants"), r"^alice +grants +n:\d+ +void \(revoked\)$")
    answer_has(m.command("gen"), r"^generation \d+ committed [\d.]+ s ago; .*this boot restarted "
               r"from generation %d$" % g)
    hist = m.command("history")
    lines = [l.split(None, 1)[1] for l in hist.strip().splitlines()]
    assert lines[:5] == ["set greeting hello, world", "grant alice", "call alice", "ckpt",
                         "revoke alice"], hist
    one_line(m.command("grant bob"), r"bob: the client holds a revocable copy of the service "
             r"\(forwarder n:\d+, paid for by bank grants\)")
    one_line(m.command("call bob"),     # the service's count survived the crash
             r"bob: works: the service answered call number 2 \(it saw grant \d\)")
    mark = len(m.text())
    m.send("\x1b[A")                    # up: the last line again
    m.wait_for(r"^cairn> call bob$", 30, mark)
    m.send("\x03")                      # ^C: not run
    m.wait_for(r"^cairn> call bob\^C$", 30, mark)
    g3 = int(answer_has(m.command("ckpt"), r"^ckpt: generation (\d+) committed").group(1))
    assert g3 > g and m.quit() == 0, m.tail()
    return g3


def wait_for_commit(m, after, timeout=30):
    """Wait until `gen` names a generation newer than after: the kernel's
    periodic checkpoint (every 5 s) has made this boot durable."""
    for _ in range(timeout):
        g = int(answer_has(m.command("gen"), r"^generation (\d+) committed").group(1))
        if g > after:
            return g
        time.sleep(1)
    raise AssertionError("no checkpoint after generation %d in %d s" % (after, timeout))


def killed_after_a_periodic_checkpoint(m, g3):
    """Beyond the README: set a pair, let the kernel's own checkpoint
    (every 5 s) commit it, SIGKILL."""
    m.wait_for(r"^shell: the system restarted from generation %d \(restart 2 of" % g3, BOOT)
    m.wait_for(r"^cairn> ", 30)
    one_line(m.command("set color blue"), r"color = blue")
    g4 = wait_for_commit(m, g3)
    m.kill()                            # SIGKILL: QEMU has no say
    return g4


def killed_right_after_a_ckpt(m, g4):
    """Restart from the periodic checkpoint; a ckpt, a change, SIGKILL at
    once: the change is lost unless a checkpoint beat the kill."""
    g = int(m.wait_for(r"^shell: the system restarted from generation (\d+) \(restart 3 of",
                       BOOT).group(1))
    assert g >= g4, (g, g4)
    m.wait_for(r"^cairn> ", 30)
    one_line(m.command("get color"), r"blue")
    g5 = int(answer_has(m.command("ckpt"), r"^ckpt: generation (\d+) committed").group(1))
    one_line(m.command("set color red"), r"color = red")
    m.kill()
    return g5


def after_the_kills(m, g5):
    g = int(m.wait_for(r"^shell: the system restarted from generation (\d+) \(restart 4 of",
                       BOOT).group(1))
    m.wait_for(r"^cairn> ", 30)
    color = one_line(m.command("get color"), r"(blue|red)").group(1)
    assert g >= g5 and (g > g5 or color == "blue"), (g, g5, color)
    one_line(m.command("get greeting"), r"hello, world")
    answer_has(m.command("ps"), r"^n:\d+ +shell +8 +running$")
    assert m.quit() == 0


def dump_the_image(image, fwd):
    rc, out, err = make_dump(image, "ls procs")
    assert rc == 0, err
    for name in ("spacebank", "shell", "service", "client"):
        assert re.search(r"^n:\d+\t0x[0-9a-f]+\t%s\t" % name, out, re.M), out
    rc, out, err = make_dump(image, "proc shell")
    assert rc == 0 and re.search(r"^name\tshell$", out, re.M), (out, err)
    assert re.search(r"^0x20000000\t0x20001000\t1\trw$", out, re.M), out   # the pairs' page
    assert re.search(r"^10\tstart\t.*\tok\tservice$", out, re.M), out
    rc, out, err = make_dump(image, "refs service")
    assert rc == 0 and re.search(r"^n:\d+\tshell\.capregs\t10\tstart\t", out, re.M), out
    rc, out, err = make_dump(image, "refs " + fwd)      # alice's, revoked
    assert rc == 0 and re.search(r"^n:\d+\t-\t0\tforwarder\t.*\tstale ", out, re.M), out
    rc, out, err = make_dump(image, "graph")
    assert rc == 0 and out.startswith("digraph cairn {"), err
    assert re.search(r'^\t"n:\d+" \[label="shell\\nn:\d+" style=bold\];$', out, re.M), out
    assert re.search(r'label="shell\.space\\nn:\d+: \d+ pages" shape=folder', out), out
    assert make_dump(image, "check")[0] == 0


def fresh_starts_anew(image):
    """make image keeps a machine that ran; FRESH=1 replaces it with a
    new one (the fresh image of the sources)."""
    fresh = os.path.join(ROOT, "build", "cairn-fresh.img")
    make = ["make", "--no-print-directory", "-s", "image", "RUN_IMAGE=" + image]
    subprocess.run(make, cwd=ROOT, env=make_env(), check=True, capture_output=True)
    assert not filecmp.cmp(image, fresh, shallow=False)
    subprocess.run(make + ["FRESH=1"], cwd=ROOT, env=make_env(), check=True,
                   capture_output=True)
    assert filecmp.cmp(image, fresh, shallow=False)


def test_readme_walkthrough():
    """README.md's walkthrough works as written: the pairs, the
    revocation, the service's state, the history and the generation are
    all back after Ctrl-a x, the restart says where it came back from,
    and cairn-dump finds the shell and its grants by name.  Beyond it:
    SIGKILL after a periodic checkpoint and right after a ckpt, and
    FRESH=1 starting a new machine."""
    d = tempfile.mkdtemp(prefix="cairn-walk-")
    image = os.path.join(d, "cairn.img")
    try:
        with MakeRun(image) as m:
            fwd, g2 = first_boot(m)
        with MakeRun(image) as m:
            g3 = second_boot(m, g2)
        dump_the_image(image, fwd)
        with MakeRun(image) as m:
            g4 = killed_after_a_periodic_checkpoint(m, g3)
        with MakeRun(image) as m:
            g5 = killed_right_after_a_ckpt(m, g4)
        with MakeRun(image) as m:
            after_the_kills(m, g5)
        fresh_starts_anew(image)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def typed(m, keys, pattern):
    """Type keys (the echo is not the line: no command()); wait for pattern."""
    mark = len(m.text())
    m.send(keys)
    return m.wait_for(pattern, 30, mark)


def bad_lines(m):
    typed(m, "x" * 130 + "\r",          # the echo stops at 120
          r"^x{120}\nerror: the line is longer than 120 characters; nothing done\n\ncairn> ")
    typed(m, "set a\x02b\r",
          r"^set ab\nerror: a control character \(0x02\) in the line; nothing done$")
    typed(m, "set caf\xe9 1\r",
          r"^set caf 1\nerror: a byte that is not ASCII \(0xe9\) in the line; nothing done$")
    one_line(m.command("frobnicate now"),
             r"error: unknown command 'frobnicate' \(help lists the commands\)")
    one_line(m.command("get"), r"error: usage: get NAME")


def bad_names(m):
    one_line(m.command("get nothing"), r"error: no pair named 'nothing' \(ls lists them\)")
    one_line(m.command("rm nothing"), r"error: no pair named 'nothing' \(ls lists them\)")
    one_line(m.command("call nobody"), r"error: no grant named 'nobody' \(grants lists them\)")
    one_line(m.command("revoke nobody"), r"error: no grant named 'nobody' \(grants lists them\)")
    one_line(m.command("dropbank nothing"), r"error: no bank named 'nothing' \(bank lists them\)")
    one_line(m.command("grant bob nothing"), r"error: no bank named 'nothing' \(bank lists them\)")
    one_line(m.command("set b@d 1"), r"error: 'b@d' cannot be a pair name: 1 to 23 letters, "
             r"digits, '_', '-' or '\.'")
    one_line(m.command("newbank prime"), r"error: there is a bank named 'prime' already")
    one_line(m.command("dropbank kv"),
             r"error: 'kv' is the shell's own bank; only banks made with newbank can be dropped")


def full_banks(m):
    one_line(m.command("newbank tiny 1"),
             r"tiny: a new sub-bank of the prime bank \(id \d+\), at most 1 nodes and 1 pages")
    one_line(m.command("grant a tiny"), r"a: the client holds a revocable copy .* tiny\)")
    one_line(m.command("grant b tiny"),
             r"error: bank 'tiny' is full: no node for the forwarder; b not granted")
    for i in range(64):
        one_line(m.command("set k%02d value %d" % (i, i)), r"k%02d = value %d" % (i, i))
    one_line(m.command("set k64 one too many"), r"error: the key-value store is full: its bank "
             r"'kv' pays for at most 2 pages \(64 pairs\); rm a pair first")
    one_line(m.command("rm k00"), r"k00 removed")
    one_line(m.command("set k64 fits now"), r"k64 = fits now")
    answer_has(m.command("bank"), r"^kv +\d+ +\d+ +2 +4 +2$")
    one_line(m.command("dropbank tiny"), r"tiny: destroyed with everything it paid for: 1 node "
             r"and 0 pages freed; void now: a \(durable in generation \d+\)")


def editing(m):
    typed(m, "gt k01\x1b[D\x1b[D\x1b[D\x1b[D\x1b[De\r",   # left five, insert: get k01
          r"^cairn> get k01\nvalue 1$")
    typed(m, "lsx\x7f\r", r"^k01 +value 1$")                # backspace
    typed(m, "gra\ts\r",                                    # Tab: grant|grants -> grant
          r"^a +tiny +n:\d+ +void \(its bank was dropped\)$")
    typed(m, "get k0\t",              # Tab lists the pairs it could be, redraws the line
          r"^k01  k02  k03  k04  k05  k06  k07  k08  k09  \n+cairn> get k0$")
    typed(m, "1\r", r"^value 1$")


def test_bad_input():
    """Overlong lines, control characters, bytes that are not ASCII,
    unknown commands, names that do not exist and full banks each get one
    line starting with "error:" and nothing else happens; the shell keeps
    running.  Left, backspace and Tab edit the line as they should."""
    d = tempfile.mkdtemp(prefix="cairn-bad-")
    try:
        with MakeRun(os.path.join(d, "cairn.img"), "FRESH=1") as m:
            # The first prompt, not only the welcome: typed() anchors its
            # pattern where the typing began.
            m.wait_for(r"Type help\.\n+" + re.escape(PROMPT) + r"$", BOOT)
            bad_lines(m)
            bad_names(m)
            full_banks(m)
            editing(m)
            answer_has(m.command("ps"), r"^n:\d+ +shell +8 +running$")
            m.quit()
    finally:
        shutil.rmtree(d, ignore_errors=True)
