"""Each format written and opened back: the workbook's exact figures, the Word document's frame, tables and
images, the PDF's pages, embedded font and text; the chart images; a missing font."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from dangbo.core.errors import DomainError
from dangbo.documents.frame import DocumentInfo
from dangbo.reporting import fonts
from dangbo.reporting.charts import target_bar_chart, trend_chart
from dangbo.reporting.document import document_info
from dangbo.reporting.docx_report import build_docx
from dangbo.reporting.excel import build_workbook
from dangbo.reporting.pdf_report import build_pdf, document_html
from dangbo.reporting.year_report import YearReport, year_report

from .conftest import YEAR, Rated
from .pdf_text import read_pdf

pytestmark = pytest.mark.django_db

TITLE = "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025"


@pytest.fixture
def bloc_report(computed: Rated) -> tuple[YearReport, DocumentInfo]:
    bloc = computed.world.bloc
    info = document_info(bloc, year=YEAR, day=dt.date(2025, 12, 5), number="15", signer_name="Đinh Vĩnh Thụy")
    return year_report(bloc, year=YEAR), info


def _rows(ws: Any, first: int = 4) -> list[tuple[Any, ...]]:
    return [row for row in ws.iter_rows(min_row=first, values_only=True)]


def test_excel_summary_exact_figures_as_percent_numbers(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    wb = load_workbook(io.BytesIO(build_workbook(*bloc_report)))
    assert wb.sheetnames == ["Tổng hợp", "Theo loại hình", "Chưa đạt chỉ tiêu", "Qua các năm"]
    ws = wb["Tổng hợp"]
    assert [c.value for c in ws[3]] == ["Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ", "Chỉ tiêu kế hoạch", "Đánh giá",
                                        "Căn cứ"]  # fmt: skip
    assert _rows(ws) == [
        ("Tỷ lệ tổ chức cơ sở đảng HTTNV trở lên", 1, 2, 0.5, "> 90%", "Chưa đạt", "Kế hoạch 20-KH/ĐUK"),
        ("Tỷ lệ đảng viên HTTNV trở lên", 22, 25, 0.88, "> 90%", "Gần đạt", "Kế hoạch 20-KH/ĐUK"),
        ("Tỷ lệ chi bộ kiểu mẫu", 1, 3, pytest.approx(1 / 3, rel=1e-14), "> 20%", "Đạt", "Kế hoạch 20-KH/ĐUK"),
        ("Tỷ lệ kết nạp đảng viên mới", 1, 27, pytest.approx(1 / 27, rel=1e-14), "3%–4%", "Đạt", "Kế hoạch 20-KH/ĐUK"),
    ]
    assert ws["D4"].number_format == "0.0%"
    assert ws["A1"].value == (
        "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh — Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, "
        "đảng viên năm 2025"
    )


def test_excel_sector_below_and_trend_sheets(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    wb = load_workbook(io.BytesIO(build_workbook(*bloc_report)))
    sectors = {(r[0], r[1]): r[2:5] for r in _rows(wb["Theo loại hình"])}
    assert sectors[("Cơ quan hành chính nhà nước", "Tỷ lệ đảng viên HTTNV trở lên")] == (
        13, 15, pytest.approx(13 / 15, rel=1e-14))  # fmt: skip
    assert sectors[("Doanh nghiệp nhà nước", "Tỷ lệ đảng viên HTTNV trở lên")] == (9, 10, 0.9)
    below = _rows(wb["Chưa đạt chỉ tiêu"])
    assert len(below) == 5  # B's admissions above the range are exceeded, not below target
    by_key = {(r[1], r[2]): r for r in below}
    assert by_key[("Đảng bộ Sở Tài chính", "Tỷ lệ đảng viên HTTNV trở lên")][3:] == (
        13, 15, pytest.approx(13 / 15, rel=1e-14), "> 90%", "86,7% < 90% (Kế hoạch 20-KH/ĐUK)")  # fmt: skip
    assert (
        by_key[("Đảng bộ Công ty Điện lực", "Tỷ lệ đảng viên HTTNV trở lên")][7] == "90,0% ≤ 90% (Kế hoạch 20-KH/ĐUK)"
    )
    assert wb["Chưa đạt chỉ tiêu"]["F4"].number_format == "0.0%"
    assert _rows(wb["Qua các năm"]) == [(2024, 1.0, 1.0, 0.0, 0.0), (2025, 0.5, 0.88, 0.3333, 0.037)]


def test_docx_party_document_frame(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TỈNH THÁI BÌNH", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "*", "Số 15-BC/ĐUK"
    ]  # fmt: skip
    superior, issuer = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
    assert (superior.bold, issuer.bold) == (False, True)  # the superior upright, the issuer bold
    party = right.paragraphs[0].runs[0]
    assert (party.text, party.bold, party.underline) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, True)
    date = right.paragraphs[-1].runs[0]
    assert (date.text, date.italic) == ("Thái Bình, ngày 05 tháng 12 năm 2025", True)
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("BÁO CÁO") + 1] == TITLE.replace("năm 2025", "năm\u00a02025")
    footer = doc.tables[-1]
    recipients, signature = footer.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Các tổ chức đảng trực thuộc,", "- Lưu Văn phòng."
    ]  # fmt: skip
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Vĩnh Thụy"]


def test_docx_tables_and_charts(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    figures = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = [[c.text for c in row.cells] for row in figures.rows]
    assert rows[2] == ["2", "Tỷ lệ đảng viên HTTNV trở lên", "22/25", "88,0%", "> 90%", "Gần đạt"]
    below = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Lý do chưa đạt")
    assert len(below.rows) == 6
    assert ["Đảng bộ Sở Tài chính", "86,7% < 90% (Kế hoạch 20-KH/ĐUK)"] in [
        [row.cells[1].text, row.cells[4].text] for row in below.rows
    ]
    assert len(doc.inline_shapes) == 2  # the year against the targets, and the trend
    assert any(p.text == "Biểu đồ 1. Kết quả năm 2025 so với chỉ tiêu kế hoạch" for p in doc.paragraphs)


def test_docx_grassroots_frame_names_superior_and_committee(computed: Rated) -> None:
    org_a = computed.world.org_a
    info = document_info(org_a, year=YEAR, day=dt.date(2026, 1, 8))
    doc = Document(io.BytesIO(build_docx(year_report(org_a, year=YEAR), info)))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "ĐẢNG ỦY SỞ TÀI CHÍNH", "*", "Số " + "\u00a0" * 6 + "-BC/ĐU"
    ]  # fmt: skip
    assert right.paragraphs[-1].text == "Thái Bình, ngày 08 tháng 01 năm 2026"
    signature = doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


def test_pdf_pages_font_and_text(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    data = build_pdf(*bloc_report)
    assert data.startswith(b"%PDF-")
    pdf = read_pdf(data)
    assert pdf.page_count >= 2
    assert set(pdf.embedded_fonts) == {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}
    text = " ".join(pdf.text().split())
    first_page = " ".join(pdf.page_texts()[0].split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first_page
    assert "Số 15-BC/ĐUK" in first_page
    assert "Thái Bình, ngày 05 tháng 12 năm 2025" in first_page
    assert f"BÁO CÁO {TITLE}" in first_page
    assert "- Tỷ lệ đảng viên HTTNV trở lên: 88,0% (22/25), chỉ tiêu > 90%: gần đạt." in text
    assert "86,7% < 90% (Kế hoạch 20-KH/ĐUK)" in text
    last = pdf.pages()[-1]
    recipients = [line.text for line in last.lines() if line.x1 < last.width / 2]
    signature = [line.text for line in last.lines()[:-1] if line.x0 > last.width / 2]
    assert recipients[-4:] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Các tổ chức đảng trực thuộc,", "- Lưu Văn phòng."
    ]  # fmt: skip
    assert signature[-3:] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Vĩnh Thụy"]
    assert pdf.lines()[-1] == str(pdf.page_count)  # the page number, last


def test_pdf_charts_embedded_as_images(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    data = build_pdf(*bloc_report)
    assert data.count(b"/Subtype /Image") == 2


def test_charts_are_png_images(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    report, _info = bloc_report
    for png in (target_bar_chart(report.figures), trend_chart(report.trends)):
        image = Image.open(io.BytesIO(png))
        assert (image.format, image.size) == ("PNG", (1600, 900))
        # drawn, not blank: the bars and lines use the status and series colours
        assert len(image.getcolors(maxcolors=100000) or []) > 10


def test_pdf_missing_font_refused_in_vietnamese(bloc_report: tuple[YearReport, DocumentInfo], tmp_path: Path) -> None:
    with override_settings(DANGBO_PDF_FONT_DIR=str(tmp_path)), pytest.raises(DomainError) as caught:
        build_pdf(*bloc_report)
    assert caught.value.message.startswith(
        f"Không tìm thấy phông chữ LiberationSerif-Regular.ttf trong thư mục {tmp_path}"
    )


def test_pdf_font_folder_setting_used(bloc_report: tuple[YearReport, DocumentInfo], tmp_path: Path) -> None:
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        (tmp_path / name).write_bytes((fonts.SHIPPED_FONT_DIR / name).read_bytes())
    with override_settings(DANGBO_PDF_FONT_DIR=str(tmp_path)):
        html = document_html(*bloc_report, fonts.font_files())
        pdf = read_pdf(build_pdf(*bloc_report))
    assert html.count(f'src: url("{tmp_path.as_uri()}/LiberationSerif-') == 4
    assert "Liberation-Serif-Bold" in pdf.embedded_fonts
