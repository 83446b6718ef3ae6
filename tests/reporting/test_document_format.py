"""The party's document format (Hướng dẫn 36-HD/VPTW) in both documents: the superior line, the header's lines
and their order, Times New Roman 14, tables inside the margins (PDF) and grids matching the cells (DOCX), the
signature block kept with the last paragraph, the title's last words joined, HTML- and formula-looking names
shown as text, and the fetcher that reads nothing but the font files.

Then the Word document opened by LibreOffice (Debian's libreoffice-writer-nogui): converted to PDF, the
Vietnamese text comes out exactly and the tables keep the widths of their grid, inside the margins. LibreOffice
takes a few seconds to start, so the module converts once: the converter keeps each converted file by the
DOCX's content, and the fixture world writes the same DOCX in every test. (These tests sit in this larger file
on purpose: the parallel runner puts small files last, after the live-server tests that flush the database's
shipped rule sets.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TableBox  # type: ignore[import-untyped]

from dangbo.core.errors import DomainError
from dangbo.documents.frame import DocumentInfo, keep_last_words
from dangbo.reporting import fonts
from dangbo.reporting.document import document_info
from dangbo.reporting.docx_report import build_docx
from dangbo.reporting.pdf_report import build_pdf, document_html, local_fetcher
from dangbo.reporting.year_report import YearReport, year_report

from .conftest import YEAR, Rated
from .pdf_text import MM, PdfFile, read_pdf

pytestmark = pytest.mark.django_db

A4_WIDTH = 210 * MM
LEFT_EDGE, RIGHT_EDGE = 30 * MM, A4_WIDTH - 15 * MM  # the text area between the margins, in points
TOLERANCE = 0.5  # points: a glyph's box may overhang its advance by a hair
TEXT_WIDTH_TWIPS = Cm(16.5).twips
HOSTILE_NAME = '<b>Chi bộ</b> =HYPERLINK("http://x.example","Bấm") & <script>alert(1)</script>'


@pytest.fixture
def bloc_report(computed: Rated) -> tuple[YearReport, DocumentInfo]:
    bloc = computed.world.bloc
    info = document_info(bloc, year=YEAR, day=dt.date(2025, 12, 5), number="15", signer_name="Đinh Vĩnh Thụy")
    return year_report(bloc, year=YEAR), info


def test_superior_is_parent_or_setting_at_the_top(computed: Rated) -> None:
    w = computed.world
    day = dt.date(2025, 12, 5)
    assert document_info(w.org_a, year=YEAR, day=day).superior == "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"
    assert document_info(w.bloc, year=YEAR, day=day).superior == "Đảng bộ tỉnh Thái Bình"
    with override_settings(DANGBO_DOCUMENT_SUPERIOR="Đảng bộ tỉnh Hưng Yên"):
        info = document_info(w.bloc, year=YEAR, day=day)
    assert info.header_left == ["ĐẢNG BỘ TỈNH HƯNG YÊN", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"]
    typed = document_info(w.bloc, year=YEAR, day=day, superior="  Đảng bộ tỉnh Nam Định ")
    assert typed.superior == "Đảng bộ tỉnh Nam Định"
    assert document_info(w.bloc, year=YEAR, day=day, superior="").header_left == [
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    ]


def test_keep_last_words_joins_only_the_last_two() -> None:
    assert keep_last_words("Kết quả năm 2025") == "Kết quả năm\u00a02025"
    assert keep_last_words("BÁO") == "BÁO"


# --- DOCX ---------------------------------------------------------------------------------------------------------


def test_docx_fonts_times_new_roman_14_everywhere(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    normal = doc.styles["Normal"]
    r_fonts = normal.element.rPr.rFonts
    assert {slot: r_fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
        ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"
    )
    assert normal.font.size == Pt(14)
    runs = [r for p in doc.paragraphs for r in p.runs] + [
        r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    runs = [r for r in runs if r.text]  # not the runs holding the chart images
    assert len(runs) > 100 and {r.font.name for r in runs} == {"Times New Roman"}
    assert {r._r.rPr.rFonts.get(qn("w:cs")) for r in runs} == {"Times New Roman"}
    body = [r for p in doc.paragraphs if p.style.name == "Normal" and p.text.startswith("Thực hiện") for r in p.runs]
    assert [r.font.size for r in body] == [Pt(14)]
    assert doc.tables[0].rows[0].cells[0].paragraphs[1].runs[0].font.size == Pt(14)  # the issuer


def test_docx_grid_widths_equal_cell_widths_within_margins(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    assert len(doc.tables) == 6  # header, four body tables, sign-off
    for table in doc.tables:
        grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
        for row in table.rows:
            assert [cell.width for cell in row.cells] == grid
        assert sum(g.twips for g in grid) <= TEXT_WIDTH_TWIPS
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    figures = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    widths = [col.w for col in figures._tbl.tblGrid.gridCol_lst]
    assert widths[1] > 5 * widths[0]  # "Chỉ tiêu" wide, "TT" narrow: not equal columns


def test_docx_signature_kept_with_last_paragraph(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    body = doc.element.body
    sign_off = doc.tables[-1]
    before = sign_off._tbl.getprevious()
    assert before.tag == qn("w:p")
    last = next(p for p in doc.paragraphs if p._p is before)
    assert last.text.startswith("Ghi chú: tỷ lệ kết nạp đảng viên mới")
    assert (last.paragraph_format.keep_with_next, last.paragraph_format.keep_together) == (True, True)
    row = sign_off.rows[0]
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert body.index(sign_off._tbl) == len(body) - 2  # the last thing before the section properties


def test_docx_title_kept_together_without_orphan(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    doc = Document(io.BytesIO(build_docx(*bloc_report)))
    texts = [p.text for p in doc.paragraphs]
    kind = doc.paragraphs[texts.index("BÁO CÁO")]
    subject = doc.paragraphs[texts.index("BÁO CÁO") + 1]
    assert subject.text.endswith("đảng viên năm\u00a02025")
    assert subject.text.count("\u00a0") == 1
    for paragraph in (kind, subject):
        assert paragraph.paragraph_format.keep_with_next and paragraph.paragraph_format.keep_together
        assert paragraph.runs[0].bold


# --- PDF ----------------------------------------------------------------------------------------------------------


def test_pdf_header_lines_in_order(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    page = read_pdf(build_pdf(*bloc_report)).pages()[0]
    lines = page.lines()
    left = [line.text for line in lines if line.x1 < page.width / 2]
    right = [line.text for line in lines if line.x0 > page.width / 2]
    assert left[:5] == ["ĐẢNG BỘ TỈNH THÁI BÌNH", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "VÀ DOANH NGHIỆP TỈNH", "*",
                        "Số 15-BC/ĐUK"]  # fmt: skip
    assert right[:2] == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Thái Bình, ngày 05 tháng 12 năm 2025"]
    texts = [line.text for line in lines]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1 : title + 3] == [
        "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025", "-----"
    ]  # fmt: skip
    assert title > texts.index("Số 15-BC/ĐUK")


def test_pdf_font_is_liberation_serif_14(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    pdf = read_pdf(build_pdf(*bloc_report))
    assert set(pdf.embedded_fonts) == {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}
    body = next(w for w in pdf.pages()[0].words if w.text == "Thực")
    assert body.y1 - body.y0 == pytest.approx(14 * 1.107, abs=0.5)  # the font's ascent plus descent at 14 pt


def test_pdf_tables_and_text_inside_margins(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    pdf = read_pdf(build_pdf(*bloc_report))
    for page in pdf.pages():
        assert page.width == pytest.approx(A4_WIDTH, abs=0.1)
        for word in page.words:
            assert word.x0 >= LEFT_EDGE - TOLERANCE and word.x1 <= RIGHT_EDGE + TOLERANCE, word
    words = pdf.pages()[1].words
    count = next(w for w in words if w.text == "0/17")
    row = sorted((w for w in words if abs(w.y1 - count.y1) < 1), key=lambda w: w.x0)
    assert " ".join(w.text for w in row) == "1 Đảng bộ Sở Tài chính Tỷ lệ kết nạp đảng viên 0/17 0,0% < 3% (Kế hoạch"


def test_pdf_table_borders_inside_margins(bloc_report: tuple[YearReport, DocumentInfo]) -> None:
    """The laid-out boxes themselves (borders included), from WeasyPrint's layout of the same HTML."""
    files = fonts.font_files()
    document = HTML(string=document_html(*bloc_report, files), url_fetcher=local_fetcher(files.folder)).render()
    tables = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, TableBox):
                tables.append(box)
            stack.extend(getattr(box, "children", []))
    # header, four body tables, sign-off (a table that runs onto the next page has a box on each page)
    assert len({table.element for table in tables}) == 6
    px = 96 / 25.4  # the layout is in CSS pixels per millimetre
    for table in tables:
        left = table.border_box_x()
        assert left >= 30 * px - TOLERANCE
        assert left + table.border_width() <= (210 - 15) * px + TOLERANCE


