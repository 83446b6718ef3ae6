"""Writes of badges and of the facts they read: the proposal for an award date, the award, the withdrawal, a
member certified seriously ill, the cell's confirmation that a disciplined member mended their ways.

Each service checks with the same verdicts the list shows (`badge_list.assess`), refuses in Vietnamese naming the
rule (nothing written), writes, and logs one audit entry, in one transaction. Access (who may propose or decide
for which unit) is checked by the pages and the API before they call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.discipline.enums import DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .badge_list import assess
from .blocks import wait_ends
from .enums import BadgeState
from .models import Badge, ImprovementConfirmation, SeriousIllness
from .rules import check_award_date, rules_in_force

BADGE_FIELDS = ["member_id", "milestone", "milestone_day", "kind", "state", "award_date", "proposed_on",
                "proposing_organization_id", "unit_id", "decision_number", "decision_date", "deciding_authority",
                "withdrawn_on", "withdrawal_reason"]  # fmt: skip
EARLIEST_DECISION = dt.date(1930, 2, 3)


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def clean_text(value: str, *, field: str, what: str, limit: int, required: bool = True) -> str:
    """`value` with its spaces collapsed, refused when empty (if `required`) or longer than `limit`."""
    text = " ".join((value or "").split())
    if required and not text:
        raise DomainError(f"{what} không được để trống.", field=field)
    if len(text) > limit:
        raise DomainError(f"{what} dài quá {limit} ký tự.", field=field)
    return text


def _check_day(day: dt.date, *, today: dt.date, field: str, what: str, not_before: dt.date = EARLIEST_DECISION) -> None:
    if day > today:
        raise DomainError(f"{what} ({_d(day)}) không được sau ngày hôm nay ({_d(today)}).", field=field)
    if day < not_before:
        raise DomainError(f"{what} ({_d(day)}) không được trước ngày {_d(not_before)}.", field=field)


def _lock(badge: Badge, expected_version: int) -> Badge:
    locked = Badge.objects.select_for_update().select_related("member").get(pk=badge.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def _already(badge_id: int, years: int, name: str) -> DomainError:
    badge = Badge.objects.get(pk=badge_id)
    if badge.state == BadgeState.AWARDED:
        return DomainError(
            f"Đồng chí {name} đã được tặng Huy hiệu {years} năm tuổi đảng (Quyết định số {badge.decision_number} "
            f"ngày {_d(badge.decision_date or badge.award_date)}); mỗi mốc chỉ tặng một lần.", field="milestone"
        )  # fmt: skip
    return DomainError(
        f"Đồng chí {name} đã được đề nghị tặng Huy hiệu {years} năm tuổi đảng ở đợt {_d(badge.award_date)}, đang "
        "chờ quyết định; mỗi mốc chỉ đề nghị một lần.", field="milestone"
    )  # fmt: skip


def _save(badge: Badge, action: str, *, actor: Any, before: dict[str, Any]) -> Badge:
    """Save a change of a badge (its version bumped) and write its audit entry."""
    badge.version += 1
    badge.save()
    _log(action, actor=actor, badge=badge, before=before)
    return badge


def _log(action: str, *, actor: Any, badge: Badge, before: dict[str, Any] | None = None) -> None:
    after = snapshot(badge, BADGE_FIELDS)
    if before is not None:
        before, after = ({k: before[k] for k in after if before[k] != after[k]},
                         {k: after[k] for k in after if before[k] != after[k]})  # fmt: skip
    log_action(action, actor=actor, object_type="member", object_id=badge.member_id,
               object_repr=f"{badge.member.full_name}: Huy hiệu {badge.milestone} năm", scope_path=badge.unit_path,
               before=before, after=after, data={"badge": badge.pk})  # fmt: skip


@transaction.atomic
def propose_badge(
    *, actor: Any, member: Member, years: int, award_date: dt.date, proposing_organization: Organization,
    today: dt.date | None = None,
) -> Badge:  # fmt: skip
    """Propose one member's badge of `years` years for `award_date`.

    Steps: the award date is one of the rule set's and not more than a year ahead; the milestone is one of its
    milestones; the proposing unit is the member's cell or above it; the member is listed with a verdict that may
    be proposed (due, early for a seriously ill member, posthumous; `badge_list.assess`), refusing a milestone not
    reached by the award date outside the early window, a discipline that blocks it, and a second badge of the same
    milestone; then the badge is saved (proposed) with its verdict's sentence and one audit entry written."""
    today = today or timezone.localdate()
    rules = check_award_date(award_date)
    if award_date > today + dt.timedelta(days=366):
        raise DomainError(f"Đợt {_d(award_date)} còn quá xa để đề nghị (quá một năm).", field="award_date")
    if years not in rules.milestones:
        marks = ", ".join(str(y) for y in rules.milestones)
        raise DomainError(rules.milestones_source.cite(f"Không có mốc {years} năm tuổi đảng (các mốc: {marks})"),
                          field="milestone")  # fmt: skip
    member = Member.objects.select_related("organization").get(pk=member.pk)
    if not member.organization.path.startswith(proposing_organization.path):
        raise DomainError("Cấp đề nghị phải là chi bộ của đảng viên hoặc cấp ủy cấp trên của chi bộ.",
                          field="organization")  # fmt: skip
    found = assess(member=member, years=years, on=award_date, rules=rules)
    if found.badge is not None:
        raise _already(found.badge.id, years, member.full_name)
    if found.kind is None or found.reached is None:
        raise DomainError(f"Không đề nghị được cho đồng chí {member.full_name}: {found.reason}", field="milestone")
    if found.block is not None:
        raise DomainError(f"Không đề nghị được cho đồng chí {member.full_name}: {found.block.sentence(rules)}",
                          field="milestone")  # fmt: skip
    try:
        with transaction.atomic():  # two officers proposing the same member at once: the second is refused
            badge = Badge.objects.create(
                member=member, milestone=years, milestone_day=found.reached, kind=found.kind,
                state=BadgeState.PROPOSED, award_date=award_date, proposed_on=today,
                proposing_organization=proposing_organization, unit=member.organization,
                unit_path=member.organization.path, explanation=found.reason[:1000],
            )  # fmt: skip
    except IntegrityError:
        live = [BadgeState.PROPOSED, BadgeState.AWARDED]
        existing = Badge.objects.filter(member=member, milestone=years, state__in=live).first()
        if existing is None:
            raise
        raise _already(existing.pk, years, member.full_name) from None
    badge.member = member
    _log("recognition.badge.proposed", actor=actor, badge=badge)
    return badge


