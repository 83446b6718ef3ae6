"""A cell's quarter of meetings against the meeting rule set in force: the `CellQuarter` rows that the
compliance pages, the dashboard's cell-life measures and the exports read (they never read meetings).

Two entry points compute the same rows from the same facts, with the same grouped query:
- `refresh_cell_quarter(organization=, year=, quarter=)`: one cell, called by the meeting services after every
  change to a held meeting or its attendance (four or five queries, inside the caller's transaction);
- `recompute(year=, quarter=None, root=)`: every cell of a subtree for one quarter or a whole year (one grouped
  query over the meetings per quarter, one bulk upsert), run by the background job "meetings.compliance.
  recompute", by `manage.py recompute_compliance` (nightly: a month that ends turns a missing meeting red
  without any meeting changing) and when a quarter is locked.

What a quarter is worth (`judge`, a pure function; docs/decisions/0025):
- months due: the months of the quarter that have ended by today in which the cell existed the whole month,
  plus any month (the current one included) that already has its monthly meeting;
- RED: a due month without a monthly meeting (`frequency.monthly_kinds`), or an ended quarter without its
  thematic meeting(s) (`frequency.thematic_kinds`, `thematic_per_quarter`; due when the cell still existed at
  the end of the quarter and owed at least one month);
- AMBER: the quarter is running without its thematic meeting yet, average attendance (present / expected over
  the quarter's monthly and thematic meetings) under `attendance.good_pct`, or a meeting shorter than the
  `length` rule in force on its day;
- GREEN otherwise; NONE when nothing was due and nothing held yet (or no rule set covers the quarter).
Each finding is one Vietnamese sentence in `reasons`, naming the rule and its source.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.dispatch import Signal
from django.utils import timezone

from dangbo.core.text import percent_of, percent_text
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import Compliance, MeetingKind, MeetingStatus
from .models import CellQuarter, Meeting, MeetingGuest, MeetingRuleSet
from .params import MeetingRules, parse_params

# Sent with `path` (the cell or the subtree recomputed) and `year` after `CellQuarter` rows were written, so the
# figures stored from them elsewhere (the dashboard's current year) can be refreshed.
quarters_changed = Signal()

CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
_STEP = PATH_SEGMENT_WIDTH + 1
_WRITTEN = ["grassroots", "path", "months_due", "monthly_held", "thematic_held", "meetings_held", "too_short",
            "with_guest", "present", "expected", "status", "reasons", "computed_at"]  # fmt: skip


# --- quarters -------------------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The quarter's first and last day."""
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def quarter_months(year: int, quarter: int) -> list[tuple[int, dt.date, dt.date]]:
    """(month, first day, last day) of each month of the quarter."""
    out = []
    for month in range(3 * (quarter - 1) + 1, 3 * quarter + 1):
        out.append((month, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])))
    return out


def quarters_until(year: int, today: dt.date) -> list[int]:
    """The quarters of `year` that have begun by `today` (all four for a past year, none for a future one)."""
    if year < today.year:
        return [1, 2, 3, 4]
    if year > today.year:
        return []
    return list(range(1, quarter_of(today)[1] + 1))


def _exists_on(day: dt.date, founded_on: dt.date, dissolved_on: dt.date | None) -> bool:
    """The cell existed on `day` (its dissolution day is its first day gone)."""
    return founded_on <= day and (dissolved_on is None or day < dissolved_on)


# --- the rules of a quarter -----------------------------------------------------------------------------


def length_text(rules: MeetingRules) -> str:
    """The length rule in words: "ít nhất 90 phút, 120 phút khi sinh hoạt thường kỳ kết hợp chuyên đề"."""
    parts = []
    if rules.min_minutes is not None:
        parts.append(f"ít nhất {rules.min_minutes} phút")
    if rules.combined_min_minutes is not None:
        parts.append(f"{rules.combined_min_minutes} phút khi sinh hoạt thường kỳ kết hợp chuyên đề")
    return ", ".join(parts)


