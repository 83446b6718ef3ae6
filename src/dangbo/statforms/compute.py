"""The figures of a statistical form for a unit as of a day, with the party tree of that day.

Every figure is read from the dated history, never from today's state: who was on the rolls of which cell
(`CellMembership` in force on the day, as `members.selectors.memberships_on`), which status a member had
(`MemberStatusPeriod`), and where each organization stood (`OrganizationPeriod`, as
`organizations.selectors.tree_as_of`). A merge or a move after the day therefore leaves the figures of that day
unchanged. Set-based: one grouped query per form (two or three for the increases and decreases, in `changes`),
the counts per cell rolled up the as-of tree in Python (`tree`); the member register streams its rows.

The member's own attributes (gender, birth date, ethnicity, religion, education, theory level) are those of the
member sheet now: the registry keeps no history of them (decision 0044).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dangbo.core.collector import collector_paused
from dangbo.core.dates import add_years
from dangbo.core.errors import DomainError
from dangbo.members.enums import SENIORITY_GAP_STATUSES, Education, Gender, TheoryLevel
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.members.seniority import seniority_years
from dangbo.organizations.models import Organization

from .changes import changes
from .enums import RANGE_DIMENSIONS, Dimension, FormKind, Period, Reconciliation
from .models import REGISTER_FIELDS, StatForm
from .tree import (
    IN_LIST_MAX,
    Row,
    Table,
    ids_of,
    on_rolls,
    on_rolls_q,
    plain_rows,
    positions,
    roll_up,
    tree_rows,
)

# The member register reads the members of this many organizations (in the order of the tree) per query: at 200,
# fifty queries over 1,000,000 members each joined member by member (16–17 s); at 1,000 the server hashes and
# sorts (10 s), and one group's rows (~100,000 for cells of 100) stay a few tens of MB in memory.
CELLS_PER_QUERY = 1000
TOTAL_LABEL = "Tổng số"
OTHER_DEFAULT = "Khác"

# The column of the member sheet each categorical dimension groups by, and the label of each stored value.
DIMENSION_FIELDS = {
    Dimension.GENDER: ("member__gender", Gender),
    Dimension.ETHNICITY: ("member__ethnicity", None),
    Dimension.RELIGION: ("member__religion", None),
    Dimension.EDUCATION: ("member__education", Education),
    Dimension.THEORY: ("member__political_theory_level", TheoryLevel),
}


# ---- the request ------------------------------------------------------------------------------------------


def check_request(*, unit: Organization, day: dt.date, today: dt.date | None = None) -> None:
    """Refuse a day the figures cannot be given for, in Vietnamese: in the future, before the unit was founded,
    on or after its dissolution."""
    today = today or timezone.localdate()
    if day > today:
        raise DomainError(
            f"Không lập được biểu cho ngày {day:%d/%m/%Y}: ngày này chưa đến (hôm nay {today:%d/%m/%Y}).", field="ngay"
        )
    if day < unit.founded_on:
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} trước ngày thành lập “{unit.name}” ({unit.founded_on:%d/%m/%Y}): chọn ngày từ "
            f"{unit.founded_on:%d/%m/%Y} trở đi, hoặc chọn tổ chức tồn tại vào ngày đó.",
            field="ngay",
        )
    if unit.dissolved_on is not None and day >= unit.dissolved_on:
        raise DomainError(
            f"“{unit.name}” đã thôi hoạt động từ ngày {unit.dissolved_on:%d/%m/%Y}: chọn ngày trước đó.", field="ngay"
        )


def period_start(form: StatForm, day: dt.date) -> dt.date:
    if form.period == Period.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def default_day(form: StatForm, today: dt.date) -> dt.date:
    """The form's latest cut-off date up to today (today when it has none)."""
    if form.cutoff_month is None or form.cutoff_day is None:
        return today
    for year in (today.year, today.year - 1):
        last = calendar.monthrange(year, form.cutoff_month)[1]
        day = dt.date(year, form.cutoff_month, min(form.cutoff_day, last))
        if day <= today:
            return day
    return today


