# SPDX-License-Identifier: BSD-2-Clause
"""Every check the kernel makes on what it reads from the store, tried
on a real image damaged on purpose: one test per check.

  home      a page whose contents fail its tag's CRC; one tag that fails
            its own CRC; a zeroed tag block; a pot with a bad magic; a
            zeroed pot; a pot, a node record and a tag block written to
            the wrong place (a node record with a bad CRC:
            test_objcache.py)
  log       a log node block with a bad magic, zeroed, or of another
            generation; a log node record whose bytes changed; the same
            record resealed, so only its directory entry's CRC tells; a
            log page whose bytes changed
  restart   a damaged (bad CRC) or zeroed directory block of the newest
            generation, a zeroed root and a root the disk cannot read
            refuse the store; a torn newest root (bad CRC) is a crash,
            and the other root is used

The objects are test.map's rc_node0..7 and rc_page0..1.  Home damage is
done to a copy of build/cairn-test.img.  Log and restart damage is done
to a copy of one crashed image per run: the test kernel changes every rc_
object and commits them in generation 1 (kernel/test/test_readcheck.c,
readcheck_commit), and QEMU is killed; that image's newest root is not
migrated, so the next boot finds the rc_ objects' current versions in the
log.  The test kernel's readcheck_read then touches exactly the objects a
test names: the damaged ones must be refused (and the console must name
them, where they were read and why), the others must still read.
"""
import atexit
import os
import re
import shutil
import subprocess
import tempfile
import threading

from cairnstore import (BLOCK, NODE_SIZE, Geometry, dump_json, flip, peek, poke, reseal,
                        store_offset)
from qemu import BUILD, Qemu, guest_status
from suite import run_suite

TEST_IMAGE = os.path.join(BUILD, "cairn-test.img")
STORE_DAMAGED_EXIT = 4     # kernel/main.c: the store is damaged, not started


def map_oid(name):
    with open(os.path.join(BUILD, "test-map.h")) as f:
        m = re.search(r"#define MAP_OID_%s (0x[0-9a-fA-F]+)ULL" % name, f.read())
    return int(m.group(1), 16)


RC_NODES = [map_oid("rc_node%d" % i) for i in range(8)]
RC_PAGES = [map_oid("rc_page%d" % i) for i in range(2)]


def index(oid):
    return oid & 0xffffffff


def short(oid):
    """An OID as cairn-dump and readcheck_read write it: n:5, p:12."""
    return "%s:%d" % ("n" if oid >> 32 == 1 else "p", index(oid))


_tmp = tempfile.mkdtemp(prefix="cairn-readcheck-")
atexit.register(shutil.rmtree, _tmp, True)
_lock = threading.Lock()
_seq = [0]


def copy_of(src):
    """A private sparse copy of an image, removed when the run ends."""
    with _lock:
        _seq[0] += 1
        dst = os.path.join(_tmp, "disk%d.img" % _seq[0])
    subprocess.run(["cp", "--sparse=always", src, dst], check=True)
    return dst


_crashed = {}


def crashed_image():
    """The crashed image (made once per run): generation 1 commits new
    versions of every rc_ object, and QEMU is killed (SIGKILL, unless the
    test kernel has already ended it: nothing is written after the
    checkpoint either way).  Checked with cairn-dump: root B holds
    generation 1, not migrated, and its directory names every rc_ object
    (their entries are kept for log_entry)."""
    with _lock:
        if _crashed:
            return _crashed["img"]
        img = os.path.join(_tmp, "crashed.img")
        subprocess.run(["cp", "--sparse=always", TEST_IMAGE, img], check=True)
        with Qemu(img, cmdline="test=readcheck_commit ckpt.verbose", snapshot=False) as vm:
            vm.wait_for(r"^KTEST readcheck: generation 1 committed", timeout=60)
            vm.wait_for(r"^KTEST PASS readcheck_commit", timeout=10)
            vm.kill()
        roots = dump_json(img, "roots")
        assert roots["chosen"] == "B", roots
        b = roots["roots"][1]
        assert b["generation"] == 1 and b["migrated_through"] == 0, b
        log = {e["oid"]: e for e in dump_json(img, "logdump")["entries"]
               if e["generation"] == 1}
        assert {short(o) for o in RC_NODES + RC_PAGES} <= set(log), log
        _crashed.update(img=img, log=log)
        return img


def log_entry(oid):
    """oid's entry in the crashed image's directory (generation 1)."""
    crashed_image()
    return _crashed["log"][short(oid)]


