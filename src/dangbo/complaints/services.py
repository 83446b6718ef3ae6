"""Writes on letters: reception (with the person's identity apart), assignment, extension, result, reply, and
closing a letter the rules do not consider.

Every write: keyword-only arguments, one transaction, the checks first (Vietnamese `DomainError`, nothing saved),
a letter already saved locked and its `version` compared (`ConcurrentEditError`), one audit entry whose values
never include the person's identity or the letter's text (the fact is audited, not the content). A complaint
about a party discipline is the appeal against it: its reception records the appeal through
`discipline.services.record_appeal` (refused after the appeal window, and then nothing is saved here either) and
its result settles it through `discipline.services.settle_appeal`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action
from dangbo.core.calendar import add_working_days
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.discipline import services as discipline_services
from dangbo.discipline.enums import AppealResult
from dangbo.discipline.models import Discipline
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .deadlines import d, deadline_rule, letter_deadline
from .enums import (
    COMPLAINT_RESULTS,
    DENUNCIATION_RESULTS,
    Channel,
    ComplaintKind,
    ComplaintResult,
    ComplaintState,
    NotConsideredReason,
    ReplyMethod,
)
from .identity import clean_identity
from .models import ComplainantIdentity, Complaint, ComplaintExtension
from .rules import rules_in_force

EARLIEST = dt.date(2000, 1, 1)
HANDLER_KINDS = frozenset({OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL,
                           OrgKind.SUB_COMMITTEE, OrgKind.CELL})  # fmt: skip
TEXT_LIMITS = {"summary": 5000, "reference": 60, "forwarded_by": 255, "resolution_number": 80, "result_note": 5000,
               "reason": 500}  # fmt: skip
# The settlement of a discipline complaint (what became of the decision) → the complaint's result.
APPEAL_TO_RESULT: dict[str, str] = {
    AppealResult.UPHELD: ComplaintResult.REJECTED,
    AppealResult.CHANGED: ComplaintResult.PARTLY_UPHELD,
    AppealResult.ANNULLED: ComplaintResult.UPHELD,
}
SAFE_FIELDS = (
    "kind", "state", "received_on", "channel", "handling_organization_id", "subject_member_id",
    "subject_organization_id", "discipline_id", "not_considered_reason", "repeat_of_id", "due_on", "assignee_id",
    "extended_days", "result", "resolved_on", "replied_on", "reply_method", "closed_on",
)  # fmt: skip


def facts(complaint: Complaint, names: tuple[str, ...] = SAFE_FIELDS) -> dict[str, Any]:
    """The letter's audited facts (no identity, no free text), JSON-ready."""
    out = {}
    for name in names:
        value = getattr(complaint, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def audit(action: str, *, actor: Any, complaint: Complaint, **entry: Any) -> None:
    log_action(
        f"complaints.complaint.{action}",
        actor=actor,
        object_type="complaint",
        object_id=complaint.pk,
        object_repr=str(complaint),
        scope_path=complaint.handling_organization.path,
        **entry,
    )


def check_day(day: dt.date | None, label: str, *, today: dt.date, field: str, after: dt.date | None = None,
              after_label: str = "") -> dt.date:  # fmt: skip
    """A required date from 2000, not after today and (when given) not before `after`."""
    if day is None:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if day < EARLIEST:
        raise DomainError(f"{label.capitalize()} ({d(day)}) không hợp lệ.", field=field)
    if day > today:
        raise DomainError(f"{label.capitalize()} ({d(day)}) chưa đến: chỉ ghi nhận khi việc đã diễn ra.", field=field)
    if after is not None and day < after:
        raise DomainError(f"{label.capitalize()} ({d(day)}) không được trước {after_label} ({d(after)}).", field=field)
    return day


def clean_text(value: str, field: str, label: str, *, required: bool = False, keep_lines: bool = False) -> str:
    text = (value or "").strip() if keep_lines else " ".join((value or "").split())
    if required and not text:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if len(text) > TEXT_LIMITS[field]:
        raise DomainError(f"{label.capitalize()} dài quá {TEXT_LIMITS[field]} ký tự.", field=field)
    return text


def lock(complaint: Complaint, expected_version: int | None, *, states: frozenset[str] | None = None) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("handling_organization", "discipline")
        .get(pk=complaint.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    if states is not None and locked.state not in states:
        raise DomainError(f"Đơn đang ở tình trạng “{locked.get_state_display()}”: không thực hiện được bước này.")
    return locked


def save(locked: Complaint, values: dict[str, Any]) -> Complaint:
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*values, "version", "updated_at"])
    return locked


