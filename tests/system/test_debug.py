# SPDX-License-Identifier: BSD-2-Clause
"""make debug's kernel under gdb: build/kernel-debug.elf (-Og, no LTO)
boots the default image halted, and gdb finds the kernel's functions
and source lines (`break panic` included) and a user program's symbols
(add-symbol-file, as make debug prints)."""
import os
import re
import socket
import subprocess

from qemu import Qemu, BUILD, ROOT

DEBUG_KERNEL = os.path.join(BUILD, "kernel-debug.elf")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gdb_breaks_in_the_debug_kernel():
    """gdb attached to QEMU's stub stops at a breakpoint on proc_load,
    which the boot calls for every process of the run list, with a
    backtrace in kernel source lines; `break panic` and a breakpoint in
    the shell's kv_set resolve to their source files."""
    port = free_port()
    with Qemu(os.path.join(BUILD, "cairn-fresh.img"), kernel=DEBUG_KERNEL,
              extra=["-gdb", "tcp:127.0.0.1:%d" % port, "-S"], name="gdb"):
        p = subprocess.run(
            ["gdb", "-nx", "-batch", "-ex", "set pagination off",
             "-ex", "target remote 127.0.0.1:%d" % port,
             "-ex", "symbol-file " + DEBUG_KERNEL,
             "-ex", "add-symbol-file " + os.path.join(BUILD, "domains", "shell.elf"),
             "-ex", "break panic", "-ex", "break kv_set", "-ex", "break proc_load",
             "-ex", "continue", "-ex", "bt"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    out = p.stdout + p.stderr
    assert re.search(r"Breakpoint 1 at 0x[0-9a-f]+: file kernel/panic\.c, line \d+", out), out
    assert re.search(r"Breakpoint 2 at 0x[0-9a-f]+: file domains/shell/kv\.c, line \d+", out), out
    assert re.search(r"Breakpoint 3, proc_load \(root=.*\) at kernel/proc\.c:\d+", out), out
    assert re.search(r"^#1 .* at kernel/main\.c:\d+", out, re.M), out
