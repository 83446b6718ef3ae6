"""The meeting rules as data and their checks (rules.md §7, rules-2025.md §5).

`rules_on(day)` gives the rule set in force on a day as `MeetingRules` (parsed `MeetingRuleSet.params`). The
checks are pure functions over the rules and plain values, each returning a `Verdict`: a Vietnamese sentence that
names the rule and its source document, passed (`ok` True), broken (False) or not decidable yet (None, e.g. a
meeting still ahead). They are tested at their boundaries without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dangbo.core.models import parsed_in_force
from dangbo.members.enums import MemberStatus

from .enums import AbsenceReason, MeetingKind, Presence
from .models import MeetingRuleSet
from .params import MeetingRules, ParamsError, Source, parse_params

__all__ = [
    "MeetingRules",
    "ParamsError",
    "QuorumCount",
    "Source",
    "Verdict",
    "attendance_rate_verdict",
    "count_quorum",
    "documents_verdict",
    "excused_streak_verdict",
    "length_verdict",
    "minutes_between",
    "quorum_verdict",
    "rules_of",
    "rules_on",
    "trailing_excused",
]


@dataclass(frozen=True)
class Verdict:
    """One rule's verdict on one meeting (or one member at it). `rule` is the rule's short code ("length",
    "documents", "quorum", "attendance", "excused_streak"); `message` ends with its source."""

    rule: str
    ok: bool | None
    message: str


def rules_of(rule_set: MeetingRuleSet) -> MeetingRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        rule_set_id=rule_set.pk,
    )


def rules_on(day: dt.date) -> MeetingRules:
    """The meeting rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a meeting is never judged against made-up thresholds."""
    return parsed_in_force(MeetingRuleSet, day, rules_of, what="sinh hoạt đảng")


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def minutes_between(started_at: dt.datetime, ended_at: dt.datetime) -> int:
    """Whole minutes from start to end (a meeting of 89 minutes and 59 seconds lasted 89)."""
    return int((ended_at - started_at).total_seconds() // 60)


def length_verdict(rules: MeetingRules, *, kind: str, minutes: int | None) -> Verdict:
    """The meeting lasted at least the minimum of its kind (`length.min_minutes`, `combined_min_minutes` for a
    combined meeting). A short meeting is recorded and flagged with this sentence, never refused."""
    need = rules.min_minutes_for(kind)
    label = MeetingKind(kind).label
    if need is None:
        return Verdict("length", True, rules.length_source.cite(f"Không quy định thời lượng tối thiểu cho “{label}”"))
    if minutes is None:
        return Verdict(
            "length", None, rules.length_source.cite(f"“{label}” phải kéo dài ít nhất {need} phút; chưa ghi giờ họp")
        )
    if minutes >= need:
        return Verdict(
            "length",
            True,
            rules.length_source.cite(f"Buổi sinh hoạt kéo dài {minutes} phút, đạt tối thiểu {need} phút"),
        )
    return Verdict(
        "length",
        False,
        rules.length_source.cite(
            f"Buổi sinh hoạt chỉ kéo dài {minutes} phút, chưa đủ thời lượng tối thiểu {need} phút của “{label}”"
        ),
    )


def documents_verdict(rules: MeetingRules, *, day: dt.date, published_on: dt.date | None, today: dt.date) -> Verdict:
    """Documents were published to members at least `documents.lead_days` days before the meeting's day."""
    lead = rules.lead_days
    src = rules.documents_source
    if lead == 0:
        return Verdict("documents", True, src.cite("Không quy định thời hạn công bố tài liệu trước ngày sinh hoạt"))
    deadline = day - dt.timedelta(days=lead)
    if published_on is not None and published_on <= deadline:
        return Verdict(
            "documents",
            True,
            src.cite(f"Tài liệu công bố ngày {_d(published_on)}, trước ngày sinh hoạt ít nhất {lead} ngày"),
        )
    if published_on is not None:
        return Verdict(
            "documents",
            False,
            src.cite(
                f"Tài liệu công bố ngày {_d(published_on)}, muộn hơn hạn {_d(deadline)} "
                f"(phải công bố trước ngày sinh hoạt ít nhất {lead} ngày)"
            ),
        )
    if today <= deadline:
        return Verdict("documents", None, src.cite(f"Tài liệu cần công bố cho đảng viên chậm nhất ngày {_d(deadline)}"))
    return Verdict(
        "documents",
        False,
        src.cite(f"Chưa công bố tài liệu cho đảng viên; hạn công bố là ngày {_d(deadline)}"),
    )


