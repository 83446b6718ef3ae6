"""The reports (the year report, a plan's review) as Word documents in the party's document format (Hướng dẫn
36-HD/VPTW).

Layout: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14, named for every script
(ascii, hAnsi, eastAsia, cs) so neither Word nor LibreOffice swaps in another font for Vietnamese letters. A
borderless two-column table holds the header (the superior line, the issuer, "*", number and symbol on the
left; "ĐẢNG CỘNG SẢN VIỆT NAM" underlined and the place and date in italics on the right); then the title,
the body (see `content.py`), and another borderless table with "Nơi nhận:" on the left and the signature block
on the right, kept on one page with the last paragraph. The building blocks (page, fonts, fixed-width
tables) are the shared ones of `dangbo.documents.docx_layout`.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from dangbo.documents.docx_layout import (
    BODY_SIZE,
    FOOTER_WIDTHS,
    HEADER_WIDTHS,
    TABLE_SIZE,
    TABLE_WIDTH,
    TITLE_SIZE,
    fix_widths,
    frame_table,
    keep_row_whole,
    line,
    narrow_cell_margins,
    page_and_styles,
)
from dangbo.documents.frame import PARTY_NAME, DocumentInfo, keep_last_words

from .content import Block, Chart, Heading, Paragraph, Table, report_blocks
from .year_report import YearReport


def _header(doc: DocxDocument, info: DocumentInfo) -> None:
    left, right = frame_table(doc, HEADER_WIDTHS)
    if info.superior:
        line(left, info.superior.upper(), first=True)
        line(left, info.issuer.upper(), bold=True)
    else:
        line(left, info.issuer.upper(), bold=True, first=True)
    line(left, "*")
    line(left, info.number_line)
    line(right, PARTY_NAME, bold=True, underline=True, size=TITLE_SIZE, first=True)
    line(right, "")
    line(right, info.date_line, italic=True)


def _title(doc: DocxDocument, info: DocumentInfo) -> None:
    """The report's kind ("BÁO CÁO") and subject, kept together and with what follows; the subject's last two
    words never split (a no-break space), so no word is left alone on the title's last line."""
    line(doc, "")
    for text, size in ((info.title, TITLE_SIZE), (keep_last_words(info.subtitle), BODY_SIZE)):
        paragraph = line(doc, text, bold=True, size=size)
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)


def _body_table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Length(int(TABLE_WIDTH * w / total)) for w in block.widths]
    fix_widths(table, widths)
    narrow_cell_margins(table)
    keep_row_whole(table, header=True)
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        line(cell, header, bold=True, size=TABLE_SIZE, first=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in block.numeric else WD_ALIGN_PARAGRAPH.LEFT
            line(cell, value, size=TABLE_SIZE, align=align, first=True)
    doc.add_paragraph()


def _block(doc: DocxDocument, block: Block) -> DocxParagraph | None:
    """Write one body block; return its paragraph when it is text (the last one is kept with the signature)."""
    if isinstance(block, Heading):
        paragraph = line(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph
    if isinstance(block, Paragraph):
        paragraph = line(doc, block.text, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
        return paragraph
    if isinstance(block, Table):
        _body_table(doc, block)
    elif isinstance(block, Chart):
        doc.add_picture(io.BytesIO(block.png), width=Cm(15))
        picture = doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True  # the caption stays under its chart
        line(doc, block.caption, italic=True, size=TABLE_SIZE).paragraph_format.space_after = Pt(8)
    return None


def _footer(doc: DocxDocument, info: DocumentInfo) -> None:
    """ "Nơi nhận:" and the signature block: one row that never splits, every paragraph in it kept together."""
    left, right = frame_table(doc, FOOTER_WIDTHS)
    line(left, "Nơi nhận:", bold=True, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for text in info.recipient_lines():
        line(left, text, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(right, info.on_behalf, bold=True, first=True)
    line(right, info.signer_title, bold=True)
    for _ in range(3):
        line(right, "")
    line(right, info.signer_name, bold=True)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_together = True
            paragraph.paragraph_format.keep_with_next = True


def build_docx(report: YearReport, info: DocumentInfo) -> bytes:
    """The .docx file of `report`, framed by `info`."""
    return write_docx(report_blocks(report, info), info)


def write_docx(blocks: list[Block], info: DocumentInfo) -> bytes:
    """The .docx file of any body `blocks` (the year report, a plan's review), framed by `info`."""
    doc = Document()
    page_and_styles(doc)
    doc.core_properties.title = f"{info.title} {info.subtitle}"
    doc.core_properties.author = info.issuer

    _header(doc, info)
    _title(doc, info)
    last_text: DocxParagraph | None = None
    for block in blocks:
        last_text = _block(doc, block)
    if last_text is not None:  # the body ends with a paragraph: it goes onto the signature's page
        last_text.paragraph_format.keep_together = True
        last_text.paragraph_format.keep_with_next = True
    _footer(doc, info)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
