"""A plan's review as a document: its subject line, its frame, and its body as the neutral blocks of `content.py`,
laid out by the same DOCX and PDF writers as the year report.

The body: the opening; I- the targets year by year (a table per year with the grade of each figure); II- the
tasks by owner with their state, percent and latest result, overdue ones marked; III- the reports asked of the
units and the figures of the accepted ones summed; then the sections the committee writes in the Word file
(shortcomings and causes, directions, proposals), left blank.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.documents.frame import REPORT_TITLE, DocumentInfo, document_frame

from .content import STATUS_TEXT, Block, Heading, Paragraph, Table, count_text
from .enums import ReviewKind
from .plan_review import PlanReview, RequestRow, YearFigures
from .year_report import metric_label

SUBJECT = {
    ReviewKind.MID_TERM: "Sơ kết giữa nhiệm kỳ thực hiện",
    ReviewKind.FINAL: "Tổng kết thực hiện",
}
# The sections the committee writes itself in the Word file (left blank in the document).
COMMITTEE_SECTIONS = (
    "Hạn chế, nguyên nhân",
    "Bài học kinh nghiệm",
    "Phương hướng, nhiệm vụ thời gian tới",
    "Đề xuất, kiến nghị",
)
BLANK_LINE = "." * 90
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def review_subtitle(review: PlanReview) -> str:
    """ "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 20-KH/ĐUK ngày 10/03/2025 của …, giai đoạn 2025–2026"."""
    plan = review.plan
    period = f"{review.first_year}–{review.end_year}" if review.end_year > review.first_year else str(review.end_year)
    return (
        f"{SUBJECT[ReviewKind(review.kind)]} Kế hoạch số {plan.document_number} ngày {day_text(plan.issued_on)} "
        f"của {plan.issuer_name}, giai đoạn {period}"
    )


def review_info(review: PlanReview, **frame: Any) -> DocumentInfo:
    """The review's frame by the organization's committee; the keyword arguments are `document_frame`'s."""
    return document_frame(review.organization, title=REPORT_TITLE, subtitle=review_subtitle(review), **frame)


def _year_table(year: YearFigures) -> Table:
    rows = [
        [str(i), metric_label(f.metric), count_text(f), f.value_text, f.target_text if f.target else "—",
         STATUS_TEXT[f.status]]
        for i, f in enumerate(year.figures, start=1)
    ]  # fmt: skip
    return Table(
        ["TT", "Chỉ tiêu", "Số lượng", "Tỷ lệ", "Chỉ tiêu kế hoạch", "Đánh giá"],
        rows,
        [0.5, 3.6, 1.4, 1.0, 1.4, 1.2],
        frozenset({2, 3, 4}),
    )


def _targets(review: PlanReview) -> list[Block]:
    blocks: list[Block] = []
    for year in review.years:
        if not any(f.denominator for f in year.figures):
            blocks.append(Paragraph(f"Năm {year.year}: chưa có số liệu chỉ tiêu."))
            continue
        blocks.append(Paragraph(f"Năm {year.year}: {year.met_count}/{year.targeted} chỉ tiêu đạt kế hoạch."))
        blocks.append(_year_table(year))
    return blocks


def _tasks(review: PlanReview) -> list[Block]:
    if not review.tasks:
        # The tasks are those its maker may see (decision 0045, addendum): none seen is not none given.
        return [
            Paragraph("Không có nhiệm vụ nào của kế hoạch giao cho đơn vị trong phạm vi người lập báo cáo được xem.")
        ]
    blocks: list[Block] = [
        Paragraph(
            f"Kế hoạch có {review.task_count} nhiệm vụ: {review.done_count} nhiệm vụ đã hoàn thành, "
            f"{review.overdue_count} nhiệm vụ quá hạn (tính đến ngày {day_text(review.today)})."
        )
    ]
    for group in review.tasks:
        blocks.append(Paragraph(f"{group.label}:", italic=True))
        rows = [
            [r.number, r.title, r.state, f"{r.percent}%",
             f"{r.result} ({day_text(r.reported_on)})" if r.reported_on else "—"]
            for r in group.rows
        ]  # fmt: skip
        blocks.append(Table(["TT", "Nhiệm vụ", "Tình hình", "Tỷ lệ", "Kết quả gần nhất"], rows,
                            [0.6, 3.4, 1.4, 0.8, 3.0], frozenset({3})))  # fmt: skip
    return blocks


def _figures_text(row: RequestRow) -> str:
    return "; ".join(f"{name}: {value:,}".replace(",", ".") for name, value in row.figures) or "—"


def _requests(review: PlanReview) -> list[Block]:
    if not review.requests:
        return [Paragraph("Trong các năm của kế hoạch, cấp ủy chưa yêu cầu đơn vị trực thuộc gửi báo cáo.")]
    rows = [
        [str(i), f"{r.title} ({r.year})", day_text(r.due_on), str(r.asked), str(r.sent), str(r.accepted),
         str(r.late), _figures_text(r)]
        for i, r in enumerate(review.requests, start=1)
    ]  # fmt: skip
    return [
        Paragraph("Các báo cáo cấp ủy yêu cầu đơn vị trực thuộc gửi và số liệu chủ yếu của các báo cáo đã tiếp nhận:"),
        Table(
            ["TT", "Báo cáo", "Hạn gửi", "Số đơn vị", "Đã gửi", "Đã tiếp nhận", "Quá hạn", "Số liệu đã tiếp nhận"],
            rows,
            [0.5, 2.2, 1.45, 0.8, 0.8, 1.0, 0.8, 2.3],
            frozenset({3, 4, 5, 6}),
        ),
    ]


def review_blocks(review: PlanReview, info: DocumentInfo) -> list[Block]:
    """The body of the review, in order (see the module's docstring)."""
    plan = review.plan
    blocks: list[Block] = [
        Paragraph(
            f"{info.issuer} báo cáo {SUBJECT[ReviewKind(review.kind)].lower()} Kế hoạch số {plan.document_number} "
            f"ngày {day_text(plan.issued_on)} của {plan.issuer_name} từ năm {review.first_year} đến năm "
            f"{review.end_year} như sau:"
        ),
        Heading("I- KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
        *_targets(review),
        Heading("II- KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ"),
        *_tasks(review),
        Heading("III- BÁO CÁO CỦA CÁC ĐƠN VỊ"),
        *_requests(review),
    ]
    for number, title in zip(ROMAN[3:], COMMITTEE_SECTIONS, strict=False):
        blocks.append(Heading(f"{number}- {title.upper()}"))
        blocks.extend([Paragraph(BLANK_LINE), Paragraph(BLANK_LINE)])
    return blocks
