"""Who was in which cell, with which status, on a day (the demo's cell life reads the dated history once,
in memory), and the oversight assignments that bring upper-level committee members to the cells' meetings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import Model, Q

from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization, OversightAssignment

Span = tuple[dt.date, dt.date | None]
OVERSIGHT_NOTE = "Đảng ủy viên phụ trách chi bộ"


def _holds(span: Span, day: dt.date) -> bool:
    return span[0] <= day and (span[1] is None or day < span[1])


class Rolls:
    def __init__(self, cell_ids: Sequence[int], since: dt.date, until: dt.date) -> None:
        memberships = (
            CellMembership.objects.filter(organization_id__in=cell_ids, start__lte=until)
            .filter(Q(end__isnull=True) | Q(end__gt=since))
            .order_by("member_id", "start")
            .values_list("member_id", "organization_id", "start", "end")
        )
        self.by_cell: dict[int, list[tuple[int, Span]]] = defaultdict(list)
        self.by_member: dict[int, list[tuple[int, Span]]] = defaultdict(list)
        for member_id, cell_id, start, end in memberships:
            self.by_cell[cell_id].append((member_id, (start, end)))
            self.by_member[member_id].append((cell_id, (start, end)))
        members = CellMembership.objects.filter(organization_id__in=cell_ids).values("member_id")
        self.statuses: dict[int, list[tuple[str, Span]]] = defaultdict(list)
        periods = MemberStatusPeriod.objects.filter(member_id__in=members).order_by("member_id", "start", "pk")
        for member_id, status, start, end in periods.values_list("member_id", "status", "start", "end"):
            self.statuses[member_id].append((status, (start, end)))
        seated = CommitteeSeat.objects.filter(end__isnull=True).values("member_id")
        self.officials = set(  # members with a login or a committee seat: never made to miss meetings
            Member.objects.filter(Q(user__isnull=False) | Q(pk__in=seated)).values_list("pk", flat=True)
        )
        self._cache: dict[tuple[int, dt.date], list[tuple[int, str]]] = {}

    def status_on(self, member_id: int, day: dt.date) -> str | None:
        for status, span in self.statuses.get(member_id, ()):
            if _holds(span, day):
                return status
        return None

    def on(self, cell_id: int, day: dt.date) -> list[tuple[int, str]]:
        """The members in the cell on `day` and on the rolls, with their status that day, by id."""
        key = (cell_id, day)
        if key not in self._cache:
            out = []
            for member_id, span in self.by_cell.get(cell_id, ()):
                if _holds(span, day) and (status := self.status_on(member_id, day)) in ON_ROLLS:
                    out.append((member_id, status))
            self._cache[key] = sorted(out)
        return self._cache[key]

    def in_cell(self, member_id: int, cell_id: int, day: dt.date) -> bool:
        return any(c == cell_id and _holds(span, day) for c, span in self.by_member.get(member_id, ()))

    def first_day(self, cell_id: int) -> dt.date | None:
        return min((span[0] for _, span in self.by_cell.get(cell_id, ())), default=None)


def oversight_for_cells(
    bloc: Organization, cells: Sequence[Organization], *, write: Callable[[Sequence[Model]], None]
) -> tuple[dict[int, list[tuple[int, int, dt.date]]], int]:
    """Assign the members of each grassroots committee (secretary aside) to follow its cells from the start
    of the committee's term, one per cell in turn, never a member of the cell itself. Returns, per cell,
    who may attend as an upper-level guest (member, assignment, from): these and the bloc's assignments of
    the cell's grassroots organization; and how many assignments were made."""
    by_parent: dict[int, list[Organization]] = defaultdict(list)
    for cell in cells:
        if cell.kind == OrgKind.CELL and cell.parent_id is not None:
            by_parent[cell.parent_id].append(cell)
    seats = (
        CommitteeSeat.objects.filter(
            committee__organization_id__in=by_parent, committee__term_end__isnull=True, end__isnull=True
        )
        .exclude(position=CommitteePosition.SECRETARY)
        .order_by("committee__organization_id", "pk")
        .values_list("committee__organization_id", "member_id", "member__organization_id", "start")
    )
    holders: dict[int, list[tuple[int, int | None, dt.date]]] = defaultdict(list)
    for org_id, seated_member, seat_cell, seat_start in seats:
        holders[org_id].append((seated_member, seat_cell, seat_start))
    made: list[OversightAssignment] = []
    for parent_id, own in by_parent.items():
        people = holders.get(parent_id, [])
        for i, cell in enumerate(own):
            for k in range(len(people)):
                holder, member_cell, start = people[(i + k) % len(people)]
                if member_cell != cell.pk:
                    made.append(OversightAssignment(member_id=holder, organization_id=cell.pk,
                                                    start=max(start, cell.founded_on),
                                                    note=OVERSIGHT_NOTE))  # fmt: skip
                    break
    write(made)
    grassroots_of = {c.pk: (c.parent_id if c.kind == OrgKind.CELL else c.pk) for c in cells}
    wanted = set(grassroots_of) | {g for g in grassroots_of.values() if g is not None}
    in_force: dict[int, list[tuple[int, int, dt.date]]] = defaultdict(list)
    assignments = OversightAssignment.objects.filter(organization_id__in=wanted, end__isnull=True).order_by("pk")
    for pk, org_id, member_id, start in assignments.values_list("pk", "organization_id", "member_id", "start"):
        in_force[org_id].append((member_id, pk, start))
    out = {
        c.pk: in_force.get(c.pk, []) + (in_force.get(grassroots_of[c.pk] or 0, []) if c.kind == OrgKind.CELL else [])
        for c in cells
    }
    return out, len(made)
