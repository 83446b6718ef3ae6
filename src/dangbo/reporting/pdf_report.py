"""The reports (the year report, a plan's review) as PDF in the party's document format: one HTML template
printed by WeasyPrint.

The template (`reporting/year_report_document.html`) lays out the frame and the body blocks (`content.py`)
with CSS paged media: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Liberation Serif 14 (the
metric twin of Times New Roman, see `fonts.py`) embedded from the shipped files; tables of fixed layout at
the text width, so they never cross the margins; the last paragraph kept on one page with "Nơi nhận:" and the
signature block. See docs/decisions/0011-pdf-from-html-weasyprint.md.

The fetcher reads only the font files and the charts' data: URLs; nothing is fetched from the network, and
text from the database reaches the page through Django's autoescaping, never as markup.

WeasyPrint is imported when a PDF is made, not when the site starts: it loads the system's Pango libraries,
and a server without them should still serve every page (the PDF job then fails with a clear message).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError
from dangbo.documents.frame import PARTY_NAME, DocumentInfo, keep_last_words

from .content import Block, Chart, Heading, Paragraph, Table, report_blocks
from .fonts import FAMILY, FontFiles, font_files
from .year_report import YearReport

TEMPLATE = "reporting/year_report_document.html"


def local_fetcher(folder: Path) -> Any:
    """A fetcher serving the font files in `folder` and data: URLs only; any other address (the network, other
    files) is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://")).resolve()
                if path.parent != folder.resolve():
                    raise ValueError(f"refused: {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


@dataclass(frozen=True)
class Column:
    header: str
    percent: float
    numeric: bool


@dataclass(frozen=True)
class BlockView:
    """One body block for the template: its kind and what the template shows."""

    kind: str  # heading, paragraph, table, chart
    block: Block
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[tuple[str, bool], ...], ...] = ()  # (text, numeric) per cell
    image: str = ""  # data: URL of a chart


def _view(block: Block) -> BlockView:
    if isinstance(block, Heading):
        return BlockView("heading", block)
    if isinstance(block, Paragraph):
        return BlockView("paragraph", block)
    if isinstance(block, Table):
        total = sum(block.widths)
        columns = tuple(
            Column(header, round(100 * width / total, 3), index in block.numeric)
            for index, (header, width) in enumerate(zip(block.headers, block.widths, strict=True))
        )
        rows = tuple(tuple((value, index in block.numeric) for index, value in enumerate(row)) for row in block.rows)
        return BlockView("table", block, columns=columns, rows=rows)
    assert isinstance(block, Chart)
    return BlockView("chart", block, image="data:image/png;base64," + base64.b64encode(block.png).decode())


def document_html(report: YearReport, info: DocumentInfo, fonts: FontFiles) -> str:
    """The HTML the year report's PDF is printed from."""
    return blocks_html(report_blocks(report, info), info, fonts)


def blocks_html(body: list[Block], info: DocumentInfo, fonts: FontFiles) -> str:
    """The HTML the PDF of any body blocks is printed from. The last paragraph goes with the signature block
    (kept together)."""
    blocks = list(body)
    closing = blocks.pop() if blocks and isinstance(blocks[-1], Paragraph) else None
    return render_to_string(
        TEMPLATE,
        {
            "info": info,
            "party_name": PARTY_NAME,
            "report_title": info.title,
            "subtitle": keep_last_words(info.subtitle),
            "blocks": [_view(b) for b in blocks],
            "closing": closing,
            "family": FAMILY,
            "faces": [
                (fonts.regular.as_uri(), "normal", "normal"),
                (fonts.bold.as_uri(), "bold", "normal"),
                (fonts.italic.as_uri(), "normal", "italic"),
                (fonts.bold_italic.as_uri(), "bold", "italic"),
            ],
        },
    )


def build_pdf(report: YearReport, info: DocumentInfo) -> bytes:
    """The .pdf file of `report`, framed by `info`."""
    return write_pdf(report_blocks(report, info), info)


def write_pdf(blocks: list[Block], info: DocumentInfo) -> bytes:
    """The .pdf file of any body `blocks` (the year report, a plan's review), framed by `info`."""
    fonts = font_files()
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (OSError, ImportError) as error:  # the Pango libraries (or WeasyPrint itself) are missing
        raise DomainError(
            _(
                "Máy chủ thiếu thư viện Pango mà WeasyPrint cần để tạo báo cáo PDF (gói Debian libpango-1.0-0, "
                "libpangoft2-1.0-0, libharfbuzz-subset0); báo cáo Word và Excel vẫn tạo được."
            ),
            code="pdf_libraries_missing",
        ) from error
    html = HTML(string=blocks_html(blocks, info, fonts), url_fetcher=local_fetcher(fonts.folder))
    pdf = html.write_pdf()
    assert pdf is not None  # None only when writing to a target
    return pdf
