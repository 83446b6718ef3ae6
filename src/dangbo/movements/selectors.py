"""Reads of movements within a scope: both sides' officers see a movement (its `from_path` or its `to_path` lies
in their scope); the receiving side sees the internal transfers waiting for its acceptance. Who stands where on a
day (suspended, exempt, temporarily attached to a host cell), the return reminders and the overdue reports after
returning from abroad.

The set-based reads (`suspended_on`, `exempt_on`, `roll_records`) are what the rating facts and the meeting
roll ask: one query whatever the number of members. Dated rows end exclusive: a movement ended on a day (the
member returned, the exemption or the suspension lifted) no longer covers that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, prefetch_related_objects

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.calendar import add_working_days
from dangbo.organizations.models import Organization

from .enums import MovementKind, MovementState
from .models import Movement
from .rules import MovementRules, rules_in_force


def movements_for(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Movement]:
    """Movements either side of which lies in a subtree where the user holds `right`."""
    return Movement.objects.filter(scope.path_q(right, "from_path") | scope.path_q(right, "to_path"))


def organizations_with(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right` (the unit picker's choices)."""
    return Organization.objects.filter(scope.path_q(right))


def awaiting_acceptance(scope: Scope) -> QuerySet[Movement]:
    """Internal transfers waiting for a receiving cell the user manages."""
    return Movement.objects.filter(
        scope.path_q(Right.MANAGE_MOVEMENTS, "to_path"),
        kind=MovementKind.TRANSFER_INTERNAL,
        state=MovementState.OPEN,
    )


def filter_movements(qs: QuerySet[Movement], data: dict[str, Any]) -> QuerySet[Movement]:
    """The hub's filters on a scoped queryset (`to_chuc` already checked against the scope): unit (either side
    under it), kind, state, year of the start."""
    org = data.get("to_chuc")
    if org is not None:
        qs = qs.filter(Q(from_path__startswith=org.path) | Q(to_path__startswith=org.path))
    if data.get("loai"):
        qs = qs.filter(kind=data["loai"])
    if data.get("tinh_trang"):
        qs = qs.filter(state=data["tinh_trang"])
    if data.get("nam"):
        qs = qs.filter(start__year=data["nam"])
    return qs


STANDING_KINDS = (
    MovementKind.TEMPORARY_OUT,
    MovementKind.TEMPORARY_IN,
    MovementKind.EXEMPTION,
    MovementKind.ABROAD,
    MovementKind.SUSPENSION,
)


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def standing_for(scope: Scope, right: str = Right.VIEW_MOVEMENTS) -> QuerySet[Movement]:
    """The standing records (temporary attachment, exemption, abroad, suspension) in the user's scope."""
    return (
        movements_for(scope, right)
        .filter(kind__in=STANDING_KINDS)
        .select_related("member", "from_organization", "to_organization")
    )


def _live(kind: str) -> Q:
    return Q(kind=kind) & ~Q(state=MovementState.CANCELLED)


def _covering(day: dt.date, start: str = "start") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _by_member(qs: QuerySet[Movement], member_ids: Iterable[int] | None) -> dict[int, Movement]:
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    return {m.member_id: m for m in qs.order_by("start", "pk") if m.member_id is not None}


def suspended_on(day: dt.date, member_ids: Iterable[int] | None = None) -> dict[int, Movement]:
    """Members suspended from party activities on `day` (from the start to the planned end, unless lifted
    earlier), each with the suspension's record. One query."""
    qs = Movement.objects.filter(_live(MovementKind.SUSPENSION), _covering(day)).filter(
        Q(planned_end__isnull=True) | Q(planned_end__gte=day)
    )
    return _by_member(qs, member_ids)


def exempt_on(day: dt.date, member_ids: Iterable[int] | None = None) -> dict[int, Movement]:
    """Members exempt from party work and activities on `day`, each with the exemption's record. One query."""
    return _by_member(Movement.objects.filter(_live(MovementKind.EXEMPTION), _covering(day)), member_ids)


