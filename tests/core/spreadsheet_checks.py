"""Reading a written workbook back: no cell may be a formula, and formula-like text must read back as typed."""

from __future__ import annotations

import io

from openpyxl import load_workbook

# Text that Excel (or LibreOffice) would evaluate if it were written as-is.
FORMULA_TEXTS = ('=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "#N/A")


def text_cells(content: bytes) -> list[str]:
    """Every text value of the workbook, after asserting that no cell holds a formula or an error."""
    book = load_workbook(io.BytesIO(content))
    texts: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    return texts