def rules_of(rule_set: MeetingRuleSet) -> MeetingRules:
    """The rule set's parameters, parsed (`params.parse_params`)."""
    return parse_params(
        rule_set.params, citation=rule_set.citation, code=rule_set.code, effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to, rule_set_id=rule_set.pk,
    )  # fmt: skip


def rules_for_quarter(year: int, quarter: int) -> MeetingRules | None:
    """The rule set in force on the quarter's last day (or, failing that, on its first day)."""
    first, last = quarter_span(year, quarter)
    rule_set = MeetingRuleSet.objects.in_force_on(last).first() or MeetingRuleSet.objects.in_force_on(first).first()
    return rules_of(rule_set) if rule_set is not None else None


def _length_windows(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, MeetingRules]]:
    """The rule sets in force over [first, last], each with the part of the span it covers."""
    out = []
    for rule_set in MeetingRuleSet.objects.filter(effective_from__lte=last).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=first)
    ):
        start = max(first, rule_set.effective_from)
        end = min(last, rule_set.effective_to) if rule_set.effective_to else last
        out.append((start, end, rules_of(rule_set)))
    return out


# --- the facts of a quarter -----------------------------------------------------------------------------


@dataclass
class CellFacts:
    """One cell's held meetings of one quarter, counted."""

    monthly_months: set[int] = field(default_factory=set)
    thematic: int = 0
    held: int = 0
    too_short: int = 0
    with_guest: int = 0
    present: int = 0
    expected: int = 0


def _short_q(windows: list[tuple[dt.date, dt.date, MeetingRules]]) -> Q:
    """Held meetings shorter than the length rule in force on their day (no minimum: never short)."""
    short = Q(pk__in=[])
    for start, end, rules in windows:
        counted = sorted(set(rules.monthly_kinds) | set(rules.thematic_kinds))
        in_window = Q(day__gte=start, day__lte=end, started_at__isnull=False, ended_at__isnull=False)
        if rules.combined_min_minutes is not None:
            limit = dt.timedelta(minutes=rules.combined_min_minutes)
            short |= in_window & Q(kind=MeetingKind.COMBINED, duration__lt=limit)
        if rules.min_minutes is not None:
            limit = dt.timedelta(minutes=rules.min_minutes)
            others = [k for k in counted if k != MeetingKind.COMBINED]
            short |= in_window & Q(kind__in=others, duration__lt=limit)
    return short


def quarter_facts(units: Q, *, year: int, quarter: int, rules: MeetingRules) -> dict[int, CellFacts]:
    """Each cell's facts for the quarter, from one query grouped by cell and month over the held meetings of
    the cells among the organizations `units` selects."""
    first, last = quarter_span(year, quarter)
    counted = Q(kind__in=sorted(set(rules.monthly_kinds) | set(rules.thematic_kinds)))
    recorded = counted & Q(attendance_recorded_at__isnull=False)
    rows = (
        Meeting.objects.filter(
            organization_id__in=Organization.objects.filter(units, kind__in=CELL_KINDS).values("id"),
            status=MeetingStatus.HELD,
            day__gte=first,
            day__lte=last,
        )
        .annotate(duration=ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField()))
        .values("organization_id", month=ExtractMonth("day"))
        .annotate(
            monthly=Count("id", filter=Q(kind__in=sorted(rules.monthly_kinds))),
            thematic=Count("id", filter=Q(kind__in=sorted(rules.thematic_kinds))),
            held=Count("id"),
            short=Count("id", filter=_short_q(_length_windows(first, last))),
            guested=Count("id", filter=Exists(MeetingGuest.objects.filter(meeting_id=OuterRef("pk")))),
            present=Sum("present_count", filter=recorded),
            expected=Sum("expected_count", filter=recorded),
        )
        .order_by()
    )
    out: dict[int, CellFacts] = {}
    for row in rows:
        facts = out.setdefault(row["organization_id"], CellFacts())
        if row["monthly"]:
            facts.monthly_months.add(row["month"])
        facts.thematic += row["thematic"]
        facts.held += row["held"]
        facts.too_short += row["short"]
        facts.with_guest += row["guested"]
        facts.present += row["present"] or 0
        facts.expected += row["expected"] or 0
    return out


