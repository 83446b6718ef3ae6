"""Programmes and the opening of a case: who may run which kind against whom, the decision, the team, the limitation
period of a signs-of-violation case (the day it ends and the day after), and every refusal with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.templatetags.audit_display import ACTION_LABELS
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.inspection import services
from dangbo.inspection.enums import Body, CaseKind, CaseState, Stage, TeamRole
from dangbo.inspection.models import Case, Programme
from dangbo.inspection.services import Decision, TeamEntry
from tests.factories import make_member

from .conftest import TODAY, make_programme, open_case
from .helpers import nothing_written

pytestmark = pytest.mark.django_db


def test_programme_is_created_and_audited(world: Any, grassroots_inspector: Any) -> None:
    programme = make_programme(world.org_a, actor=grassroots_inspector)
    assert (programme.year, programme.body, programme.organization) == (2026, Body.INSPECTION_COMMISSION, world.org_a)
    entry = AuditEntry.objects.get(action="inspection.programme.created")
    assert entry.scope_path == world.org_a.path and entry.after["number"] == "01-CTr/A"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"approved_on": dt.date(2024, 12, 1)},
            "Chương trình năm 2026 được ban hành cuối năm 2025 hoặc trong năm 2026",
        ),
        ({"approved_on": dt.date(2026, 12, 1)}, "chưa đến: chỉ ghi nhận khi việc đã diễn ra"),
        ({"approved_on": dt.date(1999, 1, 1), "year": 1999}, "Năm của chương trình phải từ 2000 đến 2027"),
        ({"year": 9999}, "Năm của chương trình phải từ 2000 đến 2027"),
        ({"number": "   "}, "Hãy nhập số chương trình"),
        ({"title": "x" * 300}, "Tên chương trình dài quá 255 ký tự"),
    ],
)
def test_programme_with_bad_values_is_refused(world: Any, changes: dict[str, Any], message: str) -> None:
    data: dict[str, Any] = {"actor": None, "organization": world.org_a, "body": Body.COMMITTEE, "year": 2026,
                            "number": "02-CTr/ĐU", "approved_on": dt.date(2026, 1, 5), "title": "Chương trình",
                            "today": TODAY}  # fmt: skip
    data.update(changes)
    with nothing_written(), pytest.raises(DomainError) as exc:
        services.create_programme(**data)
    assert message in exc.value.message


def test_second_programme_of_a_body_and_year_is_refused(world: Any) -> None:
    make_programme(world.org_a)
    with nothing_written(), pytest.raises(DomainError, match="đã có chương trình kiểm tra, giám sát năm 2026"):
        make_programme(world.org_a)
    make_programme(world.org_a, body=Body.COMMITTEE)  # the committee keeps its own programme


def test_a_cell_has_no_inspection_commission(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError) as exc:
        make_programme(world.cell_a1)
    assert (
        "Ủy ban Kiểm tra không phải chủ thể kiểm tra, giám sát ở cấp của “Chi bộ Phòng Ngân sách”" in exc.value.message
    )
    assert "Điều lệ Đảng, Điều 30, 32" in exc.value.message
    assert make_programme(world.cell_a1, body=Body.COMMITTEE).organization == world.cell_a1


def test_case_opened_with_its_decision_has_its_next_deadline(world: Any) -> None:
    case = open_case(world, team=(TeamEntry(member=world.m2, role=TeamRole.LEADER),
                                  TeamEntry(name="Lê Văn Tám", position="Ủy viên UBKT")))  # fmt: skip
    assert case.state == CaseState.IN_PROGRESS and case.rule_code == "KTGS-2025"
    # Grassroots level: the notice within 3 working days of the decision (Mon 02/03/2026 → Thu 05/03/2026).
    assert (case.due_stage, case.due_on) == (Stage.NOTICE, dt.date(2026, 3, 5))
    assert [t.display_name for t in case.team.order_by("role")] == ["Đặng Thị Lan", "Lê Văn Tám"]
    entry = AuditEntry.objects.get(action="inspection.case.opened")
    assert entry.after["team"] == ["Trưởng đoàn: Đặng Thị Lan", "Thành viên: Lê Văn Tám"]
    assert entry.after["violation_form"] == "warning"


def test_case_planned_in_a_programme_then_decided(world: Any) -> None:
    programme = make_programme(world.org_a)
    case = services.open_case(actor=None, organization=world.org_a, body=Body.INSPECTION_COMMISSION,
                              kind=CaseKind.THEMATIC_SUPERVISION, content="Giám sát việc học tập nghị quyết",
                              subject_organization=world.cell_a2, programme=programme, planned_month=4,
                              today=TODAY)  # fmt: skip
    assert (case.state, case.due_on, case.decision_date) == (CaseState.PLANNED, None, None)
    decided = services.record_decision(actor=None, case=case, expected_version=case.version, today=TODAY,
                                       decision=Decision(number="12-QĐ/UBKT", date=dt.date(2026, 4, 6)))  # fmt: skip
    assert decided.state == CaseState.IN_PROGRESS and decided.due_stage == Stage.NOTICE
    assert decided.violation_date is None  # a supervision records no violation
    with nothing_written(), pytest.raises(ConcurrentEditError):
        services.record_decision(actor=None, case=case, expected_version=case.version, today=TODAY,
                                 decision=Decision(number="13-QĐ/UBKT", date=dt.date(2026, 4, 7)))  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Cuộc này đã có quyết định"):
        services.record_decision(actor=None, case=decided, expected_version=decided.version, today=TODAY,
                                 decision=Decision(number="13-QĐ/UBKT", date=dt.date(2026, 4, 7)))  # fmt: skip


def test_subject_outside_the_inspecting_subtree_is_refused(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError) as exc:
        open_case(world, member=world.m3)
    assert exc.value.message == (
        "Đồng chí Trần Quốc Bảo không sinh hoạt trong “Đảng bộ Sở Tài chính”: đối tượng phải thuộc tổ chức đảng "
        "tiến hành kiểm tra, giám sát hoặc cấp dưới."
    )
    with nothing_written(), pytest.raises(DomainError, match="“Chi bộ Phân xưởng” không phải tổ chức đảng cấp dưới"):
        open_case(world, subject=world.cell_b1)
    with nothing_written(), pytest.raises(DomainError, match="không phải tổ chức đảng cấp dưới"):
        open_case(world, subject=world.org_a)  # not itself


def test_kind_that_targets_only_organizations_refuses_a_member(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError) as exc:
        open_case(world, kind=CaseKind.PARTY_FINANCE)
    assert "“Kiểm tra tài chính đảng” không áp dụng với đảng viên (Quy định 296-QĐ/TW" in exc.value.message


def test_a_cell_does_not_inspect_party_finance(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError, match="“Chi bộ Phòng Ngân sách” không tiến hành “Kiểm tra tài"):
        open_case(world, organization=world.cell_a1, body=Body.COMMITTEE, kind=CaseKind.PARTY_FINANCE,
                  subject=world.cell_a1)  # fmt: skip


def test_programme_of_another_body_is_refused(world: Any) -> None:
    programme = make_programme(world.org_a, body=Body.COMMITTEE)
    with nothing_written(), pytest.raises(DomainError, match="Chương trình được chọn không phải của chủ thể này"):
        open_case(world, programme=programme)


def test_decision_outside_the_programme_year_is_refused(world: Any) -> None:
    programme = make_programme(world.org_a, year=2025, approved_on=dt.date(2025, 1, 10))
    with nothing_written(), pytest.raises(DomainError, match="Cuộc thuộc chương trình năm 2025: ngày quyết định"):
        open_case(world, programme=programme, on=dt.date(2026, 1, 5))
    with nothing_written(), pytest.raises(DomainError, match="trước ngày ban hành chương trình \\(10/01/2025\\)"):
        open_case(world, programme=programme, on=dt.date(2025, 1, 6), violation=dt.date(2024, 12, 1))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"on": dt.date(2026, 12, 1)}, "Ngày quyết định kiểm tra, giám sát (01/12/2026) chưa đến"),
        ({"on": dt.date(1, 1, 1)}, "Ngày quyết định kiểm tra, giám sát (01/01/0001) không hợp lệ: trước năm 2000"),
        ({"violation": dt.date(2026, 3, 3)}, "Ngày vi phạm (03/03/2026) không được sau ngày quyết định (02/03/2026)"),
        ({"form": "dissolution"}, "Hãy chọn mức độ vi phạm (hình thức kỷ luật tương ứng) phù hợp với đối tượng"),
    ],
)
def test_bad_decision_is_refused(world: Any, changes: dict[str, Any], message: str) -> None:
    with nothing_written(), pytest.raises(DomainError) as exc:
        open_case(world, **changes)
    assert message in exc.value.message


def test_limitation_period_ends_on_its_last_day(world: Any) -> None:
    """A reprimand-level violation of 10/03/2020 (5 years): a case may open on 10/03/2025, not on 11/03/2025."""
    with nothing_written(), pytest.raises(DomainError) as exc:
        open_case(world, violation=dt.date(2020, 3, 10), form="reprimand", on=dt.date(2025, 3, 11))
    assert exc.value.field == "violation_date"
    assert exc.value.message.startswith(
        "Không thể mở cuộc kiểm tra: vi phạm ngày 10/03/2020 (mức khiển trách) đã hết thời hiệu xử lý kỷ luật: thời "
        "hiệu 5 năm kết thúc ngày 10/03/2025, ngày quyết định kiểm tra là 11/03/2025 (Quy định 69-QĐ/TW, Điều 4, sửa "
        "đổi bởi Quy định 264-QĐ/TW"
    )
    case = open_case(world, violation=dt.date(2020, 3, 10), form="reprimand", on=dt.date(2025, 3, 10))
    assert case.violation_kind == "ordinary" and case.rule_code == "KTGS-2021"


def test_limitation_does_not_apply_to_the_named_kinds_nor_expulsion(world: Any) -> None:
    day = dt.date(2026, 3, 2)
    assert open_case(world, violation=dt.date(2001, 1, 1), form="expulsion", on=day).pk
    case = services.open_case(
        actor=None, organization=world.org_a, body=Body.INSPECTION_COMMISSION, kind=CaseKind.SUSPECTED_VIOLATION,
        content="Vi phạm về bảo vệ chính trị nội bộ", member=world.m2, today=TODAY,
        decision=Decision(number="06-QĐ/UBKT", date=day, violation_date=dt.date(2005, 1, 1), violation_form="warning",
                          violation_kind="internal_politics"),
    )  # fmt: skip
    assert case.violation_kind == "internal_politics"


def test_team_needs_one_leader_each_person_once_and_not_the_subject(world: Any) -> None:
    case = open_case(world)
    for team, message in [
        ((TeamEntry(name="A"),), "Đoàn kiểm tra, giám sát phải có đúng một trưởng đoàn"),
        ((TeamEntry(member=world.m1, role=TeamRole.LEADER),), "Đồng chí Nguyễn Văn Hùng là đối tượng kiểm tra"),
        ((TeamEntry(member=world.m2, role=TeamRole.LEADER), TeamEntry(member=world.m2)), "có hai lần trong đoàn"),
        ((TeamEntry(role=TeamRole.LEADER),), "Hãy chọn đảng viên hoặc nhập họ tên thành viên đoàn"),
    ]:
        with nothing_written(), pytest.raises(DomainError, match=message):
            services.set_team(actor=None, case=case, expected_version=case.version, team=team)
    other = make_member(organization=world.cell_a2)
    done = services.set_team(
        actor=None,
        case=case,
        expected_version=case.version,
        team=(TeamEntry(member=other, role=TeamRole.LEADER), TeamEntry(name="Lê Văn Tám")),
    )
    assert done.version == case.version + 1 and done.team.count() == 2


def test_every_action_has_a_label() -> None:
    for action in ["planned", "opened", "decided", "team_set", "stage_recorded", "finding_added", "concluded",
                   "follow_up_added", "follow_up_done", "closed", "viewed"]:  # fmt: skip
        assert f"inspection.case.{action}" in ACTION_LABELS
    assert {"inspection.programme.created", "inspection.programme.changed", "inspection.report.exported"} <= set(
        ACTION_LABELS
    )


def test_programme_correction_checks_the_version_and_the_cases(world: Any) -> None:
    programme = make_programme(world.org_a)
    open_case(world, programme=programme, on=dt.date(2026, 3, 2))
    with nothing_written(), pytest.raises(ConcurrentEditError):
        services.update_programme(actor=None, programme=programme, expected_version=programme.version + 1,
                                  number="X", approved_on=dt.date(2026, 1, 2), title="T", today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="sau quyết định kiểm tra ngày 02/03/2026"):
        services.update_programme(actor=None, programme=programme, expected_version=programme.version,
                                  number="X", approved_on=dt.date(2026, 3, 5), title="T", today=TODAY)  # fmt: skip
    done = services.update_programme(
        actor=None,
        programme=programme,
        expected_version=programme.version,
        number="02-CTr/UBKT",
        approved_on=dt.date(2026, 1, 2),
        title="Mới",
        today=TODAY,
    )
    assert (done.number, done.version) == ("02-CTr/UBKT", 2)
    assert Programme.objects.get().title == "Mới" and Case.objects.count() == 1
