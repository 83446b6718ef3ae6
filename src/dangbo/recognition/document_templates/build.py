"""Writes the proposal list of party badges (Word template) in this folder, in the party's document format.

    python -m dangbo.recognition.document_templates.build

The fields beyond the document frame's are those of `dangbo.recognition.exports.fields_for` (`{%tr … %}` tags stand on
a table row of their own); the parts every template shares are in `dangbo.documents.template_build`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from dangbo.documents import template_build as tpl
from dangbo.documents.docx_layout import TABLE_SIZE, fix_widths, keep_row_whole, line, narrow_cell_margins

HERE = Path(__file__).resolve().parent
PROPOSAL = "danh-sach-de-nghi-tang-huy-hieu-dang.docx"
COLUMNS = ("STT", "Họ và tên", "Chi bộ", "Ngày vào Đảng", "Tuổi đảng", "Huy hiệu", "Hình thức")
KEYS = ("n", "name", "cell", "admitted", "seniority", "years", "form")
WIDTHS = (Cm(1.0), Cm(3.6), Cm(3.8), Cm(2.2), Cm(2.8), Cm(1.5), Cm(1.9))
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _row(table: object, texts: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells  # type: ignore[attr-defined]
    for cell, text in zip(cells, texts, strict=True):
        line(cell, text, bold=bold, size=TABLE_SIZE, align=LEFT, first=True)


def _table(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        line(cell, text, bold=True, size=TABLE_SIZE, first=True)
    blank = [""] * (len(COLUMNS) - 1)
    _row(table, ["{%tr for r in rows %}", *blank])
    _row(table, [f"{{{{ r.{key} }}}}" for key in KEYS])
    _row(table, ["{%tr endfor %}", *blank])
    fix_widths(table, WIDTHS)
    narrow_cell_margins(table)
    keep_row_whole(table, header=True)


def proposal_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc)
    tpl.title(doc)
    tpl.body(doc, "{{ issuer_name }} đề nghị xét tặng Huy hiệu Đảng đợt {{ award_date }} cho {{ count }} đồng chí "
                  "đảng viên có tên dưới đây:")  # fmt: skip
    _table(doc)
    line(doc, "")
    tpl.body(doc, "Các đồng chí có tên trên đã được chi bộ xem xét, đủ tiêu chuẩn theo quy định về xét tặng Huy hiệu "
                  "Đảng; tuổi đảng tính từ ngày quyết định kết nạp, trừ thời gian gián đoạn.")  # fmt: skip
    left = tpl.signature_block(doc)
    tpl.recipients(left)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    return tpl.save_templates(folder, [(PROPOSAL, proposal_template)])


if __name__ == "__main__":
    for path in build():
        print(path.name)