def compute(form: StatForm, unit: Organization, day: dt.date, *, today: dt.date | None = None) -> Table:
    """The form's figures for `unit` on `day` (refused in Vietnamese when the day does not fit the unit)."""
    check_request(unit=unit, day=day, today=today)
    with collector_paused():
        return _compute(form, unit, day)


def _compute(form: StatForm, unit: Organization, day: dt.date) -> Table:
    rows = tree_rows(unit, day)
    if not rows:
        raise DomainError(f"“{unit.name}” không có trong hệ thống tổ chức vào ngày {day:%d/%m/%Y}.", field="ngay")
    table = Table(form=form, unit=unit, day=day, period_start=None, columns=[])
    kind = FormKind(form.kind)
    if kind == FormKind.MEMBERS:
        _members(table, rows, day)
    elif kind == FormKind.ORGANIZATIONS:
        _organizations(table, rows)
    elif kind == FormKind.CHANGES:
        table.period_start = period_start(form, day)
        changes(table, rows, table.period_start, day)
    elif kind == FormKind.RECONCILIATION:
        table.period_start = period_start(form, day)
        _reconciliation(table, rows, table.period_start, day)
    else:
        table.columns = [str(b["label"]) for b in form.bands]
        table.register_keys = [str(b.get("key", "")) for b in form.bands]
        table.unfilled = [str(b["label"]) for b in form.bands if b.get("key") not in REGISTER_FIELDS]
        _members(table, rows, day, totals_only=True)
    table.rows = rows
    return table


# ---- party members by one attribute ---------------------------------------------------------------------


def _range_q(field_name: str, band: dict[str, Any], day: dt.date) -> Q:
    """Whole years since the date in `field_name` between the band's min and max on `day`."""
    q = Q()
    if band.get("min") is not None:
        q &= Q(**{f"{field_name}__lte": add_years(day, -int(band["min"]))})
    if band.get("max") is not None:
        q &= Q(**{f"{field_name}__gt": add_years(day, -int(band["max"]) - 1)})
    return q


def _in_band(years: int, band: dict[str, Any]) -> bool:
    low, high = band.get("min"), band.get("max")
    return (low is None or years >= low) and (high is None or years <= high)


def _members(table: Table, rows: list[Row], day: dt.date, *, totals_only: bool = False) -> None:
    form = table.form
    bands: list[dict[str, Any]] = list(form.bands) if not totals_only else []
    dimension = form.dimension
    other = bool(form.other_label) and dimension not in RANGE_DIMENSIONS and not totals_only
    if not totals_only:
        table.columns = [TOTAL_LABEL] + [str(b["label"]) for b in bands] + ([form.other_label] if other else [])
    width = 1 + len(bands) + (1 if other else 0)
    ids = ids_of(rows)
    base = on_rolls(day, ids)
    position = positions(rows)
    sums = [[0] * width for _ in rows]
    if totals_only:
        for org_id, n in plain_rows(base.values_list("organization_id").annotate(n=Count("id"))):
            if (i := position.get(org_id)) is not None:
                sums[i][0] += n
    elif dimension in RANGE_DIMENSIONS:
        column = "member__birth_date" if dimension == Dimension.AGE else "member__admission_decision_date"
        aggregates = {f"b{i}": Count("id", filter=_range_q(column, b, day)) for i, b in enumerate(bands)}
        for org_id, *counts in plain_rows(base.values_list("organization_id").annotate(n=Count("id"), **aggregates)):
            if (i := position.get(org_id)) is not None:
                own = sums[i]
                for k, n in enumerate(counts):
                    own[k] += n
        if dimension == Dimension.SENIORITY:
            _correct_for_gaps(sums, position, base, bands, day)
    else:
        grouped: QuerySet[Any]
        if dimension == Dimension.STATUS:
            # The status periods joined to the memberships on the rolls (one join: the conditions in one filter).
            memberships = on_rolls_q(day, "member__memberships__")
            if len(ids) <= IN_LIST_MAX:
                memberships &= Q(member__memberships__organization_id__in=ids)
            grouped = (
                MemberStatusPeriod.objects.filter(start__lte=day)
                .filter(Q(end__isnull=True) | Q(end__gt=day))
                .filter(memberships)
                .values_list("member__memberships__organization_id", "status")
                .annotate(n=Count("id"))
                .order_by()
            )
        else:
            column = DIMENSION_FIELDS[Dimension(dimension)][0]
            grouped = base.values_list("organization_id", column).annotate(n=Count("id"))
        index = {str(b["key"]).casefold(): i for i, b in enumerate(bands)}
        for org_id, value, n in plain_rows(grouped):
            if (i := position.get(org_id)) is None:
                continue
            own = sums[i]
            own[0] += n
            col = index.get(str(value or "").casefold())
            if col is not None:
                own[1 + col] += n
            elif other:
                own[-1] += n
    roll_up(rows, sums)


