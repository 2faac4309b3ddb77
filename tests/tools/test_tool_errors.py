# SPDX-License-Identifier: BSD-2-Clause
"""The host tools given wrong arguments and bad files: cairn-dump,
cairn-mkimage and mkteststore each answer with one line on stderr and
the exit status their documentation gives (docs/cairn-dump.md: 8 for an
operational error, 16 for usage; docs/map-language.md: 1 for an error in
the map or its files, 2 for a bad command line; mkteststore's header:
1 and 2 the same way).  Never a crash, a usage page, or a silent success.

Each table row is (name, how to make the arguments, exit status, words
the error line must hold).  A file that cannot be read is made by
chmod 000; when the tests run as root, which reads it anyway, the tool
runs as the unprivileged user nobody (setpriv), so the case is still
tested; without setpriv it is skipped and says so."""
import os
import random
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import (BLOCK, BUILD, DUMP, MKTEST, ROOT_MAGIC, TempDir,  # noqa: E402
                        dump_json, make_store)
from progress import progress  # noqa: E402

MKIMAGE = os.path.join(BUILD, "cairn-mkimage")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
# cairn-dump's banner (which store, which root) goes to stderr before a
# command's error; it is not an error line.
BANNER = (": bare store, ", ": store in MBR partition ")


def run(argv, as_nobody=False):
    cmd = (NOBODY if as_nobody else []) + argv
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert p.returncode >= 0, "%s died of signal %d: %s" % (argv, -p.returncode, p.stderr)
    return p


def error_lines(stderr):
    return [l for l in stderr.splitlines() if not any(b in l for b in BANNER)]


def expect(name, argv, status, words, as_nobody=False):
    p = run(argv, as_nobody)
    errs = error_lines(p.stderr)
    where = "%s: %s -> %d\n%s" % (name, argv, p.returncode, p.stderr)
    assert p.returncode == status, where
    assert len(errs) == 1, "want one error line: " + where
    for w in words:
        assert w in errs[0], "want %r in the error: %s" % (w, where)


def unreadable(path):
    """Make path unreadable; returns whether the tool must run as nobody,
    or None if an unreadable file cannot be had here."""
    os.chmod(path, 0)
    for up in (os.path.dirname(path), os.path.dirname(os.path.dirname(path))):
        os.chmod(up, 0o755)   # nobody may reach it, not read it
    if os.geteuid() != 0:
        return False
    if shutil.which("setpriv") is None:
        progress("root without setpriv: the unreadable-file case is skipped")
        return None
    return True


def random_file(path, n, seed):
    rnd = random.Random(seed)
    with open(path, "wb") as f:
        f.write(bytes(rnd.randrange(256) for _ in range(n)))
    return path


def ext2_image(path):
    """An ext2 file system (Debian e2fsprogs, in make deps)."""
    with open(path, "wb") as f:
        f.truncate(1 << 20)
    mke2fs = shutil.which("mke2fs") or "/sbin/mke2fs"
    subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", path], check=True,
                   capture_output=True, timeout=60)
    return path


def other_version(d):
    """A store whose roots are of format version 3: the version is found
    as the tool reports it (roots --json), right after the root magic,
    and both roots are resealed by cairn-dump itself."""
    img = make_store(d, "v3")
    info = dump_json(img, "info")
    version, off = info["format_version"], info["store_offset"]
    with open(img, "r+b") as f:
        for slot in (0, 1):
            f.seek(off + slot * BLOCK)
            blk = f.read(BLOCK)
            at = blk.index(struct.pack("<I", version), len(ROOT_MAGIC))
            f.seek(off + slot * BLOCK + at)
            f.write(struct.pack("<I", version + 1))
    for r in ("A", "B"):
        assert run([DUMP, "-w", img, "reseal", "root", r]).returncode == 0
    return img, version


