# SPDX-License-Identifier: BSD-2-Clause
"""The user programs' ELF files (build/domains/*.elf) have the layout
domains/lib/user.ld promises and cairn-mkimage relies on.  Checked from
the file itself with the standard library, no binutils."""
import glob
import os
import struct

from qemu import BUILD

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PF_X, PF_W, PF_R = 1, 2, 4
USER_BASE = 0x00400000
USER_TOP = 0xC0000000
PAGE = 4096


def programs():
    elfs = sorted(glob.glob(os.path.join(BUILD, "domains", "*.elf")))
    assert elfs, "no user programs built under build/domains"
    return elfs


def read_elf(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"\x7fELF", path
    assert data[4] == 1 and data[5] == 1, "not ELF32 little-endian: " + path
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize,
     e_phnum) = struct.unpack_from("<HHIIIIIHHH", data, 16)
    assert e_type == 2 and e_machine == 3, "not an i386 executable: " + path
    phdrs = [struct.unpack_from("<8I", data, e_phoff + i * e_phentsize)
             for i in range(e_phnum)]
    return e_entry, phdrs


def test_segments_are_separate_and_page_aligned():
    """Every program: text R-X, rodata R, data RW, bss RW without file
    bytes, each page-aligned, ascending, above 4 MiB, none W+X."""
    for path in programs():
        entry, phdrs = read_elf(path)
        assert not [p for p in phdrs if p[0] in (PT_DYNAMIC, PT_INTERP)], path
        loads = [p for p in phdrs if p[0] == PT_LOAD]
        flags = [p[6] for p in loads]
        assert flags == [PF_R | PF_X, PF_R, PF_R | PF_W, PF_R | PF_W], (path, flags)
        end = USER_BASE
        for (_, off, vaddr, _, filesz, memsz, fl, _) in loads:
            assert vaddr % PAGE == 0 and off % PAGE == vaddr % PAGE, path
            assert vaddr >= end and vaddr + memsz <= USER_TOP, path
            assert filesz <= memsz, path
            assert not (fl & PF_W and fl & PF_X), path
            end = vaddr + memsz
        assert loads[3][4] == 0, "bss has file bytes: " + path
        text = loads[0]
        assert text[2] == USER_BASE == entry, "entry is not the start of text: " + path


def test_utest_registry_is_read_only():
    """The TEST() descriptors of an in-guest suite land in the read-only
    segment, whole (3 words each)."""
    path = os.path.join(BUILD, "domains", "utest-basic.elf")
    with open(path, "rb") as f:
        data = f.read()
    (e_shoff,) = struct.unpack_from("<I", data, 32)
    (e_shentsize, e_shnum, e_shstrndx) = struct.unpack_from("<HHH", data, 46)
    sh = [struct.unpack_from("<10I", data, e_shoff + i * e_shentsize)
          for i in range(e_shnum)]
    strtab = sh[e_shstrndx]
    names = {data[strtab[4] + s[0]:].split(b"\0", 1)[0]: s for s in sh}
    ut = names[b".utests"]
    assert ut[2] & 1 == 0, ".utests is writable"      # SHF_WRITE
    assert ut[5] > 0 and ut[5] % 12 == 0, ut[5]
