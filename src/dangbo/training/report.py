"""Training coverage per unit as of a day (issue 10 item 6): for an organization and each unit directly under
it, the figures of the day's year counted up to that day.

- New members due: members on the rolls that day whose new-member course fell due (admission + the rule set's
  `due_months`) between 1 January and the day; "on time": of those, the ones who passed a new-member course that
  ended by their due date.
- Political theory levels of the members on the rolls that day: a member with qualification records counts at
  the highest level issued by the day (none issued yet: "not trained"); a member without any record counts at the
  level on the sheet, the only level the registry has for them (it carries no date).
- Cell secretaries that day (open secretary seats of cells' committees) and how many held a refresher
  certificate valid that day.
- Courses held (started in the year, by the day) by units of the subtree; people of the unit enrolled in the
  year's courses, and how many passed (the course ended by the day).

Set-based: each figure is one grouped query over the path prefix of the unit a row falls under (the first
`length` characters of the path, as the movements report does), whatever the size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Substr

from dangbo.core.dates import add_months
from dangbo.members.enums import TheoryLevel
from dangbo.members.models import CellMembership
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import LEVEL_RANK, CourseKind, Result
from .models import Certificate, Course, Enrollment, Qualification
from .needs import secretary_seats_on
from .params import TrainingRules

STEP = PATH_SEGMENT_WIDTH + 1
LEVELS = [TheoryLevel(v) for v in sorted(LEVEL_RANK, key=LEVEL_RANK.__getitem__)]
LEVEL_OF_RANK = {rank: level for level, rank in LEVEL_RANK.items()}


@dataclass
class Coverage:
    on_rolls: int = 0
    new_due: int = 0
    new_on_time: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {str(level): 0 for level in LEVELS})
    secretaries: int = 0
    secretaries_refreshed: int = 0
    courses: int = 0
    enrolled: int = 0
    passed: int = 0

    @property
    def new_on_time_percent(self) -> int | None:
        return round(self.new_on_time * 100 / self.new_due) if self.new_due else None

    @property
    def refreshed_percent(self) -> int | None:
        return round(self.secretaries_refreshed * 100 / self.secretaries) if self.secretaries else None

    def level_counts(self) -> list[tuple[TheoryLevel, int]]:
        return [(level, self.levels[str(level)]) for level in LEVELS]


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    coverage: Coverage


@dataclass(frozen=True)
class Report:
    root: Organization
    day: dt.date
    total: Coverage
    rows: list[UnitRow]

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.day.year, 1, 1)


def _covering(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def _rolls(path: str, length: int, day: dt.date) -> QuerySet[CellMembership]:
    return CellMembership.objects.filter(_covering(day), organization__path__startswith=path).annotate(
        key=Substr("organization__path", 1, length)
    )


def _rank_case(prefix: str = "") -> Case:
    return Case(
        *(When(**{f"{prefix}level": level}, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=Value(0), output_field=IntegerField(),
    )  # fmt: skip


def _levels(path: str, length: int, day: dt.date, out: dict[str, Coverage]) -> None:
    issued = Qualification.objects.filter(member_id=OuterRef("member_id"), issued_on__lte=day)
    best = issued.annotate(rank=_rank_case()).order_by("-rank").values("rank")[:1]
    rows = (
        _rolls(path, length, day)
        .annotate(
            has_any=Exists(Qualification.objects.filter(member_id=OuterRef("member_id"))),
            rank=Subquery(best, output_field=IntegerField()),
        )
        .values("key", "has_any", "rank", "member__political_theory_level")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    )
    for row in rows:
        level = LEVEL_OF_RANK[row["rank"] or 0] if row["has_any"] else row["member__political_theory_level"]
        cov = out.setdefault(row["key"], Coverage())
        cov.levels[level] = cov.levels.get(level, 0) + row["n"]
        cov.on_rolls += row["n"]


def _new_members(path: str, length: int, day: dt.date, rules: TrainingRules, out: dict[str, Coverage]) -> None:
    months = rules.new_member_due_months
    first = add_months(dt.date(day.year, 1, 1), -months) - dt.timedelta(days=3)  # widened; exact check below
    passed_end = Enrollment.objects.filter(
        member_id=OuterRef("member_id"), course__kind=CourseKind.NEW_MEMBER, result=Result.PASSED
    ).values("member_id").annotate(end=Min("course__ends_on")).values("end")  # fmt: skip
    rows = (
        _rolls(path, length, day)
        .filter(member__admission_decision_date__gte=first, member__admission_decision_date__lte=day)
        .annotate(passed_end=Subquery(passed_end))
        .values("key", "member_id", "member__admission_decision_date", "passed_end")
        .distinct()
        .order_by()
    )
    for row in rows:
        due = add_months(row["member__admission_decision_date"], months)
        if not dt.date(day.year, 1, 1) <= due <= day:
            continue
        cov = out.setdefault(row["key"], Coverage())
        cov.new_due += 1
        if row["passed_end"] is not None and row["passed_end"] <= due:
            cov.new_on_time += 1


def _secretaries(path: str, length: int, day: dt.date, out: dict[str, Coverage]) -> None:
    valid = Certificate.objects.filter(
        enrollment__member_id=OuterRef("member_id"), enrollment__course__kind=CourseKind.SECRETARY_REFRESHER,
        enrollment__result=Result.PASSED, issued_on__lte=day,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))  # fmt: skip
    rows = (
        secretary_seats_on(path, day)
        .annotate(key=Substr("committee__organization__path", 1, length), refreshed=Exists(valid))
        .values("key")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(refreshed=True)))
        .order_by()
    )
    for row in rows:
        cov = out.setdefault(row["key"], Coverage())
        cov.secretaries, cov.secretaries_refreshed = row["n"], row["ok"]


def _courses(path: str, length: int, day: dt.date, out: dict[str, Coverage]) -> None:
    year = Q(starts_on__gte=dt.date(day.year, 1, 1), starts_on__lte=day)
    for row in (
        Course.objects.filter(year, path__startswith=path).annotate(key=Substr("path", 1, length))
        .values("key").annotate(n=Count("id")).order_by()
    ):  # fmt: skip
        out.setdefault(row["key"], Coverage()).courses = row["n"]
    enrolled = (
        Enrollment.objects.filter(
            path__startswith=path, course__starts_on__gte=dt.date(day.year, 1, 1), course__starts_on__lte=day
        )
        .annotate(key=Substr("path", 1, length))
        .values("key")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(result=Result.PASSED, course__ends_on__lte=day)))
        .order_by()
    )
    for row in enrolled:
        cov = out.setdefault(row["key"], Coverage())
        cov.enrolled, cov.passed = row["n"], row["ok"]


def _coverage(path: str, length: int, day: dt.date, rules: TrainingRules) -> dict[str, Coverage]:
    out: dict[str, Coverage] = {}
    _levels(path, length, day, out)
    _new_members(path, length, day, rules, out)
    _secretaries(path, length, day, out)
    _courses(path, length, day, out)
    return out


def units_under(root: Organization) -> list[Organization]:
    """The rows of the report: the units directly under `root` (the cell itself when `root` is a cell)."""
    if root.holds_members:
        return [root]
    return list(Organization.objects.filter(parent=root).select_related("parent").order_by("sort_key", "path"))


def coverage_report(root: Organization, *, day: dt.date, rules: TrainingRules) -> Report:
    """The coverage of `root` as of `day`: its total and one row per unit directly under it."""
    total = _coverage(root.path, len(root.path), day, rules).get(root.path, Coverage())
    units = units_under(root)
    per_unit = _coverage(root.path, len(root.path) + STEP, day, rules) if not root.holds_members else {root.path: total}
    return Report(root, day, total, [UnitRow(u, per_unit.get(u.path, Coverage())) for u in units])