# --- the verdict ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    months_due: int
    monthly_held: int
    status: str
    reasons: list[str]


def _months_text(months: Iterable[int], year: int) -> str:
    return ", ".join(f"{m:02d}/{year}" for m in sorted(months))


def judge(
    facts: CellFacts, *, rules: MeetingRules | None, year: int, quarter: int, today: dt.date,
    founded_on: dt.date, dissolved_on: dt.date | None,
) -> Verdict:  # fmt: skip
    """The quarter's colour and its reasons (see the module docstring); pure."""
    held_months = set(facts.monthly_months)
    if rules is None:
        reason = f"Chưa có bộ quy tắc sinh hoạt chi bộ áp dụng cho quý {quarter}/{year}."
        return Verdict(len(held_months), len(held_months), Compliance.NONE, [reason])
    first, last = quarter_span(year, quarter)
    due = set(held_months)
    for month, month_first, month_last in quarter_months(year, quarter):
        whole = _exists_on(month_first, founded_on, dissolved_on) and _exists_on(month_last, founded_on, dissolved_on)
        if month_last < today and whole:
            due.add(month)
    ended = last < today
    red: list[str] = []
    amber: list[str] = []
    freq = rules.frequency_source
    missing = due - held_months
    if missing:
        red.append(freq.cite(f"Tháng {_months_text(missing, year)} chưa có buổi sinh hoạt chi bộ thường kỳ; "
                             "chi bộ sinh hoạt thường kỳ mỗi tháng một lần") + ".")  # fmt: skip
    need = rules.thematic_per_quarter
    thematic_rule = f"sinh hoạt chuyên đề ít nhất {need:02d} lần/quý"
    if facts.thematic < need:
        if ended and due and _exists_on(last, founded_on, dissolved_on):
            red.append(freq.cite(f"Quý {quarter}/{year} đã kết thúc mà chưa đủ buổi sinh hoạt chuyên đề "
                                 f"({facts.thematic}/{need}); {thematic_rule}") + ".")  # fmt: skip
        elif not ended and (due or facts.held):
            amber.append(freq.cite(f"Quý {quarter}/{year} đang diễn ra, chưa có đủ buổi sinh hoạt chuyên đề "
                                   f"({facts.thematic}/{need}); {thematic_rule}") + ".")  # fmt: skip
    if facts.expected and facts.present * 100 < rules.good_pct * facts.expected:
        rate = percent_text(percent_of(facts.present, facts.expected))
        amber.append(rules.attendance_source.cite(
            f"Tỷ lệ đảng viên dự sinh hoạt bình quân {rate} ({facts.present}/{facts.expected} lượt) thấp hơn "
            f"{rules.good_pct}%") + ".")  # fmt: skip
    if facts.too_short:
        amber.append(rules.length_source.cite(
            f"{facts.too_short} buổi sinh hoạt chưa đủ thời lượng tối thiểu ({length_text(rules)})") + ".")  # fmt: skip
    notes = []
    if first < founded_on <= last:
        notes.append(f"Chi bộ thành lập ngày {founded_on:%d/%m/%Y}: chỉ xét các tháng chi bộ hoạt động trọn tháng.")
    if dissolved_on is not None and first < dissolved_on <= last:
        notes.append(f"Chi bộ giải thể ngày {dissolved_on:%d/%m/%Y}: chỉ xét các tháng chi bộ hoạt động trọn tháng.")
    if not due and not facts.held:
        return Verdict(0, 0, Compliance.NONE, [f"Quý {quarter}/{year}: chưa đến hạn sinh hoạt tháng nào.", *notes])
    status = Compliance.RED if red else Compliance.AMBER if amber else Compliance.GREEN
    return Verdict(len(due), len(held_months), status, red + amber + notes)


# --- writing the rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    id: int
    path: str
    founded_on: dt.date
    dissolved_on: dt.date | None


