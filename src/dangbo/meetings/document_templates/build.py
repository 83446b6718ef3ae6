"""Writes the minutes' Word template in this folder, in the party's document format.

    python -m dangbo.meetings.document_templates.build

The fields beyond the document frame's are those of `dangbo.meetings.documents`; the parts every template shares are
in `dangbo.documents.template_build`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from dangbo.documents import template_build as tpl
from dangbo.documents.docx_layout import line, run

HERE = Path(__file__).resolve().parent
MINUTES = "bien-ban-sinh-hoat.docx"


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    run(paragraph, text, bold=True)


def _loop(doc: DocxDocument, items: str, text: str, *, indent: bool = True) -> None:
    line(doc, f"{{%p for item in {items} %}}")
    tpl.body(doc, text, indent=indent)
    line(doc, "{%p endfor %}")


def minutes_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc, number_line=False)
    tpl.title(doc)
    tpl.body(
        doc,
        "Hôm nay, vào hồi {{ start_time }} ngày {{ day }}, tại {{ place }}, {{ cell_name }} tiến hành "
        "{{ kind_label }}.",
    )
    tpl.body(doc, "{{ topic }}", lead="Chủ đề, nội dung:")
    _heading(doc, "I. THÀNH PHẦN")
    tpl.body(
        doc,
        "Tổng số đảng viên phải có mặt: {{ expected_count }} đồng chí; có mặt: {{ present_count }} đồng chí; "
        "vắng có lý do: {{ excused_count }} đồng chí; vắng không có lý do: {{ unexcused_count }} đồng chí.",
    )
    _loop(doc, "absent_lines", "- {{ item }}")
    tpl.body(doc, "{{ quorum_line }}")
    line(doc, "{%p if guest_lines %}")
    tpl.body(doc, "Đại biểu cấp ủy cấp trên dự:")
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
    tpl.body(
        doc,
        "Buổi sinh hoạt kết thúc vào hồi {{ end_time }} cùng ngày (thời lượng {{ duration }} phút). Biên bản "
        "đã được thông qua trước chi bộ.",
    )
    secretary = tpl.signature_block(doc)
    line(secretary, "THƯ KÝ", bold=True, first=True)
    for _ in range(3):
        line(secretary, "")
    return doc


def build(folder: Path = HERE) -> list[Path]:
    return tpl.save_templates(folder, [(MINUTES, minutes_template)])


if __name__ == "__main__":
    for path in build():
        print(path.name)
