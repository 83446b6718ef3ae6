"""The letters report: for each handling unit, the letters received in a year and where they stood on a day (as
of any date): closed without consideration, resolved, still being handled, and overdue that day.

A letter's standing on a day is read from its dates (received, closed, resolved) and its deadline that day: the
extensions granted after the day are taken off again (`ComplaintExtension.previous_due`), so a report as of a
past day says what was true then. Two queries whatever the number of letters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .enums import ComplaintKind
from .models import Complaint, ComplaintExtension


@dataclass
class ReportRow:
    unit_id: int
    unit_name: str
    path: str
    received: int = 0
    not_considered: int = 0
    resolved: int = 0
    handling: int = 0
    overdue: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LettersReport:
    year: int
    as_of: dt.date
    rows: list[ReportRow]
    total: ReportRow


def due_as_of(complaint: Complaint, later_extensions: list[ComplaintExtension]) -> dt.date | None:
    """The deadline the letter had on the report's day: before any extension granted after it."""
    if later_extensions:
        return min(later_extensions, key=lambda e: (e.granted_on, e.pk)).previous_due
    return complaint.due_on


def letters_report(qs: QuerySet[Complaint], *, year: int, as_of: dt.date) -> LettersReport:
    """The report over the scoped letters `qs` received in `year` up to `as_of`."""
    letters = list(
        qs.filter(received_on__year=year, received_on__lte=as_of)
        .select_related("handling_organization__parent")
        .order_by("handling_organization__path", "pk")
    )
    later: dict[int, list[ComplaintExtension]] = {}
    for ext in ComplaintExtension.objects.filter(complaint__in=[c.pk for c in letters], granted_on__gt=as_of):
        later.setdefault(ext.complaint_id, []).append(ext)
    rows: dict[int, ReportRow] = {}
    total = ReportRow(0, "Tổng cộng", "")
    for letter in letters:
        unit = letter.handling_organization
        row = rows.setdefault(unit.pk, ReportRow(unit.pk, unit.qualified_name, unit.path))
        for target in (row, total):
            target.received += 1
            target.by_kind[letter.kind] = target.by_kind.get(letter.kind, 0) + 1
            if letter.not_considered_reason and letter.closed_on is not None and letter.closed_on <= as_of:
                target.not_considered += 1
            elif letter.resolved_on is not None and letter.resolved_on <= as_of:
                target.resolved += 1
            else:
                target.handling += 1
                due = due_as_of(letter, later.get(letter.pk, []))
                if due is not None and due < as_of:
                    target.overdue += 1
    for target in (*rows.values(), total):
        target.by_kind = {k: target.by_kind.get(k, 0) for k in ComplaintKind.values}
    return LettersReport(year, as_of, sorted(rows.values(), key=lambda r: r.path), total)
