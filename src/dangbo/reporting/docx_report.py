"""The year's report as a Word document in the party's document format (Hướng dẫn 36-HD/VPTW).

Layout: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14, named for every script
(ascii, hAnsi, eastAsia, cs) so neither Word nor LibreOffice swaps in another font for Vietnamese letters. A
borderless two-column table holds the header (the superior line, the issuer, "*", number and symbol on the
left; "ĐẢNG CỘNG SẢN VIỆT NAM" underlined and the place and date in italics on the right); then the title,
the body (see `content.py`), and another borderless table with "Nơi nhận:" on the left and the signature block
on the right, kept on one page with the last paragraph.

Every table is written with fixed widths: the grid (`w:tblGrid`) has the same column widths as its cells and
adds up to no more than the text width. LibreOffice lays a table out by its grid, so a grid left at
python-docx's equal columns showed every table with equal columns there.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .content import Block, Chart, Heading, Paragraph, Table, report_blocks
from .document import PARTY_NAME, REPORT_TITLE, DocumentInfo, keep_last_words
from .year_report import YearReport

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
BODY_SIZE = Pt(14)
TITLE_SIZE = Pt(15)
TABLE_SIZE = Pt(12)
TEXT_WIDTH = Cm(16.5)  # A4 (21 cm) less the 3 cm and 1.5 cm margins
TABLE_WIDTH = Cm(16.2)  # a little inside the text width: the cell margins stay within the page margins
HEADER_WIDTHS = (Cm(7.5), Cm(9.0))
FOOTER_WIDTHS = (Cm(8.0), Cm(8.5))
CELL_MARGIN = Cm(0.1)
TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription")  # fmt: skip


def _set_fonts(r_fonts_parent: object, *, size: Length | None = None) -> None:
    """Name Times New Roman for every script in a run's or a style's properties (`w:rPr`)."""
    r_pr = r_fonts_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    r_fonts = r_pr.get_or_add_rFonts()
    for slot in FONT_SLOTS:
        r_fonts.set(qn(slot), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = r_pr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                r_pr.append(element)
            element.set(qn("w:val"), str(round(size.pt * 2)))


def _run(paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False,
         underline: bool = False, size: Length = BODY_SIZE) -> Run:  # fmt: skip
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = size
    _set_fonts(run._r, size=size)
    return run


def _line(container: DocxDocument | _Cell, text: str, *, bold: bool = False, italic: bool = False,
          underline: bool = False, size: Length = BODY_SIZE, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          first: bool = False) -> DocxParagraph:  # fmt: skip
    """A one-run paragraph; `first` writes into the paragraph a new cell already holds instead of adding one."""
    paragraph = container.paragraphs[0] if first and isinstance(container, _Cell) else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    return paragraph


def _put_table_property(table: DocxTable, element: object) -> None:
    """Insert into `w:tblPr` in the schema's order (Word refuses a file whose table properties are out of it)."""
    tbl_pr = table._tbl.tblPr
    tag = element.tag  # type: ignore[attr-defined]
    for old in tbl_pr.findall(tag):
        tbl_pr.remove(old)
    later = {qn(f"w:{name}") for name in TBL_PR_ORDER[TBL_PR_ORDER.index(tag.split("}")[1]) + 1 :]}
    successor = next((child for child in tbl_pr if child.tag in later), None)
    if successor is None:
        tbl_pr.append(element)
    else:
        successor.addprevious(element)


def _no_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _put_table_property(table, borders)


def _fix_widths(table: DocxTable, widths: Sequence[Length]) -> None:
    """Give the table fixed column widths: the grid's `gridCol`, every cell's `tcW` and the table's `tblW`."""
    table.autofit = False  # w:tblLayout type="fixed"
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    _put_table_property(table, tbl_w)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _narrow_cell_margins(table: DocxTable) -> None:
    """Cell margins of 0.1 cm left and right (the style's 0.19 cm squeezes the narrow "TT" column)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(CELL_MARGIN.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _put_table_property(table, margins)


def _keep_row_whole(table: DocxTable, *, header: bool = False) -> None:
    """No row breaks across pages (`w:cantSplit`); the first row repeats on each page when `header`."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header and index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _frame_table(doc: DocxDocument, widths: Sequence[Length]) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fix_widths(table, widths)
    _keep_row_whole(table)
    left, right = table.rows[0].cells
    return left, right


