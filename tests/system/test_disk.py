# SPDX-License-Identifier: BSD-2-Clause
"""The disk: the kernel finds the store partition, its writes reach the
image file for real (snapshot off), and a machine without a disk gets a
clear error instead of a hang or a crash.

The in-kernel disk tests (kernel/test/test_disk.c) run with the rest of
the suite in test_boot.py; these are the ones the host must check."""
import hashlib
import os
import re
import shutil
import struct
import subprocess
import tempfile
from qemu import Qemu, BUILD, guest_status

IMAGE = os.path.join(BUILD, "cairn-fresh.img")
TEST_IMAGE = os.path.join(BUILD, "cairn-test.img")
TEST_KERNEL = os.path.join(BUILD, "kernel-test.elf")
BLOCK = 4096
STORE_TYPE = 0xCA


def store_partition(path):
    """(slot 1..4, first sector, sector count) of the 0xca MBR entry."""
    with open(path, "rb") as f:
        mbr = f.read(512)
    assert mbr[510:512] == b"\x55\xaa", "no MBR signature in %s" % path
    for i in range(4):
        e = mbr[446 + 16 * i: 462 + 16 * i]
        start, count = struct.unpack_from("<II", e, 8)
        if e[4] == STORE_TYPE:
            return i + 1, start, count
    raise AssertionError("no store partition in %s" % path)


def read_store_block(path, block):
    _, start, _ = store_partition(path)
    with open(path, "rb") as f:
        f.seek(start * 512 + block * BLOCK)
        return f.read(BLOCK)


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def persist_pattern(block):
    """What ktest_disk_pattern() writes (kernel/test/test_disk.c)."""
    data = bytearray((i * 31 + block) & 0xFF for i in range(BLOCK))
    head = b"CAIRN DISK PATTERN block=%d\n" % block
    data[:len(head)] = head
    return bytes(data)