@dataclass(frozen=True)
class RollRecords:
    """What a cell's roll of a day needs from the records: its members suspended that day, and the members of
    other cells attached to it that day (each with the member selected)."""

    suspended: frozenset[int]
    attached: list[Movement]


def roll_records(organization_id: int, member_ids: Iterable[int], day: dt.date) -> RollRecords:
    """`suspended_on` for the cell's members and `attached_to_on` for the cell, in one query."""
    suspension = (
        _live(MovementKind.SUSPENSION)
        & Q(member_id__in=list(member_ids))
        & (Q(planned_end__isnull=True) | Q(planned_end__gte=day))
    )
    attachment = _live(MovementKind.TEMPORARY_OUT) & Q(to_organization_id=organization_id, member__isnull=False)
    rows = list(
        Movement.objects.filter(_covering(day))
        .filter(suspension | attachment)
        .select_related("member")
        .order_by("member__sort_key", "pk")
    )
    suspended = frozenset(m.member_id for m in rows if m.kind == MovementKind.SUSPENSION and m.member_id)
    return RollRecords(suspended, [m for m in rows if m.kind == MovementKind.TEMPORARY_OUT])


def describe(movement: Movement) -> str:
    """The record in one sentence, as a reason quotes it: "đình chỉ sinh hoạt đảng từ 01/03/2025 đến
    31/05/2025 theo Quyết định số 12-QĐ/ĐU ngày 28/02/2025"."""
    kind = MovementKind(movement.kind)
    what = {
        MovementKind.SUSPENSION: "đình chỉ sinh hoạt đảng",
        MovementKind.EXEMPTION: "miễn công tác và sinh hoạt đảng",
        MovementKind.ABROAD: "đi nước ngoài",
    }.get(kind, str(kind.label).lower())
    end = movement.ended_on - dt.timedelta(days=1) if movement.ended_on else movement.planned_end
    text = f"{what} từ {_d(movement.start)}" + (f" đến {_d(end)}" if end else "")
    if movement.decision_number:
        text += f" theo Quyết định số {movement.decision_number}"
        if movement.decision_date:
            text += f" ngày {_d(movement.decision_date)}"
    if movement.ended_on and movement.end_decision_number:
        text += f" (chấm dứt từ {_d(movement.ended_on)} theo Quyết định số {movement.end_decision_number})"
    return text


@dataclass(frozen=True)
class Due:
    """A movement with the day something is due (the planned return, the report after returning)."""

    movement: Movement
    due: dt.date
    overdue: bool


def return_reminders(qs: QuerySet[Movement], *, today: dt.date) -> list[Due]:
    """Temporary attachments (out and in) not yet returned whose planned end falls within the reminder's days
    (the rule set in force today) or has passed, soonest first."""
    days = rules_in_force(today).reminder_days_before
    rows = qs.filter(
        kind__in=[MovementKind.TEMPORARY_OUT, MovementKind.TEMPORARY_IN],
        state=MovementState.OPEN,
        ended_on__isnull=True,
        planned_end__lte=today + dt.timedelta(days=days),
    ).order_by("planned_end", "pk")
    return [Due(m, m.planned_end, m.planned_end < today) for m in rows if m.planned_end]


def report_due(movement: Movement) -> dt.date | None:
    """The last day for the report after returning from abroad: the N-th working day after the return (N from
    the rule set in force on the return day)."""
    if movement.ended_on is None:
        return None
    return add_working_days(movement.ended_on, rules_in_force(movement.ended_on).abroad_report_working_days)


def overdue_abroad_reports(qs: QuerySet[Movement], *, today: dt.date) -> list[Due]:
    """Members back from abroad whose report is missing and past its working-day deadline, oldest first."""
    rows = qs.filter(kind=MovementKind.ABROAD, ended_on__isnull=False, report_on__isnull=True).exclude(
        state=MovementState.CANCELLED
    )
    out = []
    for m in rows.order_by("ended_on", "pk"):
        due = report_due(m)
        if due is not None and due < today:
            out.append(Due(m, due, True))
    return out