def _header(doc: DocxDocument, info: DocumentInfo) -> None:
    left, right = _frame_table(doc, HEADER_WIDTHS)
    if info.superior:
        _line(left, info.superior.upper(), first=True)
        _line(left, info.issuer.upper(), bold=True)
    else:
        _line(left, info.issuer.upper(), bold=True, first=True)
    _line(left, "*")
    _line(left, info.number_line)
    _line(right, PARTY_NAME, bold=True, underline=True, size=TITLE_SIZE, first=True)
    _line(right, "")
    _line(right, info.date_line, italic=True)


def _title(doc: DocxDocument, info: DocumentInfo) -> None:
    """The report's kind ("BÁO CÁO") and subject, kept together and with what follows; the subject's last two
    words never split (a no-break space), so no word is left alone on the title's last line."""
    _line(doc, "")
    for text, size in ((REPORT_TITLE, TITLE_SIZE), (keep_last_words(info.subtitle), BODY_SIZE)):
        paragraph = _line(doc, text, bold=True, size=size)
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = True
    _line(doc, "-----").paragraph_format.space_after = Pt(12)


def _body_table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Length(int(TABLE_WIDTH * w / total)) for w in block.widths]
    _fix_widths(table, widths)
    _narrow_cell_margins(table)
    _keep_row_whole(table, header=True)
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        _line(cell, header, bold=True, size=TABLE_SIZE, first=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in block.numeric else WD_ALIGN_PARAGRAPH.LEFT
            _line(cell, value, size=TABLE_SIZE, align=align, first=True)
    doc.add_paragraph()


def _block(doc: DocxDocument, block: Block) -> DocxParagraph | None:
    """Write one body block; return its paragraph when it is text (the last one is kept with the signature)."""
    if isinstance(block, Heading):
        paragraph = _line(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph
    if isinstance(block, Paragraph):
        paragraph = _line(doc, block.text, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
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
        _line(doc, block.caption, italic=True, size=TABLE_SIZE).paragraph_format.space_after = Pt(8)
    return None


def _footer(doc: DocxDocument, info: DocumentInfo) -> None:
    """ "Nơi nhận:" and the signature block: one row that never splits, every paragraph in it kept together."""
    left, right = _frame_table(doc, FOOTER_WIDTHS)
    _line(left, "Nơi nhận:", bold=True, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for text in info.recipient_lines():
        _line(left, text, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, info.on_behalf, bold=True, first=True)
    _line(right, info.signer_title, bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, info.signer_name, bold=True)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_together = True
            paragraph.paragraph_format.keep_with_next = True


def _page_and_styles(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = BODY_SIZE if name == "Normal" else TABLE_SIZE
        _set_fonts(style.element, size=BODY_SIZE if name == "Normal" else TABLE_SIZE)


def build_docx(report: YearReport, info: DocumentInfo) -> bytes:
    """The .docx file of `report`, framed by `info`."""
    doc = Document()
    _page_and_styles(doc)
    doc.core_properties.title = f"{REPORT_TITLE} {info.subtitle}"
    doc.core_properties.author = info.issuer

    _header(doc, info)
    _title(doc, info)
    last_text: DocxParagraph | None = None
    for block in report_blocks(report, info):
        last_text = _block(doc, block)
    if last_text is not None:  # the body ends with a paragraph: it goes onto the signature's page
        last_text.paragraph_format.keep_together = True
        last_text.paragraph_format.keep_with_next = True
    _footer(doc, info)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