def _correct_for_gaps(
    sums: list[list[int]],
    position: dict[int, int],
    base: QuerySet[CellMembership],
    bands: list[dict[str, Any]],
    day: dt.date,
) -> None:
    """The query bands seniority from the admission decision; the few members with a gap (struck off, expelled,
    discharged, then re-admitted) have less: move each of them to the band of their real seniority."""
    gapped = MemberStatusPeriod.objects.filter(status__in=SENIORITY_GAP_STATUSES, start__lte=day).values("member_id")
    memberships = list(
        base.filter(member_id__in=gapped).values_list("organization_id", "member_id", "member__admission_decision_date")
    )
    if not memberships:
        return
    periods: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    for member_id, status, start, end in MemberStatusPeriod.objects.filter(
        member_id__in=base.filter(member_id__in=gapped).values("member_id")
    ).values_list("member_id", "status", "start", "end"):
        periods[member_id].append((status, start, end))
    for org_id, member_id, admitted in memberships:
        if (i := position.get(org_id)) is None:
            continue
        naive = seniority_years(admission_decision_date=admitted, periods=[], on=day)
        real = seniority_years(admission_decision_date=admitted, periods=periods[member_id], on=day)
        if real == naive:
            continue
        own = sums[i]
        for k, band in enumerate(bands):
            own[1 + k] += int(_in_band(real, band)) - int(_in_band(naive, band))


# ---- organizations by kind ----------------------------------------------------------------------------------


def _organizations(table: Table, rows: list[Row]) -> None:
    """Each unit's subordinate organizations on the day, by kind (the unit itself not counted)."""
    bands = list(table.form.bands)
    table.columns = [TOTAL_LABEL] + [str(b["label"]) for b in bands]
    width = 1 + len(bands)
    index = {b["key"]: i for i, b in enumerate(bands)}
    sums = [[0] * width for _ in rows]
    for row, own in zip(rows, sums, strict=True):  # each organization counts itself, then is taken off below
        own[0] = 1
        if row.kind in index:
            own[1 + index[row.kind]] = 1
    roll_up(rows, sums)
    for row in rows:
        values = row.values
        values[0] -= 1  # type: ignore[operator]
        if row.kind in index:
            values[1 + index[row.kind]] -= 1  # type: ignore[operator]


# ---- count reconciliation -----------------------------------------------------------------------------------


def _counts(rows: list[Row], direct: dict[int, int]) -> list[int]:
    """The members on the rolls in each organization's whole subtree (aligned with `rows`), from those each
    organization holds directly."""
    sums = [[direct.get(r.organization_id, 0)] for r in rows]
    roll_up(rows, sums)
    return [own[0] for own in sums]


def _direct_counts(
    rows: list[Row], opening_rows: list[Row], start: dt.date, day: dt.date
) -> tuple[dict[int, int], dict[int, int]]:
    """The members each organization holds directly on `start` and on `day`, in one grouped read of the
    memberships in force on either day."""
    ids = sorted(set(ids_of(rows)) | set(ids_of(opening_rows)))
    either = CellMembership.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gt=start)).order_by()
    if len(ids) <= IN_LIST_MAX:
        either = either.filter(organization_id__in=ids)
    grouped = either.values_list("organization_id").annotate(
        opening=Count("id", filter=on_rolls_q(start)), closing=Count("id", filter=on_rolls_q(day))
    )
    opening: dict[int, int] = {}
    closing: dict[int, int] = {}
    for org_id, at_start, on_day in plain_rows(grouped):
        if at_start:
            opening[org_id] = at_start
        if on_day:
            closing[org_id] = on_day
    return opening, closing


