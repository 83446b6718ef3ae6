"""Writes the minutes' Word template in this folder, in the party's document format.

    python -m dangbo.meetings.document_templates.build

The .docx is what an officer edits in Word to change the wording; this script only makes the first version. The
`{{ field }}` tags are filled by `dangbo.documents.rendering` with the document frame's fields and those of
`dangbo.meetings.documents`; `{%p … %}` tags stand on a paragraph of their own.
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
    TITLE_SIZE,
    frame_table,
    line,
    page_and_styles,
    run,
)

HERE = Path(__file__).resolve().parent
MINUTES = "bien-ban-sinh-hoat.docx"
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _text(doc: DocxDocument, text: str, *, lead: str = "", indent: bool = True) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    if lead:
        run(paragraph, lead + " ", bold=True)
    run(paragraph, text)


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    run(paragraph, text, bold=True)


def _loop(doc: DocxDocument, items: str, text: str, *, indent: bool = True) -> None:
    line(doc, f"{{%p for item in {items} %}}")
    _text(doc, text, indent=indent)
    line(doc, "{%p endfor %}")


def minutes_template() -> DocxDocument:
    doc = Document()
    page_and_styles(doc)
    left, right = frame_table(doc, HEADER_WIDTHS)
    line(left, "{%p if superior %}", first=True)
    line(left, "{{ superior }}")
    line(left, "{%p endif %}")
    line(left, "{{ issuer }}", bold=True)
    line(left, "*")
    line(right, "{{ party_name }}", bold=True, underline=True, size=TITLE_SIZE, first=True)
    line(right, "")
    line(right, "{{ date_line }}", italic=True)
    line(doc, "")
    for text, size in (("{{ title }}", TITLE_SIZE), ("{{ subtitle }}", Pt(14))):
        line(doc, text, bold=True, size=size).paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)
    _text(
        doc,
        "Hôm nay, vào hồi {{ start_time }} ngày {{ day }}, tại {{ place }}, {{ cell_name }} tiến hành "
        "{{ kind_label }}.",
    )
    _text(doc, "{{ topic }}", lead="Chủ đề, nội dung:")
    _heading(doc, "I. THÀNH PHẦN")
    _text(
        doc,
        "Tổng số đảng viên phải có mặt: {{ expected_count }} đồng chí; có mặt: {{ present_count }} đồng chí; "
        "vắng có lý do: {{ excused_count }} đồng chí; vắng không có lý do: {{ unexcused_count }} đồng chí.",
    )
    _loop(doc, "absent_lines", "- {{ item }}")
    _text(doc, "{{ quorum_line }}")
    line(doc, "{%p if guest_lines %}")
    _text(doc, "Đại biểu cấp ủy cấp trên dự:")
    line(doc, "{%p endif %}")
    _loop(doc, "guest_lines", "- Đồng chí {{ item }}")
    line(doc, "{%p if agenda_paragraphs %}")
    _heading(doc, "II. CHƯƠNG TRÌNH")
    line(doc, "{%p endif %}")
    _loop(doc, "agenda_paragraphs", "{{ item }}")
    _heading(doc, "III. DIỄN BIẾN BUỔI SINH HOẠT")
    _loop(doc, "minutes_paragraphs", "{{ item }}")
    _heading(doc, "IV. NGHỊ QUYẾT, KẾT LUẬN")
    _loop(doc, "resolution_paragraphs", "{{ item }}")
    _text(
        doc,
        "Buổi sinh hoạt kết thúc vào hồi {{ end_time }} cùng ngày (thời lượng {{ duration }} phút). Biên bản "
        "đã được thông qua trước chi bộ.",
    )
    line(doc, "")
    left, right = frame_table(doc, FOOTER_WIDTHS)
    line(left, "THƯ KÝ", bold=True, first=True)
    for _ in range(3):
        line(left, "")
    line(right, "{{ on_behalf }}", bold=True, first=True)
    line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        line(right, "")
    line(right, "{{ signer_name }}", bold=True)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    doc = minutes_template()
    doc.core_properties.author = "Đảng bộ số"
    doc.core_properties.title = MINUTES.removesuffix(".docx")
    target = folder / MINUTES
    doc.save(str(target))
    return [target]


if __name__ == "__main__":
    for path in build():
        print(path.name)
