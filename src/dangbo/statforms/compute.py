"""The figures of a statistical form for a unit as of a day, with the party tree of that day.

Every figure is read from the dated history, never from today's state: who was on the rolls of which cell
(`CellMembership` in force on the day, as `members.selectors.memberships_on`), which status a member had
(`MemberStatusPeriod`), and where each organization stood (`OrganizationPeriod`, as
`organizations.selectors.tree_as_of`). A merge or a move after the day therefore leaves the figures of that day
unchanged. Set-based: one grouped query per form (two or three for the increases and decreases), the counts per
cell rolled up the as-of tree in Python; the member register streams its rows.

The member's own attributes (gender, birth date, ethnicity, religion, education, theory level) are those of the
member sheet now: the registry keeps no history of them (decision 0044).
"""

from __future__ import annotations

import calendar
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from dangbo.admissions.models import Candidate
from dangbo.core.dates import add_years
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from dangbo.members.enums import SENIORITY_GAP_STATUSES, Education, Gender, MemberStatus, TheoryLevel
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.members.seniority import seniority_years
from dangbo.organizations.models import Organization, OrganizationPeriod, Restructuring

from .enums import RANGE_DIMENSIONS, Change, Dimension, FormKind, Period, Reconciliation
from .models import REGISTER_FIELDS, StatForm

# Above this many organizations in the unit's tree the per-cell query reads every cell and keeps the tree's:
# a long IN list costs more than the rows it saves.
IN_LIST_MAX = 2000
# The member register reads the members of this many organizations (in the order of the tree) per query.
CELLS_PER_QUERY = 200
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
LEAVING = {
    MemberStatus.TRANSFERRED_OUT: Change.TRANSFERRED_OUT,
    MemberStatus.STRUCK_OFF: Change.STRUCK_OFF,
    MemberStatus.EXPELLED: Change.EXPELLED,
    MemberStatus.DISCHARGED: Change.DISCHARGED,
    MemberStatus.DECEASED: Change.DECEASED,
}


@dataclass(slots=True)
class Row:
    """One organization of the as-of tree: its name then, its depth under the unit, its figures."""

    organization_id: int
    name: str
    depth: int
    parent_id: int | None
    kind: str
    values: list[int | None]