@dataclass(frozen=True)
class QuorumCount:
    """The quorum's numbers for one meeting: `base` full members counted, `present` of them present."""

    base: int
    present: int
    excluded: int  # members of the roll whose status the rule set leaves out (temporarily transferred, …)
    exempt_absent: int
    exempt_present: int
    suspended: int = 0  # members suspended from party activities on the day


def count_quorum(rules: MeetingRules, roll: Iterable[tuple[str, bool]]) -> QuorumCount:
    """From the roll (each member's status on the day, and whether they were present): the base is the full
    members, minus the statuses in `quorum.excluded_statuses`, minus exempt members who were absent (an exempt
    member who came counts, in the base and among the present), minus members suspended from party activities
    that day (the roll marks them `"suspended"` from the suspension records: `selectors.quorum_roll`)."""
    base = present = excluded = exempt_absent = exempt_present = suspended = 0
    for status, came in roll:
        if status == "suspended":
            suspended += 1
        elif status in rules.quorum_excluded_statuses:
            excluded += 1
        elif status == MemberStatus.FULL:
            base += 1
            present += int(came)
        elif status == MemberStatus.EXEMPT:
            if came:
                base, present, exempt_present = base + 1, present + 1, exempt_present + 1
            else:
                exempt_absent += 1
    return QuorumCount(base, present, excluded, exempt_absent, exempt_present, suspended)


def quorum_verdict(rules: MeetingRules, count: QuorumCount) -> Verdict:
    """Present full members ≥ numerator/denominator of the base, in exact integers."""
    left_out = []
    if count.excluded:
        left_out.append(f"{count.excluded} đồng chí chuyển sinh hoạt tạm thời hoặc thuộc diện không tính")
    if count.exempt_absent:
        left_out.append(f"{count.exempt_absent} đồng chí được miễn công tác và sinh hoạt đảng vắng mặt")
    if count.suspended:
        left_out.append(f"{count.suspended} đồng chí đang bị đình chỉ sinh hoạt đảng")
    detail = f"{count.base} đảng viên chính thức được tính" + (
        f", không tính {'; '.join(left_out)}" if left_out else ""
    )
    src = rules.quorum_source
    if count.base == 0:
        return Verdict("quorum", None, src.cite(f"Chưa có đảng viên chính thức để tính tỷ lệ dự họp ({detail})"))
    need = f"tối thiểu {rules.quorum_fraction}"
    if rules.quorum_reached(count.present, count.base):
        return Verdict("quorum", True, src.cite(f"Có mặt {count.present}/{count.base} ({detail}): đạt {need}"))
    return Verdict("quorum", False, src.cite(f"Có mặt {count.present}/{count.base} ({detail}): chưa đạt {need}"))


def percent(part: int, whole: int) -> int:
    """Rounded down, so 84.9% never shows as 85%."""
    return part * 100 // whole if whole else 0


def attendance_rate_verdict(rules: MeetingRules, *, present: int, expected: int) -> Verdict:
    """Present over expected (probationary and full members on the rolls that day, and exempt members who came)
    reaches `attendance.good_pct` percent, compared in integers."""
    src = rules.attendance_source
    if expected == 0:
        return Verdict("attendance", None, src.cite("Chưa điểm danh"))
    shown = f"Tỷ lệ đảng viên dự sinh hoạt {present}/{expected} ({percent(present, expected)}%)"
    if present * 100 >= rules.good_pct * expected:
        return Verdict("attendance", True, src.cite(f"{shown}, đạt mức {rules.good_pct}%"))
    return Verdict("attendance", False, src.cite(f"{shown}, dưới mức {rules.good_pct}%"))


def trailing_excused(marks: Sequence[tuple[str, str]]) -> int:
    """How many times in a row, up to the last of `marks` (presence, reason; oldest first), the member was absent
    with a reason. An absence on special duty neither counts nor breaks the run (the 2018 guide excepts it)."""
    run = 0
    for presence, reason in reversed(marks):
        if presence == Presence.EXCUSED and reason == AbsenceReason.SPECIAL_DUTY:
            continue
        if presence != Presence.EXCUSED:
            break
        run += 1
    return run


def excused_streak_verdict(rules: MeetingRules, *, name: str, run: int) -> Verdict:
    """A warning, not a refusal: excused more than `attendance.max_consecutive_excused` times in a row."""
    limit = rules.max_consecutive_excused
    src = rules.attendance_source
    if run > limit:
        return Verdict(
            "excused_streak",
            False,
            src.cite(f"Đồng chí {name} vắng có lý do {run} lần liên tiếp trong năm, quá {limit} lần"),
        )
    return Verdict("excused_streak", True, src.cite(f"Đồng chí {name} vắng có lý do {run} lần liên tiếp"))
