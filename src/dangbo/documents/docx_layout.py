"""Python-docx building blocks of the party document format (Hướng dẫn 36-HD/VPTW), shared by every DOCX the
system writes or ships as a template: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New
Roman 14 named for every script (ascii, hAnsi, eastAsia, cs) so neither Word nor LibreOffice swaps in another
font for Vietnamese letters; borderless two-column tables for the header and the signature block.

Every table is written with fixed widths: the grid (`w:tblGrid`) has the same column widths as its cells and
adds up to no more than the text width. LibreOffice lays a table out by its grid, so a grid left at
python-docx's equal columns showed every table with equal columns there.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def set_fonts(r_fonts_parent: object, *, size: Length | None = None) -> None:
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


def run(paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False,
         underline: bool = False, size: Length = BODY_SIZE) -> Run:  # fmt: skip
    text_run = paragraph.add_run(text)
    text_run.bold, text_run.italic, text_run.underline = bold, italic, underline
    text_run.font.size = size
    set_fonts(text_run._r, size=size)
    return text_run


def line(container: DocxDocument | _Cell, text: str, *, bold: bool = False, italic: bool = False,
          underline: bool = False, size: Length = BODY_SIZE, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          first: bool = False) -> DocxParagraph:  # fmt: skip
    """A one-run paragraph; `first` writes into the paragraph a new cell already holds instead of adding one."""
    paragraph = container.paragraphs[0] if first and isinstance(container, _Cell) else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    return paragraph


def put_table_property(table: DocxTable, element: object) -> None:
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


def no_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    put_table_property(table, borders)


def fix_widths(table: DocxTable, widths: Sequence[Length]) -> None:
    """Give the table fixed column widths: the grid's `gridCol`, every cell's `tcW` and the table's `tblW`."""
    table.autofit = False  # w:tblLayout type="fixed"
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    put_table_property(table, tbl_w)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def narrow_cell_margins(table: DocxTable) -> None:
    """Cell margins of 0.1 cm left and right (the style's 0.19 cm squeezes the narrow "TT" column)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(CELL_MARGIN.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    put_table_property(table, margins)


def keep_row_whole(table: DocxTable, *, header: bool = False) -> None:
    """No row breaks across pages (`w:cantSplit`); the first row repeats on each page when `header`."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header and index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def frame_table(doc: DocxDocument, widths: Sequence[Length]) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    fix_widths(table, widths)
    keep_row_whole(table)
    left, right = table.rows[0].cells
    return left, right


def page_and_styles(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = BODY_SIZE if name == "Normal" else TABLE_SIZE
        set_fonts(style.element, size=BODY_SIZE if name == "Normal" else TABLE_SIZE)
