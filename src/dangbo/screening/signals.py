"""The screening signals of a calendar year, computed from the records for a subtree, set-based.

`compute(year, root)` finds, for the members on the rolls whose current cell lies under `root`, the four
signals of the rule set in force on 31/12 of the year (docs/rules.md, "Rà soát, sàng lọc"; decision 0027):

1. unexcused absence in at least `absence.months` distinct months of the year: attendance rows are read by
   member, wherever they were marked, so months in two cells (a transfer) or in a cell and the cell it was
   merged into (a restructuring) add up; absences while exempt do not count;
2. dues unpaid for at least `dues.months` months of the year, from the dues provider (`dues.py`; by default
   no data, which the result says);
3. rated "unfulfilled" (the decided level of the yearly rating) `unfulfilled.years` years in a row, the run
   ending with the year, or with the year before while the year's own rating is not decided: an
   interpretation of "breached member standing two years in a row", and every explanation says so;
4. on the cell's help list (a `Review` whose vote put them there, not yet improved) for at least
   `no_progress.months` months by the end of the year (or today).

Each query covers the whole subtree: a handful of queries whatever its size (the absence signal reads only
the partial index of unexcused absences). `refresh(year, root)` replaces the stored `SignalHit` rows of the
subtree in one transaction; a cell's own list is computed live with `compute(year, cell)`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from dangbo.core.dates import add_months
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.models import Rating
from dangbo.meetings.enums import MeetingStatus, Presence
from dangbo.meetings.models import Attendance
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from . import dues
from .enums import Outcome, Signal
from .models import Review, SignalHit
from .params import ScreeningRules
from .selectors import rules_for_year

MEMBER_BATCH = 5000
INTERPRETATION = "Đây là cách hiểu của hệ thống, không phải lời văn của quy định"


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def advance(self, done: int) -> None: ...


@dataclass(frozen=True)
class Hit:
    """One signal found for one member (what a `SignalHit` row stores)."""

    member_id: int
    organization_id: int
    path: str
    signal: str
    period_start: dt.date
    period_end: dt.date
    evidence: dict[str, Any]
    explanation: str

    def as_json(self) -> dict[str, Any]:
        """The hit as a review keeps it (what the cell saw when the round opened)."""
        return {"signal": self.signal, "period_start": self.period_start.isoformat(),
                "period_end": self.period_end.isoformat(), "evidence": self.evidence,
                "explanation": self.explanation}  # fmt: skip


@dataclass
class Computation:
    year: int
    as_of: dt.date
    rules: ScreeningRules
    hits: list[Hit] = field(default_factory=list)
    dues_available: bool = False

    def by_member(self) -> dict[int, list[Hit]]:
        found: dict[int, list[Hit]] = defaultdict(list)
        for hit in self.hits:
            found[hit.member_id].append(hit)
        return found


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _month(year: int, month: int) -> str:
    return f"{month:02d}/{year}"


def _members_under(root: Organization) -> QuerySet[Member]:
    return Member.objects.filter(organization__path__startswith=root.path, status__in=sorted(ON_ROLLS))


def _cells_of(member_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Each member's current cell (id, path), read in batches."""
    ids = sorted(set(member_ids))
    found: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), MEMBER_BATCH):
        rows = Member.objects.filter(pk__in=ids[start : start + MEMBER_BATCH]).values_list(
            "pk", "organization_id", "organization__path"
        )
        found.update({pk: (org_id, path) for pk, org_id, path in rows})
    return found


def absence_hits(year: int, root: Organization, rules: ScreeningRules) -> list[Hit]:
    """Signal 1: unexcused absences in `absence.months` distinct months of the year (two queries)."""
    rows = Attendance.objects.filter(
        presence=Presence.UNEXCUSED, day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31)
    ).filter(
        meeting__status=MeetingStatus.HELD,
        member__organization__path__startswith=root.path,
        member__status__in=sorted(ON_ROLLS),
    )
    rows = rows.exclude(member_status=MemberStatus.EXEMPT)
    reaching = (
        rows.order_by()
        .values("member_id")
        .annotate(months=Count(ExtractMonth("day"), distinct=True))
        .filter(months__gte=rules.absence_months)
        .values("member_id")
    )
    detail = (
        rows.filter(member_id__in=reaching)
        .order_by("member_id", "day", "organization_id")
        .values_list(
            "member_id", "day", "organization_id", "organization__name", "meeting_id",
            "member__organization_id", "member__organization__path",
        )
    )  # fmt: skip
    by_member: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in detail:
        by_member[row[0]].append(row)
    hits = []
    for member_id, absences in by_member.items():
        months: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for _, day, org_id, org_name, meeting_id, _cell, _path in absences:
            months[day.month].append({"day": day.isoformat(), "cell_id": org_id, "cell": org_name,
                                      "meeting_id": meeting_id})  # fmt: skip
        labels = ", ".join(_month(year, m) for m in sorted(months))
        cells = sorted({a[3] for a in absences})
        where = f" tại {', '.join(cells)}" if cells else ""
        statement = (
            f"{Signal.ABSENT_UNEXCUSED.label}: vắng sinh hoạt không có lý do trong {len(months)} tháng của năm "
            f"{year} (tháng {labels}){where}; từ {rules.absence_months} tháng trong một năm là dấu hiệu phải xem "
            f"xét theo bộ quy tắc {rules.code}"
        )
        hits.append(Hit(
            member_id=member_id, organization_id=absences[0][5], path=absences[0][6],
            signal=Signal.ABSENT_UNEXCUSED, period_start=absences[0][1], period_end=absences[-1][1],
            evidence={"threshold": rules.absence_months, "months": [
                {"month": _month(year, m), "absences": months[m]} for m in sorted(months)
            ]},
            explanation=rules.absence_source.cite(statement),
        ))  # fmt: skip
    return hits