def _reconciliation(table: Table, rows: list[Row], start: dt.date, day: dt.date) -> None:
    """Each unit's count at the quarter's start (with the tree of that day; empty for a unit not yet formed) and
    on the day, the members it holds directly, the sum of the units below it, and the difference between its
    count and the levels below (members held directly plus the sum of the children), which must be 0."""
    bands = list(table.form.bands)
    table.columns = [str(b["label"]) for b in bands]
    opening_rows = tree_rows(table.unit, start) if start >= table.unit.founded_on else []
    opening_direct, direct = _direct_counts(rows, opening_rows, start, day)
    opening = dict(zip(ids_of(opening_rows), _counts(opening_rows, opening_direct), strict=True))
    closing = _counts(rows, direct)
    position = positions(rows)
    below = [0] * len(rows)
    for i in range(1, len(rows)):
        below[position[rows[i].parent_id]] += closing[i]  # type: ignore[index]
    for i, row in enumerate(rows):
        held = direct.get(row.organization_id, 0)
        figures: dict[str, int | None] = {
            Reconciliation.OPENING: opening.get(row.organization_id),
            Reconciliation.CLOSING: closing[i],
            Reconciliation.DIRECT: held,
            Reconciliation.CHILDREN: below[i],
            Reconciliation.DIFFERENCE: closing[i] - held - below[i],
        }
        row.values = [figures[b["key"]] for b in bands]


# ---- the member register --------------------------------------------------------------------------------------


def register_rows(table: Table, *, chunk_size: int = 2000) -> Iterator[list[Any]]:
    """The member register's rows (Mẫu 7-HSĐV): the members on the rolls on the day, cell by cell in the order of
    the as-of tree, each cell in Vietnamese name order; a column the registry does not hold is left empty."""
    names = {r.organization_id: r.name for r in table.rows}
    fields = [f"member__{f}" for f in (
        "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
        "admission_decision_date", "full_membership_date", "card_number", "record_number",
    )]  # fmt: skip
    # Each column of the form by its place in `_register_row`'s list (-1: a column the registry does not hold).
    places = [REGISTER_COLUMNS.index(key) if key in REGISTER_COLUMNS else -1 for key in table.register_keys]
    cells = [r.organization_id for r in table.rows]
    seq = 0
    for first in range(0, len(cells), CELLS_PER_QUERY):
        group = cells[first : first + CELLS_PER_QUERY]
        memberships = (
            on_rolls(table.day)
            .filter(organization_id__in=group)
            .order_by("member__sort_key", "member_id")
            .values_list("organization_id", "start", *fields)
        )
        by_cell: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for values in memberships.iterator(chunk_size=chunk_size):
            by_cell[values[0]].append(values)
        for cell in group:
            for values in by_cell.pop(cell, ()):
                seq += 1
                row = _register_row(values, seq, names)
                yield [row[i] if i >= 0 else "" for i in places]


# What `_register_row` gives, in its order, by the keys a register form's columns name.
REGISTER_COLUMNS = (
    "seq", "full_name", "birth_male", "birth_female", "ethnicity", "religion", "home_town", "admitted_on", "full_on",
    "card_number", "record_number", "joined_on", "cell",
)  # fmt: skip


def _register_row(values: tuple[Any, ...], seq: int, names: dict[int, str]) -> list[Any]:
    """Every column the registry holds for one membership row of `register_rows`'s query (`REGISTER_COLUMNS`)."""
    (cell_id, joined_on, family_name, middle_name, given_name, gender, birth_date, ethnicity, religion, home_town,
     admitted_on, full_on, card_number, record_number) = values  # fmt: skip
    return [
        seq,
        " ".join(p for p in (family_name, middle_name, given_name) if p),
        birth_date if gender == Gender.MALE else None,
        birth_date if gender == Gender.FEMALE else None,
        ethnicity,
        religion,
        home_town,
        admitted_on,
        full_on,
        card_number or "",
        record_number,
        joined_on if joined_on != admitted_on else None,
        names.get(cell_id, ""),
    ]
