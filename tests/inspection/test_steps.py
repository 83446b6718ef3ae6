"""A case's steps after its decision: the stages in order, findings, the conclusion (with a discipline decided here
through the discipline service, or proposed to the competent level), follow-up items and the closing; every
refusal with nothing written, and the member's rating that reads the discipline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.evaluations.enums import Level
from dangbo.evaluations.explanations import explain_rating
from dangbo.inspection import steps
from dangbo.inspection.conclusion import DisciplineChoice, conclude
from dangbo.inspection.deadlines import progress, stage_lines
from dangbo.inspection.enums import Body, CaseKind, CaseState, ConclusionResult, Stage
from dangbo.inspection.models import Case
from tests.evaluations.conftest import open_round, rating_of

from .conftest import TODAY, advance, open_case
from .helpers import nothing_written

pytestmark = pytest.mark.django_db
WARNING = DisciplineChoice(form="warning", decision_number="15-QĐ/UBKT", votes_for=5, voters_entitled=7)


def _finding(case: Case, day: dt.date, *, violation: bool = True) -> Case:
    steps.add_finding(actor=None, case=case, found_on=day, text="Sử dụng xe công vào việc riêng",
                      is_violation=violation, expected_version=case.version, today=TODAY)  # fmt: skip
    return Case.objects.get(pk=case.pk)


def _ready(world: Any, **kwargs: Any) -> Case:
    """Decided 02/03/2026, stages up to the draft done by 27/03/2026, one violation found on 20/03/2026."""
    case = advance(open_case(world, **kwargs), until=Stage.VERIFICATION)
    case = _finding(case, dt.date(2026, 3, 20))
    return advance(case, until=Stage.DRAFT) if case.draft_on is None else case


def _conclude(case: Case, result: str = ConclusionResult.REMEDY, *, day: dt.date = dt.date(2026, 4, 1),
              discipline: DisciplineChoice | None = None) -> Case:  # fmt: skip
    return conclude(actor=None, case=case, expected_version=case.version, concluded_on=day, result=result,
                    conclusion="Có vi phạm, yêu cầu khắc phục", discipline=discipline, today=TODAY)  # fmt: skip


def _stage(case: Case, stage: str, day: dt.date) -> Case:
    return steps.record_stage(actor=None, case=case, stage=stage, done_on=day, expected_version=case.version,
                              today=TODAY)  # fmt: skip


def test_stages_are_done_in_order_and_keep_the_next_deadline(world: Any) -> None:
    case = open_case(world)
    case = _stage(case, Stage.NOTICE, dt.date(2026, 3, 4))
    # Grassroots level: the subject's report within 10 working days of the decision of 02/03/2026.
    assert (case.due_stage, case.due_on) == (Stage.REPORT, dt.date(2026, 3, 16))
    lines = {line.stage: line for line in stage_lines(case, today=dt.date(2026, 3, 17))}
    assert lines[Stage.REPORT].late and not lines[Stage.NOTICE].late and lines[Stage.REPORT].is_next
    assert lines[Stage.REPORT].rule == (
        "Đối tượng báo cáo: trong 10 ngày làm việc kể từ ngày quyết định, hạn 16/03/2026 (Quy định 296-QĐ/TW; giả "
        "định: chưa tìm thấy văn bản quy định thời hạn từng bước; số ngày làm việc kể từ ngày quyết định do hệ thống "
        "đặt, cấp ủy sửa theo kế hoạch kiểm tra, giám sát của mình)"
    )
    assert progress(case) == 25
    assert AuditEntry.objects.filter(action="inspection.case.stage_recorded").count() == 1


def test_stage_before_the_previous_one_or_the_decision_is_refused(world: Any) -> None:
    case = open_case(world)
    with nothing_written(), pytest.raises(DomainError) as exc:
        _stage(case, Stage.VERIFICATION, dt.date(2026, 3, 10))
    assert exc.value.message == "Chưa thể ghi “Thẩm tra, xác minh”: cần xong bước “Đối tượng báo cáo” trước."
    with nothing_written(), pytest.raises(DomainError) as exc:
        _stage(case, Stage.NOTICE, dt.date(2026, 3, 1))
    assert exc.value.message == "Ngày “Thông báo cho đối tượng” (01/03/2026) không được trước ngày “Quyết định và kế " \
        "hoạch” (02/03/2026)."  # fmt: skip
    case = _stage(case, Stage.NOTICE, dt.date(2026, 3, 5))
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày “Thông báo cho đối tượng” \\(05"):
        _stage(case, Stage.REPORT, dt.date(2026, 3, 4))
    with nothing_written(), pytest.raises(DomainError, match="đã ghi ngày 05/03/2026"):
        _stage(case, Stage.NOTICE, dt.date(2026, 3, 6))
    with nothing_written(), pytest.raises(DomainError, match="chưa đến"):
        _stage(case, Stage.REPORT, dt.date(2027, 1, 4))
    with nothing_written(), pytest.raises(DomainError, match="không hợp lệ: trước năm 2000"):
        _stage(case, Stage.REPORT, dt.date(1900, 1, 1))
    with nothing_written(), pytest.raises(ConcurrentEditError):
        steps.record_stage(actor=None, case=case, stage=Stage.REPORT, done_on=dt.date(2026, 3, 9),
                           expected_version=case.version - 1, today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Bước này không ghi bằng một ngày"):
        _stage(case, Stage.CONCLUSION, dt.date(2026, 3, 9))


def test_conclusion_before_the_findings_is_refused(world: Any) -> None:
    case = advance(open_case(world), until=Stage.DRAFT)
    with nothing_written(), pytest.raises(DomainError) as exc:
        _conclude(case)
    assert exc.value.message == "Chưa có kết quả thẩm tra, xác minh nào: không thể kết luận trước khi có kết quả."
    case = _finding(case, dt.date(2026, 4, 2))
    with nothing_written(), pytest.raises(DomainError) as exc:
        _conclude(case, day=dt.date(2026, 4, 1))
    assert (
        exc.value.message == "Ngày kết luận (01/04/2026) không được trước kết quả thẩm tra, xác minh ngày 02/04/2026."
    )


def test_conclusion_before_the_draft_is_refused(world: Any) -> None:
    case = _finding(advance(open_case(world), until=Stage.VERIFICATION), dt.date(2026, 3, 20))
    with nothing_written(), pytest.raises(DomainError, match="cần xong bước “Dự thảo báo cáo, đối tượng giải trình”"):
        _conclude(case)


def test_violation_conclusion_needs_a_violation_found(world: Any) -> None:
    case = advance(_finding(advance(open_case(world), until=Stage.VERIFICATION), dt.date(2026, 3, 20),
                            violation=False), until=Stage.DRAFT)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="cần ít nhất một kết quả thẩm tra, xác minh ghi nhận vi"):
        _conclude(case)
    assert _conclude(case, ConclusionResult.NO_VIOLATION).state == CaseState.CONCLUDED


def test_conclusion_with_a_discipline_within_competence_records_it(world: Any) -> None:
    case = _ready(world)
    done = _conclude(case, ConclusionResult.DISCIPLINE, discipline=WARNING)
    discipline = Discipline.objects.get()
    assert done.discipline == discipline and done.proposed_form == ""
    assert (discipline.member, discipline.form, discipline.deciding_organization) == (world.m1, "warning", world.org_a)
    assert (discipline.violation_date, discipline.concluded_on, discipline.decision_date) == (
        dt.date(2025, 12, 1),
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 1),
    )
    assert (discipline.votes_for, discipline.voters_entitled) == (5, 7)
    assert done.due_stage == Stage.CONCLUSION_NOTICE and done.state == CaseState.CONCLUDED
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))[-2:]
    assert actions == ["discipline.discipline.recorded", "inspection.case.concluded"]


def test_discipline_refused_by_the_discipline_service_leaves_the_case_open(world: Any) -> None:
    case = _ready(world)
    short = DisciplineChoice(form="warning", decision_number="15-QĐ/UBKT", votes_for=3, voters_entitled=7)
    with nothing_written(), pytest.raises(DomainError, match="cần quá một nửa"):
        _conclude(case, ConclusionResult.DISCIPLINE, discipline=short)
    with nothing_written(), pytest.raises(DomainError, match="Hãy nhập số phiếu tán thành"):
        _conclude(case, ConclusionResult.DISCIPLINE, discipline=DisciplineChoice(form="warning", decision_number="1"))
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS


def test_discipline_beyond_the_cells_competence_is_proposed_upward(world: Any) -> None:
    case = _ready(world, organization=world.cell_a1, body=Body.COMMITTEE)
    done = _conclude(case, ConclusionResult.DISCIPLINE, discipline=DisciplineChoice(form="expulsion"))
    assert (done.proposed_form, done.proposed_to, done.discipline) == ("expulsion", "Đảng bộ Sở Tài chính", None)
    assert not Discipline.objects.exists()
    assert AuditEntry.objects.get(action="inspection.case.concluded").after["proposed_to"] == "Đảng bộ Sở Tài chính"


def test_dissolution_of_a_cell_is_proposed_to_the_bloc(world: Any) -> None:
    case = _ready(world, subject=world.cell_a2, form="warning")
    done = _conclude(case, ConclusionResult.DISCIPLINE, discipline=DisciplineChoice(form="dissolution"))
    assert done.proposed_to == world.bloc.name and not Discipline.objects.exists()


def test_supervision_does_not_conclude_a_discipline(world: Any) -> None:
    case = _ready(world, kind=CaseKind.THEMATIC_SUPERVISION)
    with nothing_written(), pytest.raises(DomainError) as exc:
        _conclude(case, ConclusionResult.DISCIPLINE, discipline=WARNING)
    assert (
        "“Giám sát chuyên đề” không kết luận kỷ luật" in exc.value.message and "Quy định 296-QĐ/TW" in exc.value.message
    )
    with nothing_written(), pytest.raises(DomainError, match="Chỉ chọn hình thức kỷ luật khi kết luận phải xem xét"):
        _conclude(case, ConclusionResult.REMEDY, discipline=WARNING)


def test_follow_up_due_before_the_conclusion_is_refused(world: Any) -> None:
    case = _ready(world)
    with nothing_written(), pytest.raises(DomainError, match="Chỉ giao việc theo dõi sau khi đã kết luận"):
        steps.add_follow_up(actor=None, case=case, task="Khắc phục", owner="Chi ủy", due_on=dt.date(2026, 5, 1),
                            expected_version=case.version)  # fmt: skip
    case = _conclude(case)
    with nothing_written(), pytest.raises(DomainError) as exc:
        steps.add_follow_up(actor=None, case=case, task="Khắc phục", owner="Chi ủy", due_on=dt.date(2026, 3, 31),
                            expected_version=case.version)  # fmt: skip
    assert exc.value.message == "Hạn thực hiện (31/03/2026) không được trước ngày kết luận (01/04/2026)."
    with nothing_written(), pytest.raises(DomainError, match="quá 5 năm sau ngày kết luận"):
        steps.add_follow_up(actor=None, case=case, task="Khắc phục", owner="Chi ủy", due_on=dt.date(2099, 1, 1),
                            expected_version=case.version)  # fmt: skip


def test_case_closes_once_every_follow_up_is_done(world: Any) -> None:
    case = _conclude(_ready(world))
    item = steps.add_follow_up(actor=None, case=case, task="Báo cáo kết quả khắc phục", owner="Đồng chí Hùng",
                               due_on=dt.date(2026, 6, 30), expected_version=case.version)  # fmt: skip
    case = _stage(Case.objects.get(pk=case.pk), Stage.CONCLUSION_NOTICE, dt.date(2026, 4, 3))
    with nothing_written(), pytest.raises(DomainError, match="Còn 1 việc theo dõi chưa hoàn thành"):
        steps.close_case(actor=None, case=case, closed_on=dt.date(2026, 6, 1), expected_version=case.version,
                         today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày kết luận"):
        steps.complete_follow_up(actor=None, case=case, item_id=item.pk, done_on=dt.date(2026, 3, 1),
                                 expected_version=case.version, today=TODAY)  # fmt: skip
    steps.complete_follow_up(actor=None, case=case, item_id=item.pk, done_on=dt.date(2026, 6, 20),
                             expected_version=case.version, today=TODAY)  # fmt: skip
    case = Case.objects.get(pk=case.pk)
    with (
        nothing_written(),
        pytest.raises(DomainError, match="trước ngày xong việc theo dõi cuối cùng \\(20/06/2026\\)"),
    ):
        steps.close_case(actor=None, case=case, closed_on=dt.date(2026, 6, 19), expected_version=case.version,
                         today=TODAY)  # fmt: skip
    closed = steps.close_case(actor=None, case=case, closed_on=dt.date(2026, 6, 22), expected_version=case.version,
                              today=TODAY)  # fmt: skip
    assert (closed.state, closed.due_stage, closed.due_on, progress(closed)) == (CaseState.CLOSED, "", None, 100)


def test_finding_before_the_decision_or_after_the_conclusion_is_refused(world: Any) -> None:
    case = open_case(world)
    with nothing_written(), pytest.raises(DomainError, match="không được trước ngày quyết định \\(02/03/2026\\)"):
        _finding(case, dt.date(2026, 3, 1))
    case = _conclude(_ready(world, member=world.m2))
    with nothing_written(), pytest.raises(DomainError, match="Chỉ ghi kết quả thẩm tra, xác minh khi cuộc đang tiến"):
        _finding(case, dt.date(2026, 4, 2))


def test_member_rating_reads_the_discipline_the_conclusion_decided(world: Any) -> None:
    """Before the conclusion the member may be rated "good" in 2024; after a warning decided on 06/05/2024, not."""
    campaign = open_round(world, 2024)
    rating = rating_of(campaign, member=world.m1)
    assert Level.GOOD in explain_rating(rating).allowed_levels
    case = advance(open_case(world, on=dt.date(2024, 3, 4), violation=dt.date(2023, 12, 1)), until=Stage.VERIFICATION)
    case = advance(_finding(case, dt.date(2024, 3, 20)), until=Stage.DRAFT)
    _conclude(case, ConclusionResult.DISCIPLINE, day=dt.date(2024, 5, 6), discipline=WARNING)
    after = explain_rating(rating_of(campaign, member=world.m1))
    assert Level.GOOD not in after.allowed_levels and after.allowed_levels == (Level.UNFULFILLED,)
    assert any("06/05/2024" in line for line in after.restrictions)
