# SPDX-License-Identifier: BSD-2-Clause
"""Drive QEMU for system and crash tests (Python standard library only).

    with Qemu(image, cmdline="test=all") as vm:
        vm.wait_for(r"KTEST END passed=(\\d+) failed=(\\d+)", timeout=60)
        code = vm.wait_exit(timeout=10)

The guest's serial console goes to a log file that wait_for() polls, so
a test can look at everything printed so far (vm.output()).  A QMP socket
is open for scripting (vm.qmp("query-status")).  QEMU is always killed
when the block ends, whatever happened; the log is kept for failures.

With console_input=True the serial line is a Unix socket instead, which
the test types into (vm.send(text), or vm.command(line, pattern): type a
line and wait for the answer printed after it).  QEMU waits for that
connection before it starts the guest, so nothing is lost, and a thread
copies what the guest prints into the same log.  (Not QEMU's own
logfile=: it logs a byte again each time the socket is momentarily full
and the serial device retries it.)

image is whatever QEMU's -drive file= takes: a path, or a URL such as
nbd+unix:///?socket=PATH for a store served over NBD (tests/lib/nbd.py).

The environment variable CAIRN_CMDLINE is added to every boot's command
line: CAIRN_CMDLINE=ata_dma=0 runs a whole suite with the disk driven by
PIO.

Exit codes: the guest ends QEMU through isa-debug-exit, so a guest status
s gives QEMU exit code 2*s+1 (0 -> 1 is "all passed"); see guest_status().
"""
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
QEMU = os.environ.get("QEMU", "qemu-system-i386")


class QemuError(AssertionError):
    pass


def guest_status(qemu_code):
    """The status the guest passed to hal_exit(), or None if it did not."""
    if qemu_code is None or qemu_code < 0 or qemu_code % 2 == 0:
        return None
    return qemu_code >> 1


_live = set()          # every group spawn() started and kill_group() has not ended
_live_lock = threading.Lock()


def spawn(args, **kw):
    """Popen args in a session of its own (so kill_group ends all it
    starts), remembered until kill_group, so kill_all can end it."""
    proc = subprocess.Popen(args, start_new_session=True, **kw)
    with _live_lock:
        _live.add(proc)
    return proc


def kill_group(proc):
    """SIGKILL a process started by spawn(), and all it started, and wait
    for it (nothing if it has ended already)."""
    if proc and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    with _live_lock:
        _live.discard(proc)


def kill_all():
    """SIGKILL every QEMU and server still running: a test run that is
    itself interrupted leaves none behind (tests/run.py)."""
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        kill_group(proc)