@dataclass
class Table:
    form: StatForm
    unit: Organization
    day: dt.date
    period_start: dt.date | None
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # The member register: the column keys, and the labels of the columns the registry does not hold.
    register_keys: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return self.rows[0]

    def children_of(self, org_id: int) -> list[Row]:
        return [r for r in self.rows if r.parent_id == org_id]


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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a form is computed: a whole bloc's tens of thousands of
    rows, tuples and lists hold no cycles, yet creating them sets off full collections that walk every object of
    the process again and again (a third of the roll-up's time; bench/README.md). Reference counting still frees
    everything; the collector runs again as soon as the form is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        _changes(table, rows, table.period_start, day)
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


def tree_rows(unit: Organization, day: dt.date) -> list[Row]:
    """The subtree under `unit` as it stood on `day`, in display order: `organizations.selectors.tree_as_of` (the
    periods in force on the day, siblings by sort key, depth first), read as plain tuples. A whole bloc has tens of
    thousands of organizations: model instances would cost more than the figures themselves (bench/README.md)."""
    periods = (
        OrganizationPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by()
        .values_list("organization_id", "parent_id", "name", "organization__kind", "organization__sort_key")
    )
    by_parent: dict[int | None, list[tuple[int, int | None, str, str, str]]] = defaultdict(list)
    unit_id, root = unit.pk, None
    for period in _tuples(periods):
        by_parent[period[1]].append(period)
        if period[0] == unit_id:
            root = period
    if root is None:
        return []
    for siblings in by_parent.values():
        siblings.sort(key=lambda p: p[4])
    out: list[Row] = []
    stack: list[tuple[int, tuple[int, int | None, str, str, str]]] = [(0, root)]
    while stack:
        depth, (org_id, parent_id, name, kind, _key) = stack.pop()
        out.append(Row(org_id, name, depth, parent_id if depth else None, kind, []))
        for child in reversed(by_parent.get(org_id, ())):
            stack.append((depth + 1, child))
    return out


def _tuples(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` query as the database driver returns them, without Django's per-value
    conversion: only for ids, text and counts, which need none on any backend (dates would on SQLite)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# ---- rolling up ---------------------------------------------------------------------------------------------


def _positions(rows: list[Row]) -> dict[int, int]:
    return {r.organization_id: i for i, r in enumerate(rows)}


def _roll_up(rows: list[Row], sums: list[list[int]]) -> None:
    """Each row's values: its own figures (`sums`, aligned with `rows`, summed in place) plus its children's, in
    one pass up the as-of tree (rows in tree order: a parent before its children)."""
    position = _positions(rows)
    for i in range(len(rows) - 1, 0, -1):
        own, parent = sums[i], sums[position[rows[i].parent_id]]  # type: ignore[index]
        for k in range(len(own)):
            parent[k] += own[k]
    for row, values in zip(rows, sums, strict=True):
        row.values = values  # type: ignore[assignment]


def _on_rolls_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def on_rolls(day: dt.date, org_ids: Iterable[int] | None = None) -> QuerySet[CellMembership]:
    """Cell memberships in force on `day` (the one "on the rolls on a day" of the registry), of the given cells."""
    qs = CellMembership.objects.filter(_on_rolls_q(day)).order_by()
    ids = list(org_ids) if org_ids is not None else None
    if ids is not None and len(ids) <= IN_LIST_MAX:
        qs = qs.filter(organization_id__in=ids)
    return qs


def _ids(rows: list[Row]) -> list[int]:
    return [r.organization_id for r in rows]


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
    ids = _ids(rows)
    base = on_rolls(day, ids)
    position = _positions(rows)
    sums = [[0] * width for _ in rows]
    if totals_only:
        for org_id, n in _tuples(base.values_list("organization_id").annotate(n=Count("id"))):
            if (i := position.get(org_id)) is not None:
                sums[i][0] += n
    elif dimension in RANGE_DIMENSIONS:
        column = "member__birth_date" if dimension == Dimension.AGE else "member__admission_decision_date"
        aggregates = {f"b{i}": Count("id", filter=_range_q(column, b, day)) for i, b in enumerate(bands)}
        for org_id, *counts in _tuples(base.values_list("organization_id").annotate(n=Count("id"), **aggregates)):
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
            memberships = _on_rolls_q(day, "member__memberships__")
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
        for org_id, value, n in _tuples(grouped):
            if (i := position.get(org_id)) is None:
                continue
            own = sums[i]
            own[0] += n
            col = index.get(str(value or "").casefold())
            if col is not None:
                own[1 + col] += n
            elif other:
                own[-1] += n
    _roll_up(rows, sums)


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
    _roll_up(rows, sums)
    for row in rows:
        values = row.values
        values[0] -= 1  # type: ignore[operator]
        if row.kind in index:
            values[1 + index[row.kind]] -= 1  # type: ignore[operator]


# ---- increases and decreases --------------------------------------------------------------------------------


class _Placement:
    """Where an event in a cell on some day counts in the tree of the cut-off day: the cell itself when it is
    in that tree, else its nearest ancestor of the event's day that is (a cell merged away since counts in the
    organization it then belonged to). All periods are read once."""

    def __init__(self, rows: list[Row]) -> None:
        self.in_tree = {r.organization_id: r for r in rows}
        self.periods: dict[int, list[tuple[dt.date, dt.date | None, int | None]]] = defaultdict(list)
        for org_id, parent_id, start, end in OrganizationPeriod.objects.values_list(
            "organization_id", "parent_id", "valid_from", "valid_to"
        ):
            self.periods[org_id].append((start, end, parent_id))

    def node(self, org_id: int | None, on: dt.date) -> int | None:
        guard = 0
        while org_id is not None and guard < 64:
            if org_id in self.in_tree:
                return org_id
            parent = None
            for start, end, parent_id in self.periods.get(org_id, []):
                if start <= on and (end is None or on < end):
                    parent = parent_id
                    break
            else:  # the day falls outside the organization's periods: its last parent
                spans = self.periods.get(org_id, [])
                parent = spans[-1][2] if spans else None
            org_id = parent
            guard += 1
        return None

    def chain(self, node: int | None) -> list[int]:
        out: list[int] = []
        while node is not None and node in self.in_tree:
            out.append(node)
            node = self.in_tree[node].parent_id
        return out


def _changes(table: Table, rows: list[Row], start: dt.date, day: dt.date) -> None:
    """The period's admissions (of them women and Youth Union members), transfers in and out across each unit's
    boundary, members struck off, expelled, discharged or deceased, and discipline decisions, from `start` to
    `day` inclusive. A move made by a restructuring (its source cell dissolved that day) is not a transfer."""
    bands = list(table.form.bands)
    table.columns = [str(b["label"]) for b in bands]
    index = {b["key"]: i for i, b in enumerate(bands)}
    width = len(bands)
    place = _Placement(rows)
    counts: dict[int, list[int]] = {r.organization_id: [0] * width for r in rows}

    def add(key: str, chain: Iterable[int]) -> None:
        i = index.get(key)
        if i is None:
            return
        for org_id in chain:
            counts[org_id][i] += 1

    # Admissions: the cell the member was in on the decision day.
    youth = set(
        Candidate.objects.filter(youth_union_resolution=True, member__isnull=False).values_list("member_id", flat=True)
    ) if Change.ADMITTED_YOUTH in index else set()  # fmt: skip
    admitted = (
        CellMembership.objects.filter(member__admission_decision_date__range=(start, day))
        .filter(start__lte=F("member__admission_decision_date"))
        .filter(Q(end__isnull=True) | Q(end__gt=F("member__admission_decision_date")))
        .values_list("organization_id", "member_id", "member__admission_decision_date", "member__gender")
    )
    for org_id, member_id, on, gender in admitted:
        chain = place.chain(place.node(org_id, on))
        add(Change.ADMITTED, chain)
        if gender == Gender.FEMALE:
            add(Change.ADMITTED_WOMEN, chain)
        if member_id in youth:
            add(Change.ADMITTED_YOUTH, chain)

    # Moves and arrivals: every membership begun in the period, with the one it followed (if any).
    begun = list(
        CellMembership.objects.filter(start__range=(start, day)).values_list(
            "member_id", "organization_id", "start", "member__admission_decision_date"
        )
    )
    ended = {
        (member_id, end): org_id
        for member_id, org_id, end in CellMembership.objects.filter(end__range=(start, day)).values_list(
            "member_id", "organization_id", "end"
        )
    }
    restructured = set(
        Restructuring.sources.through.objects.filter(restructuring__effective_date__range=(start, day)).values_list(
            "organization_id", "restructuring__effective_date"
        )
    )
    arrivals: set[tuple[int, dt.date]] = set()
    for member_id, org_id, on, admitted_on in begun:
        previous = ended.get((member_id, on))
        arrivals.add((member_id, on))
        if previous is None:
            if on != admitted_on:  # registered in a cell otherwise than by admission: arrived from outside
                add(Change.TRANSFERRED_IN, place.chain(place.node(org_id, on)))
            continue
        if (previous, on) in restructured:
            continue
        to_chain = place.chain(place.node(org_id, on))
        from_chain = place.chain(place.node(previous, on - dt.timedelta(days=1)))
        add(Change.TRANSFERRED_IN, [o for o in to_chain if o not in from_chain])
        add(Change.TRANSFERRED_OUT, [o for o in from_chain if o not in to_chain])

    # Leaving: the status begun in the period, counted in the cell whose membership ended that day.
    leaving = MemberStatusPeriod.objects.filter(status__in=list(LEAVING), start__range=(start, day)).values_list(
        "member_id", "status", "start"
    )
    for member_id, status, on in leaving:
        left_from = ended.get((member_id, on))
        if left_from is None or (member_id, on) in arrivals:
            continue
        add(LEAVING[MemberStatus(status)], place.chain(place.node(left_from, on - dt.timedelta(days=1))))

    # Discipline decisions on members, in the unit the member belonged to on the decision day (not annulled).
    if Change.DISCIPLINED in index:
        decisions = (
            Discipline.objects.filter(member__isnull=False, decision_date__range=(start, day))
            .exclude(appeal_result="annulled")
            .values_list("organization_at_decision_id", "decision_date")
        )
        for unit_id, on in decisions:
            add(Change.DISCIPLINED, place.chain(place.node(unit_id, on)))

    for row in rows:
        row.values = list(counts[row.organization_id])


# ---- count reconciliation -----------------------------------------------------------------------------------


def _counts(rows: list[Row], direct: dict[int, int]) -> list[int]:
    """The members on the rolls in each organization's whole subtree (aligned with `rows`), from those each
    organization holds directly."""
    sums = [[direct.get(r.organization_id, 0)] for r in rows]
    _roll_up(rows, sums)
    return [own[0] for own in sums]


def _direct_counts(
    rows: list[Row], opening_rows: list[Row], start: dt.date, day: dt.date
) -> tuple[dict[int, int], dict[int, int]]:
    """The members each organization holds directly on `start` and on `day`, in one grouped read of the
    memberships in force on either day."""
    ids = sorted(set(_ids(rows)) | set(_ids(opening_rows)))
    either = CellMembership.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gt=start)).order_by()
    if len(ids) <= IN_LIST_MAX:
        either = either.filter(organization_id__in=ids)
    grouped = either.values_list("organization_id").annotate(
        opening=Count("id", filter=_on_rolls_q(start)), closing=Count("id", filter=_on_rolls_q(day))
    )
    opening: dict[int, int] = {}
    closing: dict[int, int] = {}
    for org_id, at_start, on_day in _tuples(grouped):
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
    opening = dict(zip(_ids(opening_rows), _counts(opening_rows, opening_direct), strict=True))
    closing = _counts(rows, direct)
    position = _positions(rows)
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
            for values in by_cell.get(cell, ()):
                seq += 1
                row = _register_row(values, seq, names)
                yield [row.get(key, "") for key in table.register_keys]


def _register_row(values: tuple[Any, ...], seq: int, names: dict[int, str]) -> dict[str, Any]:
    """Every column the registry holds for one membership row of `register_rows`'s query, by key."""
    (cell_id, joined_on, family_name, middle_name, given_name, gender, birth_date, ethnicity, religion, home_town,
     admitted_on, full_on, card_number, record_number) = values  # fmt: skip
    return {
        "seq": seq,
        "full_name": " ".join(p for p in (family_name, middle_name, given_name) if p),
        "birth_male": birth_date if gender == Gender.MALE else None,
        "birth_female": birth_date if gender == Gender.FEMALE else None,
        "ethnicity": ethnicity,
        "religion": religion,
        "home_town": home_town,
        "admitted_on": admitted_on,
        "full_on": full_on,
        "card_number": card_number or "",
        "record_number": record_number,
        "joined_on": joined_on if joined_on != admitted_on else None,
        "cell": names.get(cell_id, ""),
    }