def test_pdf_signature_on_the_page_of_the_last_paragraph(computed: Rated) -> None:
    bloc = computed.world.bloc
    many = [f"Nơi nhận số {i}" for i in range(1, 13)]  # a long sign-off that cannot fit under the text
    info = document_info(bloc, year=YEAR, day=dt.date(2025, 12, 5), recipients=many, signer_name="Đinh Vĩnh Thụy")
    pdf = read_pdf(build_pdf(year_report(bloc, year=YEAR), info))
    pages = [[line.text for line in page.lines()] for page in pdf.pages()]
    [page] = [p for p in pages if "Nơi nhận:" in p]
    assert any(t.startswith("Ghi chú: tỷ lệ kết nạp đảng viên mới") for t in page)
    assert "Đinh Vĩnh Thụy" in page and "- Nơi nhận số 12." in page


def test_html_and_formula_in_names_shown_as_text(computed: Rated) -> None:
    org = computed.world.org_a
    org.name = HOSTILE_NAME
    info = document_info(org, year=YEAR, day=dt.date(2025, 12, 5), signer_name="<i>Phạm</i> =1+1")
    report = year_report(org, year=YEAR)
    html = document_html(report, info, fonts.font_files())
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = " ".join(read_pdf(build_pdf(report, info)).text().split())
    assert HOSTILE_NAME in text  # the body's opening sentence names the organization
    assert "<i>Phạm</i> =1+1" in text
    doc = Document(io.BytesIO(build_docx(report, info)))
    assert doc.tables[0].rows[0].cells[0].paragraphs[1].text == HOSTILE_NAME.upper()
    assert "<i>Phạm</i> =1+1" in [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs]


