"""The report's body as a list of neutral blocks (headings, paragraphs, tables, charts), written once and laid
out by both the DOCX and the PDF writer, so the two documents say exactly the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dangbo.documents.frame import DocumentInfo
from dangbo.planning.enums import TargetStatus
from dangbo.planning.models import percent_text
from dangbo.planning.selectors import METRICS, Figure

from .charts import target_bar_chart, trend_chart
from .year_report import YearReport, metric_label

STATUS_TEXT = {
    TargetStatus.EXCEEDED: "Vượt chỉ tiêu",
    TargetStatus.MET: "Đạt",
    TargetStatus.NEAR: "Gần đạt",
    TargetStatus.MISSED: "Chưa đạt",
    TargetStatus.NO_DATA: "Chưa có số liệu",
}
ADMISSION_NOTE = (
    "Ghi chú: tỷ lệ kết nạp đảng viên mới tạm tính từ dữ liệu đảng viên (ngày quyết định kết nạp trong năm, "
    "trên số đảng viên sinh hoạt tại chi bộ ngày 01/01) cho đến khi có hồ sơ kết nạp đảng."
)


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    numeric: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


Block = Heading | Paragraph | Table | Chart


def count_text(figure: Figure) -> str:
    return f"{figure.numerator:,}/{figure.denominator:,}".replace(",", ".") if figure.denominator else "—"


def _figure_sentence(figure: Figure) -> str:
    status = STATUS_TEXT[figure.status].lower()
    if figure.denominator == 0:
        return f"- {metric_label(figure.metric)}: chưa có số liệu."
    return (
        f"- {metric_label(figure.metric)}: {figure.value_text} ({count_text(figure)}), "
        f"chỉ tiêu {figure.target_text}: {status}."
    )


def _figures_table(report: YearReport) -> Table:
    rows = [
        [str(i), metric_label(f.metric), count_text(f), f.value_text, f.target_text, STATUS_TEXT[f.status]]
        for i, f in enumerate(report.figures, start=1)
    ]
    return Table(
        ["TT", "Chỉ tiêu", "Số lượng", "Tỷ lệ", "Chỉ tiêu kế hoạch", "Đánh giá"],
        rows,
        [0.5, 3.6, 1.4, 1.0, 1.4, 1.2],
        frozenset({2, 3, 4}),
    )


def _sector_table(report: YearReport) -> Table:
    rows = [[str(s.org_type_label)] + [f.value_text for f in s.ordered()] for s in report.sectors]
    return Table(
        ["Loại hình", "TCCSĐ HTTNV trở lên", "Đảng viên HTTNV trở lên", "Chi bộ kiểu mẫu", "Kết nạp mới"],
        rows,
        [3.0, 1.4, 1.4, 1.4, 1.4],
        frozenset({1, 2, 3, 4}),
    )


def shortfall(figure: Figure) -> str:
    """Why a figure misses its target, citing the plan: "86,7% < 90% (Kế hoạch 20-KH/ĐUK)"."""
    if figure.target is None or not figure.denominator:
        return ""
    return f"{figure.grade.comparison} ({figure.source})"


def _below_table(report: YearReport) -> Table:
    rows = [
        [str(i), b.name, metric_label(b.figure.metric), count_text(b.figure), shortfall(b.figure)]
        for i, b in enumerate(report.below, start=1)
    ]
    return Table(
        ["TT", "Tổ chức cơ sở đảng", "Chỉ tiêu", "Số lượng", "Lý do chưa đạt"],
        rows,
        [0.5, 2.8, 2.4, 1.0, 2.4],
        frozenset({3}),
    )


def _trend_table(report: YearReport) -> Table:
    def shown(value: float | None) -> str:
        return "—" if value is None else percent_text_of(value)

    rows = [[str(t.year)] + [shown(t.values[m]) for m in METRICS] for t in report.trends]
    return Table(
        ["Năm", "TCCSĐ HTTNV trở lên", "Đảng viên HTTNV trở lên", "Chi bộ kiểu mẫu", "Kết nạp mới"],
        rows,
        [1.0, 1.6, 1.6, 1.6, 1.6],
        frozenset({1, 2, 3, 4}),
    )


def percent_text_of(value: float) -> str:
    return percent_text(Decimal(str(value)))


def report_blocks(report: YearReport, info: DocumentInfo) -> list[Block]:
    """The body of the report, in order: the opening, the results against the targets (table and chart), the
    results by sector, the grassroots organizations below target with the reason, the trend over the years."""
    org = report.organization
    plans = ", ".join(report.plans) or "kế hoạch của cấp ủy"
    blocks: list[Block] = [
        Paragraph(
            f"Thực hiện {plans} về mục tiêu đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên, "
            f"{info.issuer} báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm "
            f"{report.year} của {org.name} như sau:"
        ),
        Heading("I- KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
        Paragraph(f"Năm {report.year} có {report.met_count}/{len(report.figures)} chỉ tiêu đạt kế hoạch:"),
        *[Paragraph(_figure_sentence(f)) for f in report.figures],
        _figures_table(report),
        Chart(target_bar_chart(report.figures), f"Biểu đồ 1. Kết quả năm {report.year} so với chỉ tiêu kế hoạch"),
        Heading("II- KẾT QUẢ THEO LOẠI HÌNH TỔ CHỨC CƠ SỞ ĐẢNG"),
    ]
    if report.sectors:
        blocks.append(_sector_table(report))
    else:
        blocks.append(Paragraph("Chưa có số liệu theo loại hình tổ chức cơ sở đảng."))
    blocks.append(Heading("III- CÁC TỔ CHỨC CƠ SỞ ĐẢNG CHƯA ĐẠT CHỈ TIÊU"))
    if report.below:
        blocks.append(Paragraph(f"Có {report.below_total} trường hợp tổ chức cơ sở đảng chưa đạt chỉ tiêu:"))
        blocks.append(_below_table(report))
        if report.below_total > len(report.below):
            blocks.append(
                Paragraph(
                    f"(Bảng nêu {len(report.below)} trường hợp thấp nhất; danh sách đầy đủ trong tệp Excel.)",
                    italic=True,
                )
            )
    else:
        blocks.append(Paragraph("Tất cả tổ chức cơ sở đảng đều đạt các chỉ tiêu của năm."))
    blocks.append(Heading("IV- KẾT QUẢ QUA CÁC NĂM"))
    blocks.append(_trend_table(report))
    if len(report.trends) > 1:
        blocks.append(Chart(trend_chart(report.trends), "Biểu đồ 2. Tỷ lệ hoàn thành tốt nhiệm vụ trở lên qua các năm"))
    blocks.append(Paragraph(ADMISSION_NOTE, italic=True))
    return blocks