def dues_hits(year: int, root: Organization, rules: ScreeningRules) -> tuple[list[Hit], bool]:
    """Signal 2: dues unpaid for `dues.months` months of the year, from the dues provider. The flag says
    whether the provider had any data."""
    unpaid = dues.unpaid_months(year, root.path)
    if unpaid is None:
        return [], False
    reaching = {m: months for m, months in unpaid.items() if len(months) >= rules.dues_months}
    cells = _cells_of(reaching)
    on_rolls = set(_members_under(root).filter(pk__in=list(cells)).values_list("pk", flat=True))
    hits = []
    for member_id, months in sorted(reaching.items()):
        if member_id not in on_rolls:
            continue
        labels = ", ".join(_month(year, m) for m in months)
        statement = (
            f"{Signal.DUES_UNPAID.label}: chưa đóng đảng phí {len(months)} tháng của năm {year} (tháng {labels}); "
            f"từ {rules.dues_months} tháng trong một năm là dấu hiệu phải xem xét theo bộ quy tắc {rules.code}"
        )
        last = dt.date(year, months[-1], 1)
        hits.append(Hit(
            member_id=member_id, organization_id=cells[member_id][0], path=cells[member_id][1],
            signal=Signal.DUES_UNPAID, period_start=dt.date(year, months[0], 1),
            period_end=add_months(last, 1) - dt.timedelta(days=1),
            evidence={"threshold": rules.dues_months, "months": [_month(year, m) for m in months]},
            explanation=rules.dues_source.cite(statement),
        ))  # fmt: skip
    return hits, True


def unfulfilled_hits(year: int, root: Organization, rules: ScreeningRules) -> list[Hit]:
    """Signal 3: the decided level "unfulfilled" in `unfulfilled.years` consecutive years ending with the year
    (or the year before, while the year's rating is not decided). Two queries: the members with an unfulfilled
    year in the window, then their decided levels."""
    n = rules.unfulfilled_years
    window = list(range(year - n, year + 1))
    ratings = Rating.objects.filter(subject_kind=SubjectKind.MEMBER, year__in=window).exclude(final_level="")
    flagged = ratings.filter(
        final_level=Level.UNFULFILLED,
        member__organization__path__startswith=root.path,
        member__status__in=sorted(ON_ROLLS),
    ).values("member_id")
    levels: dict[int, dict[int, str]] = defaultdict(dict)
    cells: dict[int, tuple[int, str]] = {}
    rows = (
        ratings.filter(member_id__in=flagged)
        .order_by()
        .values_list("member_id", "year", "final_level", "member__organization_id", "member__organization__path")
    )
    for member_id, rated_year, level, org_id, path in rows:
        levels[member_id][rated_year] = level
        cells[member_id] = (org_id, path)
    hits = []
    for member_id, by_year in sorted(levels.items()):
        end = year if year in by_year else year - 1
        run = list(range(end - n + 1, end + 1))
        if not all(by_year.get(y) == Level.UNFULFILLED for y in run):
            continue
        years = ", ".join(str(y) for y in run)
        statement = (
            f"{Signal.UNFULFILLED_YEARS.label}: xếp loại “{Level.UNFULFILLED.label}” {n} năm liền ({years}). "
            f"{INTERPRETATION}: “vi phạm tư cách đảng viên {n} năm liền” được tính là xếp loại “không hoàn thành "
            f"nhiệm vụ” {n} năm liền, theo bộ quy tắc {rules.code}"
        )
        hits.append(Hit(
            member_id=member_id, organization_id=cells[member_id][0], path=cells[member_id][1],
            signal=Signal.UNFULFILLED_YEARS, period_start=dt.date(run[0], 1, 1), period_end=dt.date(run[-1], 12, 31),
            evidence={"threshold": n, "years": [{"year": y, "level": by_year[y]} for y in run],
                      "interpretation": True},
            explanation=rules.unfulfilled_source.cite(statement),
        ))  # fmt: skip
    return hits


