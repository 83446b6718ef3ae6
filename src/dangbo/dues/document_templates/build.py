"""Writes the dues statement's Word template in this folder, in the party's document format.

    python -m dangbo.dues.document_templates.build

The .docx is what an officer edits in Word to change the wording; this script only makes the first version. The
`{{ field }}` tags are filled by `dangbo.documents.rendering` with the document frame's fields and those of
`dangbo.dues.statements.fields_for`; `{%tr … %}` tags stand on a table row of their own.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.documents.docx_layout import (
    FOOTER_WIDTHS,
    HEADER_WIDTHS,
    TABLE_SIZE,
    TITLE_SIZE,
    fix_widths,
    frame_table,
    keep_row_whole,
    line,
    narrow_cell_margins,
    page_and_styles,
)

HERE = Path(__file__).resolve().parent
STATEMENT = "bao-cao-thu-nop-dang-phi.docx"
COLUMNS = ("Đơn vị", "Số thu", "Giữ lại", "Phải nộp cấp trên", "Đã nộp", "Chênh lệch")
KEYS = ("name", "collected", "retained", "to_remit", "remitted", "difference")
WIDTHS = (Cm(5.2), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2))
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _row(table: object, texts: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells  # type: ignore[attr-defined]
    for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        align = LEFT if index == 0 or text.startswith("{%") else RIGHT
        line(cell, text, bold=bold, size=TABLE_SIZE, align=align, first=True)


def _table(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        line(cell, text, bold=True, size=TABLE_SIZE, first=True)
    _row(table, ["{%tr for r in rows %}", "", "", "", "", ""])
    _row(table, [f"{{{{ r.{key} }}}}" for key in KEYS])
    _row(table, ["{%tr endfor %}", "", "", "", "", ""])
    _row(table, ["Cộng {{ unit_name }}", *(f"{{{{ total.{key} }}}}" for key in KEYS[1:])], bold=True)
    fix_widths(table, WIDTHS)
    narrow_cell_margins(table)
    keep_row_whole(table, header=True)


def _text(doc: DocxDocument, text: str) -> None:
    paragraph = line(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)


def statement_template() -> DocxDocument:
    doc = Document()
    page_and_styles(doc)
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
    line(doc, "")
    for text, size in (("{{ title }}", TITLE_SIZE), ("{{ subtitle }}", Pt(14))):
        line(doc, text, bold=True, size=size).paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)
    _text(doc, "{{ issuer_name }} báo cáo kết quả thu, nộp đảng phí {{ period }} như sau (đơn vị tính: đồng):")
    _table(doc)
    line(doc, "")
    _text(doc, "Tổng số đảng phí {{ unit_name }} nhận được: {{ received }} đồng; trích giữ lại {{ total.retained }} "
               "đồng; phải nộp cấp trên {{ total.to_remit }} đồng; đã nộp {{ total.remitted }} đồng.")  # fmt: skip
    _text(doc, "Căn cứ: {{ explanation }}.")
    line(doc, "")
    left, right = frame_table(doc, FOOTER_WIDTHS)
    line(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), align=LEFT, first=True)
    line(left, "{%p for item in recipients %}", align=LEFT)
    line(left, "{{ item }}", size=Pt(11), align=LEFT)
    line(left, "{%p endfor %}", align=LEFT)
    line(right, "{{ on_behalf }}", bold=True, first=True)
    line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        line(right, "")
    line(right, "{{ signer_name }}", bold=True)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    doc = statement_template()
    doc.core_properties.author = "Đảng bộ số"
    doc.core_properties.title = STATEMENT.removesuffix(".docx")
    target = folder / STATEMENT
    doc.save(str(target))
    return [target]


if __name__ == "__main__":
    for path in build():
        print(path.name)
