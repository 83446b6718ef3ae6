"""Reads of the dues ledger for the pages, the exports and the API.

- `cell_ledger(org, month, page)`: one page of a cell's month, one indexed query (the count comes from the
  cell's stored sums);
- `unit_rows(parents, month)`: collected vs due for each unit under the given ones, from `CellDuesMonth`;
- `arrears(path, year)`: the members owing under a path, with their months, one aggregate query per page;
- `member_year(member, year)`: one member's months of a year;
- `member_profile(member, month)`: a member's dated bases and reliefs, and the party-age exemption as computed;
- `ledger_rows(org, months)`: a cell's ledger over some months, for its export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.enums import SENIORITY_GAP_STATUSES
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.seniority import party_age_reached
from dangbo.organizations.models import Organization, path_segment

from .models import CellDuesMonth, DuesBase, DuesMonth, DuesRelief
from .rules import DuesRules, first_of_month, month_label, rules_in_force

CELL_PAGE = 50  # a page rendered well within the 100 ms of issue 9 (bench/README.md, dues)
ARREARS_PAGE = 50
SEGMENT = len(path_segment(1))


@dataclass(frozen=True)
class LedgerPage:
    """One page of a cell's month: the rows, the page number, the total members (from the stored sums)."""

    rows: list[DuesMonth]
    number: int
    per_page: int
    total: int
    sums: CellDuesMonth | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def cell_ledger(org: Organization, month: dt.date, page: int = 1, *, per_page: int = CELL_PAGE) -> LedgerPage:
    """One page of `org`'s ledger for `month` in the cell's name order: one query on the (organization, month)
    index joined to the members, plus the cell's stored sums for the count."""
    sums = CellDuesMonth.objects.filter(organization=org, month=month).first()
    total = sums.members if sums is not None else 0
    pages = max(1, -(-total // per_page))
    number = min(max(1, page), pages)
    start = (number - 1) * per_page
    rows = list(
        DuesMonth.objects.filter(organization=org, month=month)
        .select_related("member")
        .only(*LEDGER_FIELDS)
        .order_by("member__sort_key", "member_id")[start : start + per_page]
    )
    return LedgerPage(rows=rows, number=number, per_page=per_page, total=total, sums=sums)


LEDGER_FIELDS = (
    "id", "version", "month", "organization_id", "path", "category", "base", "due", "explanation", "paid",
    "extra", "paid_on", "channel", "reference", "excused_reason", "member__id", "member__family_name",
    "member__middle_name", "member__given_name", "member__sort_key", "member__card_number",
)  # fmt: skip


@dataclass
class UnitRow:
    organization: Organization
    members: int = 0
    due: int = 0
    paid: int = 0
    extra: int = 0
    owing: int = 0
    cells: int = 0
    children: list[Any] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        """Collected as a whole percentage of due (None when nothing is due)."""
        return self.paid * 100 // self.due if self.due else None


def unit_rows(units: list[Organization], month: dt.date) -> list[UnitRow]:
    """Collected vs due for `month` in each of `units` (their whole subtrees), one aggregate query per prefix
    length over the cells' stored sums."""
    by_length: dict[int, list[Organization]] = {}
    for unit in units:
        by_length.setdefault(len(unit.path), []).append(unit)
    rows = {u.path: UnitRow(u) for u in units}
    for length, group in by_length.items():
        q = Q()
        for unit in group:
            q |= Q(path__startswith=unit.path)
        sums = (
            CellDuesMonth.objects.filter(q, month=month)
            .annotate(prefix=Substr("path", 1, length))
            .values("prefix")
            .annotate(m=Sum("members"), d=Sum("due"), p=Sum("paid"), e=Sum("extra"), o=Sum("owing"), c=Count("id"))
        )
        for s in sums:
            if (row := rows.get(s["prefix"])) is not None:
                row.members, row.due, row.paid, row.extra = s["m"] or 0, s["d"] or 0, s["p"] or 0, s["e"] or 0
                row.owing, row.cells = s["o"] or 0, s["c"]
    return [rows[u.path] for u in units]


def finance_roots(scope: Scope) -> QuerySet[Organization]:
    """The organizations at the top of the user's finance scope."""
    return Organization.objects.filter(path__in=scope.paths(Right.VIEW_FINANCE)).order_by("path")


def finance_organizations(scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(Right.VIEW_FINANCE))


def arrears(path: str, year: int) -> QuerySet[Any]:
    """Per member owing under `path` in `year` (months due and not fully paid, without a valid reason): the
    member, the months' count and the amount owed; most months first."""
    return (
        DuesMonth.objects.filter(path__startswith=path, month__year=year, due__gt=F("paid"), excused_reason="")
        .values("member_id")
        .annotate(months=Count("id"), amount=Sum(F("due") - F("paid")))
        .order_by("-months", "-amount", "member_id")
    )


def with_members(page_rows: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """Fill one page of `arrears` with the members' names, cells and the months (mm/yyyy) they owe."""
    ids = [r["member_id"] for r in page_rows]
    members = Member.objects.select_related("organization").in_bulk(ids)
    months: dict[int, list[str]] = {}
    owed_months = DuesMonth.objects.filter(member_id__in=ids, month__year=year, due__gt=F("paid"), excused_reason="")
    for member_id, month in owed_months.order_by("month").values_list("member_id", "month"):
        months.setdefault(member_id, []).append(f"{month:%m/%Y}")
    return [{**r, "member": members[r["member_id"]], "month_list": months.get(r["member_id"], [])} for r in page_rows]


def member_year(member: Member, year: int) -> list[DuesMonth]:
    return list(
        DuesMonth.objects.filter(member=member, month__year=year).select_related("organization").order_by("month")
    )


def member_totals(member: Member) -> dict[str, int]:
    """Everything due, paid and still owed over the member's ledger (excused months are not owed)."""
    rows = DuesMonth.objects.filter(member=member)
    sums = rows.aggregate(due=Sum("due"), paid=Sum("paid"), extra=Sum("extra"))
    owed = rows.filter(due__gt=F("paid"), excused_reason="").aggregate(owed=Sum(F("due") - F("paid")))
    return {"due": sums["due"] or 0, "paid": sums["paid"] or 0, "extra": sums["extra"] or 0,
            "owed": owed["owed"] or 0}  # fmt: skip


@dataclass(frozen=True)
class PartyAge:
    """The party-age exemption as computed (never entered): the years of the rule set, the month it starts."""

    years: int
    since: dt.date
    reached: bool
    text: str


@dataclass(frozen=True)
class MemberProfile:
    member: Member
    bases: list[DuesBase]
    reliefs: list[DuesRelief]
    party_age: PartyAge | None
    rules: DuesRules | None


def _party_age(member: Member, rules: DuesRules, month: dt.date) -> PartyAge | None:
    years = rules.party_age_years
    if years is None:
        return None
    periods = MemberStatusPeriod.objects.filter(member=member, status__in=sorted(SENIORITY_GAP_STATUSES))
    day = party_age_reached(admission_decision_date=member.admission_decision_date,
                            periods=periods.values_list("status", "start", "end"), years=years)  # fmt: skip
    since = first_of_month(day)
    reached = since <= month
    verb = "được miễn đảng phí từ tháng" if reached else "sẽ được miễn đảng phí từ tháng"
    text = rules.party_age_source.cite(f"Đủ {years} năm tuổi đảng ngày {day:%d/%m/%Y}: {verb} {month_label(since)}")
    return PartyAge(years=years, since=since, reached=reached, text=text)


def member_profile(member: Member, month: dt.date) -> MemberProfile:
    """The member's bases (oldest first) and reliefs, and the party-age exemption computed under the rule set
    in force in `month` (None when no rule set is in force or it has no such exemption)."""
    try:
        rules: DuesRules | None = rules_in_force(month)
    except DomainError:
        rules = None
    return MemberProfile(
        member=member,
        bases=list(DuesBase.objects.filter(member=member).order_by("start")),
        reliefs=list(DuesRelief.objects.filter(member=member).order_by("start", "id")),
        party_age=_party_age(member, rules, month) if rules is not None else None,
        rules=rules,
    )


def ledger_rows(org: Organization, first: dt.date, last: dt.date) -> QuerySet[DuesMonth]:
    """The cell's ledger rows from month `first` to month `last`, by month then the cell's name order."""
    return (
        DuesMonth.objects.filter(organization=org, month__gte=first, month__lte=last)
        .select_related("member")
        .order_by("month", "member__sort_key", "member_id")
    )