def check_assignee(assignee: Any, handler: Organization) -> None:
    if assignee is not None and not scope_for(assignee).covers_path(Right.HANDLE_COMPLAINTS, handler.path):
        raise DomainError(
            f"Cán bộ được giao phải có quyền giải quyết khiếu nại, tố cáo ở {handler.name}.", field="assignee"
        )


def _check_handler(handler: Organization) -> None:
    if handler.kind not in HANDLER_KINDS or handler.dissolved_on is not None:
        raise DomainError(f"“{handler.name}” không phải tổ chức đảng đang hoạt động có thể giải quyết đơn.",
                          field="handling_organization")  # fmt: skip


def _check_subject(kind: str, handler: Organization, member: Member | None, organization: Organization | None,
                   discipline: Discipline | None) -> tuple[Member | None, Organization | None]:  # fmt: skip
    """The letter's subject: the disciplined member or organization of a discipline complaint (appealed to a
    level above the one that decided), the denounced member or organization (inside the handler's subtree)."""
    if member is not None and organization is not None:
        raise DomainError("Đơn chỉ nêu một đối tượng: một đảng viên hoặc một tổ chức đảng.", field="subject_member")
    if kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        if discipline is None:
            raise DomainError("Hãy chọn quyết định kỷ luật bị khiếu nại.", field="discipline")
        deciding = discipline.deciding_organization
        if not deciding.path.startswith(handler.path) or deciding.path == handler.path:
            raise DomainError(
                f"Khiếu nại kỷ luật đảng gửi cấp ủy hoặc ủy ban kiểm tra cấp trên của cấp đã quyết định kỷ luật "
                f"({deciding.name}); {handler.name} không phải cấp trên của cấp đó.",
                field="handling_organization",
            )
        return discipline.member, discipline.organization
    if discipline is not None:
        raise DomainError("Chỉ đơn khiếu nại kỷ luật đảng mới gắn với một quyết định kỷ luật.", field="discipline")
    if kind == ComplaintKind.DENUNCIATION and member is None and organization is None:
        raise DomainError("Hãy chọn đảng viên hoặc tổ chức đảng bị tố cáo.", field="subject_member")
    if member is not None and not member.organization.path.startswith(handler.path):
        raise DomainError(f"Đồng chí {member.full_name} không thuộc {handler.name}: đơn phải do tổ chức đảng quản "
                          "lý đảng viên hoặc cấp trên giải quyết.", field="subject_member")  # fmt: skip
    if organization is not None and (
        not organization.path.startswith(handler.path) or organization.path == handler.path
    ):
        raise DomainError(f"Đơn về {organization.name} do cấp trên của tổ chức đó giải quyết.",
                          field="subject_organization")  # fmt: skip
    return member, organization


def _check_repeat(reason: str, repeat_of: Complaint | None, received_on: dt.date, pk: int | None) -> None:
    """A repeat names the earlier letter: another one, received on or before this one."""
    if repeat_of is not None and (repeat_of.pk == pk or repeat_of.received_on > received_on):
        raise DomainError("Đơn gửi trước phải là một đơn khác, nhận trước đơn này.", field="repeat_of")
    if reason == NotConsideredReason.REPEATED and repeat_of is None:
        raise DomainError("Đơn gửi lại: hãy chọn đơn đã gửi trước.", field="repeat_of")


