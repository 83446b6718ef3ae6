"""The year report's frame: the shared party document frame (`dangbo.documents.frame`) with the report's kind
and subject."""

from __future__ import annotations

from typing import Any

from dangbo.documents.frame import REPORT_TITLE, DocumentInfo, document_frame
from dangbo.organizations.models import Organization


def report_subtitle(year: int) -> str:
    return f"Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}"


def document_info(organization: Organization, *, year: int, **frame: Any) -> DocumentInfo:
    """The frame of the year report by `organization`'s committee; the other keyword arguments (day, number,
    symbol, place, signer, recipients, superior) and their defaults are `document_frame`'s."""
    return document_frame(organization, title=REPORT_TITLE, subtitle=report_subtitle(year), **frame)
