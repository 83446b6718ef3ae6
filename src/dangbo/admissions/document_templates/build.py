"""Writes the admission decisions' Word templates in this folder, in the party's document format.

    python -m dangbo.admissions.document_templates.build

The .docx files are what an officer edits in Word to change the wording; this script only makes the first
version (and rebuilds it after a change here). The `{{ field }}` tags are filled by `dangbo.documents.rendering`
with the document frame's fields and those of `dangbo.admissions.documents`; `{%p … %}` tags stand on a
paragraph of their own (docxtpl replaces the whole paragraph).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.documents.docx_layout import (
    FOOTER_WIDTHS,
    HEADER_WIDTHS,
    TABLE_SIZE,
    TITLE_SIZE,
    frame_table,
    line,
    page_and_styles,
    run,
)

HERE = Path(__file__).resolve().parent
ADMISSION = "quyet-dinh-ket-nap.docx"
RECOGNITION = "quyet-dinh-cong-nhan-chinh-thuc.docx"
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _header(doc: DocxDocument) -> None:
    left, right = frame_table(doc, HEADER_WIDTHS)
    line(left, "{%p if superior %}", first=True)
    line(left, "{{ superior }}")
    line(left, "{%p endif %}")
    line(left, "{{ issuer }}", bold=True)
    line(left, "*")
    line(left, "{{ number_line }}")
    line(right, "{{ party_name }}", bold=True, underline=True, size=TITLE_SIZE, first=True)
    line(right, "")
    line(right, "{{ date_line }}", italic=True)


def _title(doc: DocxDocument, subject: str) -> None:
    line(doc, "")
    for text, size in (("{{ title }}", TITLE_SIZE), (subject, Pt(14))):
        paragraph = line(doc, text, bold=True, size=size)
        paragraph.paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)


def _text(doc: DocxDocument, text: str, *, lead: str = "") -> None:
    """A body paragraph, justified, first line indented; `lead` ("Điều 1.") in bold before it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    if lead:
        run(paragraph, lead + " ", bold=True)
    run(paragraph, text)


def _decides(doc: DocxDocument) -> None:
    line(doc, "{{ deciding_body }}", bold=True).paragraph_format.space_before = Pt(6)
    line(doc, "QUYẾT ĐỊNH:", bold=True).paragraph_format.space_after = Pt(6)


def _footer(doc: DocxDocument) -> None:
    line(doc, "")
    left, right = frame_table(doc, FOOTER_WIDTHS)
    line(left, "Nơi nhận:", bold=True, underline=True, align=LEFT, first=True)
    line(left, "{%p for recipient in recipients %}", size=TABLE_SIZE, align=LEFT)
    line(left, "{{ recipient }}", size=TABLE_SIZE, align=LEFT)
    line(left, "{%p endfor %}", size=TABLE_SIZE, align=LEFT)
    line(right, "{{ on_behalf }}", bold=True, first=True)
    line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        line(right, "")
    line(right, "{{ signer_name }}", bold=True)


def _grounds(doc: DocxDocument) -> None:
    _text(doc, "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    _text(doc, "Căn cứ {{ rule_citation }};")


def admission_template() -> DocxDocument:
    doc = Document()
    page_and_styles(doc)
    _header(doc)
    _title(doc, "Về việc kết nạp đảng viên")
    _grounds(doc)
    _text(
        doc,
        "Xét đề nghị của {{ cell_name }} (nghị quyết ngày {{ cell_vote_date }}) và của {{ committee_name }}"
        "{% if committee_resolution %} ({{ committee_resolution }}){% endif %},",
    )
    _decides(doc)
    _text(
        doc,
        "Kết nạp đồng chí {{ full_name }}, sinh ngày {{ birth_date }}, quê quán: {{ home_town }}; "
        "nơi ở hiện nay: {{ residence }}; vào Đảng Cộng sản Việt Nam.",
        lead="Điều 1.",
    )
    _text(
        doc,
        "Thời gian dự bị của đồng chí {{ full_name }} là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp. "
        "{{ cell_name }} tổ chức lễ kết nạp trong thời hạn 30 ngày làm việc kể từ ngày nhận được Quyết định này.",
        lead="Điều 2.",
    )
    _text(
        doc,
        "{{ committee_name }}, {{ cell_name }}, các cơ quan liên quan và đồng chí có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 3.",
    )
    _footer(doc)
    return doc


def recognition_template() -> DocxDocument:
    doc = Document()
    page_and_styles(doc)
    _header(doc)
    _title(doc, "Về việc công nhận đảng viên chính thức")
    _grounds(doc)
    _text(
        doc,
        "Căn cứ Quyết định số {{ decision_number }} ngày {{ decided_on }} của {{ issuer_name }} "
        "về việc kết nạp đảng viên;",
    )
    _text(
        doc,
        "Xét đề nghị của {{ cell_name }} (nghị quyết ngày {{ recognition_vote_date }}) và của {{ committee_name }},",
    )
    _decides(doc)
    _text(
        doc,
        "Công nhận đồng chí {{ full_name }}, sinh ngày {{ birth_date }}, quê quán: {{ home_town }}, kết nạp vào "
        "Đảng ngày {{ ceremony_date }}, là đảng viên chính thức kể từ ngày {{ full_membership_date }}.",
        lead="Điều 1.",
    )
    _text(
        doc,
        "{{ committee_name }}, {{ cell_name }}, các cơ quan liên quan và đồng chí có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 2.",
    )
    _footer(doc)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    written = []
    for name, make in ((ADMISSION, admission_template), (RECOGNITION, recognition_template)):
        doc = make()
        doc.core_properties.author = "Đảng bộ số"
        doc.core_properties.title = name.removesuffix(".docx")
        target = folder / name
        doc.save(str(target))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.name)