def _check_not_considered(reason: str, who: dict[str, str], repeat_of: Complaint | None, received_on: dt.date,
                          pk: int | None = None) -> None:  # fmt: skip
    """A letter is handled only when it names its writer with an address (or it is closed with the reason); a
    repeat names the earlier letter."""
    if reason and reason not in NotConsideredReason.values:
        raise DomainError("Lý do không xem xét không hợp lệ.", field="not_considered_reason")
    _check_repeat(reason, repeat_of, received_on, pk)
    if reason == NotConsideredReason.ANONYMOUS and who["full_name"]:
        raise DomainError("Đơn nặc danh không ghi họ tên người gửi: hãy bỏ họ tên hoặc chọn lý do khác.",
                          field="not_considered_reason")  # fmt: skip
    if reason:
        return
    if not who["full_name"]:
        raise DomainError("Đơn không ghi họ tên người gửi là đơn nặc danh: ghi nhận và chọn lý do “Đơn nặc danh” "
                          "(không xem xét, giải quyết).", field="full_name")  # fmt: skip
    if not (who["address"] or who["phone"] or who["email"]):
        raise DomainError("Đơn không rõ địa chỉ người gửi: ghi địa chỉ (hoặc điện thoại, thư điện tử), hoặc chọn lý "
                          "do “Đơn không rõ địa chỉ” (không xem xét, giải quyết).", field="address")  # fmt: skip


@transaction.atomic
def receive_complaint(
    *,
    actor: Any,
    kind: str,
    received_on: dt.date,
    channel: str,
    handling_organization: Organization,
    summary: str,
    identity: dict[str, Any] | None = None,
    forwarded_by: str = "",
    reference: str = "",
    assignee: Any = None,
    subject_member: Member | None = None,
    subject_organization: Organization | None = None,
    discipline: Discipline | None = None,
    repeat_of: Complaint | None = None,
    not_considered_reason: str = "",
    today: dt.date | None = None,
) -> Complaint:
    """A letter received: handled within its deadline, or (anonymous, false name, no address, a repeat without new
    evidence) recorded and closed at once, "không xem xét, giải quyết", with the rule cited."""
    today = today or timezone.localdate()
    if kind not in ComplaintKind.values:
        raise DomainError("Hãy chọn loại đơn.", field="kind")
    if channel not in Channel.values:
        raise DomainError("Hãy chọn hình thức nhận đơn.", field="channel")
    check_day(received_on, "ngày nhận đơn", today=today, field="received_on")
    text = clean_text(summary, "summary", "nội dung tóm tắt", required=True, keep_lines=True)
    forwarded = clean_text(forwarded_by, "forwarded_by", "cơ quan, tổ chức chuyển đơn")
    if channel == Channel.FORWARDED and not forwarded:
        raise DomainError("Hãy ghi cơ quan, tổ chức đã chuyển đơn đến.", field="forwarded_by")
    who = clean_identity(identity)
    _check_handler(handling_organization)
    member, organization = _check_subject(kind, handling_organization, subject_member, subject_organization,
                                          discipline)  # fmt: skip
    _check_not_considered(not_considered_reason, who, repeat_of, received_on)
    check_assignee(assignee, handling_organization)
    rules = rules_in_force(received_on)
    closed = bool(not_considered_reason)
    complaint = Complaint(
        kind=kind, received_on=received_on, channel=channel, forwarded_by=forwarded,
        handling_organization=handling_organization, assignee=assignee, summary=text,
        reference=clean_text(reference, "reference", "số thụ lý"), subject_member=member,
        subject_organization=organization, discipline=discipline, repeat_of=repeat_of,
        not_considered_reason=not_considered_reason, rule_code=rules.code, created_by=actor,
        state=ComplaintState.NOT_CONSIDERED if closed else ComplaintState.HANDLING,
        closed_on=received_on if closed else None,
    )  # fmt: skip
    if not closed:
        complaint.due_on = letter_deadline(complaint, rules).due_on
    complaint.save()
    if any(who.values()):
        ComplainantIdentity.objects.create(complaint=complaint, **who)
    if kind == ComplaintKind.DISCIPLINE_COMPLAINT and not closed:
        assert discipline is not None
        fresh = Discipline.objects.get(pk=discipline.pk)
        discipline_services.record_appeal(actor=actor, discipline=fresh, filed_on=received_on,
                                          expected_version=fresh.version, today=today)  # fmt: skip
    data: dict[str, Any] = {"identity_recorded": any(who.values())}
    if closed:
        data["rule"] = rules.not_considered_source.cite("Không xem xét, giải quyết")
    audit("received", actor=actor, complaint=complaint, after=facts(complaint), data=data)
    return complaint