def test_boot_reports_store_partition():
    """The product kernel prints one disk line whose geometry is the MBR's."""
    slot, start, count = store_partition(IMAGE)
    disk_sectors = os.path.getsize(IMAGE) // 512
    with Qemu(IMAGE) as vm:
        vm.wait_for(r"^restart: generation \d+ .* \d+ processes resumed", timeout=60)
        out = vm.output().splitlines()
    assert out[0].startswith("Cairn "), out[0]
    want = ('disk: ATA "QEMU HARDDISK" (DMA), %d sectors (%d MiB); store partition %d '
            'at sector %d, %d blocks (%d MiB)'
            % (disk_sectors, disk_sectors >> 11, slot, start, count // 8, count // 8 >> 8))
    assert want in out, "expected %r in\n%s" % (want, "\n".join(out))


def test_store_write_persists():
    """A block the kernel writes and flushes is in the image file afterwards."""
    block = 4321
    tmp = tempfile.mkdtemp(prefix="cairn-persist-")
    try:
        copy = os.path.join(tmp, "disk.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, copy], check=True)
        _, _, count = store_partition(copy)
        assert block < count // 8
        neighbours = (read_store_block(copy, block - 1), read_store_block(copy, block + 1))
        assert read_store_block(copy, block) != persist_pattern(block)
        with Qemu(copy, cmdline="disk_pattern=%d" % block, snapshot=False) as vm:
            vm.wait_for(r"KTEST disk pattern written to store block %d and flushed" % block,
                        timeout=60)
            assert guest_status(vm.wait_exit(10)) == 0, vm.tail()
        assert read_store_block(copy, block) == persist_pattern(block)
        assert (read_store_block(copy, block - 1), read_store_block(copy, block + 1)) == neighbours
    finally:
        shutil.rmtree(tmp)


def test_store_write_out_of_partition_refused():
    """disk_pattern= past the store's end is refused, and the file is unchanged."""
    tmp = tempfile.mkdtemp(prefix="cairn-persist-")
    try:
        copy = os.path.join(tmp, "disk.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, copy], check=True)
        _, _, count = store_partition(copy)
        before = file_digest(copy)
        with Qemu(copy, cmdline="disk_pattern=%d" % (count // 8), snapshot=False) as vm:
            vm.wait_for(r"KTEST disk pattern to block '\d+' failed: blocks outside the store partition",
                        timeout=60)
            assert guest_status(vm.wait_exit(10)) == 1, vm.tail()
        assert file_digest(copy) == before, "the image changed"
    finally:
        shutil.rmtree(tmp)


def test_no_disk_is_a_clear_error():
    """Booted with no drive, the kernel says so and every disk call fails cleanly."""
    with Qemu(kernel=TEST_KERNEL, cmdline="disk_absent") as vm:
        vm.wait_for(r"KTEST disk_absent (ok|FAILED)", timeout=60)
        status = guest_status(vm.wait_exit(10))
        out = vm.output()
    lines = out.splitlines()
    assert lines[0].startswith("Cairn "), lines[0]
    assert ("disk: unavailable: no ATA disk on the primary IDE channel (error -1)"
            in lines), out
    assert status == 0, out


WRITE_TESTS = "disk_write_roundtrip,disk_large_transfer,disk_flush_ok,disk_mbr_refused"


def write_suite(options, mode):
    with Qemu(TEST_IMAGE, cmdline=options + "test=" + WRITE_TESTS) as vm:
        m = vm.wait_for(r"KTEST END passed=(\d+) failed=(\d+)", timeout=180)
        assert (m.group(1), m.group(2)) == ("4", "0"), vm.tail()
        assert guest_status(vm.wait_exit(10)) == 0
        rate = re.search(r"KTEST INFO disk (\w+) \d+ KiB: write (\d+) MiB/s, read (\d+) MiB/s",
                         vm.output())
    assert rate and rate.group(1) == mode, vm.tail()
    print("%s: write %s MiB/s, read %s MiB/s" % (mode, rate.group(2), rate.group(3)))


def test_disk_write_suite():
    """The tests that write the disk (run apart from the object-cache
    tests, whose store they overwrite) pass, by bus-master DMA."""
    write_suite("", "DMA")


def test_disk_write_suite_pio():
    """The same by PIO (ata_dma=0), the fallback."""
    write_suite("ata_dma=0 ", "PIO")


def test_disk_suite_one_sector_per_drq():
    """The transfer tests pass also without READ/WRITE MULTIPLE (ata_multiple=1)."""
    tests = "disk_read_multi,disk_write_roundtrip,disk_out_of_range"
    with Qemu(TEST_IMAGE, cmdline="ata_multiple=1 ata_dma=0 test=" + tests) as vm:
        m = vm.wait_for(r"KTEST END passed=(\d+) failed=(\d+)", timeout=120)
        assert (m.group(1), m.group(2)) == ("3", "0"), vm.tail()
        assert guest_status(vm.wait_exit(10)) == 0


def test_blank_disk_is_a_clear_error():
    """A disk without an MBR is reported by name; the kernel carries on."""
    tmp = tempfile.mkdtemp(prefix="cairn-blank-")
    try:
        blank = os.path.join(tmp, "blank.img")
        with open(blank, "wb") as f:
            f.truncate(8 << 20)
        drive = "file=%s,format=raw,if=ide,index=0" % blank
        with Qemu(kernel=TEST_KERNEL, drives=[drive], cmdline="test=printf_formats") as vm:
            vm.wait_for(r"KTEST END", timeout=60)
            status = guest_status(vm.wait_exit(10))
            out = vm.output()
        assert ("disk: unavailable: no MBR on the disk (sector 0 lacks 0x55AA) (error -101)"
                in out.splitlines()), out
        assert status == 0, out
    finally:
        shutil.rmtree(tmp)


BLKDEBUG_CONF = """\
[inject-error]
event = "read_aio"
errno = "5"
sector = "%(sector)d"

[inject-error]
event = "write_aio"
errno = "5"
sector = "%(sector)d"

[inject-error]
event = "flush_to_disk"
errno = "5"
"""


def test_device_errors_reach_the_caller():
    """I/O errors injected below the drive (QEMU blkdebug) come back as named errors."""
    block = 100
    tmp = tempfile.mkdtemp(prefix="cairn-ioerr-")
    try:
        copy = os.path.join(tmp, "disk.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, copy], check=True)
        _, start, _ = store_partition(copy)
        conf = os.path.join(tmp, "blkdebug.conf")
        with open(conf, "w") as f:
            f.write(BLKDEBUG_CONF % {"sector": start + block * 8})
        drive = ("if=ide,index=0,format=raw,rerror=report,werror=report,"
                 "file=blkdebug:%s:%s" % (conf, copy))
        with Qemu(drives=[drive], cmdline="disk_probe=%d" % block) as vm:
            vm.wait_for(r"KTEST disk_probe flush: ", timeout=60)
            assert guest_status(vm.wait_exit(10)) == 0, vm.tail()
            out = vm.output().splitlines()
        for op in ("init: 0 (success)", "read: -4 (disk aborted the command)",
                   "write: -4 (disk aborted the command)",
                   "flush: -4 (disk aborted the command)"):
            assert "KTEST disk_probe " + op in out, "\n".join(out)
    finally:
        shutil.rmtree(tmp)


def test_slow_disk_times_out_and_recovers():
    """A drive that does not finish in time gives a timeout error, not a hang.

    QEMU throttles the drive to 512 B/s: the MBR and one-block reads get
    through within the 2 s the kernel is told to allow (the default is
    10 s); the write after them must wait several seconds and times out.
    The driver then resets the drive, so the flush that follows works (a
    driver that skipped the reset would time out again on the still-busy
    drive)."""
    tmp = tempfile.mkdtemp(prefix="cairn-slow-")
    try:
        copy = os.path.join(tmp, "disk.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, copy], check=True)
        drive = "if=ide,index=0,format=raw,file=%s,throttling.bps-total=512" % copy
        with Qemu(kernel=TEST_KERNEL, drives=[drive],
                  cmdline="ata_timeout_ms=2000 disk_probe=100 nostore") as vm:
            vm.wait_for(r"KTEST disk_probe flush: ", timeout=60)
            assert guest_status(vm.wait_exit(10)) == 0, vm.tail()
            out = vm.output().splitlines()
        for op in ("init: 0 (success)", "read: 0 (success)",
                   "write: -2 (timed out waiting for the disk)", "flush: 0 (success)"):
            assert "KTEST disk_probe " + op in out, "\n".join(out)
    finally:
        shutil.rmtree(tmp)
