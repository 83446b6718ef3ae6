"""Uploaded files judged by their content: the one place that knows the kinds of file the apps accept.

A file's kind is read from its first bytes (``%PDF-``, the JPEG and PNG signatures, the OLE2 header of Word 97)
and, for a zip, from the part that makes it a Word or Excel file (``word/document.xml``, ``xl/workbook.xml``,
read from the zip's directory only, and only when the file starts like a zip); the name it was sent with is not
trusted. `check_upload` refuses an empty file, one over the caller's limit, or one of a kind the caller does not
accept, with a Vietnamese `DomainError` on the caller's form field; it returns the kind, the name as sent without
its folders, and the size. A caller that wants the name's extension to declare the kind (`declared=True`) gets
the kind the name declares, confirmed by the content.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from .errors import DomainError

MB = 1024 * 1024
ZIP_HEAD = b"PK\x03\x04"
HEAD_BYTES = 16
NAME_LENGTH = 255


@dataclass(frozen=True)
class FileKind:
    """A kind of file: `code` is also the extension a stored file gets; `aliases` other extensions a name may
    carry for it; a zip kind is told by the part its zip holds, any other by the bytes it starts with."""

    code: str
    content_type: str
    label: str
    signature: bytes
    zip_part: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.code, *self.aliases)


PDF = FileKind("pdf", "application/pdf", "PDF", b"%PDF-")
JPEG = FileKind("jpg", "image/jpeg", "JPEG", b"\xff\xd8\xff", aliases=("jpeg",))
PNG = FileKind("png", "image/png", "PNG", b"\x89PNG\r\n\x1a\n")
DOC = FileKind("doc", "application/msword", "Word 97–2003 (.doc)", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)", ZIP_HEAD,
    zip_part="word/document.xml",
)  # fmt: skip
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)", ZIP_HEAD,
    zip_part="xl/workbook.xml",
)  # fmt: skip
KINDS: tuple[FileKind, ...] = (PDF, JPEG, PNG, DOC, DOCX, XLSX)
BY_EXTENSION: dict[str, FileKind] = {extension: kind for kind in KINDS for extension in kind.extensions}


def content_type_for(extension: str) -> str:
    """The content type of a stored file by its extension (any case); a generic one for an unknown extension."""
    kind = BY_EXTENSION.get(extension.lower().lstrip("."))
    return kind.content_type if kind is not None else "application/octet-stream"


def _zip_parts(uploaded: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        uploaded.seek(0)


def _matching(uploaded: IO[bytes]) -> list[FileKind]:
    """Every kind the content fits, in the order of `KINDS`; the file is left at its start."""
    uploaded.seek(0)
    head = bytes(uploaded.read(HEAD_BYTES))
    uploaded.seek(0)
    if not head.startswith(ZIP_HEAD):
        return [kind for kind in KINDS if not kind.zip_part and head.startswith(kind.signature)]
    parts = _zip_parts(uploaded)
    return [kind for kind in KINDS if kind.zip_part and kind.zip_part in parts]


def sniff(uploaded: IO[bytes]) -> FileKind | None:
    """The file's kind by its content, or None for any other kind of file."""
    matching = _matching(uploaded)
    return matching[0] if matching else None


def clean_name(name: str | None, *, unnamed: str = "") -> str:
    """The name as sent, without the folders a browser may put before it, cut to 255 characters; `unnamed` when
    nothing is left."""
    return (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:NAME_LENGTH] or unnamed


def megabytes(size: int) -> str:
    """A size in MB the Vietnamese way: 10, 10,5."""
    return f"{size / MB:.1f}".removesuffix(".0").replace(".", ",")


def kinds_text(kinds: Sequence[FileKind]) -> str:
    """The kinds' labels as a Vietnamese list: "PDF, JPEG hoặc PNG"."""
    labels = [kind.label for kind in kinds]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} hoặc {labels[-1]}"


# The refusals, filled with the file's `noun`, `name`, the accepted `kinds`, the `limit` and `size` in MB, and
# the `label` of the kind its name declares.
WORDING: dict[str, str] = {
    "extension": "Chỉ nhận tệp {kinds}: hãy đặt tên tệp có đuôi đúng loại.",
    "empty": "{noun} rỗng.",
    "too_large": "{noun} quá lớn: tối đa {limit} MB (tệp này {size} MB).",
    "not_declared": "{noun} “{name}” không phải là tệp {label} hợp lệ như đuôi tên tệp khai báo "
    "(nội dung tệp không đúng loại này).",
    "kind": "Chỉ nhận tệp {kinds} (nội dung tệp không đúng các loại này).",
}


def check_upload(
    uploaded: Any, *, allowed: Sequence[FileKind], max_bytes: int, field: str = "file", noun: str = "Tệp",
    declared: bool = False, unnamed: str = "tep", wording: Mapping[str, str] | None = None,
) -> tuple[FileKind, str, int]:  # fmt: skip
    """The file's kind, its name as sent (without folders; `unnamed` plus the kind's extension when it has none)
    and its size, or a DomainError on `field`. Refused: (with `declared`) a name whose extension is not one of
    `allowed`; an empty file; one over `max_bytes`; content of no kind in `allowed` (with `declared`: not of the
    kind the name declares). `noun` names the file in the messages ("Tệp đính kèm"); `wording` replaces any of
    the messages of `WORDING` by the caller's own (the same fields filled in)."""
    name = clean_name(uploaded.name)
    texts = {**WORDING, **(wording or {})}
    fields = {"noun": noun, "name": name or unnamed, "kinds": kinds_text(allowed), "limit": megabytes(max_bytes)}
    declared_kind: FileKind | None = None
    if declared:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        declared_kind = BY_EXTENSION.get(extension)
        if declared_kind not in allowed:
            raise DomainError(texts["extension"].format(**fields), field=field)
    size = int(uploaded.size or 0)
    if size == 0:
        raise DomainError(texts["empty"].format(**fields), field=field)
    if size > max_bytes:
        raise DomainError(texts["too_large"].format(**fields, size=megabytes(size)), field=field)
    matching = _matching(uploaded)
    if declared_kind is not None:
        if declared_kind not in matching:
            raise DomainError(texts["not_declared"].format(**fields, label=declared_kind.label), field=field)
        return declared_kind, name, size
    kind = next((kind for kind in matching if kind in allowed), None)
    if kind is None:
        raise DomainError(texts["kind"].format(**fields), field=field)
    return kind, name or f"{unnamed}.{kind.code}", size
