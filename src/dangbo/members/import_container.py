"""The container check of an uploaded .xlsx file: what the upload request may look at without parsing it.

An .xlsx file is a zip archive of XML parts. Parsing it (openpyxl) costs time and memory in proportion
to the *uncompressed* parts: a 225 KB file can hold 60 MB of shared strings. So the upload request only
reads the zip's central directory (a few KB at the end of the file): the size of the upload, the zip
signature, the names of the parts (an .xlsx has ``[Content_Types].xml`` and ``xl/workbook.xml``), the
uncompressed size each part declares, and how much each part is compressed. No XML is read there.

The declared sizes can be trusted as upper bounds: Python's `zipfile` (which openpyxl reads through)
never returns more bytes than a part declares and fails on a checksum mismatch. The validation job
checks the container again before it parses the sheets, rows and columns.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from dangbo.core.errors import DomainError

XLSX_SIGNATURE = b"PK\x03\x04"
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
# XML compresses well (10-20 times); a part compressed far more than this is built to expand, not to be read.
MAX_COMPRESSION_RATIO = 100
# Small parts (styles, themes) may compress very well without harm; the ratio is checked above this size.
RATIO_CHECKED_FROM = 1024 * 1024
MAX_PARTS = 1000

NOT_EXCEL = (
    "Tệp tải lên không phải tệp Excel (.xlsx) hợp lệ. Hãy tải tệp mẫu, điền dữ liệu và lưu dưới dạng "
    "Excel Workbook (.xlsx)."
)
RESAVE = "Hãy mở tệp bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx), hoặc chia dữ liệu thành nhiều tệp."


@dataclass(frozen=True)
class ImportLimits:
    """The limits of one import, from the settings (`DANGBO_IMPORT_*`)."""

    max_bytes: int
    max_uncompressed_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            max_bytes=int(settings.DANGBO_IMPORT_MAX_BYTES),
            max_uncompressed_bytes=int(settings.DANGBO_IMPORT_MAX_UNCOMPRESSED_BYTES),
            max_rows=int(settings.DANGBO_IMPORT_MAX_ROWS),
        )


def format_megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_container(fileobj: IO[bytes], *, max_uncompressed_bytes: int) -> None:
    """Refuse what is not an .xlsx archive, or one that would expand beyond the limits, from the zip headers only."""
    fileobj.seek(0)
    if fileobj.read(len(XLSX_SIGNATURE)) != XLSX_SIGNATURE:
        raise DomainError(NOT_EXCEL, field="file")
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DomainError(NOT_EXCEL, field="file") from exc
    finally:
        fileobj.seek(0)
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS or not all(name in names for name in WORKBOOK_PARTS):
        raise DomainError(NOT_EXCEL, field="file")
    total = sum(part.file_size for part in parts)
    if total > max_uncompressed_bytes:
        raise DomainError(
            f"Tệp Excel khi giải nén có dung lượng {format_megabytes(total)}, vượt mức tối đa "
            f"{format_megabytes(max_uncompressed_bytes)} nên không được mở. {RESAVE}",
            field="file",
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
            raise DomainError(
                f"Tệp Excel có phần dữ liệu nén bất thường (“{part.filename}” nén hơn {MAX_COMPRESSION_RATIO} lần) "
                f"nên không được mở. {RESAVE}",
                field="file",
            )