class Qemu:
    def __init__(self, image=None, cmdline=None, kernel=None, memory=128,
                 icount=False, drives=(), extra=(), snapshot=True, name="vm",
                 console_input=False):
        self.dir = tempfile.mkdtemp(prefix="cairn-%s-" % name)
        self.log = os.path.join(self.dir, "serial.log")
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        self.serial_path = os.path.join(self.dir, "serial.sock") if console_input else None
        if console_input:
            chardev = "socket,id=ser,path=%s,server=on,wait=on" % self.serial_path
        else:
            chardev = "file,id=ser,path=%s" % self.log
        args = [QEMU, "-accel", "tcg", "-m", str(memory), "-display", "none",
                "-no-reboot", "-nodefaults",
                "-chardev", chardev,
                "-serial", "chardev:ser",
                "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
        if image:
            args += ["-drive", "file=%s,format=raw,if=ide,index=0%s" %
                     (image, ",snapshot=on" if snapshot else "")]
        if kernel:
            args += ["-kernel", kernel]
        extra_cmdline = os.environ.get("CAIRN_CMDLINE")
        if extra_cmdline:       # e.g. CAIRN_CMDLINE=ata_dma=0: a whole suite by PIO
            cmdline = ((cmdline + " ") if cmdline else "") + extra_cmdline
        if cmdline is not None:
            # QEMU option syntax: a literal comma is written ",,".
            args += ["-fw_cfg", "name=opt/cairn/cmdline,string=%s"
                     % cmdline.replace(",", ",,")]
        if icount:
            args += ["-icount", "shift=0,sleep=off"]
        for d in drives:
            args += ["-drive", d]
        args += list(extra)
        self.args = args
        self.proc = None
        self._qmp = None
        self._serial = None
        self._drainer = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def start(self):
        open(self.log, "wb").close()
        self.proc = spawn(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
        if self.serial_path:
            self._serial = self._connect(self.serial_path)
            self._drainer = threading.Thread(target=self._drain, args=(self._serial, self.log),
                                             daemon=True)
            self._drainer.start()

    def _connect(self, path, timeout=10.0):
        """A connected Unix socket to one of QEMU's servers."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + timeout
        while True:
            try:
                s.connect(path)
                return s
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    s.close()
                    raise QemuError("cannot connect to %s\n%s" % (path, self.qemu_messages()))
                time.sleep(0.05)

    @staticmethod
    def _drain(sock, log):
        """Copy what the guest prints on the socket into the log."""
        with open(log, "ab", buffering=0) as f:
            try:
                while True:
                    b = sock.recv(65536)
                    if not b:
                        return
                    f.write(b)
            except OSError:
                pass

    def send(self, text):
        """Type text on the guest's console (needs console_input=True)."""
        self._serial.sendall(text.encode())

    def command(self, line, pattern, timeout=30.0):
        """Type line and a newline, and wait for pattern to be printed
        after it; returns the match."""
        mark = len(self.output())
        self.send(line + "\n")
        return self.wait_for(pattern, timeout, start=mark)

    def output(self):
        if self._drainer and self.proc.poll() is not None:
            self._drainer.join(timeout=5)       # QEMU is gone: the rest is in flight
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", "replace").replace("\r\n", "\n")

    def qemu_messages(self):
        if self.proc and self.proc.poll() is not None and self.proc.stdout:
            return self.proc.stdout.read().decode("utf-8", "replace")
        return ""

    def wait_for(self, pattern, timeout=30.0, start=0):
        """Wait until the console output from offset start on matches
        pattern; return the match (its offsets count from start)."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.output()[start:])
            if m:
                return m
            if self.proc.poll() is not None:
                m = rx.search(self.output()[start:])
                if m:
                    return m
                raise QemuError("QEMU exited (code %s) before %r appeared\n%s%s"
                                % (self.proc.returncode, pattern,
                                   self.tail(), self.qemu_messages()))
            if time.monotonic() > deadline:
                raise QemuError("timed out after %.0fs waiting for %r\n%s"
                                % (timeout, pattern, self.tail()))
            time.sleep(0.05)

    def wait_exit(self, timeout=30.0):
        """Wait for QEMU to end; return its exit code."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise QemuError("QEMU still running after %.0fs\n%s"
                            % (timeout, self.tail()))

    def tail(self, lines=40):
        out = self.output().splitlines()
        return "--- last console lines ---\n" + "\n".join(out[-lines:])

    def qmp(self, command, **arguments):
        """Run one QMP command and return its result."""
        if self._qmp is None:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            deadline = time.monotonic() + 10
            while True:
                try:
                    s.connect(self.qmp_path)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            self._qmp = s.makefile("rw")
            json.loads(self._qmp.readline())  # greeting
            self._send({"execute": "qmp_capabilities"})
        return self._send({"execute": command, "arguments": arguments})

    def _send(self, msg):
        self._qmp.write(json.dumps(msg) + "\n")
        self._qmp.flush()
        while True:
            reply = json.loads(self._qmp.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise QemuError("QMP %s: %s" % (msg["execute"], reply["error"]))

    def kill(self):
        """Kill QEMU at once (SIGKILL: as abrupt as pulling the plug)."""
        kill_group(self.proc)
        for f in (self._qmp, self._serial):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        self._qmp = self._serial = None
