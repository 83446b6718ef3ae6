"""Official transfers (chuyển sinh hoạt đảng chính thức, rules-2025 §2): one entry point per state change, each
atomic and audited; bad input is refused with a Vietnamese `DomainError` and nothing is written.

- Inside the tree (`transfer_internal`): one cell to another. When the actor's scope covers the receiving cell,
  the move is made at once; otherwise the movement waits (OPEN) until an officer of the receiving side accepts it
  (`accept_transfer`: the move is made on the transfer date) or declines it (`decline_transfer`).
- Out of the tree (`start_transfer_out`, `record_transfer_letter`, `record_hand_over`): the introduction letter is
  issued by the committee directly above the grassroots organization; the member stays on the sending rolls until
  the hand-over is recorded, then leaves with status TRANSFERRED_OUT. Its two deadlines are in `deadlines`.
- Into the tree (`receive_transfer_in`): a member arriving with a letter is registered in a cell through the
  registry's `create_member`, after the duplicate check of `duplicates`.

The registry is written only through `members.services` (`move_to_cell`, `change_status`, `create_member`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.accounts.enums import RIGHTS, Right
from dangbo.accounts.models import Role
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members import services as registry
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .duplicates import find_duplicates
from .enums import TRANSFERS, Channel, MovementKind, MovementState
from .models import Movement, MovementRuleSet
from .rules import rules_in_force

GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)
AUDITED = [
    "kind", "state", "member_id", "from_organization_id", "to_organization_id", "external_organization",
    "issuing_organization_id", "cause_date", "start", "ended_on", "handed_over_on", "decision_number",
    "decision_date", "letter_number", "letter_date", "channel", "portal_reference", "reason",
]  # fmt: skip

__all__ = [
    "accept_transfer",
    "can_receive",
    "cancel_transfer",
    "decline_transfer",
    "issuing_organization_for",
    "receive_transfer_in",
    "record_hand_over",
    "record_transfer_letter",
    "start_transfer_out",
    "transfer_internal",
]


def audit(action: str, *, actor: Any, movement: Movement, before: dict[str, Any] | None = None, **data: Any) -> None:
    """One audit entry about a movement (`movements.<action>`), placed on the sending side (or the receiving side
    when it came from outside the tree)."""
    log_action(
        f"movements.{action}",
        actor=actor,
        object_type="movement",
        object_id=movement.pk,
        object_repr=str(movement),
        scope_path=movement.from_path or movement.to_path,
        before=before,
        after=snapshot(movement, AUDITED),
        data=data or None,
    )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _not_future(day: dt.date, today: dt.date, *, what: str, field: str) -> None:
    if day > today:
        raise DomainError(f"{what} ({day:%d/%m/%Y}) không được sau ngày hôm nay.", field=field)


def _text(value: str, *, what: str, field: str, limit: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise DomainError(f"Hãy ghi {what}.", field=field)
    if len(value) > limit:
        raise DomainError(f"{what[:1].upper()}{what[1:]} dài quá {limit} ký tự.", field=field)
    return value


def _check_movable(member: Member) -> None:
    """The member is on the rolls and has no transfer under way."""
    if member.status not in ON_ROLLS:
        raise DomainError(
            f"Đồng chí {member.full_name} không còn trong danh sách đảng viên của Đảng bộ "
            f"(“{MemberStatus(member.status).label}”): không thể chuyển sinh hoạt.",
            field="member",
        )
    if Movement.objects.filter(member=member, kind__in=TRANSFERS, state=MovementState.OPEN).exists():
        raise DomainError(
            f"Đồng chí {member.full_name} đang có thủ tục chuyển sinh hoạt chưa hoàn tất: hãy hoàn tất hoặc hủy "
            "thủ tục đó trước.",
            field="member",
        )


def _manages(actor: Any, path: str) -> bool:
    return scope_for(actor).covers_path(Right.MANAGE_MOVEMENTS, path)


def _require_manages(actor: Any, org: Organization, *, side: str) -> None:
    if not _manages(actor, org.path):
        raise DomainError(f"{side} “{org.qualified_name}” nằm ngoài phạm vi quản lý của đồng chí.", field="member")


def can_receive(org: Organization, *, today: dt.date | None = None) -> bool:
    """Whether someone may accept a transfer into `org`: a role in force that holds MANAGE_MOVEMENTS over it."""
    day = _today(today)
    kinds = [kind for kind, rights in RIGHTS.items() if Right.MANAGE_MOVEMENTS in rights]
    return (
        Role.objects.filter(kind__in=kinds, organization__path__in=[*org.ancestor_paths(), org.path])
        .filter(Q(start__isnull=True) | Q(start__lte=day))
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .exists()
    )


def _rule_set_id(day: dt.date) -> int | None:
    """The movement rule set in force on `day`, kept on the record (None before the first one)."""
    return MovementRuleSet.objects.in_force_on(day).values_list("pk", flat=True).first()


def _locked(movement: Movement, expected_version: int | None) -> Movement:
    locked = (
        Movement.objects.select_for_update(of=("self",))
        .select_related("member", "from_organization", "to_organization")
        .get(pk=movement.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def _save(movement: Movement, fields: list[str]) -> None:
    movement.version += 1
    movement.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def transfer_internal(
    *,
    actor: Any,
    member: Member,
    to_organization: Organization,
    on: dt.date,
    reason: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Movement:
    """Transfer `member` officially to the cell `to_organization` of the tree on `on`.

    The actor must manage movements over the member's cell. When they also manage the receiving cell, the member
    is moved now (`members.services.move_to_cell` on `on`) and the movement is DONE; otherwise it is OPEN until
    the receiving side accepts or declines it; with nobody able to accept there, it is refused.
    """
    today = _today(today)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    from_org = member.organization
    _require_manages(actor, from_org, side="Chi bộ của đảng viên")
    _check_movable(member)
    reason = _text(reason, what="lý do chuyển sinh hoạt", field="reason", limit=500)
    _not_future(on, today, what="Ngày chuyển sinh hoạt", field="on")
    if decision_date is not None:
        _not_future(decision_date, today, what="Ngày quyết định", field="decision_date")
        if decision_date > on:
            raise DomainError("Ngày quyết định không được sau ngày chuyển sinh hoạt.", field="decision_date")
    if not to_organization.holds_members or not to_organization.is_active:
        raise DomainError(
            f"“{to_organization.qualified_name}” không phải chi bộ đang hoạt động.", field="to_organization"
        )
    if to_organization.pk == from_org.pk:
        raise DomainError(f"Đảng viên đang sinh hoạt tại “{from_org.qualified_name}”.", field="to_organization")
    direct = _manages(actor, to_organization.path)
    if not direct and not can_receive(to_organization, today=today):
        raise DomainError(
            f"Chi bộ nhận “{to_organization.qualified_name}” nằm ngoài phạm vi quản lý của đồng chí và chưa có cấp "
            "ủy nơi nhận nào được giao tiếp nhận trên hệ thống: không thể chuyển sinh hoạt.",
            field="to_organization",
        )
    movement = Movement.objects.create(
        kind=MovementKind.TRANSFER_INTERNAL,
        state=MovementState.DONE if direct else MovementState.OPEN,
        member=member, from_organization=from_org, to_organization=to_organization,
        from_path=from_org.path, to_path=to_organization.path,
        issuing_organization=issuing_organization_for(from_org, to_organization),
        start=on, ended_on=on if direct else None, decision_number=decision_number.strip(),
        decision_date=decision_date, reason=reason, note=note.strip(),
        rule_set_id=_rule_set_id(on), created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    if direct:
        registry.move_to_cell(actor=actor, member=member, organization=to_organization, on=on, reason=reason)
    audit("transfer.recorded" if direct else "transfer.requested", actor=actor, movement=movement)
    return movement


@transaction.atomic
def accept_transfer(
    *, actor: Any, movement: Movement, expected_version: int | None = None, today: dt.date | None = None
) -> Movement:
    """The receiving side accepts a waiting internal transfer: the member is moved on the transfer date."""
    locked = _locked(movement, expected_version)
    if locked.kind != MovementKind.TRANSFER_INTERNAL or locked.state != MovementState.OPEN:
        raise DomainError("Chỉ tiếp nhận được thủ tục chuyển sinh hoạt đang chờ nơi nhận.", field="movement")
    assert locked.to_organization is not None and locked.member is not None
    _require_manages(actor, locked.to_organization, side="Chi bộ nhận")
    member = locked.member
    if member.status not in ON_ROLLS or member.organization_id != locked.from_organization_id:
        raise DomainError(
            f"Hồ sơ đồng chí {member.full_name} đã thay đổi (trạng thái hoặc chi bộ) từ khi gửi: không thể tiếp "
            "nhận; hãy đề nghị nơi chuyển hủy và làm lại.",
            field="movement",
        )
    before = snapshot(locked, AUDITED)
    registry.move_to_cell(
        actor=actor, member=member, organization=locked.to_organization, on=locked.start, reason=locked.reason
    )
    locked.state, locked.ended_on, locked.approved_on = MovementState.DONE, locked.start, _today(today)
    _save(locked, ["state", "ended_on", "approved_on"])
    audit("transfer.accepted", actor=actor, movement=locked, before=before)
    return locked


def _end_with_reason(locked: Movement, *, actor: Any, reason: str, action: str, note: str) -> Movement:
    """End an open movement as CANCELLED, the reason kept in its note (a decline, a withdrawal)."""
    reason = _text(reason, what=f"lý do {note.lower()}", field="reason", limit=500)
    before = snapshot(locked, AUDITED)
    locked.state = MovementState.CANCELLED
    locked.note = f"{locked.note}\n{note}: {reason}".strip()
    _save(locked, ["state", "note"])
    audit(action, actor=actor, movement=locked, before=before, reason=reason)
    return locked


@transaction.atomic
def decline_transfer(*, actor: Any, movement: Movement, reason: str, expected_version: int | None = None) -> Movement:
    """The receiving side declines a waiting internal transfer: it ends, the member stays where they are."""
    locked = _locked(movement, expected_version)
    if locked.kind != MovementKind.TRANSFER_INTERNAL or locked.state != MovementState.OPEN:
        raise DomainError("Chỉ từ chối được thủ tục chuyển sinh hoạt đang chờ nơi nhận.", field="movement")
    assert locked.to_organization is not None
    _require_manages(actor, locked.to_organization, side="Chi bộ nhận")
    return _end_with_reason(locked, actor=actor, reason=reason, action="transfer.declined", note="Từ chối")


@transaction.atomic
def cancel_transfer(*, actor: Any, movement: Movement, reason: str, expected_version: int | None = None) -> Movement:
    """The sending side withdraws a transfer still under way (internal and waiting, or out and not handed over)."""
    locked = _locked(movement, expected_version)
    if locked.kind not in (MovementKind.TRANSFER_INTERNAL, MovementKind.TRANSFER_OUT) or (
        locked.state != MovementState.OPEN
    ):
        raise DomainError("Chỉ hủy được thủ tục chuyển sinh hoạt chưa hoàn tất.", field="movement")
    assert locked.from_organization is not None
    _require_manages(actor, locked.from_organization, side="Chi bộ chuyển đi")
    return _end_with_reason(locked, actor=actor, reason=reason, action="transfer.cancelled", note="Hủy")


def grassroots_of(org: Organization) -> Organization:
    """The grassroots organization (đảng bộ cơ sở, chi bộ cơ sở) `org` belongs to, or is."""
    found = (
        Organization.objects.filter(path__in=[*org.ancestor_paths(), org.path], kind__in=GRASSROOTS_KINDS)
        .order_by("-depth")
        .first()
    )
    if found is None:
        raise DomainError(f"“{org.qualified_name}” không thuộc một tổ chức cơ sở đảng nào.", field="member")
    return found


def issuing_organization_for(cell: Organization, to: Organization | None = None) -> Organization:
    """Who issues the introduction letter: the committee directly above the member's grassroots organization
    (for a grassroots organization directly under the bloc, the bloc's committee); for a move between two cells
    of one grassroots organization (`to`), its own committee; a grassroots organization at the top of the tree
    issues its own."""
    grassroots = grassroots_of(cell)
    if to is not None and grassroots_of(to).pk == grassroots.pk:
        return grassroots
    return grassroots.parent if grassroots.parent_id is not None else grassroots  # type: ignore[return-value]


def _check_letter(letter_number: str, letter_date: dt.date | None, cause_date: dt.date, today: dt.date) -> None:
    if letter_date is None:
        if letter_number.strip():
            raise DomainError("Hãy ghi ngày của giấy giới thiệu.", field="letter_date")
        return
    _not_future(letter_date, today, what="Ngày giấy giới thiệu", field="letter_date")
    if letter_date < cause_date:
        raise DomainError(
            f"Ngày giấy giới thiệu không được trước ngày phát sinh ({cause_date:%d/%m/%Y}).", field="letter_date"
        )


def _check_channel(channel: str, portal_reference: str) -> None:
    if channel not in Channel.values:
        raise DomainError("Hình thức chuyển sinh hoạt không hợp lệ.", field="channel")
    if portal_reference.strip() and channel != Channel.PORTAL:
        raise DomainError("Mã hồ sơ chỉ ghi khi làm thủ tục trên Cổng Dịch vụ công.", field="portal_reference")


@transaction.atomic
def start_transfer_out(
    *,
    actor: Any,
    member: Member,
    external_organization: str,
    cause_date: dt.date,
    reason: str,
    letter_number: str = "",
    letter_date: dt.date | None = None,
    channel: str = Channel.PAPER,
    portal_reference: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Movement:
    """Open the official transfer of `member` out of the tree to `external_organization` (its name).

    The member stays on the sending rolls, status unchanged, until `record_hand_over`. `cause_date` is the
    decision or move that causes the transfer (the 60 working days count from it); the letter's number and date
    may be recorded now or later (`record_transfer_letter`; the 30 working days count from its date).
    """
    today = _today(today)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_manages(actor, member.organization, side="Chi bộ của đảng viên")
    _check_movable(member)
    external = _text(external_organization, what="tổ chức đảng nơi đến", field="external_organization", limit=255)
    reason = _text(reason, what="lý do chuyển sinh hoạt", field="reason", limit=500)
    _not_future(cause_date, today, what="Ngày phát sinh", field="cause_date")
    _check_letter(letter_number, letter_date, cause_date, today)
    _check_channel(channel, portal_reference)
    from_org = member.organization
    movement = Movement.objects.create(
        kind=MovementKind.TRANSFER_OUT, state=MovementState.OPEN, member=member,
        from_organization=from_org, from_path=from_org.path, external_organization=external,
        issuing_organization=issuing_organization_for(from_org), cause_date=cause_date, start=cause_date,
        letter_number=letter_number.strip(), letter_date=letter_date, channel=channel,
        portal_reference=portal_reference.strip(), reason=reason, note=note.strip(),
        rule_set_id=rules_in_force(cause_date).rule_set_id, created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit("transfer_out.started", actor=actor, movement=movement)
    return movement


def _open_out(movement: Movement, expected_version: int | None, actor: Any) -> Movement:
    locked = _locked(movement, expected_version)
    if locked.kind != MovementKind.TRANSFER_OUT or locked.state != MovementState.OPEN:
        raise DomainError("Thủ tục chuyển sinh hoạt ra ngoài Đảng bộ này đã kết thúc.", field="movement")
    assert locked.from_organization is not None
    _require_manages(actor, locked.from_organization, side="Chi bộ chuyển đi")
    return locked


@transaction.atomic
def record_transfer_letter(
    *,
    actor: Any,
    movement: Movement,
    letter_number: str,
    letter_date: dt.date,
    channel: str = Channel.PAPER,
    portal_reference: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Movement:
    """Record the introduction letter of a transfer out (number, date, channel and the portal's reference)."""
    locked = _open_out(movement, expected_version, actor)
    assert locked.cause_date is not None
    _text(letter_number, what="số giấy giới thiệu", field="letter_number", limit=80)
    _check_letter(letter_number, letter_date, locked.cause_date, _today(today))
    _check_channel(channel, portal_reference)
    before = snapshot(locked, AUDITED)
    locked.letter_number, locked.letter_date = letter_number.strip(), letter_date
    locked.channel, locked.portal_reference = channel, portal_reference.strip()
    _save(locked, ["letter_number", "letter_date", "channel", "portal_reference"])
    audit("transfer_out.letter", actor=actor, movement=locked, before=before)
    return locked


@transaction.atomic
def record_hand_over(
    *,
    actor: Any,
    movement: Movement,
    handed_over_on: dt.date,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Movement:
    """The receiving organization took the member in on `handed_over_on`: the member leaves the sending rolls
    (`change_status(TRANSFERRED_OUT)` on that day) and the transfer is DONE."""
    locked = _open_out(movement, expected_version, actor)
    if locked.letter_date is None:
        raise DomainError("Hãy ghi số và ngày giấy giới thiệu trước khi ghi ngày bàn giao.", field="handed_over_on")
    _not_future(handed_over_on, _today(today), what="Ngày bàn giao", field="handed_over_on")
    if handed_over_on < locked.letter_date:
        raise DomainError(
            f"Ngày bàn giao không được trước ngày giấy giới thiệu ({locked.letter_date:%d/%m/%Y}).",
            field="handed_over_on",
        )
    assert locked.member is not None
    if locked.member.status not in ON_ROLLS:
        raise DomainError(f"Đồng chí {locked.member.full_name} không còn trong danh sách đảng viên.", field="member")
    before = snapshot(locked, AUDITED)
    registry.change_status(
        actor=actor, member=locked.member, status=MemberStatus.TRANSFERRED_OUT, on=handed_over_on,
        reason=f"Chuyển sinh hoạt chính thức đến {locked.external_organization}",
        decision_number=locked.letter_number,
    )  # fmt: skip
    locked.state, locked.handed_over_on, locked.ended_on = MovementState.DONE, handed_over_on, handed_over_on
    _save(locked, ["state", "handed_over_on", "ended_on"])
    audit("transfer_out.handed_over", actor=actor, movement=locked, before=before)
    return locked


@transaction.atomic
def receive_transfer_in(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    joined_on: dt.date,
    external_organization: str,
    letter_number: str,
    letter_date: dt.date,
    channel: str = Channel.PAPER,
    portal_reference: str = "",
    confirm_similar: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> Movement:
    """Receive into the cell `organization` a member arriving with an introduction letter from outside the tree.

    `data` is the member sheet (as `members.services.create_member` takes it). A member of the registry with the
    same citizen id or card number refuses it; one with the same full name and birth date refuses it unless
    `confirm_similar` (the officer checked it is another person). The member is registered from `joined_on` and
    the letter's number and date and the sending organization are kept on a DONE movement TRANSFER_IN.
    """
    today = _today(today)
    _require_manages(actor, organization, side="Chi bộ nhận")
    external = _text(external_organization, what="tổ chức đảng nơi chuyển đến", field="external_organization",
                     limit=255)  # fmt: skip
    letter_number = _text(letter_number, what="số giấy giới thiệu", field="letter_number", limit=80)
    _not_future(letter_date, today, what="Ngày giấy giới thiệu", field="letter_date")
    _not_future(joined_on, today, what="Ngày tiếp nhận", field="joined_on")
    if joined_on < letter_date:
        raise DomainError(
            f"Ngày tiếp nhận không được trước ngày giấy giới thiệu ({letter_date:%d/%m/%Y}).", field="joined_on"
        )
    _check_channel(channel, portal_reference)
    sheet = registry.clean_sheet(data)
    found = find_duplicates(sheet)
    if found.exact:
        raise DomainError(found.exact_message(), field="citizen_id", code="duplicate")
    if found.similar and not confirm_similar:
        raise DomainError(found.similar_message(), field="given_name", code="similar")
    member = registry.create_member(
        actor=actor, organization=organization, data=sheet, joined_cell_on=joined_on, today=today
    )
    movement = Movement.objects.create(
        kind=MovementKind.TRANSFER_IN, state=MovementState.DONE, member=member, to_organization=organization,
        to_path=organization.path, external_organization=external, start=joined_on, ended_on=joined_on,
        handed_over_on=joined_on, letter_number=letter_number, letter_date=letter_date, channel=channel,
        portal_reference=portal_reference.strip(), note=note.strip(), rule_set_id=_rule_set_id(joined_on),
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    audit("transfer_in.received", actor=actor, movement=movement, similar_confirmed=bool(found.similar))
    return movement