def _cells(units: Q, first: dt.date, last: dt.date) -> list[_Cell]:
    """Cells (of either kind) among `units` that existed on some day of [first, last]."""
    rows = (
        Organization.objects.filter(units, kind__in=CELL_KINDS, founded_on__lte=last)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=first))
        .values_list("id", "path", "founded_on", "dissolved_on")
    )
    return [_Cell(*row) for row in rows]


def _grassroots_of(cells: list[_Cell]) -> dict[int, int | None]:
    """Each cell's grassroots organization (itself for a grassroots cell), from its path."""
    ancestor_ids = {int(c.path[i : i + PATH_SEGMENT_WIDTH]) for c in cells for i in range(0, len(c.path), _STEP)}
    grassroots = set(
        Organization.objects.filter(pk__in=ancestor_ids, kind__in=GRASSROOTS_KINDS).values_list("id", flat=True)
    )
    out: dict[int, int | None] = {}
    for c in cells:
        segments = [int(c.path[i : i + PATH_SEGMENT_WIDTH]) for i in range(0, len(c.path), _STEP)]
        out[c.id] = next((s for s in segments if s in grassroots), None)
    return out


def _compute(units: Q, *, year: int, quarter: int, today: dt.date) -> list[CellQuarter]:
    """The rows of the cells among the organizations `units` selects, for one quarter."""
    first, last = quarter_span(year, quarter)
    cells = _cells(units, first, last)
    if not cells:
        return []
    rules = rules_for_quarter(year, quarter)
    by_cell = quarter_facts(units, year=year, quarter=quarter, rules=rules) if rules is not None else {}
    grassroots = _grassroots_of(cells)
    rows = []
    for cell in cells:
        facts = by_cell.get(cell.id, CellFacts())
        verdict = judge(facts, rules=rules, year=year, quarter=quarter, today=today, founded_on=cell.founded_on,
                        dissolved_on=cell.dissolved_on)  # fmt: skip
        rows.append(CellQuarter(
            organization_id=cell.id, grassroots_id=grassroots[cell.id], path=cell.path, year=year, quarter=quarter,
            months_due=verdict.months_due, monthly_held=verdict.monthly_held, thematic_held=facts.thematic,
            meetings_held=facts.held, too_short=facts.too_short, with_guest=facts.with_guest,
            present=facts.present, expected=facts.expected, status=verdict.status, reasons=verdict.reasons,
        ))  # fmt: skip
    return rows


def _write(rows: list[CellQuarter]) -> None:
    CellQuarter.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["organization", "year", "quarter"],
        update_fields=_WRITTEN,
    )  # fmt: skip


def refresh_cell_quarter(*, organization: Organization, year: int, quarter: int, today: dt.date | None = None) -> None:
    """Recompute `CellQuarter` for one cell and quarter (in the caller's transaction), and its grassroots
    organization's `GrassrootsQuarter`. Anything but a cell is ignored (a committee's meetings are not a cell's
    quarter); a cell that did not exist in the quarter loses its row."""
    if organization.kind not in CELL_KINDS or not 1 <= quarter <= 4:
        return
    rows = _compute(Q(pk=organization.pk), year=year, quarter=quarter, today=today or timezone.localdate())
    current = CellQuarter.objects.filter(organization=organization, year=year, quarter=quarter)
    before = set(current.values_list("grassroots_id", flat=True))
    after = {r.grassroots_id for r in rows}
    if rows:
        _write(rows)
    else:
        current.delete()
    # The usual case (same grassroots organization, row rewritten) costs one statement; a cell that moved to
    # another grassroots organization or lost its row may leave one without cells.
    roll_up(year=year, quarter=quarter, grassroots_ids=before | after, prune=before != after)
    quarters_changed.send(sender=CellQuarter, path=organization.path, year=year)


_STATUS_SUMS = ", ".join(f"SUM(CASE WHEN status = '{s.value}' THEN 1 ELSE 0 END)" for s in Compliance)
_SUMMED = ("months_due", "monthly_held", "thematic_held", "meetings_held", "too_short", "with_guest", "present",
           "expected")  # fmt: skip