def read_objects(img, bad=(), good=()):
    """Boot img; readcheck_read must refuse every bad OID and read every
    good one.  Returns the console output."""
    opts = ["test=readcheck_read"]
    if bad:
        opts.append("read.bad=" + ",".join(short(o) for o in bad))
    if good:
        opts.append("read.good=" + ",".join(short(o) for o in good))
    out = run_suite(img, "KTEST", cmdline=" ".join(opts), timeout=60)
    for o in bad:
        assert re.search(r"^KTEST readcheck: %#x refused$" % o, out, re.M), out[-3000:]
    for o in good:
        assert re.search(r"^KTEST readcheck: %#x read$" % o, out, re.M), out[-3000:]
    return out


def assert_named(out, oid, block, why):
    """The object store's console line names oid, the block it was read
    from (store-relative) and why it was not used."""
    line = "objstore: object %#x (block %d) is damaged: %s; not used" % (oid, block, why)
    assert line in out, "expected %r\n%s" % (line, out[-3000:])


def assert_only_damage(out, bad):
    """No object other than the bad ones was reported damaged."""
    named = {int(m, 16) for m in re.findall(r"^objstore: object (0x[0-9a-f]+) ", out, re.M)}
    assert named == set(bad), (sorted(map(hex, named)), out[-3000:])


# ------------------------------------------------------------------ home

