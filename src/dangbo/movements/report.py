"""The movements report: each unit's movements of the year up to a day (in, out, temporary, exempt, abroad) beside its
members on the rolls that day, for an organization and each unit directly under it (drill-down to the cells).

Set-based, a few grouped queries whatever the size: a movement is counted on the side it was recorded on
(`from_path`, `to_path`: the two sides' places in the tree when it was recorded), grouped by the path prefix of the
unit it falls under; the members on the rolls and their status that day come from the registry's dated history
(`CellMembership`, `MemberStatusPeriod`). A movement counts on its day: the hand-over day for an official transfer
out of the tree (the member stays on the sending rolls until then), the start for every other kind; a cancelled
procedure never counts. So the figures as of a day are the same whatever is recorded later with a later day.
A transfer or a temporary attachment between two cells of one unit moves no member in or out of that unit: it
counts only below it; a temporary attachment to a cell in the tree counts as "temporary in" on the host's side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import MovementKind, MovementState
from .models import Movement

K = MovementKind
STEP = PATH_SEGMENT_WIDTH + 1


@dataclass(frozen=True)
class Figures:
    """A unit's figures as of a day: members on the rolls and by status that day, and movements of the year so far."""

    on_rolls: int = 0
    exempt_now: int = 0
    abroad_now: int = 0
    temporary_out_now: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    temporary_out: int = 0
    temporary_in: int = 0
    exempted: int = 0
    abroad: int = 0


FIELDS = [f.name for f in fields(Figures)]


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    figures: Figures


@dataclass(frozen=True)
class Report:
    root: Organization
    day: dt.date
    total: Figures
    rows: list[UnitRow]

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.day.year, 1, 1)


def _covering(day: dt.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))


def _counted_by(day: dt.date) -> Q:
    """Movements of `day`'s year counted by `day`: on their day (see the module), never a cancelled one."""
    start = dt.date(day.year, 1, 1)
    handed_over = Q(kind=K.TRANSFER_OUT, handed_over_on__gte=start, handed_over_on__lte=day)
    started = ~Q(kind=K.TRANSFER_OUT) & Q(start__gte=start, start__lte=day)
    return (handed_over | started) & ~Q(state=MovementState.CANCELLED)


def _movement_counts(path: str, length: int, day: dt.date) -> dict[str, dict[str, int]]:
    """Counts per unit key (the first `length` characters of the side's path) under `path`. Two queries."""
    base = Movement.objects.filter(_counted_by(day)).annotate(
        from_key=Substr("from_path", 1, length), to_key=Substr("to_path", 1, length)
    )
    crossed = ~Q(to_key=F("from_key"))  # an internal transfer that leaves the unit
    out_rows = (
        base.filter(from_path__startswith=path)
        .values("from_key")
        .annotate(
            transferred_out=Count("id", filter=Q(kind=K.TRANSFER_OUT) | (Q(kind=K.TRANSFER_INTERNAL) & crossed)),
            temporary_out=Count("id", filter=Q(kind=K.TEMPORARY_OUT) & crossed),
            exempted=Count("id", filter=Q(kind=K.EXEMPTION)),
            abroad=Count("id", filter=Q(kind=K.ABROAD)),
        )
        .order_by()
    )
    in_rows = (
        base.filter(to_path__startswith=path)
        .values("to_key")
        .annotate(
            transferred_in=Count("id", filter=Q(kind=K.TRANSFER_IN) | (Q(kind=K.TRANSFER_INTERNAL) & crossed)),
            temporary_in=Count("id", filter=Q(kind=K.TEMPORARY_IN) | (Q(kind=K.TEMPORARY_OUT) & crossed)),
        )
        .order_by()
    )
    out: dict[str, dict[str, int]] = {}
    for row in out_rows:
        key = row.pop("from_key")
        out.setdefault(key, {}).update(row)
    for row in in_rows:
        key = row.pop("to_key")
        out.setdefault(key, {}).update(row)
    return out


def _status_on(day: dt.date, status: str) -> Exists:
    return Exists(MemberStatusPeriod.objects.filter(_covering(day), member_id=OuterRef("member_id"), status=status))


def _roll_counts(path: str, length: int, day: dt.date) -> dict[str, dict[str, int]]:
    """Members on the rolls on `day` per unit key under `path`, and how many of them are exempt, abroad or
    temporarily attached elsewhere that day. One query."""
    rows = (
        CellMembership.objects.filter(_covering(day), organization__path__startswith=path)
        .annotate(key=Substr("organization__path", 1, length))
        .alias(
            is_exempt=_status_on(day, MemberStatus.EXEMPT),
            is_abroad=_status_on(day, MemberStatus.ABROAD),
            is_temp=_status_on(day, MemberStatus.TEMP_TRANSFERRED_OUT),
        )
        .values("key")
        .annotate(
            on_rolls=Count("member_id", distinct=True),
            exempt_now=Count("member_id", distinct=True, filter=Q(is_exempt=True)),
            abroad_now=Count("member_id", distinct=True, filter=Q(is_abroad=True)),
            temporary_out_now=Count("member_id", distinct=True, filter=Q(is_temp=True)),
        )
        .order_by()
    )
    return {row.pop("key"): row for row in rows}


def _figures(path: str, length: int, day: dt.date) -> dict[str, Figures]:
    merged: dict[str, dict[str, int]] = {}
    for source in (_roll_counts(path, length, day), _movement_counts(path, length, day)):
        for key, values in source.items():
            merged.setdefault(key, {}).update(values)
    return {key: Figures(**{name: values.get(name, 0) for name in FIELDS}) for key, values in merged.items()}


def units_under(root: Organization) -> QuerySet[Organization]:
    """The rows of the report: the units directly under `root` (the cell itself when `root` is a cell)."""
    if root.holds_members:
        return Organization.objects.filter(pk=root.pk)
    return Organization.objects.filter(parent=root).order_by("sort_key", "path")


def movements_report(root: Organization, *, day: dt.date) -> Report:
    """The report of `root` as of `day`: its own total and one row per unit directly under it. Six queries."""
    total = _figures(root.path, len(root.path), day).get(root.path, Figures())
    units = list(units_under(root))
    per_unit = _figures(root.path, len(root.path) + STEP, day) if not root.holds_members else {root.path: total}
    rows = [UnitRow(u, per_unit.get(u.path, Figures())) for u in units]
    return Report(root, day, total, rows)
