# SPDX-License-Identifier: BSD-2-Clause
"""Read a write log in the dm-log-writes format, as QEMU's blklogwrites
block driver records it (Python standard library only).

    log sector 0      super: magic u64, version u64, nr_entries u64,
                      sector size u32 (little-endian)
    then per entry    one sector: sector u64, nr_sectors u64, flags u64,
                      data_len u64 (zero-padded), followed by nr_sectors
                      sectors of data unless the entry is a discard

Flags: 1 flush, 2 FUA, 4 discard, 8 mark.  QEMU logs each write the
guest's disk makes (for the IDE disk: one entry per DRQ block of a PIO
command, at most 16 sectors) and each cache flush (an entry with the
flush flag and no data), in the order the disk completed them; it
rewrites nr_entries in the super block at every flush, so a log cut off
by a kill ends at its last flush.

    entries = read_log(path)
    with open(path, "rb") as f:
        data = entries[i].data(f)          # the bytes that write carried
"""
import struct

MAGIC = 0x6A736677736872
FLUSH, FUA, DISCARD, MARK = 1, 2, 4, 8
_SUPER = struct.Struct("<QQQI")
_ENTRY = struct.Struct("<QQQQ")


class Entry:
    """One logged request: a write (sector, nsectors, data) or a flush."""

    __slots__ = ("index", "sector", "nsectors", "flags", "offset", "sector_size")

    def __init__(self, index, sector, nsectors, flags, offset, sector_size):
        self.index, self.sector, self.nsectors = index, sector, nsectors
        self.flags, self.offset, self.sector_size = flags, offset, sector_size

    @property
    def is_flush(self):
        return bool(self.flags & FLUSH) and self.nsectors == 0

    @property
    def is_write(self):
        return self.nsectors > 0 and not self.flags & DISCARD

    def data(self, f):
        """The bytes written (nsectors * sector_size), read from log file f."""
        f.seek(self.offset)
        return f.read(self.nsectors * self.sector_size)

    def __repr__(self):
        if self.is_flush:
            return "<%d flush>" % self.index
        return "<%d write %d+%d>" % (self.index, self.sector, self.nsectors)


class LogError(ValueError):
    pass


def read_log(path):
    """Every entry the super block counts, in order."""
    with open(path, "rb") as f:
        head = f.read(_SUPER.size)
        if len(head) < _SUPER.size:
            raise LogError("%s: no super block" % path)
        magic, version, count, ssize = _SUPER.unpack(head)
        if magic != MAGIC or version != 1 or ssize not in (512, 4096):
            raise LogError("%s: not a dm-log-writes log (magic %#x, version %d, "
                           "sector size %d)" % (path, magic, version, ssize))
        entries, pos = [], ssize
        for i in range(count):
            f.seek(pos)
            raw = f.read(_ENTRY.size)
            if len(raw) < _ENTRY.size:
                raise LogError("%s: entry %d cut off" % (path, i))
            sector, nsectors, flags, _ = _ENTRY.unpack(raw)
            if flags & ~(FLUSH | FUA | DISCARD | MARK):
                raise LogError("%s: entry %d has unknown flags %#x" % (path, i, flags))
            entries.append(Entry(i, sector, nsectors, flags, pos + ssize, ssize))
            pos += ssize + (0 if flags & DISCARD else nsectors * ssize)
        return entries
