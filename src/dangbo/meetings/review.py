"""What the meeting page says about a meeting, read from its records and judged by the rule set in force on its
day: the length, the documents' lead time, the quorum with its reason, the attendance rate, and the members
absent with a reason more times in a row than the rules allow. Writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from dangbo.core.errors import DomainError

from .enums import MeetingStatus, Presence
from .models import Attendance, Meeting
from .rules import (
    MeetingRules,
    QuorumCount,
    Verdict,
    attendance_rate_verdict,
    count_quorum,
    documents_verdict,
    excused_streak_verdict,
    length_verdict,
    minutes_between,
    percent,
    quorum_verdict,
    rules_on,
    trailing_excused,
)
from .selectors import EXPECTED_STATUSES, RollEntry, excused_runs, quorum_roll, roll_of


@dataclass
class MeetingReview:
    meeting: Meeting
    rules: MeetingRules | None
    rules_error: str = ""
    minutes: int | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    quorum: QuorumCount | None = None
    absent: list[Attendance] = field(default_factory=list)
    exempt_present: list[Attendance] = field(default_factory=list)
    attached_present: list[Attendance] = field(default_factory=list)  # attached here temporarily, came
    not_counted: list[RollEntry] = field(default_factory=list)
    warnings: list[Verdict] = field(default_factory=list)

    @property
    def rate(self) -> int:
        return percent(self.meeting.present_count, self.meeting.expected_count)

    @property
    def broken(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.ok is False]


def review(meeting: Meeting, *, today: dt.date) -> MeetingReview:
    """The verdicts of one meeting (a cancelled one has none). About six queries."""
    try:
        rules = rules_on(meeting.day)
    except DomainError as exc:
        return MeetingReview(meeting, None, rules_error=exc.message)
    out = MeetingReview(meeting, rules)
    if meeting.status == MeetingStatus.CANCELLED:
        return out
    if meeting.started_at and meeting.ended_at:
        out.minutes = minutes_between(meeting.started_at, meeting.ended_at)
    out.verdicts.append(length_verdict(rules, kind=meeting.kind, minutes=out.minutes))
    published = meeting.documents_published_at
    out.verdicts.append(
        documents_verdict(
            rules, day=meeting.day, published_on=timezone.localdate(published) if published else None, today=today
        )
    )
    if meeting.attendance_recorded_at is None:
        return out
    roll = roll_of(meeting)
    rows = {r.member_id: r for r in meeting.attendances.select_related("member").order_by("member__sort_key")}
    present = {pk for pk, r in rows.items() if r.presence == Presence.PRESENT}
    guests = {e.member.pk for e in roll if e.attached}
    out.quorum = count_quorum(rules, quorum_roll(roll, present - guests))
    out.verdicts.append(quorum_verdict(rules, out.quorum))
    out.verdicts.append(attendance_rate_verdict(rules, present=meeting.present_count, expected=meeting.expected_count))
    out.absent = [r for r in rows.values() if r.presence != Presence.PRESENT]
    out.exempt_present = [
        r
        for r in rows.values()
        if r.presence == Presence.PRESENT and r.member_status not in EXPECTED_STATUSES and r.member_id not in guests
    ]
    out.attached_present = [r for r in rows.values() if r.presence == Presence.PRESENT and r.member_id in guests]
    out.not_counted = [e for e in roll if not e.markable]
    excused = [r.member_id for r in out.absent if r.presence == Presence.EXCUSED]
    if excused:
        runs = excused_runs(meeting, excused)
        for r in out.absent:
            run = trailing_excused(runs.get(r.member_id, []))
            verdict = excused_streak_verdict(rules, name=r.member.full_name, run=run)
            if verdict.ok is False:
                out.warnings.append(verdict)
    return out


def late_documents_warning(meeting: Meeting) -> str:
    """The secretary's warning after adding a document: the documents were published later than the rule set's
    lead time before the meeting (members read them ahead), else ""."""
    published = meeting.documents_published_at
    if published is None or meeting.status == MeetingStatus.CANCELLED:
        return ""
    try:
        rules = rules_on(meeting.day)
    except DomainError:
        return ""
    today = timezone.localdate()
    verdict = documents_verdict(rules, day=meeting.day, published_on=timezone.localdate(published), today=today)
    return "" if verdict.ok is not False else f"Lưu ý: {verdict.message}."
