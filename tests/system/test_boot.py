# SPDX-License-Identifier: BSD-2-Clause
"""The boot path: GRUB2 boots the real disk image; the kernel's traps,
panics and in-kernel tests report over the serial console."""
import glob
import os
from qemu import Qemu, BUILD, ROOT, guest_status
from suite import check_written_order, parse_suite, registered

IMAGE = os.path.join(BUILD, "cairn-fresh.img")
TEST_IMAGE = os.path.join(BUILD, "cairn-test.img")


def test_banner_through_grub():
    """GRUB boots build/cairn-fresh.img; the first console line starts with Cairn."""
    with Qemu(IMAGE) as vm:
        vm.wait_for(r"^restart: generation \d+ .* \d+ processes resumed", timeout=60)
        first = vm.output().splitlines()[0]
        assert first.startswith("Cairn "), first


def test_iso_boots_against_the_store_disk():
    """The grub-mkrescue CD boots the same kernel, which finds the store
    on the first disk and starts its processes."""
    iso = os.path.join(BUILD, "cairn.iso")
    with Qemu(drives=["file=%s,format=raw,if=ide,index=0,snapshot=on" % IMAGE],
              extra=["-cdrom", iso, "-boot", "d"]) as vm:
        vm.wait_for(r"^restart: generation \d+ .* \d+ processes resumed", timeout=60)
        assert vm.output().splitlines()[0].startswith("Cairn "), vm.tail()
        vm.wait_for(r"^Cairn shell\.", timeout=30)


def test_in_kernel_suite():
    """The test kernel runs exactly the in-kernel tests the sources
    register (every TEST() of kernel/test/*.c), each one passes, and each
    file's tests run in the order the file defines them."""
    files = glob.glob(os.path.join(ROOT, "kernel/test/*.c"))
    with Qemu(TEST_IMAGE, cmdline="test=all") as vm:
        m = vm.wait_for(r"KTEST END passed=(\d+) failed=(\d+)", timeout=120)
        assert m.group(2) == "0", vm.tail()
        assert guest_status(vm.wait_exit(10)) == 0
        s = parse_suite(vm.output(), "KTEST")
        want = registered(files)
        assert s.ok(), s.summary()
        assert sorted(s.passed) == sorted(want), \
            "registered but not passed: %s; passed but not registered: %s" % (
                sorted(set(want) - set(s.passed)), sorted(set(s.passed) - set(want)))
        check_written_order(vm.output(), "KTEST", files)


def check_exception(kind, vector, name, extra=None):
    with Qemu(TEST_IMAGE, cmdline="fault=" + kind) as vm:
        vm.wait_for(r"EXCEPTION vector %d \(%s\)" % (vector, name), timeout=60)
        if extra:
            vm.wait_for(extra, timeout=5)
        vm.wait_for(r"eax=[0-9a-f]{8} ebx=", timeout=5)
        assert guest_status(vm.wait_exit(10)) == 3, vm.tail()


def test_page_fault_reported():
    """A deliberate #PF is reported with vector, CR2 and registers; halts."""
    check_exception("pf", 14, "#PF page fault", r"cr2=0x1000 \(not present, write, kernel\)")


def test_invalid_opcode_reported():
    """A deliberate #UD is reported with its vector and halts."""
    check_exception("ud", 6, "#UD invalid opcode")


def test_divide_error_reported():
    """A deliberate #DE is reported with its vector and halts."""
    check_exception("de", 0, "#DE divide error")


def test_panic_reports_file_and_line():
    """panic() names file and line and ends QEMU with the panic status."""
    with Qemu(TEST_IMAGE, cmdline="fault=panic") as vm:
        vm.wait_for(r"PANIC at kernel/test/test_boot\.c:\d+: deliberate panic", timeout=60)
        assert guest_status(vm.wait_exit(10)) == 2


def test_assertions_run_in_test_kernels():
    """Test kernels are built with CAIRN_DEBUG, so assert() checks: a
    deliberate failing assert panics, naming the expression.  Every image
    of the in-guest suites, the persistence tests and the fuzzer boots
    the test kernel (only the images that test the product as shipped,
    cairn-fresh.img and its copies, and make bench's build/bench/ do
    not), so make check runs with assertions on."""
    images = [TEST_IMAGE] + sorted(glob.glob(os.path.join(BUILD, "cairn-utest-*.img")) +
                                   glob.glob(os.path.join(BUILD, "cairn-ckpt-*.img")) +
                                   glob.glob(os.path.join(BUILD, "cairn-tk-*.img")))
    assert len(images) >= 10, images
    for image in images:
        with Qemu(image, cmdline="fault=assert") as vm:
            vm.wait_for(r"PANIC at kernel/test/test_boot\.c:\d+: assert failed: which == NULL",
                        timeout=60)
            assert guest_status(vm.wait_exit(10)) == 2, image
    print("assertions on in %d images: %s" % (len(images), " ".join(
        os.path.basename(i) for i in images)))
