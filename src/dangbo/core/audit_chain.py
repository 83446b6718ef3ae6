"""The audit log's hash chain: entries are written unsealed, then sealed in order, then verifiable.

Entries are written by many transactions at once (requests, imports, background jobs): chaining them as they
are inserted would make every writer wait for the one before it to commit. So `log_action` writes an entry with
no seal, and `seal()` (run by `manage.py seal_audit`, by `verify_audit` and by the daily cron) takes the
committed unsealed entries in id order under one lock and gives each the next sequence number and

    digest = sha256(previous digest + "\\n" + canonical JSON of the entry's fields and sequence number)

An entry whose transaction commits late is simply sealed by a later run. `verify()` walks the chain in sequence
order across the archive and the live log and reports the first entry whose digest does not match (its fields
or seal were changed), whose number is missing (an entry was removed) or repeated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from .models import AuditArchive, AuditEntry

# The fields each digest covers, in the order they are read. `seq` comes last, then `digest`.
FIELDS = ("id", "at", "actor_id", "action", "object_type", "object_id", "object_repr", "scope_path", "before",
          "after", "data", "ip_address")  # fmt: skip
GENESIS = "0" * 64
BATCH = 5_000
_LOCK_KEY = 0x6461_6E67_626F_4155  # one advisory lock for sealing and archiving ("dangboAU")


def canonical(row: dict[str, Any]) -> bytes:
    """The entry as the digest sees it: JSON with sorted keys, no spaces, times in UTC to the microsecond."""
    fields = {name: row[name] for name in FIELDS}
    at: dt.datetime = fields["at"]
    fields["at"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields["seq"] = row["seq"]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_digest(previous: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(row)).hexdigest()


def lock() -> None:
    """Serialize sealing and archiving (PostgreSQL; SQLite lets one writer at a time anyway). Held to commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def head() -> tuple[int, str]:
    """The last sealed entry's number and digest, wherever it is (0 and the genesis value when none is)."""
    last = (0, GENESIS)
    for model in (AuditEntry, AuditArchive):
        row = model.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "digest").first()
        if row and row[0] is not None and row[0] > last[0]:
            last = (row[0], row[1] or "")
    return last


def _seal_batch(limit: int) -> int:
    with transaction.atomic():
        lock()
        seq, previous = head()
        rows = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id").values(*FIELDS)[:limit])
        sealed = []
        for row in rows:
            seq += 1
            row["seq"] = seq
            previous = chain_digest(previous, row)
            sealed.append((seq, previous, row["id"]))
        _write_seals(sealed)
        return len(rows)


def _write_seals(sealed: list[tuple[int, str, int]]) -> None:
    """One statement per batch on PostgreSQL (arrays unnested), one per entry elsewhere."""
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and sealed:
            seqs, digests, ids = ([row[i] for row in sealed] for i in range(3))
            cursor.execute(
                f"UPDATE {table} AS e SET seq = s.seq, digest = s.digest FROM (SELECT unnest(%s::bigint[]) AS seq,"
                " unnest(%s::text[]) AS digest, unnest(%s::bigint[]) AS id) AS s WHERE e.id = s.id",
                [seqs, digests, ids],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET seq = %s, digest = %s WHERE id = %s", sealed)


def seal(*, batch: int = BATCH) -> int:
    """Seal every committed unsealed entry, `batch` per transaction; the number sealed."""
    total = 0
    while True:
        done = _seal_batch(batch)
        total += done
        if done < batch:
            return total


@dataclass(frozen=True)
class Verdict:
    checked: int
    head_seq: int
    head_digest: str
    unsealed: int
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _sealed(model: type[AuditEntry] | type[AuditArchive]) -> Iterator[dict[str, Any]]:
    rows = model.objects.filter(seq__isnull=False).order_by("seq").values(*FIELDS, "seq", "digest")
    yield from rows.iterator(chunk_size=BATCH)


def verify() -> Verdict:
    """Walk the chain from its first entry (archive and live log merged by number); stop at the first break.
    Holds the sealing lock meanwhile, so that no entry is sealed or archived under the walk."""
    with transaction.atomic():
        lock()
        return _walk()


def _walk() -> Verdict:
    unsealed = AuditEntry.objects.filter(seq__isnull=True).count()
    seq, previous, checked = 0, GENESIS, 0
    for row in heapq.merge(_sealed(AuditArchive), _sealed(AuditEntry), key=lambda r: r["seq"]):
        if row["seq"] != seq + 1:
            reason = "gap" if row["seq"] > seq + 1 else "repeated"
            return Verdict(checked, seq, previous, unsealed, row["id"], row["seq"], reason)
        expected = chain_digest(previous, row)
        if row["digest"] != expected:
            return Verdict(checked, seq, previous, unsealed, row["id"], row["seq"], "digest")
        seq, previous, checked = row["seq"], expected, checked + 1
    return Verdict(checked, seq, previous, unsealed)
