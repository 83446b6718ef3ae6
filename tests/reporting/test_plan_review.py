"""A plan's review gathered from a small hand-counted dataset (see `review_world.py`): the KPI figures of each year
graded against the plan's targets, the tasks by owner with their state and latest result, the units' reports
counted and their accepted figures summed; the refusals; the Word text with the party frame; the PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from docx import Document

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.planning.enums import Metric, TargetStatus
from dangbo.planning.models import Plan, PlanTask
from dangbo.planning.plan_selectors import responsibility_for, tasks_for
from dangbo.reporting.content import Heading, Paragraph
from dangbo.reporting.docx_report import write_docx
from dangbo.reporting.pdf_report import write_pdf
from dangbo.reporting.plan_review import PlanReview, plan_review
from dangbo.reporting.review_content import COMMITTEE_SECTIONS, review_blocks, review_info, review_subtitle

from ..factories import make_user
from .pdf_text import read_pdf
from .review_world import TODAY, ReviewWorld, rw  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def seen_by(user: User) -> QuerySet[PlanTask]:
    """The tasks `user` sees: the plan page's rule."""
    return tasks_for(scope_for(user), responsibility_for(user))


def _review(
    rw: ReviewWorld,  # noqa: F811
    *,
    kind: str = "mid_term",
    year: int = 2026,
    org: object = None,
    by: User | None = None,
) -> PlanReview:
    return plan_review(rw.plan, kind=kind, organization=org or rw.w.bloc, end_year=year, today=TODAY,  # type: ignore[arg-type]
                       seen=seen_by(by or rw.w.bloc_officer))  # fmt: skip


def test_figures_of_each_year_graded_against_the_plan(rw: ReviewWorld) -> None:  # noqa: F811
    review = _review(rw)
    assert [y.year for y in review.years] == [2025, 2026]
    shown = {
        y.year: {f.metric: (f.numerator, f.denominator, f.value_text, f.status) for f in y.figures if f.denominator}
        for y in review.years
    }
    assert shown == {
        2025: {
            Metric.MEMBERS_GOOD_OR_BETTER: (45, 50, "90,0%", TargetStatus.NEAR),  # exactly 90% is not "trên 90%"
            Metric.MODEL_CELLS: (3, 10, "30,0%", TargetStatus.MET),
        },
        2026: {
            Metric.MEMBERS_GOOD_OR_BETTER: (47, 50, "94,0%", TargetStatus.MET),
            Metric.MODEL_CELLS: (1, 10, "10,0%", TargetStatus.MISSED),
        },
    }
    assert [(y.met_count, y.targeted) for y in review.years] == [(1, 2), (1, 2)]
    figure = review.years[0].figures[1]
    assert figure.target is not None and figure.target.plan == rw.plan  # the plan's own target, not another's


def test_end_year_limits_the_years(rw: ReviewWorld) -> None:  # noqa: F811
    assert [y.year for y in _review(rw, year=2025).years] == [2025]


def test_tasks_grouped_by_owner_with_state_and_latest_result(rw: ReviewWorld) -> None:  # noqa: F811
    review = _review(rw)
    rows = [
        (g.label, [(r.number, r.state, r.overdue, r.done, r.percent, r.result, r.reported_on) for r in g.rows])
        for g in review.tasks
    ]
    assert rows == [
        ("Ban Tổ chức", [("1", "Quá hạn", True, False, 60, "Đã rà soát 12 chi bộ", dt.date(2026, 5, 10))]),
        ("Ban Tuyên giáo và Dân vận",
         [("2", "Hoàn thành", False, True, 100, "Đã tổ chức hội nghị quán triệt", dt.date(2026, 10, 1))]),
        ("Đảng bộ Sở Tài chính", [("3", "Đang thực hiện", False, False, 0, "", None)]),
    ]  # fmt: skip
    assert (review.task_count, review.done_count, review.overdue_count) == (3, 1, 1)