def test_fetcher_reads_only_the_font_folder() -> None:
    fetcher = local_fetcher(fonts.SHIPPED_FONT_DIR)
    font = fetcher.fetch((fonts.SHIPPED_FONT_DIR / fonts.REGULAR).as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    font.close()
    for url in ("http://example.com/a.css", "https://example.com/font.ttf", "file:///etc/passwd",
                (fonts.SHIPPED_FONT_DIR.parent / "fonts.py").as_uri()):  # fmt: skip
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_without_weasyprint_libraries_refused_in_vietnamese(
    bloc_report: tuple[YearReport, DocumentInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if Pango could not be loaded
    with pytest.raises(DomainError) as caught:
        build_pdf(*bloc_report)
    assert caught.value.message.startswith("Máy chủ thiếu thư viện Pango mà WeasyPrint cần để tạo báo cáo PDF")
    assert build_docx(*bloc_report).startswith(b"PK")  # the Word document needs no WeasyPrint


def test_pdf_logs_no_weasyprint_warnings(
    bloc_report: tuple[YearReport, DocumentInfo], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build_pdf(*bloc_report)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


# --- The DOCX through LibreOffice ---------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
CONVERT_TIMEOUT = 180  # seconds: a cold start on a busy machine


class LibreOffice:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.converted: dict[str, bytes] = {}

    def to_pdf(self, docx: bytes) -> bytes:
        key = hashlib.sha256(docx).hexdigest()
        if key not in self.converted:
            source = self.folder / f"{key[:12]}.docx"
            source.write_bytes(docx)
            profile = (self.folder / "profile").as_uri()  # its own profile: no clash with a running LibreOffice
            subprocess.run(
                [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", str(self.folder), str(source)],
                check=True, capture_output=True, timeout=CONVERT_TIMEOUT,
            )  # fmt: skip
            self.converted[key] = source.with_suffix(".pdf").read_bytes()
        return self.converted[key]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LibreOffice]:
    yield LibreOffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture
def converted(computed: Rated, libreoffice: LibreOffice) -> tuple[bytes, PdfFile]:
    bloc = computed.world.bloc
    info = document_info(bloc, year=YEAR, day=dt.date(2025, 12, 5), number="15", signer_name="Đinh Vĩnh Thụy")
    docx = build_docx(year_report(bloc, year=YEAR), info)
    return docx, read_pdf(libreoffice.to_pdf(docx))


def test_libreoffice_vietnamese_text_exact(converted: tuple[bytes, PdfFile]) -> None:
    _docx, pdf = converted
    first = pdf.pages()[0]
    left = [line.text for line in first.lines() if line.x1 < first.width / 2]
    assert left[0] == "ĐẢNG BỘ TỈNH THÁI BÌNH"  # the superior line first, then the issuer
    assert " ".join(left[1 : left.index("*")]) == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    assert left[left.index("*") + 1] == "Số 15-BC/ĐUK"
    lines = pdf.lines()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "Thái Bình, ngày 05 tháng 12 năm 2025" in lines
    title = lines.index("BÁO CÁO")
    assert lines[title + 1] == "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025"
    assert "- Tỷ lệ đảng viên HTTNV trở lên: 88,0% (22/25), chỉ tiêu > 90%: gần đạt." in lines
    words = [w for page in pdf.pages() for w in page.words]
    count = next(w for w in words if w.text == "13/15")
    row = sorted((w for w in words if abs(w.y1 - count.y1) < 1 and w.x0 < count.x0 + 200), key=lambda w: w.x0)
    assert " ".join(w.text for w in row).startswith("3 Đảng bộ Sở Tài chính Tỷ lệ đảng viên 13/15 86,7% < 90%")
    last = pdf.pages()[-1]
    recipients = [line.text for line in last.lines() if line.x1 < last.width / 2]
    signature = [line.text for line in last.lines() if line.x0 > last.width / 2]
    assert recipients[-4:] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Các tổ chức đảng trực thuộc,", "- Lưu Văn phòng."
    ]  # fmt: skip
    assert signature[-3:] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Vĩnh Thụy"]
    texts = [line.text for line in last.lines()]
    assert any(text.endswith("khi có hồ sơ kết nạp đảng.") for text in texts)  # on the signature's page


def test_libreoffice_keeps_grid_widths_inside_margins(converted: tuple[bytes, PdfFile]) -> None:
    docx, pdf = converted
    for page in pdf.pages():
        for word in page.words:
            assert word.x0 >= 30 * MM - 1 and word.x1 <= (210 - 15) * MM + 1, word
    # The figures table: "Chỉ tiêu" starts where the grid says, not at an equal share of the width.
    figures = next(t for t in Document(io.BytesIO(docx)).tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    grid = [col.w.pt for col in figures._tbl.tblGrid.gridCol_lst]
    first = pdf.pages()[0]
    tt = next(w for w in first.words if w.text == "TT")
    label = next(w for w in first.words if w.text == "Chỉ" and abs(w.y1 - tt.y1) < 1)
    assert tt.x0 < label.x0 < tt.x0 + grid[0] + grid[1] / 2  # "Chỉ tiêu" centred in the second column
    quantity = next(w for w in first.words if w.text == "Số" and abs(w.y1 - tt.y1) < 1)
    expected = sum(grid[:2]) + grid[2] / 2  # the centre of the third column, from the table's left edge
    table_left = (30 * MM + (210 - 45) * MM / 2) - sum(grid) / 2  # centred between the margins
    assert abs((quantity.x0 + quantity.x1) / 2 - (table_left + expected)) < 25