def bad_files(d):
    """The bad inputs every tool is given, by name."""
    good = make_store(d, "good")
    empty = os.path.join(d, "empty")
    open(empty, "wb").close()
    short = os.path.join(d, "short")
    with open(good, "rb") as f, open(short, "wb") as g:
        g.write(f.read(BLOCK + BLOCK // 2))
    half = os.path.join(d, "half")
    with open(good, "rb") as f, open(half, "wb") as g:
        g.write(f.read(os.path.getsize(good) // 2))
    os.makedirs(os.path.join(d, "locked"))
    locked = make_store(os.path.join(d, "locked"), "store")
    return dict(good=good, empty=empty, short=short, half=half, locked=locked,
                missing=os.path.join(d, "no-such-file"), dir=d,
                random=random_file(os.path.join(d, "random"), 64 * BLOCK, 7),
                ext2=ext2_image(os.path.join(d, "ext2.img")))


def test_cairn_dump_bad_arguments_and_files():
    """cairn-dump: usage errors exit 16, files that are not a usable store
    exit 8, each with one error line that says what is wrong."""
    with TempDir() as d:
        f = bad_files(d)
        v3, version = other_version(d)
        table = [
            ("no arguments", [], 16, ["no image named"]),
            ("unknown option", ["--bogus", f["good"]], 16, ["unknown option '--bogus'"]),
            ("option without its value", [f["good"], "-f"], 16, ["-f needs a value"]),
            ("unknown command", [f["good"], "frobnicate"], 16, ["unknown command 'frobnicate'"]),
            ("bad arguments", [f["good"], "node", "n:x"], 16, []),
            ("missing file", [f["missing"]], 8, ["No such file or directory"]),
            ("a directory", [f["dir"], "info"], 8, ["not a regular file"]),
            ("empty file", [f["empty"], "info"], 8, ["empty"]),
            ("shorter than the roots", [f["short"], "info"], 8, ["shorter than its two root blocks"]),
            ("truncated store", [f["half"], "info"], 8,
             ["no valid root", "total_blocks does not match"]),
            ("random bytes", [f["random"], "info"], 8, ["no store"]),
            ("an ext2 image", [f["ext2"], "info"], 8, ["no store"]),
            ("another format version", [v3, "info"], 8,
             ["unknown format version: version %d, this cairn-dump reads version %d"
              % (version + 1, version)]),
            ("missing script", ["-f", f["missing"], f["good"]], 8, ["cannot open"]),
        ]
        for name, args, status, words in table:
            expect(name, [DUMP] + args, status, words)
        nobody = unreadable(f["locked"])
        if nobody is not None:
            expect("unreadable file", [DUMP, f["locked"], "info"], 8, ["Permission denied"],
                   as_nobody=nobody)


def test_cairn_dump_check_of_another_version_names_it():
    """check on a store of another format version exits 4 and names the
    version in its report (stdout), with no error line but the banner."""
    with TempDir() as d:
        v3, version = other_version(d)
        p = run([DUMP, v3, "check"])
        assert p.returncode == 4, p
        assert "version %d, this cairn-dump reads version %d" % (version + 1, version) in p.stdout
        assert error_lines(p.stderr) == [], p.stderr


def write_map(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_cairn_mkimage_bad_arguments_and_files():
    """cairn-mkimage: a bad command line exits 2, a map or a file it names
    that cannot be used exits 1; one error line each, and no store is
    left behind."""
    with TempDir() as d:
        f = bad_files(d)
        out = os.path.join(d, "out.bin")
        elf = lambda name: write_map(d, "elf-%s.map" % os.path.basename(name),  # noqa: E731
                                     'process p { elf "%s"; }\n' % name)
        page = lambda name: write_map(d, "page-%s.map" % os.path.basename(name),  # noqa: E731
                                      'page p file "%s";\n' % name)
        ok = write_map(d, "ok.map", "node n;\n")
        table = [
            ("no arguments", [], 2, ["expected exactly one map file"]),
            ("two maps", [ok, ok], 2, ["expected exactly one map file"]),
            ("unknown option", ["--bogus", ok], 2, ["unknown option '--bogus'"]),
            ("unknown short option", ["-zo", out, ok], 2, ["unknown option '-z'"]),
            ("option without its value", [ok, "-o"], 2, ["-o needs a value"]),
            ("long option without its value", [ok, "--size"], 2, ["--size needs a value"]),
            ("bad size", ["--size", "ten", ok], 2, ["--size expects"]),
            ("missing map", [f["missing"]], 1, ["cannot read map", "No such file"]),
            ("a directory as the map", [f["dir"]], 1, ["cannot read map", "Is a directory"]),
            ("random bytes as the map", [f["random"]], 1, ["error: unexpected byte"]),
            ("a store as the map", [f["good"]], 1, ["error: expected a statement"]),
            ("an ext2 image as the map", [f["ext2"]], 1, ["error:"]),
            ("missing include", [write_map(d, "inc.map", 'include "nope.map";\n')], 1,
             ["inc.map:1:", "nope.map"]),
            ("a directory as an include", [write_map(d, "incd.map", 'include "%s";\n' % d)], 1,
             ["Is a directory"]),
            ("missing ELF", [elf(f["missing"])], 1, ["cannot"]),
            ("a directory as the ELF", [elf(f["dir"])], 1, ["not a regular file"]),
            ("empty ELF", [elf(f["empty"])], 1, ["error:"]),
            ("random bytes as the ELF", [elf(f["random"])], 1, ["error:"]),
            ("an ext2 image as the ELF", [elf(f["ext2"])], 1, ["error:"]),
            ("a page file too large", [page(f["random"])], 1, ["error:"]),
            ("output in a missing directory", ["-o", os.path.join(f["missing"], "x"), ok], 1,
             ["cannot create"]),
            ("output over a directory", ["-o", d, ok], 1, ["error:"]),
        ]
        for name, args, status, words in table:
            argv = [MKIMAGE] + (args if "-o" in args else ["-o", out] + args if args else [])
            expect(name, argv, status, words)
            assert not os.path.exists(out), "%s left a store behind" % name
        nobody = unreadable(f["locked"])
        if nobody is not None:
            expect("unreadable map", [MKIMAGE, "-o", os.path.join(d, "x.bin"), f["locked"]], 1,
                   ["Permission denied"], as_nobody=nobody)
        leftovers = [n for n in os.listdir(d) if ".tmp" in n]
        assert leftovers == [], leftovers


def test_cairn_mkimage_empty_map_is_an_empty_store():
    """An empty map is a map with no statements (docs/map-language.md):
    it compiles (exit 0) to a store that checks clean and holds nothing."""
    with TempDir() as d:
        out = os.path.join(d, "empty.bin")
        p = run([MKIMAGE, "--size", "1", "-o", out, write_map(d, "empty.map", "")])
        assert p.returncode == 0 and p.stderr == "", p
        info = dump_json(out, "info")
        assert run([DUMP, out, "check"]).returncode == 0
        assert info["generation"] == 0


def test_mkteststore_bad_arguments():
    """mkteststore (the tests' store builder): unknown options and a
    second output are usage errors (exit 2), an output it cannot write
    exits 1; one line each."""
    with TempDir() as d:
        table = [
            ("no arguments", [], 2, ["usage: mkteststore"]),
            ("unknown option", ["--bogus", os.path.join(d, "x")], 2, ["usage: mkteststore"]),
            ("two outputs", [os.path.join(d, "x"), os.path.join(d, "y")], 2, ["usage:"]),
            ("too few blocks", ["--blocks", "3", os.path.join(d, "x")], 2, ["usage:"]),
            ("output in a missing directory", [os.path.join(d, "no", "x")], 1,
             ["mkteststore: ", "No such file or directory"]),
        ]
        for name, args, status, words in table:
            expect(name, [MKTEST] + args, status, words)
        assert os.listdir(d) == [], os.listdir(d)
