"""The deadlines of letters and notices (rules-2025 §6), on the working-day calendar (`core.calendar`) with the
numbers of the complaint rule set in force on the receipt (or event) day:

- a letter is settled within the working days of its kind, counted from the day after receipt (the N-th working
  day after it); extensions add working days up to the kind's maximum. Which numbers apply depends on the kind
  and on the level of the handling organization: the tree is province level and below, so a discipline complaint
  takes the province-level figure and a denunciation the grassroots (cell, grassroots organization) or the upper
  figure; the centre's figures are data only;
- a notice is due within `notice.days` (working or calendar days, as the rule set says) of its event.

Every deadline comes with its sentence, naming the rule and its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangbo.core.calendar import add_working_days
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import ComplaintKind
from .models import Complaint, Notice
from .params import ComplaintRules, Deadline
from .rules import rules_in_force


def d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def deadline_rule(rules: ComplaintRules, kind: str, handler: Organization) -> tuple[Deadline, str]:
    """The numbers that apply to a letter of `kind` handled by `handler`, and what they are called."""
    if kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        return rules.discipline_complaint, "giải quyết khiếu nại kỷ luật đảng ở cấp tỉnh và tương đương trở xuống"
    if kind == ComplaintKind.DENUNCIATION:
        if handler.kind == OrgKind.UPPER:
            return rules.denunciation_upper, "giải quyết tố cáo ở cấp trên cơ sở"
        return rules.denunciation, "giải quyết tố cáo ở chi bộ, đảng ủy cơ sở"
    return rules.petition, "xử lý đơn kiến nghị, phản ánh"


@dataclass(frozen=True)
class LetterDeadline:
    due_on: dt.date
    working_days: int  # the kind's days
    extension_max: int  # the most the extensions may add
    extended: int  # added so far
    sentence: str


def letter_deadline(complaint: Complaint, rules: ComplaintRules | None = None) -> LetterDeadline:
    """The letter's deadline with its extensions so far (`complaint.extended_days`)."""
    rules = rules or rules_in_force(complaint.received_on)
    deadline, what = deadline_rule(rules, complaint.kind, complaint.handling_organization)
    days = deadline.working_days
    due = add_working_days(complaint.received_on, days + complaint.extended_days)
    extension = (
        f", được gia hạn không quá {deadline.extension_working_days} ngày làm việc"
        if deadline.extension_working_days
        else ", không gia hạn"
    )
    sentence = deadline.source.cite(
        f"Thời hạn {what}: {days} ngày làm việc kể từ ngày nhận đơn ({d(complaint.received_on)}){extension}"
    )
    if complaint.extended_days:
        sentence += f"; đã gia hạn {complaint.extended_days} ngày làm việc"
    return LetterDeadline(due, days, deadline.extension_working_days, complaint.extended_days,
                          f"{sentence}. Hạn giải quyết: {d(due)}.")  # fmt: skip


@dataclass(frozen=True)
class NoticeClock:
    due_on: dt.date
    late: bool  # sent after the due day, or not sent and the due day has passed
    sentence: str


def notice_due(event_date: dt.date, rules: ComplaintRules) -> dt.date:
    if rules.notice_working_days:
        return add_working_days(event_date, rules.notice_days)
    return event_date + dt.timedelta(days=rules.notice_days)


def notice_clock(notice: Notice, today: dt.date, rules: ComplaintRules | None = None) -> NoticeClock:
    rules = rules or rules_in_force(notice.event_date)
    due = notice_due(notice.event_date, rules)
    unit = "ngày làm việc" if rules.notice_working_days else "ngày"
    if notice.notice_date is not None:
        late = notice.notice_date > due
        state = f"thông báo ngày {d(notice.notice_date)}" + (" (chậm)" if late else " (đúng hạn)")
    else:
        late = today > due
        state = "chưa thông báo" + (" (quá hạn)" if late else "")
    sentence = rules.notice_source.cite(
        f"Thông báo chậm nhất {rules.notice_days} {unit} kể từ ngày quyết định {d(notice.event_date)}: hạn "
        f"{d(due)}, {state}"
    )
    return NoticeClock(due, late, sentence + ".")
