"""Writes the dues statement's Word template in this folder, in the party's document format.

    python -m dangbo.dues.document_templates.build

The fields beyond the document frame's are those of `dangbo.dues.statements.fields_for` (`{%tr … %}` tags stand on a
table row of their own); the parts every template shares are in `dangbo.documents.template_build`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.documents import template_build as tpl
from dangbo.documents.docx_layout import TABLE_SIZE, fix_widths, keep_row_whole, line, narrow_cell_margins

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


def statement_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc)
    tpl.title(doc)
    tpl.body(doc, "{{ issuer_name }} báo cáo kết quả thu, nộp đảng phí {{ period }} như sau (đơn vị tính: đồng):")
    _table(doc)
    line(doc, "")
    tpl.body(
        doc,
        "Tổng số đảng phí {{ unit_name }} nhận được: {{ received }} đồng; trích giữ lại {{ total.retained }} đồng; "
        "phải nộp cấp trên {{ total.to_remit }} đồng; đã nộp {{ total.remitted }} đồng.",
    )
    tpl.body(doc, "Căn cứ: {{ explanation }}.")
    left = tpl.signature_block(doc)
    line(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), align=LEFT, first=True)
    line(left, "{%p for item in recipients %}", align=LEFT)
    line(left, "{{ item }}", size=Pt(11), align=LEFT)
    line(left, "{%p endfor %}", align=LEFT)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    return tpl.save_templates(folder, [(STATEMENT, statement_template)])


if __name__ == "__main__":
    for path in build():
        print(path.name)