def test_a_unit_sees_its_own_tasks_only(rw: ReviewWorld) -> None:  # noqa: F811
    review = _review(rw, org=rw.w.org_a)
    assert [(g.label, [r.number for r in g.rows]) for g in review.tasks] == [("Đảng bộ Sở Tài chính", ["3"])]
    assert review.requests == []  # grassroots A asked no report of its cells
    assert review.years[0].figures[0].denominator == 0  # no stored values for A


def _section_text(review: Any, heading: str) -> str:
    """The text of the document's blocks from `heading` to the next heading."""
    blocks = review_blocks(review, review_info(review, day=dt.date(2026, 11, 30)))
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    end = next(i for i, b in enumerate(blocks[start + 1 :], start + 1) if isinstance(b, Heading))
    return "\n".join(b.text for b in blocks[start + 1 : end] if isinstance(b, Paragraph))


def test_only_the_tasks_the_maker_sees(rw: ReviewWorld) -> None:  # noqa: F811
    """Task 3 is grassroots A's: its inspection officer (no progress to report, no board) does not see it on the
    plan's page, nor in the review made for A; the bloc's organization and office officers see it in both."""
    ubkt_a = make_user("ubkt_a", role=RoleKind.GRASSROOTS_INSPECTION_OFFICER, organization=rw.w.org_a)
    vanphong = make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=rw.w.bloc)
    assert not seen_by(ubkt_a).filter(plan=rw.plan).exists()
    hidden = _review(rw, org=rw.w.org_a, by=ubkt_a)
    assert (hidden.tasks, hidden.task_count) == ([], 0)
    assert hidden.years == _review(rw, org=rw.w.org_a).years  # the figures are not the tasks' to hide
    section = _section_text(hidden, "II- KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    assert "trong phạm vi người lập báo cáo được xem" in section  # not "the plan gives the unit no task"
    for user in (rw.w.bloc_officer, vanphong):
        shown = _review(rw, org=rw.w.org_a, by=user)
        assert [(g.label, [r.title for r in g.rows]) for g in shown.tasks] == [
            ("Đảng bộ Sở Tài chính", ["Nhiệm vụ số 3"])
        ], user
    assert _review(rw, org=rw.w.org_a, by=rw.w.officer).task_count == 1  # A's own officer sees A's task


def test_units_reports_counted_and_accepted_figures_summed(rw: ReviewWorld) -> None:  # noqa: F811
    (row,) = _review(rw).requests
    assert (row.year, row.due_on, row.asked, row.sent, row.accepted, row.late) == (2025, dt.date(2026, 1, 20), 3, 2,
                                                                                    1, 1)  # fmt: skip
    assert row.figures == [("Số đảng viên", 120), ("Số đảng viên mới kết nạp", 4)]  # A only: B is not accepted


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2024, "Năm cuối của báo cáo phải trong các năm của kế hoạch đã bắt đầu, từ 2025 đến 2026."),
        (2027, "Năm cuối của báo cáo phải trong các năm của kế hoạch đã bắt đầu, từ 2025 đến 2026."),
    ],
)
def test_refuses_a_year_outside_the_plan_or_to_come(rw: ReviewWorld, year: int, message: str) -> None:  # noqa: F811
    with pytest.raises(DomainError) as caught:
        _review(rw, year=year)
    assert (caught.value.message, caught.value.field) == (message, "nam")


def test_refuses_a_plan_not_begun(rw: ReviewWorld) -> None:  # noqa: F811
    later = Plan.objects.create(
        document_number="09-KH/ĐUK", title="Kế hoạch sau", issuer_name="Ban Thường vụ", issuer=rw.w.bloc,
        issued_on=dt.date(2026, 11, 1), year_from=2027, year_to=2030,
    )  # fmt: skip
    with pytest.raises(DomainError) as caught:
        plan_review(later, kind="final", organization=rw.w.bloc, end_year=2027, today=TODAY,
                    seen=seen_by(rw.w.bloc_officer))  # fmt: skip
    assert caught.value.message == "Kế hoạch 09-KH/ĐUK bắt đầu từ năm 2027: chưa có năm nào để sơ kết, tổng kết."


