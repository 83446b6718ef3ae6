"""The audit log archived by year: a closed year's sealed entries moved to `AuditArchive`, still searchable.

`archive_year` moves them in one transaction (all or nothing) under the sealing lock, ids and seals kept, so
the chain stays verifiable across the archive and the live log (`audit_chain.verify`). `with_archive` is the
search over both, for the audit page's "kể cả nhật ký đã lưu trữ".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet, Value, prefetch_related_objects
from django.utils import timezone

from .audit import log_action
from .audit_chain import FIELDS, lock, seal
from .audit_guard import audit_unlocked
from .errors import DomainError
from .models import AuditArchive, AuditEntry

FIRST_YEAR = 2000


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in local time (Hà Nội), as the officers count it: [1 January, next 1 January)."""
    return (
        timezone.make_aware(dt.datetime(year, 1, 1), timezone.get_default_timezone()),
        timezone.make_aware(dt.datetime(year + 1, 1, 1), timezone.get_default_timezone()),
    )


def archive_year(*, year: int, today: dt.date) -> int:
    """Move the sealed entries of `year` (a year already over on `today`) to the archive; the number moved.

    Everything committed so far is sealed first, under the lock. An entry of that year still uncommitted then
    has no seal: it stays in the live log (found and verified there) and a later run moves it.
    """
    if year >= today.year:
        raise DomainError(f"Năm {year} chưa kết thúc: chỉ lưu trữ nhật ký của những năm đã qua.")
    if year < FIRST_YEAR:
        raise DomainError(f"Năm {year} không hợp lệ: nhật ký bắt đầu từ năm {FIRST_YEAR}.")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in AuditEntry._meta.concrete_fields)
    live, archive = AuditEntry._meta.db_table, AuditArchive._meta.db_table
    where = "at >= %s AND at < %s AND seq IS NOT NULL"
    with audit_unlocked():
        lock()
        seal()
        with connection.cursor() as cursor:
            bounds = [connection.ops.adapt_datetimefield_value(b) for b in year_bounds(year)]
            cursor.execute(f"INSERT INTO {archive} ({columns}) SELECT {columns} FROM {live} WHERE {where}", bounds)
            copied: int = cursor.rowcount
            cursor.execute(f"DELETE FROM {live} WHERE {where}", bounds)
            if cursor.rowcount != copied:  # cannot happen under the lock; if it does, nothing is moved
                raise DomainError(f"Lưu trữ năm {year} bị hủy: số mục chép ({copied}) khác số mục xóa.")
        log_action("core.audit.archived", actor=None, object_type="audit_year", object_id=year,
                   object_repr=f"Nhật ký năm {year}", data={"year": year, "entries": copied})  # fmt: skip
    return copied


def archived_until() -> dt.date | None:
    """The last day with an archived entry (local time), or None when nothing is archived."""
    last = AuditArchive.objects.order_by("-at").values_list("at", flat=True).first()
    return timezone.localtime(last).date() if last else None


_COLUMNS = (*FIELDS, "seq", "digest")


def with_archive(q: Q) -> QuerySet[Any]:
    """The entries matching `q` in the live log and in the archive, newest first (rows as dicts; see `entries`)."""
    live = AuditEntry.objects.filter(q).order_by().values(*_COLUMNS, archived=Value(False, BooleanField()))
    old = AuditArchive.objects.filter(q).order_by().values(*_COLUMNS, archived=Value(True, BooleanField()))
    rows: QuerySet[Any] = live.union(old, all=True).order_by("-at", "-id")
    return rows


def entries(rows: Iterable[dict[str, Any]]) -> list[AuditEntry]:
    """Rows of `with_archive` as entries for the audit partial (actors fetched at once); `archived` set on each.
    They are for display: saving one is refused like any change to the log."""
    made = []
    for row in rows:
        values = dict(row)
        archived = bool(values.pop("archived"))
        entry = AuditEntry(**values)
        entry._state.adding = False
        entry.archived = archived  # type: ignore[attr-defined]
        made.append(entry)
    prefetch_related_objects(made, "actor")
    return made