@transaction.atomic
def assign_complaint(*, actor: Any, complaint: Complaint, assignee: Any, expected_version: int) -> Complaint:
    locked = lock(complaint, expected_version, states=frozenset({ComplaintState.HANDLING, ComplaintState.RESOLVED}))
    check_assignee(assignee, locked.handling_organization)
    before = facts(locked, ("assignee_id",))
    save(locked, {"assignee": assignee})
    audit("assigned", actor=actor, complaint=locked, before=before, after=facts(locked, ("assignee_id",)))
    return locked


@transaction.atomic
def extend_complaint(
    *,
    actor: Any,
    complaint: Complaint,
    working_days: int,
    reason: str,
    granted_on: dt.date,
    expected_version: int,
    today: dt.date | None = None,
) -> Complaint:
    """Extend the deadline by working days, decided on or before it, within the kind's maximum."""
    today = today or timezone.localdate()
    locked = lock(complaint, expected_version, states=frozenset({ComplaintState.HANDLING}))
    if isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= 365:
        raise DomainError("Số ngày gia hạn phải là số nguyên từ 1 đến 365.", field="working_days")
    text = clean_text(reason, "reason", "lý do gia hạn", required=True)
    check_day(granted_on, "ngày gia hạn", today=today, field="granted_on", after=locked.received_on,
              after_label="ngày nhận đơn")  # fmt: skip
    rules = rules_in_force(locked.received_on)
    deadline, what = deadline_rule(rules, locked.kind, locked.handling_organization)
    current = letter_deadline(locked, rules)
    if granted_on > current.due_on:
        raise DomainError(f"Đã quá hạn giải quyết ({d(current.due_on)}): không gia hạn sau khi hết hạn.",
                          field="granted_on")  # fmt: skip
    total = locked.extended_days + working_days
    if total > deadline.extension_working_days:
        allowed = deadline.extension_working_days
        raise DomainError(
            deadline.source.cite(
                f"Gia hạn {working_days} ngày làm việc vượt mức cho phép: thời hạn {what} được gia hạn không quá "
                f"{allowed} ngày làm việc" + (f", đã gia hạn {locked.extended_days}" if locked.extended_days else "")
            ),
            field="working_days",
        )
    new_due = add_working_days(locked.received_on, deadline.working_days + total)
    ComplaintExtension.objects.create(complaint=locked, working_days=working_days, granted_on=granted_on,
                                      previous_due=current.due_on, new_due=new_due, reason=text,
                                      created_by=actor)  # fmt: skip
    before = facts(locked, ("due_on", "extended_days"))
    save(locked, {"extended_days": total, "due_on": new_due})
    audit("extended", actor=actor, complaint=locked, before=before, after=facts(locked, ("due_on", "extended_days")),
          data={"working_days": working_days})  # fmt: skip
    return locked


@transaction.atomic
def resolve_complaint(
    *,
    actor: Any,
    complaint: Complaint,
    resolved_on: dt.date,
    resolution_number: str,
    result: str = "",
    result_note: str = "",
    appeal_result: str = "",
    new_form: str | None = None,
    expected_version: int,
    today: dt.date | None = None,
) -> Complaint:
    """The letter's result (a complaint upheld, partly or rejected; a denunciation founded, partly or unfounded).
    A discipline complaint's result is what became of the decision (upheld, changed, annulled), settled on the
    discipline record too."""
    today = today or timezone.localdate()
    locked = lock(complaint, expected_version, states=frozenset({ComplaintState.HANDLING}))
    check_day(resolved_on, "ngày giải quyết", today=today, field="resolved_on", after=locked.received_on,
              after_label="ngày nhận đơn")  # fmt: skip
    number = clean_text(resolution_number, "resolution_number", "số văn bản kết luận, quyết định", required=True)
    note = clean_text(result_note, "result_note", "nội dung kết luận", keep_lines=True)
    if locked.kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        if appeal_result not in APPEAL_TO_RESULT:
            raise DomainError("Hãy chọn kết quả đối với quyết định kỷ luật (giữ nguyên, thay đổi, xóa bỏ).",
                              field="appeal_result")  # fmt: skip
        result = APPEAL_TO_RESULT[appeal_result]
    else:
        allowed = DENUNCIATION_RESULTS if locked.kind == ComplaintKind.DENUNCIATION else COMPLAINT_RESULTS
        if result not in allowed:
            raise DomainError(f"Kết quả không phù hợp với {locked.get_kind_display().lower()}.", field="result")
    before = facts(locked, ("state", "result", "resolved_on"))
    save(locked, {"state": ComplaintState.RESOLVED, "result": result, "resolved_on": resolved_on,
                  "resolution_number": number, "result_note": note})  # fmt: skip
    if locked.kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        assert locked.discipline is not None
        fresh = Discipline.objects.get(pk=locked.discipline.pk)
        discipline_services.settle_appeal(actor=actor, discipline=fresh, result=appeal_result,
                                          decided_on=resolved_on, decision_number=number, new_form=new_form or None,
                                          expected_version=fresh.version, today=today)  # fmt: skip
    audit("resolved", actor=actor, complaint=locked, before=before,
          after=facts(locked, ("state", "result", "resolved_on")))  # fmt: skip
    return locked


