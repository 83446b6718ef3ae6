"""The Unicode font the PDF and the chart images are drawn with (Vietnamese needs more than the PDF core fonts).

DejaVu Sans from the operating system's package (fonts-dejavu-core); the setting `DANGBO_PDF_FONT_DIR` points
at another folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
ITALIC = "DejaVuSans-Oblique.ttf"  # optional: without it, italic text is drawn upright


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path | None


def font_dir() -> Path:
    return Path(getattr(settings, "DANGBO_PDF_FONT_DIR", None) or DEFAULT_FONT_DIR)


def font_files() -> FontFiles:
    """The font files, or a DomainError saying which file is missing and how to provide it."""
    folder = font_dir()
    for name in (REGULAR, BOLD):
        if not (folder / name).is_file():
            raise DomainError(
                _(
                    "Không tìm thấy phông chữ tiếng Việt %(file)s trong thư mục %(folder)s, nên không tạo được "
                    "báo cáo PDF và biểu đồ. Hãy cài gói phông DejaVu (fonts-dejavu-core) hoặc đặt "
                    "DANGBO_PDF_FONT_DIR là thư mục có DejaVuSans.ttf và DejaVuSans-Bold.ttf."
                )
                % {"file": name, "folder": folder},
                code="font_missing",
            )
    italic = folder / ITALIC
    return FontFiles(folder / REGULAR, folder / BOLD, italic if italic.is_file() else None)