def test_home_page_contents_must_match_the_tag_crc():
    """A page frame with one flipped byte fails the CRC its tag records:
    the page is refused and named with its frame; its neighbour reads."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    j = index(RC_PAGES[0])
    flip(img, g.frame(j) + 3)
    out = read_objects(img, bad=[RC_PAGES[0]], good=[RC_PAGES[1]])
    assert_named(out, RC_PAGES[0], g.frame_start + j,
                 "page contents do not match the CRC recorded for them")
    assert_only_damage(out, [RC_PAGES[0]])


def test_home_tag_with_a_bad_tag_crc_refuses_only_its_page():
    """One tag whose allocation count changed fails its own CRC: only its
    page is refused (named with the tag block); the next page, whose tag
    is in the same block, still reads."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    j = index(RC_PAGES[0])
    assert j // 255 == index(RC_PAGES[1]) // 255
    flip(img, g.tag_block(j) + 16 + (j % 255) * 16)    # alloc_count
    out = read_objects(img, bad=[RC_PAGES[0]], good=[RC_PAGES[1]])
    assert_named(out, RC_PAGES[0], g.tag_start + j // 255, "tag CRC mismatch")
    assert_only_damage(out, [RC_PAGES[0]])


def test_home_zeroed_tag_block_refuses_its_pages_only():
    """A tag block of zeros is damage, not "never written" (format v2):
    every page it covers is refused; a page of the next, intact tag block
    reads."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    tb = index(RC_PAGES[0]) // 255
    assert g.tag_count > tb + 1
    poke(img, g.tag_block(index(RC_PAGES[0])), bytes(BLOCK))
    neighbour = (2 << 32) | ((tb + 1) * 255)
    out = read_objects(img, bad=RC_PAGES, good=[neighbour])
    for o in RC_PAGES:
        assert_named(out, o, g.tag_start + tb, "tag block is all zero (lost write or damage)")
    assert_only_damage(out, RC_PAGES)


def pot_split(g):
    """rc_ nodes in rc_node0's pot, and the others."""
    pot = index(RC_NODES[0]) // 7
    same = [o for o in RC_NODES if index(o) // 7 == pot]
    other = [o for o in RC_NODES if index(o) // 7 != pot]
    assert same and other
    return g.pot_start + pot, same, other


def test_home_pot_with_a_bad_magic_is_refused():
    """A pot whose magic number changed is refused as a whole, though its
    node records still pass their CRCs; nodes of the next pot read."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    pot, same, other = pot_split(g)
    flip(img, g.block(pot))
    out = read_objects(img, bad=same, good=other)
    for o in same:
        assert_named(out, o, pot, "pot has a bad magic number")
    assert_only_damage(out, same)


def test_home_zeroed_pot_is_refused():
    """A pot of zeros is damage (format v2): its nodes are refused, the
    next pot's read."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    pot, same, other = pot_split(g)
    poke(img, g.block(pot), bytes(BLOCK))
    out = read_objects(img, bad=same, good=other)
    for o in same:
        assert_named(out, o, pot, "pot is all zero (lost write or damage)")
    assert_only_damage(out, same)


def test_home_misplaced_blocks_and_records_are_refused():
    """What a write to the wrong place leaves, each caught by an identity
    check though every CRC passes: a pot that holds another pot's index,
    a node record that holds another node (sealed for its own OID), a tag
    block that holds another block's index.  The objects beside them read."""
    img = copy_of(TEST_IMAGE)
    g = Geometry(img)
    pot, in_pot, other = pot_split(g)
    flip(img, g.block(pot) + 4)                         # pot header index
    victim, donor = other[0], other[1]
    assert index(victim) // 7 == index(donor) // 7
    poke(img, g.node(index(victim)), peek(img, g.node(index(donor)), NODE_SIZE))
    j = index(RC_PAGES[0])
    flip(img, g.tag_block(j) + 4)                       # tag block header index
    good = other[1:] + [(2 << 32) | (j // 255 + 1) * 255]
    out = read_objects(img, bad=in_pot + [victim] + RC_PAGES, good=good)
    for o in in_pot:
        assert_named(out, o, pot, "pot holds another index")
    assert_named(out, victim, g.pot_start + index(victim) // 7, "record holds another OID")
    for o in RC_PAGES:
        assert_named(out, o, g.tag_start + j // 255, "tag block holds another index")
    assert_only_damage(out, in_pot + [victim] + RC_PAGES)


# ------------------------------------------------------------------- log

def log_block_split():
    """The log node block holding rc_node0's record (store-relative), the
    rc_ nodes in it, and the other rc_ objects."""
    rel = log_entry(RC_NODES[0])["log_block"]
    same = [o for o in RC_NODES if log_entry(o)["log_block"] == rel]
    other = [o for o in RC_NODES + RC_PAGES if o not in same]
    assert len(same) > 1 and other
    return rel, same, other


def test_log_node_block_with_a_bad_magic_is_refused():
    """A log node block whose magic changed is refused as a whole, though
    its records still pass their CRCs: every node in it is refused (not
    read from home instead); the other log copies read."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel, same, other = log_block_split()
    flip(img, g.log(rel))
    out = read_objects(img, bad=same, good=other)
    for o in same:
        assert_named(out, o, g.log_start + rel, "log node block: bad magic")
    assert_only_damage(out, same)


def test_log_zeroed_node_block_is_refused():
    """A log node block of zeros (a lost write) refuses every node in it."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel, same, other = log_block_split()
    poke(img, g.log(rel), bytes(BLOCK))
    out = read_objects(img, bad=same, good=other)
    for o in same:
        assert_named(out, o, g.log_start + rel,
                     "log node block is all zero (lost write or damage)")
    assert_only_damage(out, same)


def test_log_node_block_of_another_generation_is_refused():
    """A log node block that says it was written by another generation (a
    stale block where the directory expects generation 1's) is refused as
    a whole, though its records still pass their CRCs."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel, same, other = log_block_split()
    poke(img, g.log(rel) + 8, bytes(8))                 # header generation: 0
    out = read_objects(img, bad=same, good=other)
    for o in same:
        assert_named(out, o, g.log_start + rel, "log node block: wrong generation")
    assert_only_damage(out, same)


def log_record(g, oid):
    """Byte offset of oid's record in its log node block, and its block."""
    e = log_entry(oid)
    return g.log(e["log_block"]) + 32 + e["slot"] * NODE_SIZE, g.log_start + e["log_block"]


def test_log_node_record_with_a_bad_crc_is_refused():
    """A log node record with one changed byte fails its CRC: that node is
    refused; the records beside it in the same block read."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    _, same, _ = log_block_split()
    victim = same[1]
    off, block = log_record(g, victim)
    flip(img, off + 32 + 16 + 4)      # slot 1 of the record: the number written
    beside = [o for o in same if o != victim]
    out = read_objects(img, bad=[victim], good=beside)
    assert_named(out, victim, block, "CRC mismatch")
    assert_only_damage(out, [victim])


def test_log_node_record_resealed_fails_its_directory_entry():
    """A log node record changed and resealed passes its own CRC, but not
    the CRC its directory entry recorded: it is refused."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    _, same, _ = log_block_split()
    victim = same[1]
    off, block = log_record(g, victim)
    flip(img, off + 32 + 16 + 4)
    reseal(img, off, NODE_SIZE, 28)
    beside = [o for o in same if o != victim]
    out = read_objects(img, bad=[victim], good=beside)
    assert_named(out, victim, block, "directory entry: CRC differs from the record's")
    assert_only_damage(out, [victim])


def test_log_page_with_changed_contents_is_refused():
    """A log page with one changed byte fails the CRC of its directory
    entry: refused (not read from home instead); the other log page reads."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel = log_entry(RC_PAGES[0])["log_block"]
    flip(img, g.log(rel) + 3)
    out = read_objects(img, bad=[RC_PAGES[0]], good=[RC_PAGES[1]])
    assert_named(out, RC_PAGES[0], g.log_start + rel,
                 "page contents do not match the CRC recorded for them")
    assert_only_damage(out, [RC_PAGES[0]])


# --------------------------------------------------------------- restart

def boot_refused(img, pattern):
    """Boot img: the kernel must print pattern, say the store is damaged
    and stop with its damaged-store status, before using any root (no
    "store: generation" line, no test run)."""
    with Qemu(img, cmdline="test=readcheck_read read.good=%s" % short(RC_NODES[0])) as vm:
        vm.wait_for(pattern, timeout=60)
        vm.wait_for(r"^store: damaged; not started", timeout=10)
        status = guest_status(vm.wait_exit(10))
        out = vm.output()
    assert status == STORE_DAMAGED_EXIT, (status, out[-3000:])
    assert not re.search(r"^store: generation ", out, re.M), out[-3000:]
    assert "KTEST BEGIN" not in out, out[-3000:]
    return out


def newest_dir_block(img):
    b = dump_json(img, "roots")["roots"][1]
    assert b["generation"] == 1
    return b["dir_block"]


def test_restart_refuses_a_directory_block_with_a_bad_crc():
    """A byte changed in the newest generation's directory block: restart
    names the generation and the block and refuses to start -- it does
    not fall back to the older root."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel = newest_dir_block(img)
    flip(img, g.log(rel) + 64 + 8)    # entry 0's alloc_count
    boot_refused(img, r"^restart: generation 1 of root B is damaged: log block %d: "
                      r"directory block: CRC mismatch; refusing to start" % rel)


def test_restart_refuses_a_zeroed_directory_block():
    """The newest generation's directory block zeroed (a lost write):
    restart refuses to start and names the block."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    rel = newest_dir_block(img)
    poke(img, g.log(rel), bytes(BLOCK))
    boot_refused(img, r"^restart: generation 1 of root B is damaged: log block %d: "
                      r"directory block is all zero \(lost write or damage\); "
                      r"refusing to start" % rel)


def test_restart_refuses_a_zeroed_root():
    """The newest root zeroed: the other root is valid, but may not be the
    newest commit, so the store is refused rather than rolled back."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    poke(img, g.root(1), bytes(BLOCK))
    out = boot_refused(img, r"^store: root B is all zero: it was lost or damaged, so root A "
                            r"may not be the newest commit; refusing to start")
    assert re.search(r"^store: root B: invalid: all zero", out, re.M), out[-3000:]


BLKDEBUG_READ_ERROR = """\
[inject-error]
event = "read_aio"
errno = "5"
sector = "%d"
"""


def test_restart_refuses_a_root_the_disk_cannot_read():
    """The newest root's block cannot be read (an I/O error injected below
    the drive with QEMU's blkdebug): like a zeroed root, it may hold the
    newest commit, so the older root is not used and the store is not
    opened."""
    img = copy_of(crashed_image())
    conf = img + ".blkdebug"
    with open(conf, "w") as f:
        f.write(BLKDEBUG_READ_ERROR % (store_offset(img) // 512 + BLOCK // 512))
    drive = ("if=ide,index=0,format=raw,rerror=report,werror=report,"
             "file=blkdebug:%s:%s" % (conf, img))
    with Qemu(drives=[drive]) as vm:
        vm.wait_for(r"^store: root B could not be read, so root A may not be the newest "
                    r"commit; refusing to start", timeout=60)
        vm.wait_for(r"^store: not opened: disk I/O error", timeout=10)
        out = vm.output()
    assert re.search(r"^store: root B: invalid: unreadable$", out, re.M), out[-3000:]
    assert not re.search(r"^store: generation ", out, re.M), out[-3000:]


def test_restart_takes_the_other_root_when_the_newest_is_torn():
    """The newest root with a bad CRC (torn by a crash while it was
    written, not zero): the other root is used, and the console says
    which and why."""
    img = copy_of(crashed_image())
    g = Geometry(img)
    flip(img, g.root(1) + BLOCK - 1)
    assert peek(img, g.root(1), BLOCK) != bytes(BLOCK)
    out = read_objects(img, good=[RC_NODES[0], RC_PAGES[0]])
    assert re.search(r"^store: root A: valid, generation 0 \(in use\)$", out, re.M), out[-3000:]
    assert re.search(r"^store: root B: invalid: CRC mismatch \(torn or damaged\)$", out, re.M), \
        out[-3000:]
    assert re.search(r"^store: generation 0, ", out, re.M), out[-3000:]
    assert_only_damage(out, [])