@transaction.atomic
def record_award(
    *, actor: Any, badge: Badge, decision_number: str, decision_date: dt.date, deciding_authority: str,
    expected_version: int, award_date: dt.date | None = None, today: dt.date | None = None,
) -> Badge:  # fmt: skip
    """Record that the deciding level awarded a proposed badge, in the round of `award_date` (the proposal's by
    default; a later one for a proposal carried over).

    Steps: lock and compare the version; the badge is still proposed (refusing a second award); the decision's
    number, date (not before the proposal, not after today) and authority; the round is an award date not before the
    proposal's; the same verdicts as the list on that date (the milestone reached or within the early window, no
    discipline blocking it); then the badge is saved as awarded with one audit entry."""
    today = today or timezone.localdate()
    badge = _lock(badge, expected_version)
    if badge.state == BadgeState.AWARDED:
        raise _already(badge.pk, badge.milestone, badge.member.full_name)
    if badge.state != BadgeState.PROPOSED:
        raise DomainError("Đề nghị này đã được rút; không ghi quyết định tặng được.", field="state")
    number = clean_text(decision_number, field="decision_number", what="Số quyết định", limit=80)
    authority = clean_text(deciding_authority, field="deciding_authority", what="Cấp quyết định", limit=255)
    _check_day(decision_date, today=today, field="decision_date", what="Ngày quyết định",
               not_before=badge.proposed_on)  # fmt: skip
    round_date = award_date or badge.award_date
    rules = check_award_date(round_date)
    if round_date < badge.award_date:
        raise DomainError(f"Đợt trao tặng không được trước đợt đã đề nghị ({_d(badge.award_date)}).",
                          field="award_date")  # fmt: skip
    found = assess(member=badge.member, years=badge.milestone, on=round_date, rules=rules)
    if found.kind is None:
        raise DomainError(f"Không ghi tặng được cho đồng chí {badge.member.full_name}: {found.reason}",
                          field="milestone")  # fmt: skip
    if found.block is not None:
        raise DomainError(f"Không ghi tặng được cho đồng chí {badge.member.full_name}: {found.block.sentence(rules)}",
                          field="milestone")  # fmt: skip
    before = snapshot(badge, BADGE_FIELDS)
    badge.state, badge.kind, badge.award_date = BadgeState.AWARDED, found.kind, round_date
    badge.decision_number, badge.decision_date, badge.deciding_authority = number, decision_date, authority
    return _save(badge, "recognition.badge.awarded", actor=actor, before=before)