def no_progress_hits(year: int, root: Organization, rules: ScreeningRules, as_of: dt.date) -> list[Hit]:
    """Signal 4: on the help list (the vote put them there, no outcome yet) for `no_progress.months` months by
    `as_of`; the earliest help period counts when there are several."""
    reviews = (
        Review.objects.filter(outcome=Outcome.HELPING, help_from__isnull=False, help_from__lte=as_of)
        .filter(member__organization__path__startswith=root.path, member__status__in=sorted(ON_ROLLS))
        .select_related("round__organization", "member__organization")
        .order_by("member_id", "help_from", "pk")
    )
    hits: list[Hit] = []
    seen: set[int] = set()
    for review in reviews:
        assert review.help_from is not None
        reached = add_months(review.help_from, rules.no_progress_months)
        if review.member_id in seen or reached > as_of:
            continue
        seen.add(review.member_id)
        statement = (
            f"{Signal.NO_PROGRESS.label}: chi bộ {review.round.organization.name} đưa vào diện giáo dục, giúp đỡ từ "
            f"{_d(review.help_from)} (biểu quyết ngày {_d(review.vote_date) if review.vote_date else '—'}), đến "
            f"{_d(as_of)} đã {rules.no_progress_months} tháng mà chưa ghi nhận tiến bộ; từ "
            f"{rules.no_progress_months} tháng là dấu hiệu phải xem xét theo bộ quy tắc {rules.code}"
        )
        hits.append(Hit(
            member_id=review.member_id, organization_id=review.member.organization_id,
            path=review.member.organization.path, signal=Signal.NO_PROGRESS,
            period_start=review.help_from, period_end=as_of,
            evidence={"threshold": rules.no_progress_months, "review_id": review.pk, "round_id": review.round_id,
                      "round_year": review.round.year, "cell": review.round.organization.name,
                      "vote_date": review.vote_date.isoformat() if review.vote_date else None,
                      "votes_for": review.votes_for, "eligible": review.eligible,
                      "help_from": review.help_from.isoformat(),
                      "help_until": review.help_until.isoformat() if review.help_until else None},
            explanation=rules.no_progress_source.cite(statement),
        ))  # fmt: skip
    return hits


def as_of_for(year: int, today: dt.date) -> dt.date:
    """The day the year is read up to: its last day, or today while it runs."""
    return min(dt.date(year, 12, 31), today)


def compute(
    year: int, root: Organization, *, today: dt.date | None = None, progress: Progress | None = None
) -> Computation:
    """Every signal of `year` for the members on the rolls whose current cell is under `root` (no writes).
    Refuses (DomainError) a year no screening rule set covers."""
    today = today or timezone.localdate()
    rules = rules_for_year(year)
    result = Computation(year=year, as_of=as_of_for(year, today), rules=rules)
    steps = 4
    if progress is not None:
        progress.set_total(steps + 1)
    result.hits.extend(absence_hits(year, root, rules))
    _advance(progress, 1)
    found, result.dues_available = dues_hits(year, root, rules)
    result.hits.extend(found)
    _advance(progress, 2)
    result.hits.extend(unfulfilled_hits(year, root, rules))
    _advance(progress, 3)
    result.hits.extend(no_progress_hits(year, root, rules, result.as_of))
    _advance(progress, steps)
    return result


def _advance(progress: Progress | None, done: int) -> None:
    if progress is not None:
        progress.advance(done)


@dataclass(frozen=True)
class RefreshResult:
    year: int
    root_id: int
    hits: int
    dues_available: bool
    as_of: dt.date


def refresh(
    year: int, root: Organization, *, today: dt.date | None = None, progress: Progress | None = None
) -> RefreshResult:
    """Compute `year`'s signals under `root` and store them as `SignalHit` rows, replacing the subtree's
    (rows under its path, and rows of its members stored elsewhere before they moved in) in one transaction,
    inserted in bulk. Run by the background job `screening.signals.refresh` and `manage.py screening_signals`."""
    computed = compute(year, root, today=today, progress=progress)
    rows = [
        SignalHit(member_id=h.member_id, organization_id=h.organization_id, path=h.path, year=year, signal=h.signal,
                  period_start=h.period_start, period_end=h.period_end, evidence=h.evidence,
                  explanation=h.explanation, rule_set_id=computed.rules.rule_set_id)
        for h in computed.hits
    ]  # fmt: skip
    with transaction.atomic():
        SignalHit.objects.filter(year=year).filter(
            Q(path__startswith=root.path) | Q(member_id__in=_members_under(root).values("pk"))
        ).delete()
        SignalHit.objects.bulk_create(rows, batch_size=2000)
    _advance(progress, 5)
    return RefreshResult(year=year, root_id=root.pk, hits=len(rows), dues_available=computed.dues_available,
                         as_of=computed.as_of)  # fmt: skip
