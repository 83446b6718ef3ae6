"""The rules a decision passes (issue 10 item 3): forms per subject and status, a post for a dismissal, the vote,
the competent level, the limitation period at its boundary, absurd dates. Each refusal: the message, and nothing
written (no row, no audit entry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.discipline.enums import DisciplineForm, ViolationKind
from dangbo.discipline.models import Discipline
from dangbo.discipline.rules import rules_in_force
from dangbo.discipline.selectors import limitation_ends
from dangbo.discipline.services import record_discipline
from dangbo.members.models import Member
from dangbo.organizations.models import Committee, CommitteeSeat
from tests.conftest import World

TODAY = dt.date(2026, 11, 27)
F = DisciplineForm


def record(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": world.bloc_officer,
        "member": world.m1,
        "form": F.WARNING,
        "violation_date": dt.date(2026, 3, 2),
        "decision_date": dt.date(2026, 5, 12),
        "decision_number": "15-QĐ/ĐU",
        "deciding_organization": world.org_a,
        "votes_for": 8,
        "voters_entitled": 11,
        "today": TODAY,
    }
    data.update(overrides)
    return record_discipline(**data)


def refused(world: World, message: str, **overrides: Any) -> DomainError:
    before = (Discipline.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as info:
        record(world, **overrides)
    assert message in info.value.message, info.value.message
    assert (Discipline.objects.count(), AuditEntry.objects.count()) == before
    return info.value


def seat(world: World, member: Member, start: dt.date, end: dt.date | None = None) -> None:
    committee = Committee.objects.create(organization=world.org_a, term_label="2025–2030", term_start=start)
    CommitteeSeat.objects.create(committee=committee, member=member, position="committee_member", start=start, end=end)


# --- forms and posts -------------------------------------------------------------------------------------------


def test_expulsion_proposed_for_a_probationary_member_is_refused(world: World, probationary: Member) -> None:
    error = refused(
        world,
        "Đảng viên dự bị không thể bị kỷ luật bằng hình thức “Khai trừ”: đảng viên dự bị chỉ bị khiển trách, cảnh cáo",
        member=probationary,
        form=F.EXPULSION,
        votes_for=9,
    )
    assert "Điều lệ Đảng, Điều 35" in error.message
    assert error.field == "form"


def test_dismissal_for_a_member_holding_no_post_is_refused(world: World) -> None:
    error = refused(
        world,
        "Không thể cách chức đồng chí Nguyễn Văn Hùng: ngày 12/05/2026 đồng chí không giữ chức vụ nào",
        form=F.DISMISSAL,
        votes_for=9,
    )
    assert "Điều lệ Đảng, Điều 35" in error.message


def test_dismissal_of_a_committee_member_on_the_decision_date(world: World) -> None:
    seat(world, world.m1, dt.date(2025, 6, 1))
    assert record(world, form=F.DISMISSAL, votes_for=9).form == F.DISMISSAL


def test_dismissal_after_the_seat_ended_is_refused(world: World) -> None:
    seat(world, world.m1, dt.date(2025, 6, 1), end=dt.date(2026, 5, 11))
    refused(world, "không giữ chức vụ nào", form=F.DISMISSAL, votes_for=9)


def test_dismissal_of_a_member_with_a_position_on_the_member_sheet(world: World) -> None:
    world.m1.position = "Trưởng phòng Ngân sách"
    world.m1.save(update_fields=["position"])
    assert record(world, form=F.DISMISSAL, votes_for=9).form == F.DISMISSAL


# --- votes -----------------------------------------------------------------------------------------------------


def test_votes_over_those_entitled_are_refused(world: World) -> None:
    refused(world, "Số phiếu tán thành (12) không được lớn hơn số thành viên có quyền biểu quyết (11).", votes_for=12)


def test_a_warning_needs_more_than_half(world: World) -> None:
    error = refused(
        world,
        "Quyết định cảnh cáo cần quá một nửa (trên 50%) số thành viên có quyền biểu quyết tán thành; 5/10 phiếu "
        "(50,0%) chưa đạt",
        votes_for=5,
        voters_entitled=10,
    )
    assert "Điều lệ Đảng, Điều 38; chưa thật chắc chắn" in error.message
    assert record(world, votes_for=6, voters_entitled=10).votes_for == 6


def test_an_expulsion_needs_more_than_two_thirds(world: World) -> None:
    refused(world, "cần trên hai phần ba số thành viên", form=F.EXPULSION, votes_for=6, voters_entitled=9)
    assert record(world, form=F.EXPULSION, votes_for=7, voters_entitled=9).form == F.EXPULSION


def test_one_vote_figure_without_the_other_is_refused(world: World) -> None:
    refused(world, "Cần ghi cả số phiếu tán thành và số thành viên có quyền biểu quyết.", voters_entitled=None)


def test_no_vote_at_all_is_a_record_from_the_paper_files(world: World) -> None:
    discipline = record(world, votes_for=None, voters_entitled=None)
    assert discipline.votes_for is None and discipline.rule_set is not None


# --- competent level -------------------------------------------------------------------------------------------


def test_a_cell_reprimands_or_warns_its_own_members(world: World) -> None:
    assert record(world, deciding_organization=world.cell_a1).deciding_organization == world.cell_a1


def test_a_cell_cannot_expel(world: World) -> None:
    error = refused(
        world,
        "Chi bộ trực thuộc “Chi bộ Phòng Ngân sách” không có thẩm quyền quyết định khai trừ đảng viên: cấp này chỉ "
        "quyết định khiển trách, cảnh cáo",
        deciding_organization=world.cell_a1,
        form=F.EXPULSION,
        votes_for=9,
    )
    assert "Điều lệ Đảng, Điều 36" in error.message


def test_a_cell_cannot_discipline_another_cells_member(world: World) -> None:
    refused(world, "không phải cấp có thẩm quyền kỷ luật đảng viên", deciding_organization=world.cell_a2)


def test_a_grassroots_committee_cannot_dissolve_its_cell(world: World) -> None:
    refused(
        world,
        "Đảng bộ cơ sở “Đảng bộ Sở Tài chính” không có thẩm quyền quyết định giải tán tổ chức đảng",
        member=None,
        organization=world.cell_a1,
        form=F.DISSOLUTION,
        votes_for=9,
    )
    assert record(world, member=None, organization=world.cell_a1, form=F.WARNING).organization == world.cell_a1


def test_the_bloc_decides_every_form(world: World) -> None:
    d = record(world, member=None, organization=world.org_b, form=F.DISSOLUTION, votes_for=9,
               deciding_organization=world.bloc)  # fmt: skip
    assert d.organization_at_decision == world.org_b


# --- limitation ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_limitation_ends_on_the_same_day_five_or_ten_years_later() -> None:
    rules = rules_in_force(dt.date(2026, 1, 1))
    day = dt.date(2020, 3, 10)
    assert limitation_ends(day, ViolationKind.ORDINARY, F.REPRIMAND, rules) == dt.date(2025, 3, 10)
    assert limitation_ends(day, ViolationKind.ORDINARY, F.WARNING, rules) == dt.date(2030, 3, 10)
    assert limitation_ends(day, ViolationKind.ORDINARY, F.DISMISSAL, rules) == dt.date(2030, 3, 10)
    assert limitation_ends(day, ViolationKind.ORDINARY, F.EXPULSION, rules) is None
    assert limitation_ends(day, ViolationKind.ILLEGAL_DIPLOMA, F.REPRIMAND, rules) is None
    assert limitation_ends(dt.date(2020, 2, 29), ViolationKind.ORDINARY, F.REPRIMAND, rules) == dt.date(2025, 2, 28)


@pytest.mark.django_db
def test_a_new_violation_within_the_period_restarts_the_clock() -> None:
    rules = rules_in_force(dt.date(2026, 1, 1))
    day = dt.date(2015, 3, 10)
    later = [dt.date(2014, 1, 1), dt.date(2019, 6, 1), dt.date(2024, 6, 2)]
    # 2019 restarts the clock (inside 2015–2020); 02/06/2024 is a day after the new period ended (01/06/2024).
    assert limitation_ends(day, ViolationKind.ORDINARY, F.REPRIMAND, rules, later_violations=later) == dt.date(
        2024, 6, 1
    )
    assert limitation_ends(day, ViolationKind.ORDINARY, F.REPRIMAND, rules, later_violations=later[:2]) == dt.date(
        2024, 6, 1
    )
    assert limitation_ends(day, ViolationKind.ORDINARY, F.REPRIMAND, rules,
                           later_violations=[dt.date(2024, 6, 1)]) == dt.date(2020, 3, 10)  # fmt: skip


def test_a_discipline_on_the_last_day_of_the_limitation_period_is_accepted(world: World) -> None:
    d = record(world, form=F.REPRIMAND, violation_date=dt.date(2021, 5, 12), decision_date=dt.date(2026, 5, 12))
    assert d.concluded_on == dt.date(2026, 5, 12)


def test_a_discipline_for_a_violation_past_its_limitation_period_is_refused(world: World) -> None:
    error = refused(
        world,
        "Vi phạm ngày 11/05/2021 đã hết thời hiệu xử lý kỷ luật: vi phạm đến mức khiển trách có thời hiệu 5 năm, "
        "hết ngày 11/05/2026, nay kết luận ngày 12/05/2026",
        form=F.REPRIMAND,
        violation_date=dt.date(2021, 5, 11),
    )
    assert "Quy định 69-QĐ/TW, Điều 4, sửa đổi bởi Quy định 264-QĐ/TW" in error.message
    assert error.field == "violation_date"


def test_the_limitation_is_counted_to_the_conclusion_not_the_decision(world: World) -> None:
    d = record(world, form=F.REPRIMAND, violation_date=dt.date(2021, 5, 11), concluded_on=dt.date(2026, 5, 11))
    assert d.decision_date == dt.date(2026, 5, 12)


def test_named_kinds_have_no_limitation(world: World) -> None:
    d = record(world, violation_date=dt.date(2001, 1, 5), violation_kind=ViolationKind.ILLEGAL_DIPLOMA)
    assert d.violation_kind == ViolationKind.ILLEGAL_DIPLOMA
    refused(world, "đã hết thời hiệu", violation_date=dt.date(2001, 1, 5), decision_number="16-QĐ/ĐU")


def test_a_later_recorded_violation_restarts_the_clock_at_record_time(world: World) -> None:
    record(world, form=F.REPRIMAND, violation_date=dt.date(2025, 1, 10), decision_date=dt.date(2025, 3, 1),
           decision_number="1-QĐ")  # fmt: skip
    d = record(world, form=F.REPRIMAND, violation_date=dt.date(2020, 2, 1), decision_number="2-QĐ")
    assert d.violation_date == dt.date(2020, 2, 1)


# --- dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("violation_date", dt.date(1900, 1, 1), "Ngày vi phạm (01/01/1900) không được trước ngày 03/02/1930."),
        ("decision_date", dt.date(2200, 1, 1), "Ngày quyết định kỷ luật (01/01/2200) không được sau ngày hôm nay"),
        ("received_on", dt.date(2026, 5, 11), "Ngày nhận quyết định (11/05/2026) không được trước ngày 12/05/2026."),
        ("violation_kind", "treason", "Loại vi phạm “treason” không hợp lệ."),
    ],
)
def test_absurd_input_is_refused(world: World, field: str, value: Any, message: str) -> None:
    refused(world, message, **{field: value})


def test_a_decision_before_any_rule_set_is_refused(world: World) -> None:
    refused(world, "Chưa có bộ quy tắc kỷ luật đảng nào có hiệu lực ngày 12/05/2016.",
            violation_date=dt.date(2016, 3, 2), decision_date=dt.date(2016, 5, 12))  # fmt: skip