@transaction.atomic
def withdraw_badge(
    *, actor: Any, badge: Badge, reason: str, expected_version: int, today: dt.date | None = None
) -> Badge:
    """Withdraw a proposal not yet decided (the member may be proposed again later), with the reason."""
    today = today or timezone.localdate()
    badge = _lock(badge, expected_version)
    if badge.state != BadgeState.PROPOSED:
        raise DomainError("Chỉ rút được đề nghị chưa có quyết định tặng.", field="state")
    text = clean_text(reason, field="reason", what="Lý do rút đề nghị", limit=500)
    before = snapshot(badge, BADGE_FIELDS)
    badge.state, badge.withdrawn_on, badge.withdrawal_reason = BadgeState.WITHDRAWN, today, text
    return _save(badge, "recognition.badge.withdrawn", actor=actor, before=before)


@transaction.atomic
def record_illness(
    *, actor: Any, member: Member, certified_on: dt.date, certified_by: str, note: str = "",
    today: dt.date | None = None,
) -> SeriousIllness:  # fmt: skip
    """Record that a member on the rolls was certified seriously ill (what allows an early badge)."""
    today = today or timezone.localdate()
    if member.status not in ON_ROLLS:
        raise DomainError("Đảng viên không còn trong danh sách đảng viên của đảng bộ.", field="member")
    _check_day(certified_on, today=today, field="certified_on", what="Ngày xác nhận bệnh nặng",
               not_before=member.admission_decision_date)  # fmt: skip
    where = clean_text(certified_by, field="certified_by", what="Nơi xác nhận", limit=255)
    text = clean_text(note, field="note", what="Ghi chú", limit=500, required=False)
    illness = SeriousIllness.objects.create(member=member, certified_on=certified_on, certified_by=where, note=text)
    _log_fact("recognition.illness.recorded", actor=actor, member=member,
              after=snapshot(illness, ["certified_on", "certified_by", "note"]))  # fmt: skip
    return illness


@transaction.atomic
def confirm_improvement(
    *, actor: Any, discipline: Discipline, confirmed_on: dt.date, resolution: str, note: str = "",
    today: dt.date | None = None,
) -> ImprovementConfirmation:  # fmt: skip
    """Record the cell's recognition that a member disciplined by `discipline` mended their ways: not before the
    wait after the decision (6, 9 or 12 months by form, the badge rule set in force on the confirmation day), once
    per decision; an expulsion has nothing to confirm."""
    today = today or timezone.localdate()
    member = discipline.member
    if member is None or discipline.form == DisciplineForm.EXPULSION:
        raise DomainError("Chỉ ghi công nhận sửa chữa khuyết điểm cho đảng viên bị khiển trách, cảnh cáo, cách chức.",
                          field="discipline")  # fmt: skip
    if ImprovementConfirmation.objects.filter(discipline=discipline).exists():
        raise DomainError("Chi bộ đã công nhận sửa chữa khuyết điểm cho quyết định kỷ luật này.", field="discipline")
    _check_day(confirmed_on, today=today, field="confirmed_on", what="Ngày chi bộ công nhận",
               not_before=discipline.decision_date)  # fmt: skip
    rules = rules_in_force(confirmed_on)
    waited = wait_ends(discipline.form, discipline.decision_date, rules)
    if confirmed_on < waited:
        months = rules.discipline_wait_months.get(discipline.form, 12)
        raise DomainError(rules.discipline_source.cite(
            f"Chưa đủ {months} tháng kể từ ngày quyết định kỷ luật ({_d(discipline.decision_date)}): chi bộ chỉ công "
            f"nhận sửa chữa khuyết điểm từ ngày {_d(waited)}"), field="confirmed_on")  # fmt: skip
    text = clean_text(resolution, field="resolution", what="Nghị quyết, biên bản chi bộ", limit=255)
    confirmation = ImprovementConfirmation.objects.create(
        member=member, discipline=discipline, confirmed_on=confirmed_on, resolution=text,
        note=clean_text(note, field="note", what="Ghi chú", limit=500, required=False),
    )  # fmt: skip
    _log_fact("recognition.improvement.confirmed", actor=actor, member=member,
              after=snapshot(confirmation, ["discipline_id", "confirmed_on", "resolution", "note"]))  # fmt: skip
    return confirmation


def _log_fact(action: str, *, actor: Any, member: Member, after: dict[str, Any]) -> None:
    log_action(action, actor=actor, object_type="member", object_id=member.pk, object_repr=member.full_name,
               scope_path=member.organization.path, after=after)  # fmt: skip
