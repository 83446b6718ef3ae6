"""The year's report as a Word document in the party's document format (Hướng dẫn 36-HD/VPTW).

Layout: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14. A borderless
two-column table holds the header (issuer, "*", number and symbol on the left; "ĐẢNG CỘNG SẢN VIỆT NAM"
underlined and the place and date in italics on the right); then the title, the body (see `content.py`),
and another borderless table with "Nơi nhận:" on the left and the signature block on the right.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .content import Block, Chart, Heading, Paragraph, Table, report_blocks
from .document import PARTY_NAME, REPORT_TITLE, DocumentInfo
from .year_report import YearReport

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
TEXT_WIDTH_CM = 16.5  # A4 (21 cm) less 3 cm and 1.5 cm margins


def _no_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _line(container: DocxDocument | _Cell, text: str, *, bold: bool = False, italic: bool = False,
          underline: bool = False, size: Pt = BODY_SIZE, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          ) -> DocxParagraph:  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = size
    return paragraph


def _first_paragraph(cell: _Cell, text: str, **style: bool) -> None:
    """Write into the paragraph a new cell already holds (instead of leaving it empty)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = style.get("bold", False)
    run.italic = style.get("italic", False)
    run.underline = style.get("underline", False)
    run.font.size = BODY_SIZE


def _header(doc: DocxDocument, info: DocumentInfo) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9.0)
    lines = info.header_left
    _first_paragraph(left, lines[0], bold=len(lines) == 1)
    for text in lines[1:]:
        _line(left, text, bold=True)
    _line(left, "*")
    _line(left, info.number_line)
    _first_paragraph(right, PARTY_NAME, bold=True, underline=True)
    _line(right, "")
    _line(right, info.date_line, italic=True)


def _body_table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    for cell, header, width in zip(table.rows[0].cells, block.headers, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        run.font.size = TABLE_SIZE
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in block.rows:
        cells = table.add_row().cells
        for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            run = cell.paragraphs[0].add_run(value)
            run.font.size = TABLE_SIZE
            if index in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        _line(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.space_before = Pt(8)
    elif isinstance(block, Paragraph):
        paragraph = _line(doc, block.text, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
    elif isinstance(block, Table):
        _body_table(doc, block)
    elif isinstance(block, Chart):
        doc.add_picture(io.BytesIO(block.png), width=Cm(15))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(doc, block.caption, italic=True, size=TABLE_SIZE).paragraph_format.space_after = Pt(8)


def _footer(doc: DocxDocument, info: DocumentInfo) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8.0), Cm(8.5)
    paragraph = left.paragraphs[0]
    run = paragraph.add_run("Nơi nhận:")
    run.bold, run.underline = True, True
    run.font.size = BODY_SIZE
    for text in info.recipient_lines():
        _line(left, text, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first_paragraph(right, info.on_behalf, bold=True)
    _line(right, info.signer_title, bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, info.signer_name, bold=True)


def build_docx(report: YearReport, info: DocumentInfo) -> bytes:
    """The .docx file of `report`, framed by `info`."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = f"{REPORT_TITLE} {info.subtitle}"
    doc.core_properties.author = info.issuer

    _header(doc, info)
    _line(doc, "")
    _line(doc, REPORT_TITLE, bold=True, size=Pt(15))
    _line(doc, info.subtitle, bold=True)
    _line(doc, "-----").paragraph_format.space_after = Pt(12)
    for block in report_blocks(report, info):
        _block(doc, block)
    _footer(doc, info)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
