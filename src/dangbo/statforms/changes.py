"""The increases and decreases of a period (Mẫu tăng, giảm đảng viên): admissions, transfers across each unit's
boundary, members leaving, discipline decisions, each counted in the organizations of the cut-off day's tree that
held it when it happened."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, Q

from dangbo.admissions.models import Candidate
from dangbo.discipline.models import Discipline
from dangbo.members.enums import Gender, MemberStatus
from dangbo.members.models import CellMembership, MemberStatusPeriod
from dangbo.organizations.models import OrganizationPeriod, Restructuring

from .enums import Change
from .tree import Row, Table

LEAVING = {
    MemberStatus.TRANSFERRED_OUT: Change.TRANSFERRED_OUT,
    MemberStatus.STRUCK_OFF: Change.STRUCK_OFF,
    MemberStatus.EXPELLED: Change.EXPELLED,
    MemberStatus.DISCHARGED: Change.DISCHARGED,
    MemberStatus.DECEASED: Change.DECEASED,
}


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


def changes(table: Table, rows: list[Row], start: dt.date, day: dt.date) -> None:
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
