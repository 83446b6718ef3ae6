"""The demo's cell life: two years of meetings with their attendance and upper-level guests, and this year's
tasks (`cell_tasks.py`).

    result = build_cell_life(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

For every cell of the bloc (cells and grassroots cells, as the tree stands), from January of last year to the
end of this year:

- a monthly meeting every month (regular; combined with the quarter's thematic meeting in about half the
  quarters), a thematic meeting once a quarter on its own day otherwise; the meetings still ahead of `today`
  are planned, the others held, with their start and end (≥ 90 minutes, ≥ 120 when combined, under the 2025
  rules from 28/10/2025; a few shorter, as some cells do), documents published a few days ahead (a few late),
  minutes and resolutions, and now and then a cancelled meeting held again later in the month;
- each cell has a character: most hold every meeting with good attendance, some skip a thematic meeting in
  some quarters (red in the compliance pages) or a monthly meeting, hold short meetings or see attendance
  below 85% (amber);
- attendance of the members in the cell on the meeting's day (`CellMembership` history, the status from
  `MemberStatusPeriod`), as the attendance sheet saves it: a row for every probationary and full member
  (present by default, a few absences with a reason, rare absences without one) and for the exempt members
  who came; members abroad or temporarily transferred out have none. A few members (one in about twenty
  cells, and one in the demo secretary's cell) are absent without reason in three to five months of a year,
  so screening flags them; in the demo secretary's cell one more is absent without reason in exactly two
  months (not flagged). Random absences never give anyone else a second month in a year;
- upper-level guests: the grassroots committee's members are assigned to follow its cells (oversight
  assignments from the committee's term) and, with the bloc's assignments, attend about a quarter of the
  meetings they may;
- each held meeting's counts (present, excused, unexcused, expected, quorum base) are those of its rows.

Rows are written in batches as plain values (`rows.py`: COPY on PostgreSQL). Then the compliance rows of every
cell's quarters and the screening signals of both years are computed by the apps' own functions. Same seed,
same `today`: same data. At 10,000 members this adds about ten seconds on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role
from dangbo.meetings import compliance
from dangbo.meetings.enums import MeetingKind, MeetingStatus, Presence
from dangbo.meetings.models import Attendance, Meeting, MeetingGuest, MeetingRuleSet
from dangbo.meetings.params import MeetingRules
from dangbo.meetings.rules import count_quorum, rules_of
from dangbo.members.enums import MemberStatus
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization
from dangbo.planning.kpi import recompute_year
from dangbo.planning.models import KpiValue
from dangbo.screening import signals as screening_signals

from . import cell_texts as texts
from .cell_rolls import Rolls, oversight_for_cells
from .cell_tasks import build_tasks
from .rows import insert_models, insert_tuples

Write = Callable[[Sequence[Model]], None]
BATCH = 5000
TZ = ZoneInfo(settings.TIME_ZONE)
FLAGGED_CELL_SHARE = 0.05  # cells with one member absent without reason in ≥ 3 months of a year
GUEST_SHARE = 0.25
CANCELLED_SHARE = 0.01
ATTENDING = {MemberStatus.PROBATIONARY, MemberStatus.FULL}  # expected at every meeting
EXEMPT_COMES = 0.2
ATTENDANCE_COLUMNS = ["meeting", "member", "organization", "day", "member_status", "presence", "reason", "reason_note"]


@dataclass(frozen=True)
class Character:
    """How a cell keeps its meetings: the chance of skipping a quarter's thematic meeting or a month's
    meeting, of an absence with and without reason, of a meeting too short, of documents sent late."""

    skip_thematic: float
    skip_monthly: float
    excused: float
    unexcused: float
    short: float
    late_documents: float


CHARACTERS = [
    (0.75, Character(skip_thematic=0.03, skip_monthly=0.0, excused=0.04, unexcused=0.004, short=0.02,
                     late_documents=0.02)),
    (0.18, Character(skip_thematic=0.3, skip_monthly=0.03, excused=0.08, unexcused=0.012, short=0.08,
                     late_documents=0.08)),
    (0.07, Character(skip_thematic=0.55, skip_monthly=0.08, excused=0.14, unexcused=0.025, short=0.15,
                     late_documents=0.15)),
]  # fmt: skip


@dataclass
class CellLifeResult:
    meetings: int = 0
    attendances: int = 0
    guests: int = 0
    assignments: int = 0
    tasks: int = 0
    # Members absent without reason in ≥ 3 distinct months of the current year, and in exactly 2.
    flagged: list[int] = field(default_factory=list)
    near_miss: list[int] = field(default_factory=list)


class CellLife:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date) -> None:
        self.bloc = bloc
        self.rng = random.Random(f"{seed}:cell_life")
        self.today = today
        self.years = (today.year - 1, today.year)
        self.cells = list(
            Organization.objects.filter(
                path__startswith=bloc.path, kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True
            ).order_by("code")
        )
        since, until = dt.date(self.years[0], 1, 1), dt.date(self.years[1], 12, 31)
        self.rolls = Rolls([c.pk for c in self.cells], since, until)
        self.rules = [rules_of(r) for r in MeetingRuleSet.objects.order_by("-effective_from")]
        self.next_pk = (Meeting.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.meetings: list[Meeting] = []
        self.rows: list[tuple[Any, ...]] = []  # attendance, as `ATTENDANCE_COLUMNS` (no model: 250,000 rows)
        self.guests: list[MeetingGuest] = []
        self.result = CellLifeResult()
        # (member, year) → months with an absence without reason; the members made to miss on purpose.
        self.unexcused: dict[tuple[int, int], set[int]] = defaultdict(set)
        self.forced: dict[tuple[int, int], set[int]] = {}
        self.monthly_days: dict[int, list[dt.date]] = defaultdict(list)  # held this year, for the tasks

    # -- plan ------------------------------------------------------------------------------------------------

    def rules_on(self, day: dt.date) -> MeetingRules | None:
        return next((r for r in self.rules if r.effective_from <= day), None)

    @staticmethod
    def _weekday(day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    def _plan_quarter(self, cell: Organization, ch: Character, year: int, quarter: int) -> list[tuple[str, dt.date]]:
        rng = self.rng
        months = [3 * (quarter - 1) + k for k in (1, 2, 3)]
        thematic_month = rng.choice(months) if rng.random() >= ch.skip_thematic else None
        combined = rng.random() < 0.5
        out: list[tuple[str, dt.date]] = []
        for month in months:
            regular_day = self._weekday(dt.date(year, month, rng.randint(3, 12) if rng.random() < 0.9 else
                                                rng.randint(13, 24)))  # fmt: skip
            if month == thematic_month and combined:
                out.append((MeetingKind.COMBINED, regular_day))
                continue
            if rng.random() >= ch.skip_monthly:
                out.append((MeetingKind.REGULAR, regular_day))
            if month == thematic_month:
                out.append((MeetingKind.THEMATIC, self._weekday(dt.date(year, month, rng.randint(15, 25)))))
        first = max(cell.founded_on, self.rolls.first_day(cell.pk) or cell.founded_on)
        return [(kind, day) for kind, day in out if day >= first]

    def _choose_forced(self, cell: Organization, plan: list[tuple[str, dt.date]], extra: dict[int, int]) -> None:
        """Members of the cell absent without reason on purpose, in months the cell held a meeting they were
        expected at: one in some cells (three to five months a year), and `extra` (months → how many
        members) this year in the demo secretary's cell."""
        rng = self.rng
        for year in self.years:
            wanted = dict(extra) if year == self.today.year else {}
            if rng.random() < FLAGGED_CELL_SHARE:
                months = rng.randint(3, 5)
                wanted[months] = wanted.get(months, 0) + 1
            if not wanted:
                continue
            held: dict[int, set[int]] = defaultdict(set)  # member → months they were expected at a meeting
            for _kind, day in plan:
                if day.year == year and day < self.today:
                    for member_id, status in self.rolls.on(cell.pk, day):
                        if status in ATTENDING and member_id not in self.rolls.officials:
                            held[member_id].add(day.month)
            pool = sorted(held)
            rng.shuffle(pool)
            for months, count in sorted(wanted.items(), reverse=True):
                for _ in range(count):
                    chosen = next((m for m in pool if len(held[m]) >= months), None)
                    if chosen is None:
                        break
                    pool.remove(chosen)
                    self.forced[(chosen, year)] = set(rng.sample(sorted(held[chosen]), months))

    # -- write -----------------------------------------------------------------------------------------------

    def _times(self, kind: str, day: dt.date, ch: Character, rules: MeetingRules | None) -> tuple[dt.datetime, int]:
        rng = self.rng
        hour, minute = rng.choice([(8, 0), (8, 0), (14, 0), (14, 0), (14, 30), (16, 30)])
        start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)
        combined = kind == MeetingKind.COMBINED
        floor = (rules.combined_min_minutes if combined else rules.min_minutes) if rules else None
        if floor is None:  # before the 2025 rules: no minimum, meetings as they were
            return start, rng.randint(70, 150) if combined else rng.randint(60, 130)
        if rng.random() < ch.short:
            return start, rng.randint(floor - 40, floor - 5)
        return start, rng.randint(floor, floor + 60)

    def _meeting(self, cell: Organization, ch: Character, kind: str, day: dt.date) -> Meeting:
        rng = self.rng
        rules = self.rules_on(day)
        planned, minutes = self._times(kind, day, ch, rules)
        lead = dt.timedelta(hours=rng.randint(1, 6)) if rng.random() < ch.late_documents else dt.timedelta(
            days=rng.randint(1, 6), hours=rng.randint(0, 8))  # fmt: skip
        published = planned - lead
        now = dt.datetime.combine(self.today, dt.time(12), tzinfo=TZ)
        held = day < self.today
        m = Meeting(
            pk=self.next_pk, organization_id=cell.pk, kind=kind, planned_start=planned, day=day,
            place=texts.place(rng, cell), topic=texts.topic(rng, kind, day), agenda=texts.agenda(kind),
            monthly_slot=f"{day:%Y-%m}" if rules and rules.counts_as_monthly(kind) else None,
            documents_published_at=published if published <= now else None,
            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            rule_set_id=rules.rule_set_id if rules else None,
        )  # fmt: skip
        self.next_pk += 1
        if held:
            m.started_at = planned + dt.timedelta(minutes=rng.randint(0, 10))
            m.ended_at = m.started_at + dt.timedelta(minutes=minutes)
            m.resolutions = texts.resolutions(kind)
        return m

    def _cancelled(self, cell: Organization, kind: str, day: dt.date) -> None:
        """A meeting called off: it frees the month's slot, the cell meets on `day` instead."""
        earlier = day - dt.timedelta(days=self.rng.randint(2, 5))
        planned = dt.datetime(earlier.year, earlier.month, earlier.day, 14, 0, tzinfo=TZ)
        self.meetings.append(Meeting(
            pk=self.next_pk, organization_id=cell.pk, kind=kind, planned_start=planned, day=earlier,
            topic=texts.topic(self.rng, kind, day), status=MeetingStatus.CANCELLED,
            cancel_reason=texts.CANCEL_REASON, rule_set_id=(r.rule_set_id if (r := self.rules_on(earlier)) else None),
        ))  # fmt: skip
        self.next_pk += 1

    def _attendance(self, m: Meeting, ch: Character, overseers: list[tuple[int, int, dt.date]]) -> None:
        rng = self.rng
        year, month = m.day.year, m.day.month
        present = excused = unexcused = expected = 0
        came: dict[int, bool] = {}
        roster = self.rolls.on(m.organization_id, m.day)
        for member_id, status in roster:
            reason = ""
            forced = self.forced.get((member_id, year))
            if status == MemberStatus.EXEMPT:  # need not come: a row only when they do
                if rng.random() >= EXEMPT_COMES:
                    continue
                presence = Presence.PRESENT
            elif status not in ATTENDING:  # abroad, transferred out for a while: on the rolls, not at the meeting
                continue
            elif forced is not None:
                presence = Presence.UNEXCUSED if month in forced else Presence.PRESENT
            else:
                draw = rng.random()
                presence = Presence.PRESENT
                if draw < ch.unexcused:
                    seen = self.unexcused[(member_id, year)]
                    presence = Presence.UNEXCUSED if not seen or month in seen else Presence.EXCUSED
                elif draw < ch.unexcused + ch.excused:
                    presence = Presence.EXCUSED
                if presence == Presence.EXCUSED:
                    reason = rng.choice(texts.REASONS)
            if presence == Presence.UNEXCUSED:
                self.unexcused[(member_id, year)].add(month)
            self.rows.append((m.pk, member_id, m.organization_id, m.day.isoformat(), status, presence, reason, ""))
            expected += 1
            present += presence == Presence.PRESENT
            excused += presence == Presence.EXCUSED
            unexcused += presence == Presence.UNEXCUSED
            came[member_id] = presence == Presence.PRESENT
        m.present_count, m.excused_count, m.unexcused_count = present, excused, unexcused
        rules = self.rules_on(m.day)
        assert rules is not None
        quorum = count_quorum(rules, [(status, came.get(member_id, False)) for member_id, status in roster])
        m.expected_count, m.quorum_base = expected, quorum.base
        assert m.started_at is not None
        m.attendance_recorded_at = m.ended_at
        m.minutes = texts.minutes(m, present, expected)
        in_cell = {member_id for member_id, _ in roster}
        choices = [(member_id, pk) for member_id, pk, start in overseers if start <= m.day and member_id not in in_cell]
        if choices and rng.random() < GUEST_SHARE:
            member_id, assignment_id = rng.choice(choices)
            self.guests.append(MeetingGuest(meeting_id=m.pk, member_id=member_id, assignment_id=assignment_id,
                                            note=texts.GUEST_NOTE))  # fmt: skip

    def _cell(self, cell: Organization, ch: Character, overseers: list[tuple[int, int, dt.date]],
              extra: dict[int, int]) -> None:  # fmt: skip
        plan = [(kind, day) for year in self.years for quarter in (1, 2, 3, 4)
                for kind, day in self._plan_quarter(cell, ch, year, quarter)
                if self.rolls.on(cell.pk, day)]  # fmt: skip
        self._choose_forced(cell, plan, extra)
        for kind, day in plan:
            if self.rng.random() < CANCELLED_SHARE and day < self.today:
                self._cancelled(cell, kind, day)
            m = self._meeting(cell, ch, kind, day)
            self.meetings.append(m)
            if m.status == MeetingStatus.HELD:
                self._attendance(m, ch, overseers)
                if day.year == self.today.year and m.monthly_slot:
                    self.monthly_days[cell.pk].append(day)
        if len(self.rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        insert_models(self.meetings)
        insert_tuples(Attendance, ATTENDANCE_COLUMNS, self.rows)
        insert_models(self.guests)
        self.result.meetings += len(self.meetings)
        self.result.attendances += len(self.rows)
        self.result.guests += len(self.guests)
        self.meetings, self.rows, self.guests = [], [], []

    def build(self) -> CellLifeResult:
        overseers, made = oversight_for_cells(self.bloc, self.cells, write=insert_models)
        self.result.assignments = made
        demo_cell = Role.objects.filter(kind=RoleKind.CELL_SECRETARY, user__username="chibo").values_list(
            "organization_id", flat=True).first()  # fmt: skip
        weights = [w for w, _ in CHARACTERS]
        for cell in self.cells:
            ch = CHARACTERS[0][1] if cell.pk == demo_cell else self.rng.choices(
                [c for _, c in CHARACTERS], weights)[0]  # fmt: skip
            extra = {3: 1, 2: 1} if cell.pk == demo_cell else {}
            self._cell(cell, ch, overseers.get(cell.pk, []), extra)
        self._flush()
        _reset_sequence()
        this_year = self.today.year
        self.result.flagged = sorted(m for (m, y), months in self.unexcused.items() if y == this_year
                                     and len(months) >= 3)  # fmt: skip
        self.result.near_miss = sorted(m for (m, y), months in self.unexcused.items() if y == this_year
                                       and len(months) == 2)  # fmt: skip
        self.result.tasks = build_tasks(cells=self.cells, rolls=self.rolls, meeting_days=self.monthly_days,
                                        rng=random.Random(f"{self.rng.random()}:tasks"), today=self.today,
                                        write=insert_models)  # fmt: skip
        return self.result


def _reset_sequence() -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting]):
            cursor.execute(sql)


def refresh_derived(*, bloc: Organization, years: Sequence[int], today: dt.date) -> None:
    """What the pages read, computed from the meetings just written: each cell's quarters (`CellQuarter`: the
    compliance pages and the dashboard), the screening signals of each year (`SignalHit`), and the stored KPI
    values of a year the ratings already stored (a closed round's), whose cell-life measures were counted
    before any meeting existed."""
    for year in years:
        compliance.recompute(year=year, quarter=None, root=bloc, today=today)
        screening_signals.refresh(year, bloc, today=today)
        if KpiValue.objects.filter(year=year).exists():
            recompute_year(year=year, organization=bloc)


def build_cell_life(*, bloc: Organization, seed: int, today: dt.date) -> CellLifeResult:
    result = CellLife(bloc=bloc, seed=seed, today=today).build()
    refresh_derived(bloc=bloc, years=(today.year - 1, today.year), today=today)
    return result


__all__: list[Any] = ["CellLifeResult", "build_cell_life", "refresh_derived"]
