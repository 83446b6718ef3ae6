"""Recording a discipline decision: the checks, the unit snapshot, the audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.discipline.enums import DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from dangbo.members import services as member_services
from dangbo.members.models import Member
from tests.conftest import World

TODAY = dt.date(2026, 11, 27)


def record(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": world.bloc_officer,
        "member": world.m1,
        "form": DisciplineForm.REPRIMAND,
        "violation_date": dt.date(2026, 3, 2),
        "decision_date": dt.date(2026, 5, 12),
        "decision_number": "15-QĐ/ĐU",
        "deciding_organization": world.org_a,
        "today": TODAY,
    }
    data.update(overrides)
    return record_discipline(**data)


def refused(world: World, message: str, **overrides: Any) -> None:
    before = (Discipline.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as info:
        record(world, **overrides)
    assert message in info.value.message
    assert (Discipline.objects.count(), AuditEntry.objects.count()) == before


def test_record_discipline_of_a_member_keeps_the_cell_and_is_audited(world: World) -> None:
    discipline = record(world, note="  Vi phạm quy định nêu gương  ")
    assert discipline.organization_at_decision == world.cell_a1
    assert discipline.organization is None
    assert discipline.note == "Vi phạm quy định nêu gương"
    entry = AuditEntry.objects.get(action="discipline.discipline.recorded")
    assert entry.object_id == str(discipline.pk)
    assert entry.scope_path == world.cell_a1.path
    assert entry.actor == world.bloc_officer
    assert entry.after["form"] == "reprimand"
    assert entry.after["decision_date"] == "2026-05-12"


def test_record_discipline_of_an_organization_by_the_level_above(world: World) -> None:
    discipline = record(
        world,
        member=None,
        organization=world.cell_a1,
        form=DisciplineForm.DISSOLUTION,
        deciding_organization=world.bloc,
        self_remedied=False,
    )
    assert discipline.organization_at_decision == world.cell_a1
    assert discipline.member is None


def test_record_discipline_keeps_the_cell_of_the_decision_date(world: World) -> None:
    member_services.move_to_cell(actor=None, member=world.m1, organization=world.cell_a2, on=dt.date(2026, 8, 1))
    before_move = record(world, decision_date=dt.date(2026, 7, 31))
    after_move = record(world, decision_date=dt.date(2026, 8, 1), decision_number="16-QĐ/ĐU")
    assert before_move.organization_at_decision == world.cell_a1
    assert after_move.organization_at_decision == world.cell_a2


@pytest.mark.parametrize("form", [DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION])
def test_probationary_member_cannot_be_dismissed_or_expelled(world: World, probationary: Member, form: str) -> None:
    refused(world, "Đảng viên dự bị không thể bị kỷ luật bằng hình thức", member=probationary, form=form)


@pytest.mark.parametrize("form", [DisciplineForm.REPRIMAND, DisciplineForm.WARNING])
def test_probationary_member_can_be_reprimanded_or_warned(world: World, probationary: Member, form: str) -> None:
    assert record(world, member=probationary, form=form).form == form


def test_full_member_can_be_expelled(world: World) -> None:
    assert record(world, form=DisciplineForm.EXPULSION).form == "expulsion"


def test_member_cannot_be_dissolved(world: World) -> None:
    refused(world, "Đảng viên không thể bị kỷ luật bằng hình thức “Giải tán”", form=DisciplineForm.DISSOLUTION)


@pytest.mark.parametrize("form", [DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION])
def test_organization_cannot_be_dismissed_or_expelled(world: World, form: str) -> None:
    refused(
        world, "Tổ chức đảng không thể bị kỷ luật bằng hình thức", member=None, organization=world.cell_a1, form=form
    )


def test_unknown_form_is_refused(world: World) -> None:
    refused(world, "Hình thức kỷ luật “fine” không hợp lệ.", form="fine")


def test_decision_before_violation_is_refused(world: World) -> None:
    refused(
        world,
        "Ngày quyết định kỷ luật (01/03/2026) không được trước ngày vi phạm (02/03/2026).",
        decision_date=dt.date(2026, 3, 1),
    )


def test_decision_on_the_violation_day_is_accepted(world: World) -> None:
    assert record(world, decision_date=dt.date(2026, 3, 2)).decision_date == dt.date(2026, 3, 2)


def test_decision_in_the_future_is_refused(world: World) -> None:
    refused(
        world,
        "Ngày quyết định kỷ luật (28/11/2026) không được sau ngày hôm nay (27/11/2026).",
        decision_date=dt.date(2026, 11, 28),
    )


def test_member_and_organization_together_are_refused(world: World) -> None:
    refused(world, "Kỷ luật phải áp dụng cho đúng một đảng viên hoặc một tổ chức đảng.", organization=world.cell_a1)


def test_neither_member_nor_organization_is_refused(world: World) -> None:
    refused(world, "Kỷ luật phải áp dụng cho đúng một đảng viên hoặc một tổ chức đảng.", member=None)


def test_empty_decision_number_is_refused(world: World) -> None:
    refused(world, "Số quyết định kỷ luật không được để trống.", decision_number="   ")


def test_same_decision_recorded_twice_is_refused(world: World) -> None:
    record(world)
    refused(world, "Quyết định kỷ luật số “15-QĐ/ĐU” đối với đối tượng này đã được ghi nhận.")


def test_deciding_organization_outside_the_members_line_is_refused(world: World) -> None:
    refused(
        world,
        "“Đảng bộ Công ty Điện lực” không phải cấp có thẩm quyền kỷ luật đảng viên thuộc “Chi bộ Phòng Ngân sách”",
        deciding_organization=world.org_b,
    )


def test_member_may_be_disciplined_by_their_own_cell(world: World) -> None:
    assert record(world, deciding_organization=world.cell_a1).deciding_organization == world.cell_a1


def test_organization_cannot_discipline_itself(world: World) -> None:
    refused(
        world,
        "không phải cấp có thẩm quyền kỷ luật tổ chức đảng",
        member=None,
        organization=world.cell_a1,
        deciding_organization=world.cell_a1,
    )


def _create_raw(world: World, **fields: Any) -> None:
    data: dict[str, Any] = {
        "form": "reprimand",
        "violation_date": dt.date(2026, 1, 1),
        "decision_date": dt.date(2026, 2, 1),
        "decision_number": "1-QĐ",
        "deciding_organization": world.org_a,
        "organization_at_decision": world.cell_a1,
    }
    data.update(fields)
    with transaction.atomic():
        Discipline.objects.create(**data)


def test_database_refuses_a_record_with_both_or_no_subject(world: World) -> None:
    with pytest.raises(IntegrityError):
        _create_raw(world, member=world.m1, organization=world.cell_a1)
    with pytest.raises(IntegrityError):
        _create_raw(world)
    assert Discipline.objects.count() == 0


def test_database_refuses_a_form_that_does_not_fit_the_subject(world: World) -> None:
    with pytest.raises(IntegrityError):
        _create_raw(world, member=world.m1, form="dissolution")
    with pytest.raises(IntegrityError):
        _create_raw(world, organization=world.cell_a1, form="expulsion")
    assert Discipline.objects.count() == 0


def test_database_refuses_a_decision_before_the_violation(world: World) -> None:
    with pytest.raises(IntegrityError):
        _create_raw(world, member=world.m1, decision_date=dt.date(2025, 12, 31))
    assert Discipline.objects.count() == 0
