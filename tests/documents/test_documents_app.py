"""The shared document frame and the Word-template pipeline: the kind of document sets the symbol, a template is
found (an office's copy first) only by a plain name, values are escaped and cleaned, LibreOffice's failures
become a clear message."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dangbo.core.errors import DomainError
from dangbo.documents.conversion import docx_to_pdf
from dangbo.documents.frame import DECISION_TITLE, REPORT_TITLE, default_symbol, document_frame
from dangbo.documents.rendering import (
    clean_text,
    info_from_params,
    info_params,
    render_docx,
    shipped_template,
    template_path,
)

from ..admissions.document_helpers import docx_text
from ..conftest import World


def test_the_kind_of_document_sets_the_symbol(world: World) -> None:
    assert default_symbol(world.bloc) == "BC/ĐUK"
    assert default_symbol(world.bloc, DECISION_TITLE) == "QĐ/ĐUK"
    assert default_symbol(world.org_a, DECISION_TITLE) == "QĐ/ĐU"
    assert default_symbol(world.cell_a1, REPORT_TITLE) == "BC/CB"
    assert default_symbol(world.org_a, "Thông báo") == "TB/ĐU"
    assert default_symbol(world.org_a, "GIẤY MỜI LẠ") == "ĐU"  # an unknown kind: the issuer part only


def test_document_frame_for_a_decision(world: World) -> None:
    info = document_frame(world.org_a, title=DECISION_TITLE, subtitle="Về việc kết nạp đảng viên",
                          day=dt.date(2025, 2, 3), number="7")  # fmt: skip
    assert (info.title, info.symbol, info.number_line) == ("QUYẾT ĐỊNH", "QĐ/ĐU", "Số 7-QĐ/ĐU")
    assert info.issuer == "Đảng ủy Sở Tài chính"
    assert info.superior == world.bloc.name
    assert info.date_line == "Thái Bình, ngày 03 tháng 02 năm 2025"
    assert info_from_params(info_params(info)) == info


def test_template_names_cannot_leave_the_template_folders(world: World) -> None:
    for bad in ["../settings.docx", "/etc/passwd", "a/b.docx", "x.txt", "", ".docx", "QUYET.docx"]:
        with pytest.raises(DomainError, match="Tên mẫu văn bản không hợp lệ"):
            template_path("admissions", bad)
    with pytest.raises(DomainError, match="Không tìm thấy mẫu văn bản"):
        template_path("admissions", "khong-co.docx")


def test_the_office_folder_wins_only_for_the_files_it_has(settings: Any, tmp_path: Path) -> None:
    settings.DANGBO_DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    assert template_path("admissions", "quyet-dinh-ket-nap.docx") == shipped_template(
        "admissions", "quyet-dinh-ket-nap.docx"
    )
    Document().save(str(tmp_path / "quyet-dinh-ket-nap.docx"))
    assert template_path("admissions", "quyet-dinh-ket-nap.docx") == tmp_path / "quyet-dinh-ket-nap.docx"


def test_values_are_escaped_and_cleaned(world: World, settings: Any, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ title }}|{{ full_name }}|{% for r in recipients %}{{ r }};{% endfor %}")
    doc.save(str(tmp_path / "thu.docx"))
    settings.DANGBO_DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    info = document_frame(world.org_a, title=DECISION_TITLE, subtitle="Thử", day=dt.date(2025, 1, 2),
                          recipients=["<w:p>A</w:p>", "B & C"])  # fmt: skip
    content = render_docx("admissions", "thu.docx", info, {"full_name": "<b>Tên</b> & \x00\x1f{{ x }}"})
    assert docx_text(content) == "QUYẾT ĐỊNH|<b>Tên</b> & {{ x }}|- <w:p>A</w:p>,;- B & C.;"
    assert clean_text({"a": ["x\x0by", ("\x08",)], "b": 3}) == {"a": ["xy", [""]], "b": 3}


def test_pdf_conversion_of_a_small_document(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Văn bản thử: Đảng ủy Khối")
    path = tmp_path / "a.docx"
    doc.save(str(path))
    pdf = docx_to_pdf(path.read_bytes())
    assert pdf.startswith(b"%PDF")


def test_conversion_failures_are_clear(settings: Any, tmp_path: Path) -> None:
    settings.DANGBO_SOFFICE = str(tmp_path / "khong-co-soffice")
    with pytest.raises(DomainError, match="chưa cài LibreOffice"):
        docx_to_pdf(b"x")
    failing = tmp_path / "fails.sh"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(failing.stat().st_mode | stat.S_IEXEC)
    settings.DANGBO_SOFFICE = str(failing)
    with pytest.raises(DomainError, match="Không chuyển được văn bản sang PDF"):
        docx_to_pdf(b"x")
    slow = tmp_path / "slow.sh"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    settings.DANGBO_SOFFICE = str(slow)
    with pytest.raises(DomainError, match="quá thời gian"):
        docx_to_pdf(b"x", timeout=1)
