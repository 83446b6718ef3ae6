"""Reads of cell life: meetings within a scope, the roll of a meeting on its day (from the dated history), the
quarter locks, the upper-level guests a meeting may record, and a member's own meetings.

Who is on a meeting's roll comes from `CellMembership` and `MemberStatusPeriod` on the meeting's day, never from
the member's current cell or status: a member who moved out the day before is not on it. A cell's roll also lists
the members of the tree temporarily attached to it that day ("sinh hoạt tạm thời", from the movement records):
they may be marked present but are counted by their home cell, never in this cell's quorum or rates. Members
suspended that day (đình chỉ sinh hoạt đảng) stay on the roll, not expected and left out of the quorum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.movements.selectors import roll_records
from dangbo.organizations.models import CommitteeSeat, Organization, OversightAssignment
from dangbo.structure.committees import upper_committee_seats

from .enums import MeetingKind, MeetingStatus
from .models import Attendance, Meeting, QuarterLock

# Members who must attend (counted in the attendance rate), members who may (exempt: counted when they come),
# and the rest of the rolls, listed but not counted (abroad, temporarily transferred out).
EXPECTED_STATUSES = frozenset({MemberStatus.PROBATIONARY, MemberStatus.FULL})
OPTIONAL_STATUSES = frozenset({MemberStatus.EXEMPT})
# Meetings of a committee: the roll is the committee's members seated that day, not the whole cell.
COMMITTEE_KINDS = frozenset({MeetingKind.CELL_COMMITTEE, MeetingKind.GRASSROOTS_COMMITTEE})


def _covering(day: dt.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))  # dated rows end exclusive


def organizations_with(scope: Scope, right: str = Right.VIEW_CELL_LIFE) -> QuerySet[Organization]:
    """The organizations in the subtrees where the user holds `right`."""
    return Organization.objects.filter(scope.path_q(right))


def meetings_for(scope: Scope, right: str = Right.VIEW_CELL_LIFE) -> QuerySet[Meeting]:
    """Meetings of organizations in the subtrees where the user holds `right`."""
    return Meeting.objects.filter(organization_id__in=organizations_with(scope, right).values("id"))


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def is_locked(org: Organization, year: int, quarter: int) -> bool:
    """Whether a committee closed the quarter for `org` (a lock on it or on any organization above it)."""
    return QuarterLock.objects.filter(path__in=org.ancestor_paths(), year=year, quarter=quarter).exists()


@dataclass(frozen=True)
class RollEntry:
    """One member on a meeting's roll, with their status on the meeting's day; `attached`: a member of another
    cell attached here temporarily that day; `suspended`: suspended from party activities that day."""

    member: Member
    status: str
    attached: bool = False
    suspended: bool = False

    @property
    def expected(self) -> bool:
        return self.status in EXPECTED_STATUSES and not (self.attached or self.suspended)

    @property
    def optional(self) -> bool:
        """Marked only when they came: exempt members, and members attached here temporarily."""
        return self.attached or (self.status in OPTIONAL_STATUSES and not self.suspended)

    @property
    def markable(self) -> bool:
        return self.expected or self.optional

    @property
    def counted(self) -> bool:
        """Counted in this cell's attendance and quorum (an attached member is counted at home)."""
        return self.markable and not self.attached


SUSPENDED = "suspended"  # the quorum's marker for a member suspended on the day (not a registry status)


def quorum_roll(roll: list[RollEntry], present: set[int]) -> list[tuple[str, bool]]:
    """What `rules.count_quorum` reads: each own member's status that day (`SUSPENDED` when suspended) and
    whether they came; members attached here temporarily are left out (their home cell counts them)."""
    return [(SUSPENDED if e.suspended else e.status, e.member.pk in present) for e in roll if not e.attached]


def statuses_on(member_ids: list[int], day: dt.date) -> dict[int, str]:
    """Each member's status on `day` from the dated history (the latest period begun by then wins)."""
    rows = MemberStatusPeriod.objects.filter(_covering(day), member_id__in=member_ids).order_by(
        "member_id", "start", "id"
    )
    return dict(rows.values_list("member_id", "status"))


def roll_member_ids(organization: Organization, day: dt.date, kind: str) -> list[int]:
    """Who belonged, on `day`, to what meets: the cell's members (its `CellMembership` rows covering the day), or
    for a committee meeting the members seated in the organization's committee that day."""
    if kind in COMMITTEE_KINDS:
        seats = CommitteeSeat.objects.filter(_covering(day), committee__organization=organization)
        return sorted(set(seats.values_list("member_id", flat=True)))
    spans = CellMembership.objects.filter(_covering(day), organization=organization)
    return sorted(set(spans.values_list("member_id", flat=True)))


