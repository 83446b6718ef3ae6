"""The Word document opened by LibreOffice (Debian's libreoffice-writer-nogui): converted to PDF, the Vietnamese
text comes out exactly and the tables keep the widths of their grid, inside the margins.

LibreOffice takes a few seconds to start, so the module converts once: the converter keeps each converted
file by the DOCX's content, and the fixture world writes the same DOCX in every test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from dangbo.reporting.document import document_info
from dangbo.reporting.docx_report import build_docx
from dangbo.reporting.year_report import year_report

from .conftest import YEAR, Rated
from .pdf_text import MM, PdfFile, read_pdf

pytestmark = pytest.mark.django_db

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
    assert " ".join(w.text for w in row).startswith("4 Đảng bộ Sở Tài chính Tỷ lệ đảng viên 13/15 86,7% < 90%")
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
