# SPDX-License-Identifier: BSD-2-Clause
"""An NBD server for a Cairn disk image, for the tests that put the store
on a network block device (tests/system/test_nbd.py, docs/nbd.md).

    with NbdServer(image, workdir) as srv:       # nbdkit's file plugin
        vm = Qemu(srv.url, snapshot=False)       # QEMU's own NBD client

The whole image -- MBR, boot partition, store partition -- is served over
a Unix socket in workdir, by nbdkit's file plugin (server="nbdkit") or by
qemu-nbd (server="qemu-nbd"), both from Debian (`make deps`).  QEMU's
NBD client then stands where the image file stood: the kernel sees the
same IDE disk and knows nothing of the network.

With nbdkit, filters put the network's failures under the test's control:

  delay_write="200ms"   every write waits this long in the server before
                        it reaches the file (a slow link: a checkpoint
                        stays in flight long enough to kill the server
                        in the middle of it)
  errors=True           every write fails (EIO) while workdir/inject
                        exists (nbdkit's error filter: error-pwrite-rate=
                        100%, error-pwrite-file=...); inject_errors(True
                        or False) creates and removes it
  log=True              nbdkit's log filter records every request in
                        workdir/nbdkit.log; requests() counts them by kind

kill() is SIGKILL: what the server had written is in the host's page
cache, what it had not is lost, as with a server that dies.  start()
again serves the same file on the same socket.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

from qemu import kill_group, spawn

SERVERS = ("nbdkit", "qemu-nbd")


def require(tool):
    """The server's path; a clear failure naming make deps if it is missing."""
    path = shutil.which(tool)
    assert path, "%s is not installed: run make deps (it installs nbdkit and qemu-utils)" % tool
    return path


class NbdServer:
    def __init__(self, image, workdir, server="nbdkit", delay_write=None, errors=False,
                 log=False):
        if server not in SERVERS:
            raise ValueError("unknown NBD server %r (one of %s)" % (server, ", ".join(SERVERS)))
        if server != "nbdkit" and (delay_write or errors or log):
            raise ValueError("delays, errors and the request log need nbdkit's filters")
        self.image, self.server = image, server
        self.socket = os.path.join(workdir, "nbd.sock")
        self.logfile = os.path.join(workdir, "nbdkit.log") if log else None
        self.messages = os.path.join(workdir, "%s.out" % server)
        self.delay_write = delay_write
        self.error_file = os.path.join(workdir, "inject") if errors else None
        self.proc = None
        self.url = "nbd+unix:///?socket=%s" % self.socket

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def args(self):
        if self.server == "qemu-nbd":
            # writeback: the host's page cache, fdatasync on the client's flush
            return [require("qemu-nbd"), "--format=raw", "--cache=writeback",
                    "--persistent", "--shared=0", "--socket=%s" % self.socket, self.image]
        a = [require("nbdkit"), "--foreground", "--unix", self.socket]
        if self.logfile:
            a += ["--filter=log"]
        if self.error_file:
            a += ["--filter=error"]
        if self.delay_write:
            a += ["--filter=delay"]
        a += ["file", "file=%s" % self.image]
        if self.logfile:
            a += ["logfile=%s" % self.logfile, "logappend=true"]
        if self.error_file:
            a += ["error-pwrite=EIO", "error-pwrite-rate=100%",
                  "error-pwrite-file=%s" % self.error_file]
        if self.delay_write:
            a += ["delay-write=%s" % self.delay_write]
        return a

    def start(self, timeout=10.0):
        """Serve the image; returns once the socket accepts connections."""
        assert not self.running(), "the NBD server is running already"
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        with open(self.messages, "ab") as out:
            self.proc = spawn(self.args(), stdin=subprocess.DEVNULL, stdout=out,
                              stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self._accepts():
            assert self.proc.poll() is None, "%s exited (code %s):\n%s" % (
                self.server, self.proc.returncode, self.output())
            assert time.monotonic() < deadline, "%s did not open %s" % (self.server, self.socket)
            time.sleep(0.05)

    def _accepts(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.socket)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL the server (nothing if it is not running)."""
        kill_group(self.proc)

    def stop(self):
        """SIGSTOP: the server stops answering, the connection stays up."""
        os.killpg(self.proc.pid, signal.SIGSTOP)

    def cont(self):
        os.killpg(self.proc.pid, signal.SIGCONT)

    def inject_errors(self, on):
        """Make every write fail from now on (on) or work again (off)."""
        assert self.error_file, "this server has no error filter"
        if on:
            open(self.error_file, "w").close()
        elif os.path.exists(self.error_file):
            os.unlink(self.error_file)

    def output(self):
        with open(self.messages, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def requests(self):
        """{kind: count} of the requests the log filter saw answered
        without an error (Read, Write, Flush, ...)."""
        with open(self.logfile) as f:
            kinds = re.findall(r" connection=\d+ \.\.\.(\w+) id=\d+ return=0", f.read())
        out = {}
        for k in kinds:
            out[k] = out.get(k, 0) + 1
        return out