@transaction.atomic
def reply_complaint(
    *,
    actor: Any,
    complaint: Complaint,
    replied_on: dt.date,
    reply_method: str,
    expected_version: int,
    today: dt.date | None = None,
) -> Complaint:
    """The person told of the result (the day and how): the letter is closed."""
    today = today or timezone.localdate()
    locked = lock(complaint, expected_version, states=frozenset({ComplaintState.RESOLVED}))
    check_day(replied_on, "ngày trả lời", today=today, field="replied_on", after=locked.resolved_on,
              after_label="ngày giải quyết")  # fmt: skip
    if reply_method not in ReplyMethod.values or reply_method == ReplyMethod.NOT_POSSIBLE:
        raise DomainError("Hãy chọn hình thức trả lời người gửi đơn.", field="reply_method")
    before = facts(locked, ("state",))
    save(locked, {"state": ComplaintState.REPLIED, "replied_on": replied_on, "reply_method": reply_method,
                  "closed_on": replied_on})  # fmt: skip
    audit("replied", actor=actor, complaint=locked, before=before,
          after=facts(locked, ("state", "replied_on", "reply_method")))  # fmt: skip
    return locked


@transaction.atomic
def close_not_considered(
    *,
    actor: Any,
    complaint: Complaint,
    reason: str,
    closed_on: dt.date,
    repeat_of: Complaint | None = None,
    expected_version: int,
    today: dt.date | None = None,
) -> Complaint:
    """A letter found, while handled, to be under a false name (or a repeat without new evidence, …): recorded and
    closed "không xem xét, giải quyết" with the rule cited. A discipline complaint's appeal stays recorded: it is
    settled by a result, never closed this way."""
    today = today or timezone.localdate()
    locked = lock(complaint, expected_version, states=frozenset({ComplaintState.HANDLING}))
    if locked.kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        raise DomainError("Khiếu nại kỷ luật đã thụ lý (đã ghi nhận khiếu nại đối với quyết định kỷ luật) phải được "
                          "giải quyết bằng kết quả, không đóng là “không xem xét”.")  # fmt: skip
    if reason not in NotConsideredReason.values or reason == NotConsideredReason.ANONYMOUS:
        raise DomainError("Hãy chọn lý do không xem xét (mạo danh, không rõ địa chỉ, gửi lại không có chứng cứ mới).",
                          field="reason")  # fmt: skip
    check_day(closed_on, "ngày kết thúc", today=today, field="closed_on", after=locked.received_on,
              after_label="ngày nhận đơn")  # fmt: skip
    _check_repeat(reason, repeat_of, locked.received_on, locked.pk)
    rules = rules_in_force(locked.received_on)
    before = facts(locked, ("state", "not_considered_reason"))
    save(locked, {"state": ComplaintState.NOT_CONSIDERED, "not_considered_reason": reason, "closed_on": closed_on,
                  "repeat_of": repeat_of or locked.repeat_of})  # fmt: skip
    audit("not_considered", actor=actor, complaint=locked, before=before,
          after=facts(locked, ("state", "not_considered_reason", "closed_on", "repeat_of_id")),
          data={"rule": rules.not_considered_source.cite("Không xem xét, giải quyết")})  # fmt: skip
    return locked
