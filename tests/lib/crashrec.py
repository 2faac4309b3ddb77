# SPDX-License-Identifier: BSD-2-Clause
"""The console lines the crash harness reads: the workload's records
(domains/crash-workload/proto.h) and the kernel's checkpoint lines
(docs/checkpoint.md).

    recs = records(text)                 # every CRASH commit/found line
    ref = reference(text)                # {generation: Record}, commits only
    ref[5].same(found)                   # the generation's content agrees
"""
import re

# Whole lines only: the console is read while the guest may be printing.
RECORD_RE = re.compile(r"^CRASH (commit|found) g=(\d+) (.*?)\s*\n", re.M)
START_RE = re.compile(r"^CRASH start seed=(\d+)", re.M)
HALT_RE = re.compile(r"^CRASH (halt|bad) .*$", re.M)
TAKEFAIL_RE = re.compile(r"^CRASH takefail .*$", re.M)
RESTART_RE = re.compile(r"^restart: generation (\d+) \(root ([AB])\)", re.M)
NOT_COMMITTED_RE = re.compile(r"^ckpt: generation (\d+) not committed: (.*)$", re.M)
ROOT_RETRY_RE = re.compile(r"^ckpt: writing root ([AB]) for generation (\d+) failed: .*; retrying$", re.M)
MIGRATE_FAIL_RE = re.compile(r"^ckpt: migrating generation (\d+) failed: .*$", re.M)
STOPPING_RE = re.compile(r"^ckpt: .*; last committed generation (\d+); stopping$", re.M)
TOOK_RE = re.compile(r"^ckpt: generation (\d+) took (\d+) disk commands", re.M)
REFUSED_RE = re.compile(r"^(store: damaged; not started.*|store: not opened.*)$", re.M)
READ_FAIL_RE = re.compile(r"^(objstore: reading block \d+ for .* failed: .*|store: reading root .*)$", re.M)
CHECK_BOOT_RE = re.compile(r"^ckpt: consistency check after restart: (\d+) objects", re.M)
PANIC_RE = re.compile(r"^(PANIC .*|.*assertion .* failed.*)$", re.M)
DAMAGED_RE = re.compile(r"^objstore: object .* is damaged: .*$", re.M)
FAULTED_RE = re.compile(r"^process .* faulted: .*$", re.M)
NOT_STARTED_RE = re.compile(r"^run list entry \d+ .*: not started .*$", re.M)
# Lines after which a restarted workload will not go on as it should.
TROUBLE = (HALT_RE, PANIC_RE, DAMAGED_RE, FAULTED_RE, NOT_STARTED_RE)


class Record:
    """One record line: tag (commit/found), generation, and the rest."""

    def __init__(self, m):
        self.tag, self.gen, self.body = m.group(1), int(m.group(2)), m.group(3)
        self.line = m.group(0).strip()
        self.end = m.end()
        self.fields = dict(kv.split("=", 1) for kv in self.body.split() if "=" in kv)

    def same(self, other):
        """The same generation with the same content (the tag aside)."""
        return self.gen == other.gen and self.body == other.body

    @property
    def bank(self):
        """(id, nodes, pages, own nodes, own pages) of the workload's bank."""
        ident, usage = self.fields["bank"].split(":")
        return tuple([int(ident)] + [int(x) for x in usage.split(",")])

    def problems(self):
        """What the record itself says is wrong (the driver's own checks)."""
        out = []
        if self.fields.get("bad") != "0":
            out.append("the driver's memory and the objects disagree (bad=%s)" % self.fields.get("bad"))
        if not self.fields.get("grave", "").endswith("/0"):
            out.append("a freed object is alive again (grave=%s)" % self.fields.get("grave"))
        if self.fields.get("chk") != "0":
            out.append("the bank finds problems in its own tables (chk=%s)" % self.fields.get("chk"))
        return out


def records(text, start=0):
    return [Record(m) for m in RECORD_RE.finditer(text, start)]


def reference(text):
    """{generation: Record} of the commit records in text (the last wins)."""
    return {r.gen: r for r in records(text) if r.tag == "commit"}


def first(rx, text, start=0):
    m = rx.search(text, start)
    return m.group(0) if m else None
