"""Official transfers: inside the tree (at once, or waiting for the receiving side), out of the tree (the member
stays on the rolls until the hand-over) and in (with the duplicate check); each refusal writes nothing; the
counts "as of" before, during and after a transfer."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member
from dangbo.members.selectors import members_of_org_on
from dangbo.movements import transfers
from dangbo.movements.enums import Channel, MovementKind, MovementState
from dangbo.movements.models import Movement
from dangbo.movements.selectors import awaiting_acceptance, movements_for
from dangbo.organizations.enums import OrgKind

from ..conftest import World
from ..factories import make_org, make_user
from .helpers import nothing_written

TODAY = dt.date(2026, 3, 31)
ON = dt.date(2026, 3, 2)


def test_within_one_grassroots_organization_at_once(world: World) -> None:
    movement = transfers.transfer_internal(
        actor=world.officer, member=world.m1, to_organization=world.cell_a2, on=ON, reason="Điều động công tác",
        decision_number="12-QĐ/ĐU", decision_date=dt.date(2026, 2, 26), today=TODAY,
    )  # fmt: skip
    assert movement.state == MovementState.DONE and movement.ended_on == ON
    assert movement.issuing_organization == world.org_a  # its own committee, between two of its cells
    assert (movement.from_path, movement.to_path) == (world.cell_a1.path, world.cell_a2.path)
    m1 = Member.objects.get(pk=world.m1.pk)
    assert m1.organization == world.cell_a2 and m1.status == MemberStatus.FULL
    before, during_after = ON - dt.timedelta(days=1), (ON, dt.date(2026, 6, 1))
    assert world.m1 in members_of_org_on(world.cell_a1, before)
    assert world.m1 not in members_of_org_on(world.cell_a2, before)
    for day in during_after:
        assert world.m1 not in members_of_org_on(world.cell_a1, day)
        assert world.m1 in members_of_org_on(world.cell_a2, day)
    assert members_of_org_on(world.org_a, before).count() == members_of_org_on(world.org_a, ON).count() == 2
    assert AuditEntry.objects.filter(action="movements.transfer.recorded", object_id=str(movement.pk)).exists()
    assert AuditEntry.objects.filter(action="members.member.moved", object_id=str(world.m1.pk)).exists()


def test_to_another_grassroots_organization_waits_for_the_receiving_side(world: World) -> None:
    movement = transfers.transfer_internal(
        actor=world.officer, member=world.m1, to_organization=world.cell_b1, on=ON, reason="Chuyển công tác",
        today=TODAY,
    )  # fmt: skip
    assert movement.state == MovementState.OPEN and movement.issuing_organization == world.bloc
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_a1
    assert list(awaiting_acceptance(scope_for(world.outsider))) == [movement]
    assert not awaiting_acceptance(scope_for(world.officer)).exists()
    for user in (world.officer, world.outsider, world.bloc_officer):  # both sides' officers see it
        assert movements_for(scope_for(user)).filter(pk=movement.pk).exists()
    with nothing_written(), pytest.raises(DomainError, match=r"Chi bộ nhận .* nằm ngoài phạm vi quản lý"):
        transfers.accept_transfer(actor=world.officer, movement=movement)
    accepted = transfers.accept_transfer(actor=world.outsider, movement=movement, expected_version=1, today=TODAY)
    assert accepted.state == MovementState.DONE and accepted.approved_on == TODAY and accepted.version == 2
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_b1
    assert CellMembership.objects.get(member=world.m1, end__isnull=True).start == ON  # moved on the transfer date
    assert world.m1 in members_of_org_on(world.org_a, ON - dt.timedelta(days=1))
    assert world.m1 in members_of_org_on(world.org_b, ON) and world.m1 not in members_of_org_on(world.org_a, ON)


def test_the_receiving_side_declines(world: World) -> None:
    movement = transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_b1,
                                           on=ON, reason="Chuyển công tác", today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Hãy ghi lý do từ chối"):
        transfers.decline_transfer(actor=world.outsider, movement=movement, reason=" ")
    declined = transfers.decline_transfer(actor=world.outsider, movement=movement, reason="Chưa nhận được hồ sơ")
    assert declined.state == MovementState.CANCELLED and "Chưa nhận được hồ sơ" in declined.note
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_a1
    with nothing_written(), pytest.raises(DomainError, match="đang chờ nơi nhận"):
        transfers.accept_transfer(actor=world.outsider, movement=declined)


def test_bloc_officer_moves_between_grassroots_organizations_at_once(world: World) -> None:
    movement = transfers.transfer_internal(actor=world.bloc_officer, member=world.m3, to_organization=world.cell_a1,
                                           on=ON, reason="Chuyển công tác", today=TODAY)  # fmt: skip
    assert movement.state == MovementState.DONE and movement.issuing_organization == world.bloc
    assert Member.objects.get(pk=world.m3.pk).organization == world.cell_a1


def test_a_receiving_side_nobody_can_accept_is_refused(world: World) -> None:
    org_c = make_org(name="Đảng bộ Trường Cao đẳng", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=world.bloc, code="C")
    cell_c1 = make_org(name="Chi bộ Khoa Kế toán", parent=org_c, code="C1")
    # the bloc officer's role covers C too: end it before the transfer
    world.bloc_officer.roles.update(end=dt.date(2026, 1, 1))
    with nothing_written(), pytest.raises(DomainError, match="chưa có cấp ủy nơi nhận nào"):
        transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=cell_c1, on=ON,
                                    reason="Chuyển công tác", today=TODAY)  # fmt: skip
    make_user("canbo_c", role=RoleKind.CELL_SECRETARY, organization=cell_c1)
    waiting = transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=cell_c1, on=ON,
                                          reason="Chuyển công tác", today=TODAY)  # fmt: skip
    assert waiting.state == MovementState.OPEN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": ""}, "Hãy ghi lý do chuyển sinh hoạt"),
        ({"on": dt.date(2026, 4, 1)}, "không được sau ngày hôm nay"),
        ({"decision_date": dt.date(2026, 3, 3)}, "Ngày quyết định không được sau ngày chuyển sinh hoạt"),
        ({"to_organization": "org_a"}, "không phải chi bộ"),
        ({"to_organization": "cell_a1"}, "Đảng viên đang sinh hoạt tại"),
        ({"actor": "outsider"}, r"Chi bộ của đảng viên .* nằm ngoài phạm vi quản lý"),
        ({"actor": "member_user"}, "nằm ngoài phạm vi quản lý"),
    ],
)
def test_bad_internal_transfers_are_refused(world: World, change: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"actor": world.officer, "member": world.m1, "to_organization": world.cell_a2,
                               "on": ON, "reason": "Điều động", "today": TODAY}  # fmt: skip
    for key, value in change.items():
        args[key] = getattr(world, value) if isinstance(value, str) and key != "reason" else value
    with nothing_written(), pytest.raises(DomainError, match=message):
        transfers.transfer_internal(**args)  # type: ignore[arg-type]


def test_a_second_transfer_while_one_is_under_way_is_refused(world: World) -> None:
    transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_b1, on=ON,
                                reason="Chuyển công tác", today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="đang có thủ tục chuyển sinh hoạt chưa hoàn tất"):
        transfers.transfer_internal(actor=world.officer, member=world.m1, to_organization=world.cell_a2, on=ON,
                                    reason="Điều động", today=TODAY)  # fmt: skip


def _out(world: World, **extra: object) -> Movement:
    args: dict[str, object] = {
        "actor": world.officer, "member": world.m1, "external_organization": "Đảng bộ Phường Ba Đình, Hà Nội",
        "cause_date": dt.date(2026, 1, 5), "reason": "Nghỉ hưu, về nơi cư trú", "today": TODAY,
    }  # fmt: skip
    return transfers.start_transfer_out(**{**args, **extra})  # type: ignore[arg-type]


def test_out_of_the_tree_the_member_stays_on_the_rolls_until_the_hand_over(world: World) -> None:
    movement = _out(world)
    assert movement.state == MovementState.OPEN and movement.issuing_organization == world.bloc
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL
    movement = transfers.record_transfer_letter(
        actor=world.officer, movement=movement, letter_number="25-GGT/ĐUK", letter_date=dt.date(2026, 2, 2),
        channel=Channel.PORTAL, portal_reference="G22.99-260202-0001", expected_version=1, today=TODAY,
    )  # fmt: skip
    handed = dt.date(2026, 3, 10)
    assert world.m1 in members_of_org_on(world.cell_a1, handed - dt.timedelta(days=1))
    done = transfers.record_hand_over(actor=world.officer, movement=movement, handed_over_on=handed,
                                      expected_version=2, today=TODAY)  # fmt: skip
    assert done.state == MovementState.DONE and done.ended_on == handed
    m1 = Member.objects.get(pk=world.m1.pk)
    assert m1.status == MemberStatus.TRANSFERRED_OUT
    assert world.m1 in members_of_org_on(world.cell_a1, handed - dt.timedelta(days=1))
    assert world.m1 not in members_of_org_on(world.cell_a1, handed)
    assert world.m1 not in members_of_org_on(world.bloc, dt.date(2026, 6, 1))
    with nothing_written(), pytest.raises(DomainError, match="không còn trong danh sách đảng viên"):
        transfers.transfer_internal(actor=world.officer, member=m1, to_organization=world.cell_a2, on=TODAY,
                                    reason="Điều động", today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="không còn trong danh sách đảng viên"):
        _out(world)


def test_bad_transfers_out_are_refused(world: World) -> None:
    with nothing_written(), pytest.raises(DomainError, match="Hãy ghi tổ chức đảng nơi đến"):
        _out(world, external_organization="  ")
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày phát sinh"):
        _out(world, letter_number="1", letter_date=dt.date(2026, 1, 2))
    with nothing_written(), pytest.raises(DomainError, match="Mã hồ sơ chỉ ghi khi"):
        _out(world, portal_reference="X1")
    with nothing_written(), pytest.raises(DomainError, match="nằm ngoài phạm vi quản lý"):
        _out(world, actor=world.outsider)
    movement = _out(world)
    with nothing_written(), pytest.raises(DomainError, match="Hãy ghi số và ngày giấy giới thiệu"):
        transfers.record_hand_over(actor=world.officer, movement=movement, handed_over_on=TODAY, today=TODAY)
    movement = transfers.record_transfer_letter(actor=world.officer, movement=movement, letter_number="7",
                                                letter_date=dt.date(2026, 2, 2), today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Ngày bàn giao không được trước ngày giấy giới thiệu"):
        transfers.record_hand_over(actor=world.officer, movement=movement, handed_over_on=dt.date(2026, 2, 1),
                                   today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Bản ghi đã được người khác sửa"):
        transfers.record_hand_over(actor=world.officer, movement=movement, handed_over_on=TODAY,
                                   expected_version=1, today=TODAY)  # fmt: skip
    cancelled = transfers.cancel_transfer(actor=world.officer, movement=movement, reason="Đảng viên không chuyển nữa")
    assert cancelled.state == MovementState.CANCELLED
    assert Member.objects.get(pk=world.m1.pk).status == MemberStatus.FULL


SHEET = {
    "family_name": "Lê", "middle_name": "Thị", "given_name": "Hoa", "gender": "female",
    "birth_date": dt.date(1990, 4, 2), "admission_decision_date": dt.date(2015, 5, 19),
    "ceremony_date": dt.date(2015, 6, 1), "full_membership_date": dt.date(2016, 6, 1),
    "citizen_id": "001190000123", "card_number": "09000123",
}  # fmt: skip


def _in(world: World, sheet: dict[str, object], **extra: object) -> Movement:
    args: dict[str, object] = {
        "actor": world.officer, "organization": world.cell_a2, "data": sheet, "joined_on": dt.date(2026, 3, 16),
        "external_organization": "Đảng bộ Sở Y tế tỉnh Nam Định", "letter_number": "41-GGT/ĐUK",
        "letter_date": dt.date(2026, 3, 9), "today": TODAY,
    }  # fmt: skip
    return transfers.receive_transfer_in(**{**args, **extra})  # type: ignore[arg-type]


def test_incoming_transfer_registers_the_member(world: World) -> None:
    movement = _in(world, SHEET)
    assert movement.kind == MovementKind.TRANSFER_IN and movement.state == MovementState.DONE
    assert (movement.letter_number, movement.letter_date) == ("41-GGT/ĐUK", dt.date(2026, 3, 9))
    member = movement.member
    assert member is not None and member.organization == world.cell_a2 and member.status == MemberStatus.FULL
    assert member not in members_of_org_on(world.cell_a2, dt.date(2026, 3, 15))
    assert member in members_of_org_on(world.cell_a2, dt.date(2026, 3, 16))


def test_incoming_duplicates(world: World) -> None:
    with nothing_written(), pytest.raises(DomainError, match="Số CCCD hoặc số thẻ đảng viên đã có"):
        _in(world, {**SHEET, "citizen_id": world.m2.citizen_id})
    with nothing_written(), pytest.raises(DomainError, match="Số CCCD hoặc số thẻ đảng viên đã có"):
        _in(world, {**SHEET, "card_number": world.m3.card_number})
    twin = {**SHEET, "family_name": world.m2.family_name, "middle_name": world.m2.middle_name,
            "given_name": world.m2.given_name, "birth_date": world.m2.birth_date}  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="cùng họ, tên và ngày sinh"):
        _in(world, twin)
    assert _in(world, twin, confirm_similar=True).member is not None
    with nothing_written(), pytest.raises(DomainError, match="Ngày tiếp nhận không được trước ngày giấy giới thiệu"):
        _in(world, {**SHEET, "citizen_id": "001190000999", "card_number": "X"}, joined_on=dt.date(2026, 3, 1))
    with nothing_written(), pytest.raises(DomainError, match="nằm ngoài phạm vi quản lý"):
        _in(world, {**SHEET, "citizen_id": "001190000999", "card_number": "X"}, actor=world.outsider)
