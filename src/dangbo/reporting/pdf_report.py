"""The year's report as a PDF in the party's document format, laid out like the Word document.

fpdf2 embeds a subset of DejaVu Sans (see `fonts.py`), the PDF core fonts having no Vietnamese letters.
A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; header in two columns, title, body blocks
(`content.py`), then "Nơi nhận:" on the left and the signature block on the right, kept on one page.
"""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from .content import Block, Chart, Heading, Paragraph, Table, report_blocks
from .document import PARTY_NAME, REPORT_TITLE, DocumentInfo
from .fonts import font_files
from .year_report import YearReport

FAMILY = "DejaVu"
BODY = 12
SMALL = 10
LINE = 6.0  # mm per body line
LEFT, RIGHT, TOP, BOTTOM = 30.0, 15.0, 20.0, 20.0
HEADER_LEFT_WIDTH = 75.0
SIGNATURE_HEIGHT = 60.0  # keep "Nơi nhận" and the signature block together


class ReportPDF(FPDF):
    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-12)
            self.set_font(FAMILY, "", 9)
            self.cell(0, 5, str(self.page_no()), align=Align.C)


def _new_pdf(info: DocumentInfo) -> ReportPDF:
    files = font_files()
    pdf = ReportPDF(format="A4", unit="mm")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.add_font(FAMILY, "", str(files.regular))
    pdf.add_font(FAMILY, "B", str(files.bold))
    pdf.add_font(FAMILY, "I", str(files.italic or files.regular))
    pdf.set_title(f"{REPORT_TITLE} {info.subtitle}")
    pdf.set_author(info.issuer)
    pdf.set_creator("Đảng bộ số")
    return pdf


def _centred(pdf: FPDF, x: float, width: float, text: str, style: str = "", size: int = BODY) -> None:
    pdf.set_x(x)
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(width, LINE, text, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)


def _header(pdf: FPDF, info: DocumentInfo) -> None:
    top = pdf.get_y()
    lines = info.header_left
    for index, text in enumerate(lines):
        bold = index == len(lines) - 1
        _centred(pdf, LEFT, HEADER_LEFT_WIDTH, text, "B" if bold else "", BODY - 1)
    _centred(pdf, LEFT, HEADER_LEFT_WIDTH, "*")
    _centred(pdf, LEFT, HEADER_LEFT_WIDTH, info.number_line)
    left_bottom = pdf.get_y()
    right_x = LEFT + HEADER_LEFT_WIDTH + 5
    right_width = pdf.w - RIGHT - right_x
    pdf.set_y(top)
    _centred(pdf, right_x, right_width, PARTY_NAME, "BU")
    pdf.ln(LINE)
    _centred(pdf, right_x, right_width, info.date_line, "I")
    pdf.set_y(max(left_bottom, pdf.get_y()) + LINE)


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font(FAMILY, "", SMALL)
    total = sum(block.widths)
    aligns = tuple("RIGHT" if i in block.numeric else "LEFT" for i in range(len(block.headers)))
    with pdf.table(
        col_widths=tuple(w / total for w in block.widths),
        text_align=aligns,
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)),
        cell_fill_mode=TableCellFillMode.NONE,
        first_row_as_headings=True,
    ) as table:
        table.row(block.headers)
        for values in block.rows:
            table.row(values)
    pdf.ln(3)


def _block(pdf: FPDF, block: Block) -> None:
    width = pdf.epw
    if isinstance(block, Heading):
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", BODY)
        pdf.multi_cell(width, LINE, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif isinstance(block, Paragraph):
        pdf.set_font(FAMILY, "I" if block.italic else "", BODY)
        pdf.set_x(LEFT)
        pdf.multi_cell(width, LINE, "      " + block.text, align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Chart):
        image_width = width * 0.9
        image_height = image_width * 9 / 16
        if pdf.get_y() + image_height + 12 > pdf.h - BOTTOM:
            pdf.add_page()
        pdf.image(io.BytesIO(block.png), x=LEFT + (width - image_width) / 2, w=image_width, h=image_height)
        pdf.set_font(FAMILY, "I", SMALL)
        pdf.multi_cell(width, 5, block.caption, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)


def _footer(pdf: FPDF, info: DocumentInfo) -> None:
    if pdf.get_y() + SIGNATURE_HEIGHT > pdf.h - BOTTOM:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    left_width = pdf.epw * 0.5
    pdf.set_font(FAMILY, "BU", BODY)
    pdf.cell(left_width, LINE, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", SMALL)
    for text in info.recipient_lines():
        pdf.multi_cell(left_width, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    right_x = LEFT + left_width
    right_width = pdf.epw - left_width
    pdf.set_y(top)
    _centred(pdf, right_x, right_width, info.on_behalf, "B")
    _centred(pdf, right_x, right_width, info.signer_title, "B")
    pdf.ln(LINE * 3)
    _centred(pdf, right_x, right_width, info.signer_name, "B")


def build_pdf(report: YearReport, info: DocumentInfo) -> bytes:
    """The .pdf file of `report`, framed by `info`."""
    pdf = _new_pdf(info)
    pdf.add_page()
    _header(pdf, info)
    _centred(pdf, LEFT, pdf.epw, REPORT_TITLE, "B", BODY + 2)
    _centred(pdf, LEFT, pdf.epw, info.subtitle, "B")
    _centred(pdf, LEFT, pdf.epw, "-----")
    pdf.ln(3)
    for block in report_blocks(report, info):
        _block(pdf, block)
    _footer(pdf, info)
    return bytes(pdf.output())
