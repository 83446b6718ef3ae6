"""How many of the members a document is published to have marked it studied, per unit: the units directly under
a chosen one (the grassroots organizations under the bloc, the cells of a grassroots committee; a cell alone is
its own row), each out of the members on the rolls in it the document reaches.

Set-based: two grouped queries (members reached per cell, marks per cell) and a sum of the cells' rows into
their unit by path prefix; nothing loops over members. A member counts where they are now (their current cell),
whenever they marked it. The Excel export goes through `core.spreadsheets`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core import spreadsheets
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .models import MemberRecipient, PartyDocument, StudyMark

STEP = PATH_SEGMENT_WIDTH + 1


@dataclass
class UnitCount:
    organization: Organization | None
    published: int = 0
    studied: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.studied / self.published) if self.published else None


@dataclass
class StudyCounts:
    document: PartyDocument
    unit: Organization
    rows: list[UnitCount] = field(default_factory=list)
    total: UnitCount = field(default_factory=lambda: UnitCount(None))


def _reached(document: PartyDocument, prefix: str = "") -> Q:
    """The members `document` reaches: in a published subtree, or named."""
    q = Q(**{f"{prefix}pk__in": MemberRecipient.objects.filter(document=document).values("member_id")})
    for path in document.publications.values_list("path", flat=True):
        q |= Q(**{f"{prefix}organization__path__startswith": path})
    return q


def default_unit(scope: Scope, document: PartyDocument) -> Organization | None:
    """Where the count starts: the keeper when it lies in the reader's part of the tree, otherwise the reader's
    own highest unit (`view_members`) inside the keeper's tree; None when they hold no such unit."""
    for path in scope.paths(Right.VIEW_MEMBERS):
        if document.path.startswith(path) and document.path:
            return Organization.objects.filter(path=document.path).first()
        if path.startswith(document.path):
            return Organization.objects.filter(path=path).first()
    return None


def units_in_scope(scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.path_q(Right.VIEW_MEMBERS))


def study_counts(document: PartyDocument, unit: Organization) -> StudyCounts:
    """The counts of `document` for each unit directly under `unit` (or `unit` alone when it has none)."""
    members = Member.objects.filter(status__in=ON_ROLLS, organization__path__startswith=unit.path)
    reached = members.filter(_reached(document)).values("organization__path").annotate(n=Count("id")).order_by()
    studied = (
        StudyMark.objects.filter(document=document, member__in=members.filter(_reached(document)))
        .values("member__organization__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    children = list(unit.children.order_by("sort_key"))
    result = StudyCounts(document=document, unit=unit)
    by_path = {child.path: UnitCount(child) for child in children} if children else {unit.path: UnitCount(unit)}
    width = len(unit.path) + STEP if children else len(unit.path)

    def row_for(path: str) -> UnitCount:
        key = path[:width]
        if key not in by_path:  # members kept directly in the unit (not in a unit under it)
            by_path[key] = UnitCount(unit if key == unit.path else Organization.objects.filter(path=key).first())
        return by_path[key]

    for row in reached:
        row_for(row["organization__path"]).published += row["n"]
        result.total.published += row["n"]
    for row in studied:
        row_for(row["member__organization__path"]).studied += row["n"]
        result.total.studied += row["n"]
    result.rows = [r for r in by_path.values() if r.published or (r.organization and r.organization.is_active)]
    return result


def counts_workbook(counts: StudyCounts) -> bytes:
    """The counts as an Excel sheet (every text cell kept as text)."""
    book = spreadsheets.new_workbook(write_only=True)
    sheet = spreadsheets.list_sheet(book, _("Học tập văn bản"), widths=[50, 18, 18, 12])
    document = counts.document
    spreadsheets.append_list_row(sheet, [_("Đơn vị"), _("Đảng viên được phát hành"), _("Đã học tập"), _("Tỷ lệ (%)")])
    for row in [*counts.rows, counts.total]:
        name = row.organization.qualified_name if row.organization else _("Tổng cộng")
        percent = "" if row.percent is None else row.percent
        spreadsheets.append_list_row(sheet, [name, row.published, row.studied, percent])
    spreadsheets.append_list_row(sheet, [])
    spreadsheets.append_list_row(sheet, [f"{document.get_kind_display()} {document.reference}: {document.title}"])
    spreadsheets.append_list_row(sheet, [counts.unit.qualified_name])
    return spreadsheets.workbook_bytes(book)