def current_on(qs: QuerySet[Movement], day: dt.date) -> dict[str, list[Movement]]:
    """The records covering `day` by kind: temporarily attached (out and in), exempt, abroad (departed, not
    back), suspended."""
    live = qs.exclude(state=MovementState.CANCELLED)
    out = {
        "temporary": list(
            live.filter(_covering(day), kind__in=[MovementKind.TEMPORARY_OUT, MovementKind.TEMPORARY_IN])
        ),
        "exempt": list(live.filter(_covering(day), kind=MovementKind.EXEMPTION)),
        "abroad": list(live.filter(_covering(day, "departed_on"), kind=MovementKind.ABROAD)),
        "suspended": list(
            live.filter(_covering(day), kind=MovementKind.SUSPENSION).filter(
                Q(planned_end__isnull=True) | Q(planned_end__gte=day)
            )
        ),
    }
    return out


def pending_abroad(qs: QuerySet[Movement]) -> list[Movement]:
    """Applications to go abroad not yet departed (waiting for the cell's opinion, the approval, the departure)."""
    return list(
        qs.filter(kind=MovementKind.ABROAD, state=MovementState.OPEN, departed_on__isnull=True).order_by("applied_on")
    )


@dataclass(frozen=True)
class SuspensionClock:
    """Where a suspension stands on a day: days used and left, the end, and how far an extension may still go."""

    ends_on: dt.date  # the last day (the planned end, or the day before it was lifted)
    days_total: int
    days_used: int
    days_left: int
    max_end: dt.date | None  # the furthest end the extensions may reach (None: as the law says)
    extension_room: int  # days an extension may still add
    extended_days: int
    sentence: str


def suspension_clock(movement: Movement, today: dt.date, rules: MovementRules | None = None) -> SuspensionClock:
    """The clock of one suspension on `today` (the rule set in force on its start unless `rules` is given)."""
    assert movement.planned_end is not None
    start = movement.start
    ends_on = movement.ended_on - dt.timedelta(days=1) if movement.ended_on else movement.planned_end
    total = (ends_on - start).days + 1
    used = min(max((today - start).days + 1, 0), total)
    extended = sum(e.days for e in movement.suspension_extensions.all())
    if movement.legal_proceedings:
        max_end, room = None, 0
        rule = "đình chỉ do bị truy tố, tạm giam: thời hạn theo quy định của pháp luật"
    else:
        rules = rules or rules_in_force(start)
        max_end = start + dt.timedelta(days=rules.suspension_max_days - 1)
        room = 0 if movement.ended_on else max((max_end - movement.planned_end).days, 0)
        rule = rules.suspension_source.cite(
            f"thời hạn đình chỉ {rules.suspension_days} ngày, gia hạn tổng cộng không quá "
            f"{rules.suspension_max_days} ngày"
        )
    sentence = (
        f"Đình chỉ {total} ngày, từ {_d(start)} đến {_d(ends_on)}; đã qua {used} ngày, còn {total - used} ngày"
        + (f"; đã gia hạn {extended} ngày" if extended else "")
        + (f"; còn có thể gia hạn {room} ngày (đến {_d(max_end)})" if room else "")
        + f" — {rule}."
    )
    return SuspensionClock(ends_on, total, used, total - used, max_end, room, extended, sentence)


def with_suspension_clocks(rows: list[Movement], today: dt.date) -> list[Movement]:
    """The suspensions of `rows` with their `clock` attribute set (the rule sets read once per start day)."""
    cache: dict[dt.date, MovementRules] = {}
    prefetch_related_objects([r for r in rows if r.kind == MovementKind.SUSPENSION], "suspension_extensions")
    for row in rows:
        if row.kind == MovementKind.SUSPENSION and row.planned_end is not None:
            rules = None
            if not row.legal_proceedings:
                if row.start not in cache:
                    cache[row.start] = rules_in_force(row.start)
                rules = cache[row.start]
            row.clock = suspension_clock(row, today, rules)  # type: ignore[attr-defined]
    return rows
