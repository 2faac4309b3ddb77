# SPDX-License-Identifier: BSD-2-Clause
"""`make run` as a person at a terminal uses it, with pipes for the
terminal (Python standard library only).

    with MakeRun(image, "FRESH=1") as m:          # make run RUN_IMAGE=image FRESH=1
        m.wait_for(r"Type help")
        answer = m.command("get greeting")       # what the shell printed
        m.quit()                                  # Ctrl-a x

Everything make and QEMU print is kept (m.raw()); m.text() is the same
as a terminal would show it line by line: escape sequences and bells
dropped, CR LF a newline, and a lone CR (the shell redrawing its line)
a newline too, so that every prompt starts a line.  QEMU's console is
-serial mon:stdio, so Ctrl-a x (quit) and every other key go through
its multiplexer exactly as from a keyboard.
"""
import os
import re
import subprocess
import threading
import time

from qemu import ROOT, QemuError, kill_group, spawn

PROMPT = "cairn> "
_ESC = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x07")


def clean(raw):
    return _ESC.sub("", raw).replace("\r\n", "\n").replace("\r", "\n")


def make_env():
    """The environment without the calling make's jobserver and flags."""
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(k, None)
    return env


class MakeRun:
    def __init__(self, image, *args):
        self.args = ["make", "--no-print-directory", "run", "RUN_IMAGE=" + image] + list(args)
        self.buf = bytearray()
        self.proc = None

    def __enter__(self):
        self.proc = spawn(self.args, cwd=ROOT, env=make_env(), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def _read(self):
        for chunk in iter(lambda: self.proc.stdout.read1(65536), b""):
            self.buf.extend(chunk)

    def raw(self):
        return bytes(self.buf).decode("utf-8", "replace")

    def text(self):
        return clean(self.raw())

    def tail(self, n=40):
        return "--- last lines ---\n" + "\n".join(self.text().splitlines()[-n:])

    def send(self, s):
        self.proc.stdin.write(s.encode("latin-1"))
        self.proc.stdin.flush()

    def wait_for(self, pattern, timeout=60.0, start=0, flags=re.M):
        """Wait until text() from offset start on matches; the match."""
        rx = re.compile(pattern, flags)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text()[start:])
            if m:
                return m
            if self.proc.poll() is not None and not rx.search(self.text()[start:]):
                raise QemuError("make run ended (%s) before %r\n%s"
                                % (self.proc.returncode, pattern, self.tail()))
            if time.monotonic() > deadline:
                raise QemuError("timed out waiting for %r\n%s" % (pattern, self.tail()))
            time.sleep(0.05)

    def command(self, line, timeout=60.0):
        """Type line and Enter; the shell's answer (the lines between the
        echoed line and the next prompt)."""
        mark = len(self.text())
        self.send(line + "\r")
        m = self.wait_for(re.escape(line) + r"\n(.*?)\n*^" + re.escape(PROMPT), timeout, mark,
                          re.S | re.M)
        return m.group(1)

    def quit(self, timeout=30.0):
        """Ctrl-a x: QEMU stops at once, as when the power goes."""
        self.send("\x01x")
        return self.proc.wait(timeout=timeout)

    def kill(self):
        """SIGKILL make and QEMU."""
        kill_group(self.proc)
