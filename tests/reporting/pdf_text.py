"""Reading a PDF back with poppler's command-line tools (Debian's poppler-utils): the embedded fonts
(`pdffonts`), the text of each page (`pdftotext`) and every word with its box in points (`pdftotext -bbox`),
from which lines and margins are checked. Used for WeasyPrint's PDF and for LibreOffice's PDF of the DOCX.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
COLUMN_GAP = 20.0  # points: words further apart than this on one line belong to different columns
MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    def lines(self) -> list[Word]:
        """Words joined into lines, top to bottom: one line per run of words on the same baseline that are no
        further apart than a column gap (so the header's two columns give two lines)."""
        rows: dict[int, list[Word]] = {}
        for word in self.words:
            rows.setdefault(round(word.y1), []).append(word)
        lines = []
        for _y, words in sorted(rows.items()):
            words.sort(key=lambda w: w.x0)
            run = [words[0]]
            for word in words[1:]:
                if word.x0 - run[-1].x1 > COLUMN_GAP:
                    lines.append(_joined(run))
                    run = []
                run.append(word)
            lines.append(_joined(run))
        return lines


def _joined(words: list[Word]) -> Word:
    return Word(" ".join(w.text for w in words), words[0].x0, min(w.y0 for w in words), words[-1].x1,
                max(w.y1 for w in words))  # fmt: skip


@dataclass
class PdfFile:
    data: bytes

    def _run(self, tool: str, *args: str) -> str:
        """Run a poppler tool on the file; "-" among `args` stands for the file's path."""
        with tempfile.TemporaryDirectory(prefix="dangbo-pdf-") as folder:
            path = Path(folder, "document.pdf")
            path.write_bytes(self.data)
            command = [tool, *(str(path) if a == "-" else a for a in args)]
            if tool == "pdftotext":
                command.append("-")  # the text to stdout
            return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout

    @property
    def embedded_fonts(self) -> list[str]:
        """The embedded fonts' names without the subset prefix ("ABCDEF+Liberation-Serif-Bold" → the rest)."""
        rows = self._run("pdffonts", "-").splitlines()[2:]
        return [row.split()[0].split("+")[-1] for row in rows if " yes " in row]

    def page_texts(self) -> list[str]:
        pages = self._run("pdftotext", "-enc", "UTF-8", "-").split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages

    @property
    def page_count(self) -> int:
        return len(self.pages())

    def text(self) -> str:
        return "\n".join(self.page_texts())

    def lines(self) -> list[str]:
        """Every line's text, page by page, top to bottom (the columns of one line left to right)."""
        return [line.text for page in self.pages() for line in page.lines()]

    def pages(self) -> list[Page]:
        out = self._run("pdftotext", "-bbox", "-enc", "UTF-8", "-")
        return [
            Page(float(w), float(h), [Word(html.unescape(t), *map(float, box)) for *box, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(out)
        ]


def read_pdf(data: bytes) -> PdfFile:
    return PdfFile(data)