def roll_on(organization: Organization, day: dt.date, kind: str) -> list[RollEntry]:
    """The meeting's roll in Vietnamese name order: members on the rolls that day, then, at a cell's own meeting,
    members attached to it temporarily that day (four queries)."""
    ids = roll_member_ids(organization, day, kind)
    records = roll_records(organization.pk, ids, day)
    guests = [] if kind in COMMITTEE_KINDS else [m.member for m in records.attached if m.member_id not in ids]
    if not ids and not guests:
        return []
    status = statuses_on(ids + [g.pk for g in guests if g is not None], day)
    members = Member.objects.filter(pk__in=ids).order_by("sort_key", "pk") if ids else []
    entries = [RollEntry(m, status.get(m.pk, m.status), suspended=m.pk in records.suspended) for m in members]
    entries += [RollEntry(g, status.get(g.pk, g.status), attached=True) for g in guests if g is not None]
    return [e for e in entries if e.status in ON_ROLLS]


def roll_of(meeting: Meeting) -> list[RollEntry]:
    return roll_on(meeting.organization, meeting.day, meeting.kind)


@dataclass(frozen=True)
class GuestChoice:
    """An upper-level committee member who may be recorded as attending: their oversight assignment of the unit
    (or of an organization above it) when they have one in force that day, else their seat."""

    member: Member
    assignment: OversightAssignment | None
    label: str


def guest_choices(meeting: Meeting) -> list[GuestChoice]:
    """Members following the unit (oversight assignments of it or of an organization above it in force on the
    meeting's day), then members seated that day in a committee above it."""
    org, day = meeting.organization, meeting.day
    assignments = (
        OversightAssignment.objects.filter(_covering(day), organization__path__in=org.ancestor_paths())
        .select_related("member", "organization")
        .order_by("-organization__depth", "member__sort_key")
    )
    choices: dict[int, GuestChoice] = {}
    for a in assignments:
        if a.member_id not in choices:
            label = f"{a.member.full_name} (phụ trách {a.organization.name})"
            choices[a.member_id] = GuestChoice(a.member, a, label)
    seats = (
        CommitteeSeat.objects.filter(upper_committee_seats(org, on=day))
        .select_related("member", "committee__organization")
        .order_by("-committee__organization__depth", "member__sort_key")
    )
    for s in seats:
        if s.member_id not in choices:
            label = f"{s.member.full_name} ({s.get_position_display()} {s.committee.organization.name})"
            choices[s.member_id] = GuestChoice(s.member, None, label)
    return list(choices.values())


def upcoming_for(member: Member, *, today: dt.date) -> QuerySet[Meeting]:
    """The meetings ahead of the member's own cell (today's included), soonest first, with their documents."""
    return (
        Meeting.objects.filter(organization_id=member.organization_id, day__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("day", "planned_start", "pk")
        .prefetch_related("files")
    )


def next_meeting_for(member: Member, *, today: dt.date) -> Meeting | None:
    """The member's own next meeting (the home page's card), or None."""
    return upcoming_for(member, today=today).select_related("organization").first()


def past_for(member: Member, *, today: dt.date) -> QuerySet[Meeting]:
    """The member's own cell's meetings held before today or recorded held, latest first, with their files
    (the minutes once recorded). Committee meetings are left out: their minutes are the committee's."""
    return (
        Meeting.objects.filter(organization_id=member.organization_id, status=MeetingStatus.HELD, day__lte=today)
        .exclude(kind__in=COMMITTEE_KINDS)
        .order_by("-day", "-planned_start", "-pk")
        .prefetch_related("files")
    )


def attendance_history(member: Member) -> QuerySet[Attendance]:
    """The member's own attendance, latest first, with each meeting."""
    return (
        Attendance.objects.filter(member=member)
        .select_related("meeting", "organization")
        .order_by("-day", "-meeting_id")
    )


def excused_runs(meeting: Meeting, member_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each member's marks (presence, reason) at the unit's meetings of the meeting's year up to and including
    it, oldest first: what the "excused too many times in a row" warning reads."""
    rows = (
        Attendance.objects.filter(
            organization_id=meeting.organization_id,
            member_id__in=member_ids,
            day__gte=dt.date(meeting.day.year, 1, 1),
            day__lte=meeting.day,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .order_by("day", "meeting__planned_start", "meeting_id")
    )
    out: dict[int, list[tuple[str, str]]] = {}
    for member_id, presence, reason in rows.values_list("member_id", "presence", "reason"):
        out.setdefault(member_id, []).append((presence, reason))
    return out
