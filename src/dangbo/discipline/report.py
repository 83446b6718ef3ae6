"""The report "kỷ luật theo hình thức và cấp": for an organization and each unit directly under it, the decisions
taken in a year up to a day, by form (members: reprimand, warning, dismissal, expulsion; organizations: reprimand,
warning, dissolution) and by the level that decided them (cell level, grassroots level, upper level), with the
appeals filed and the decisions annulled.

As of the day: a decision counts from its decision date, in the unit the subject belonged to on that date
(`organization_at_decision`, so members who moved since stay where they were disciplined); an appeal counts from the
day it was filed; a settlement from its own date: an annulled decision stops counting from then (it is counted
under "annulled"), a changed form counts as the new form from then and as the first form before. So the figures as
of a day stay the same whatever is recorded later with a later date. One query for the decisions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from dangbo.organizations.enums import LEVEL_OF_KIND, OrgKind, OrgLevel
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import AppealResult, DisciplineForm
from .models import Discipline

STEP = PATH_SEGMENT_WIDTH + 1
F = DisciplineForm
MEMBER_COLUMNS = [F.REPRIMAND, F.WARNING, F.DISMISSAL, F.EXPULSION]
ORGANIZATION_COLUMNS = [F.REPRIMAND, F.WARNING, F.DISSOLUTION]
LEVEL_COLUMNS = [OrgLevel.BELOW_GRASSROOTS, OrgLevel.GRASSROOTS, OrgLevel.UPPER]
LEVEL_TITLES = {
    OrgLevel.BELOW_GRASSROOTS: _("Do chi bộ, đảng ủy bộ phận quyết định"),
    OrgLevel.GRASSROOTS: _("Do cấp cơ sở quyết định"),
    OrgLevel.UPPER: _("Do cấp trên cơ sở quyết định"),
}


@dataclass
class Figures:
    members: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEMBER_COLUMNS, 0))
    organizations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ORGANIZATION_COLUMNS, 0))
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_COLUMNS, 0))
    appealed: int = 0
    annulled: int = 0

    @property
    def total(self) -> int:
        return sum(self.members.values()) + sum(self.organizations.values())

    def values(self) -> list[int]:
        """The figures in the report's column order (total, members by form, organizations by form, levels,
        appeals, annulled)."""
        return [
            self.total,
            *(self.members[f] for f in MEMBER_COLUMNS),
            *(self.organizations[f] for f in ORGANIZATION_COLUMNS),
            *(self.levels[lv] for lv in LEVEL_COLUMNS),
            self.appealed,
            self.annulled,
        ]

    def labelled(self) -> list[tuple[str, int]]:
        """Each figure with its column title (the phone layout labels each cell)."""
        return list(zip(headers(), self.values(), strict=True))


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    figures: Figures


@dataclass(frozen=True)
class Report:
    root: Organization
    year: int
    day: dt.date
    total: Figures
    rows: list[UnitRow]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)


def headers() -> list[str]:
    """The column titles, in the order of `Figures.values`, in the active language."""
    return [
        str(_("Tổng số quyết định")),
        *(str(_("Đảng viên: %(form)s") % {"form": str(F(f).label).lower()}) for f in MEMBER_COLUMNS),
        *(str(_("Tổ chức đảng: %(form)s") % {"form": str(F(f).label).lower()}) for f in ORGANIZATION_COLUMNS),
        *(str(LEVEL_TITLES[lv]) for lv in LEVEL_COLUMNS),
        str(_("Có khiếu nại")),
        str(_("Bị hủy bỏ khi giải quyết khiếu nại")),
    ]


def _add(figures: Figures, row: dict[str, object], day: dt.date) -> None:
    settled = row["appeal_decided_on"] is not None and row["appeal_decided_on"] <= day  # type: ignore[operator]
    if row["appealed_on"] is not None and row["appealed_on"] <= day:  # type: ignore[operator]
        figures.appealed += 1
    if settled and row["appeal_result"] == AppealResult.ANNULLED:
        figures.annulled += 1
        return
    form = str(row["form"])
    if row["appeal_result"] == AppealResult.CHANGED and not settled:
        form = str(row["original_form"])
    table = figures.members if row["member_id"] is not None else figures.organizations
    if form in table:
        table[form] += 1
    figures.levels[LEVEL_OF_KIND[OrgKind(str(row["deciding_organization__kind"]))]] += 1


def units_under(root: Organization) -> list[Organization]:
    """The report's rows: the units directly under `root` (the cell itself when `root` holds members)."""
    if root.holds_members:
        return [root]
    return list(Organization.objects.filter(parent=root).order_by("sort_key", "path"))


def discipline_report(root: Organization, *, year: int, day: dt.date) -> Report:
    """The report of `root` for `year` as of `day` (the year's end when `day` is later)."""
    day = min(day, dt.date(year, 12, 31))
    length = len(root.path) + (0 if root.holds_members else STEP)
    rows = (
        Discipline.objects.filter(
            organization_at_decision__path__startswith=root.path,
            decision_date__gte=dt.date(year, 1, 1),
            decision_date__lte=day,
        )
        .annotate(key=Substr("organization_at_decision__path", 1, length))
        .values(
            "key",
            "member_id",
            "form",
            "original_form",
            "appeal_result",
            "appealed_on",
            "appeal_decided_on",
            "deciding_organization__kind",
        )
        .order_by()
    )
    total = Figures()
    per_unit: dict[str, Figures] = defaultdict(Figures)
    for row in rows:
        _add(total, row, day)
        if len(str(row["key"])) == length:  # the root's own decisions (a unit itself) have a shorter key
            _add(per_unit[str(row["key"])], row, day)
    units = units_under(root)
    return Report(root, year, day, total, [UnitRow(u, per_unit.get(u.path, Figures())) for u in units])


def report_decisions(root: Organization, *, year: int, day: dt.date) -> list[Discipline]:
    """The decisions the report counts (annulled ones included: the list says so), in date order."""
    day = min(day, dt.date(year, 12, 31))
    return list(
        Discipline.objects.filter(
            organization_at_decision__path__startswith=root.path,
            decision_date__gte=dt.date(year, 1, 1),
            decision_date__lte=day,
        )
        .select_related("member", "organization", "organization_at_decision", "deciding_organization")
        .order_by("decision_date", "id")
    )
