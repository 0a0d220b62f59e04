"""The audit trail's hash chain: each record's MAC covers its fields and the previous MAC.

Editing a record breaks its MAC; deleting one leaves a gap in the sequence numbers; deleting the
newest ones leaves the stored head pointing past the end. The MAC is keyed (HMAC-SHA256 with a
per-installation key kept apart from the database), so rewriting the whole chain takes the key
as well as the database. Limitation: whoever can read that key file can forge a new chain.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import astuple, dataclass, field
from typing import Iterable, List, Optional, Tuple

GENESIS = ""


@dataclass(frozen=True)
class AuditRecord:
    """One audit record as stored. It has no field for a value, by design."""

    seq: int
    ts: float
    env: str
    actor: str
    path: str
    kernel_id: str
    secret: str
    version: str
    action: str
    outcome: str
    detail: str
    source: str
    prev: str
    mac: str

    def body(self) -> Tuple:
        """The fields the MAC covers, in a fixed order."""
        return astuple(self)[:-2]

    def to_json(self) -> dict:
        return {"seq": self.seq, "time": self.ts, "env": self.env, "actor": self.actor,
                "path": self.path, "kernel_id": self.kernel_id, "secret": self.secret,
                "version": self.version, "action": self.action, "outcome": self.outcome,
                "detail": self.detail, "source": self.source, "prev": self.prev, "mac": self.mac}

    @classmethod
    def from_json(cls, data: dict) -> "AuditRecord":
        return cls(seq=int(data["seq"]), ts=float(data["time"]), env=data["env"],
                   actor=data["actor"], path=data["path"], kernel_id=data["kernel_id"],
                   secret=data["secret"], version=data["version"], action=data["action"],
                   outcome=data["outcome"], detail=data["detail"], source=data["source"],
                   prev=data["prev"], mac=data["mac"])


def compute_mac(key: bytes, prev: str, body: Tuple) -> str:
    canonical = json.dumps([prev, *body], separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()


@dataclass
class ChainReport:
    """What `verify` found: `ok` only if no record was edited, deleted or reordered."""

    records: int = 0
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"ok": self.ok, "records": self.records, "problems": self.problems}


def verify_chain(key: bytes, records: Iterable[AuditRecord],
                 head: Optional[Tuple[int, str]] = None, max_problems: int = 50) -> ChainReport:
    """Check records in sequence order against the chain and, if given, the stored head."""
    report = ChainReport()
    expected_seq, prev = 1, GENESIS
    for record in records:
        report.records += 1
        if record.seq != expected_seq:
            if record.seq > expected_seq:
                _note(report, max_problems, f"records {expected_seq}..{record.seq - 1} are missing "
                                            "(deleted)")
            else:
                _note(report, max_problems, f"record {record.seq} is out of order or duplicated")
        elif record.prev != prev:
            _note(report, max_problems, f"record {record.seq} does not follow record "
                                        f"{record.seq - 1} (a record was replaced)")
        if not hmac.compare_digest(compute_mac(key, record.prev, record.body()), record.mac):
            _note(report, max_problems, f"record {record.seq} was edited (its MAC does not match)")
        expected_seq, prev = record.seq + 1, record.mac
    if head is not None:
        head_seq, head_mac = head
        if head_seq != expected_seq - 1 or (head_seq and head_mac != prev):
            _note(report, max_problems, f"the newest records were deleted or replaced: the chain "
                                        f"head says record {head_seq}, the trail ends at "
                                        f"{expected_seq - 1}")
    return report


def _note(report: ChainReport, limit: int, problem: str) -> None:
    if len(report.problems) < limit:
        report.problems.append(problem)
    elif len(report.problems) == limit:
        report.problems.append("more problems not listed")
