"""The font the PDF report and the chart images are drawn with: Liberation Serif, shipped in `fonts/`.

Party documents are set in Times New Roman 14 (Hướng dẫn 36-HD/VPTW). Times New Roman may not be shipped, so
the PDF embeds Liberation Serif, which has the same letter widths (a line breaks at the same word as in the
Word document) and covers Vietnamese; its SIL Open Font License allows shipping it (`fonts/LICENSE.txt`).
The Word document names Times New Roman and lets Word or LibreOffice pick the font. The setting
`DANGBO_PDF_FONT_DIR` points at another folder holding the four files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError

SHIPPED_FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Liberation Serif"
REGULAR = "LiberationSerif-Regular.ttf"
BOLD = "LiberationSerif-Bold.ttf"
ITALIC = "LiberationSerif-Italic.ttf"
BOLD_ITALIC = "LiberationSerif-BoldItalic.ttf"


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    @property
    def folder(self) -> Path:
        return self.regular.parent


def font_dir() -> Path:
    return Path(getattr(settings, "DANGBO_PDF_FONT_DIR", None) or SHIPPED_FONT_DIR)


def font_files() -> FontFiles:
    """The four font files, or a DomainError saying which file is missing and how to provide it."""
    folder = font_dir()
    for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
        if not (folder / name).is_file():
            raise DomainError(
                _(
                    "Không tìm thấy phông chữ %(file)s trong thư mục %(folder)s, nên không tạo được báo cáo PDF "
                    "và biểu đồ. Hãy đặt DANGBO_PDF_FONT_DIR là thư mục có đủ bốn tệp phông Liberation Serif "
                    "(thường, đậm, nghiêng, đậm nghiêng), hoặc bỏ thiết lập này để dùng phông đi kèm phần mềm."
                )
                % {"file": name, "folder": folder},
                code="font_missing",
            )
    return FontFiles(folder / REGULAR, folder / BOLD, folder / ITALIC, folder / BOLD_ITALIC)