_ROLLED = ("cells", *(s.value for s in Compliance), "with_thematic", *_SUMMED, "path", "oldest", "newest")
_COLUMNS = ", ".join(f'"{n}"' for n in _ROLLED)
_UPDATES = ", ".join(f'"{n}" = excluded."{n}"' for n in _ROLLED)
ROLL_UP_SQL = f"""
INSERT INTO meetings_grassrootsquarter (grassroots_id, year, quarter, {_COLUMNS})
SELECT grassroots_id, year, quarter, COUNT(*), {_STATUS_SUMS},
       SUM(CASE WHEN thematic_held > 0 THEN 1 ELSE 0 END), {", ".join(f"SUM({n})" for n in _SUMMED)},
       MIN(path), MIN(computed_at), MAX(computed_at)
FROM meetings_cellquarter
WHERE year = %s AND quarter = %s AND grassroots_id IN ({{ids}})
GROUP BY grassroots_id, year, quarter
ON CONFLICT (grassroots_id, year, quarter) DO UPDATE SET {_UPDATES}
"""
PRUNE_SQL = """
DELETE FROM meetings_grassrootsquarter
WHERE year = %s AND quarter = %s AND grassroots_id IN ({ids}) AND NOT EXISTS (
    SELECT 1 FROM meetings_cellquarter c WHERE c.year = meetings_grassrootsquarter.year
      AND c.quarter = meetings_grassrootsquarter.quarter AND c.grassroots_id = meetings_grassrootsquarter.grassroots_id)
"""
ROLL_UP_BATCH = 2000


def roll_up(*, year: int, quarter: int, grassroots_ids: Iterable[int | None], prune: bool = True) -> None:
    """Rewrite the `GrassrootsQuarter` rows of these grassroots organizations for the quarter from their cells'
    `CellQuarter` rows: one grouped upsert per 2,000 of them and, with `prune`, the rows left without cells
    removed. The ids are integers from the database, written into the statement."""
    ids = sorted({int(g) for g in grassroots_ids if g is not None})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), ROLL_UP_BATCH):
            listed = ", ".join(str(g) for g in ids[start : start + ROLL_UP_BATCH])
            cursor.execute(ROLL_UP_SQL.format(ids=listed), [year, quarter])
            if prune:
                cursor.execute(PRUNE_SQL.format(ids=listed), [year, quarter])


@dataclass(frozen=True)
class RecomputeResult:
    year: int
    quarters: list[int]
    rows: int


@transaction.atomic
def recompute(*, year: int, quarter: int | None, root: Organization, today: dt.date | None = None) -> RecomputeResult:
    """Recompute the `CellQuarter` rows of every cell under `root` for one quarter, or every quarter of `year`
    begun by today. Per quarter: one grouped query over the held meetings, one over the cells, one bulk upsert,
    the rows of cells no longer under `root` in that quarter removed, and the grassroots organizations' sums
    rewritten (`roll_up`)."""
    today = today or timezone.localdate()
    quarters = [quarter] if quarter is not None else quarters_until(year, today)
    subtree = Q(path__startswith=root.path)
    count = 0
    for q in quarters:
        started = timezone.now()
        before = CellQuarter.objects.filter(year=year, quarter=q, path__startswith=root.path)
        touched = set(before.values_list("grassroots_id", flat=True).distinct().order_by())
        rows = _compute(subtree, year=year, quarter=q, today=today)
        _write(rows)
        # Rows not written now belong to cells no longer under `root` in that quarter (dissolved, moved away).
        CellQuarter.objects.filter(year=year, quarter=q, path__startswith=root.path, computed_at__lt=started).delete()
        roll_up(year=year, quarter=q, grassroots_ids=touched | {r.grassroots_id for r in rows})
        count += len(rows)
    quarters_changed.send(sender=CellQuarter, path=root.path, year=year)
    return RecomputeResult(year, quarters, count)