def test_refuses_an_organization_outside_the_plan_and_an_unknown_kind(rw: ReviewWorld) -> None:  # noqa: F811
    of_a = Plan.objects.create(
        document_number="02-KH/ĐU", title="Kế hoạch của A", issuer_name="Đảng ủy Sở", issuer=rw.w.org_a,
        issued_on=dt.date(2025, 2, 1), year_from=2025, year_to=2027,
    )  # fmt: skip
    with pytest.raises(DomainError) as caught:
        plan_review(of_a, kind="final", organization=rw.w.org_b, end_year=2026, today=TODAY,
                    seen=seen_by(rw.w.bloc_officer))  # fmt: skip
    assert caught.value.message == "Đảng bộ Công ty Điện lực không thuộc phạm vi thực hiện Kế hoạch 02-KH/ĐU."
    with pytest.raises(DomainError) as caught:
        _review(rw, kind="yearly")
    assert caught.value.field == "loai"


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_docx_holds_the_frame_the_figures_and_blank_sections(rw: ReviewWorld) -> None:  # noqa: F811
    review = _review(rw)
    info = review_info(review, day=dt.date(2026, 11, 30), number="21", signer_name="Đinh Vĩnh Thụy")
    assert review_subtitle(review) == (
        "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 05-KH/ĐUK ngày 10/03/2025 của Ban Thường vụ Đảng bộ Khối "
        "Các cơ quan và Doanh nghiệp tỉnh, giai đoạn 2025–2026"
    )
    text = _docx_text(write_docx(review_blocks(review, info), info))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Số 21-BC/ĐUK", "Thái Bình, ngày 30 tháng 11 năm 2026", "Nơi nhận:",
        "Đinh Vĩnh Thụy", "Năm 2025: 1/2 chỉ tiêu đạt kế hoạch.", "Năm 2026: 1/2 chỉ tiêu đạt kế hoạch.",
        "45/50", "90,0%", "Gần đạt", "47/50", "94,0%", "1/10", "Chưa đạt",
        "Kế hoạch có 3 nhiệm vụ: 1 nhiệm vụ đã hoàn thành, 1 nhiệm vụ quá hạn (tính đến ngày 27/11/2026).",
        "Quá hạn", "60%", "Đã rà soát 12 chi bộ (10/05/2026)", "Ban Tuyên giáo và Dân vận:",
        "Báo cáo tổng kết công tác đảng năm 2025 (2025)", "Số đảng viên: 120; Số đảng viên mới kết nạp: 4",
    ):  # fmt: skip
        assert expected in text, expected
    for title in COMMITTEE_SECTIONS:
        assert title.upper() in text
    assert "giai đoạn 2025–2026" in text.replace("\u00a0", " ")


def test_final_review_subject_and_pdf(rw: ReviewWorld) -> None:  # noqa: F811
    review = _review(rw, kind="final")
    info = review_info(review, day=dt.date(2026, 11, 30))
    assert review_subtitle(review).startswith("Tổng kết thực hiện Kế hoạch số 05-KH/ĐUK")
    pdf = write_pdf(review_blocks(review, info), info)
    assert pdf.startswith(b"%PDF")
    text = " ".join(read_pdf(pdf).text().split())
    assert "Tổng kết thực hiện Kế hoạch số 05-KH/ĐUK" in text
    assert "Số đảng viên: 120" in text and "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text


def test_seed_plan_reviewed_by_the_bloc(rw: ReviewWorld) -> None:  # noqa: F811
    seed = Plan.objects.get(document_number="20-KH/ĐUK")
    seen = seen_by(rw.w.bloc_officer)
    with CaptureQueriesContext(connection) as queries:
        review = plan_review(seed, kind="mid_term", organization=rw.w.bloc, end_year=2026, today=TODAY, seen=seen)
    assert len(queries) <= 10  # a handful of queries whatever the number of tasks, years and requests
    assert [y.year for y in review.years] == [2024, 2025, 2026]
    assert review.task_count == seed.tasks.count() == 48  # the top committee's plan: every task for the bloc
    assert review_subtitle(review).startswith(
        "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 20-KH/ĐUK ngày 23/04/2024 của Ban Thường vụ Đảng ủy Khối"
    )
    assert review.requests[0].asked == 3  # the bloc's request of the hand-made world
