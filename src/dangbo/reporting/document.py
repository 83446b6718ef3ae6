"""The year report's frame: the shared party document frame (`dangbo.documents.frame`) with the report's kind
and subject."""

from __future__ import annotations

import datetime as dt

from dangbo.documents.frame import DEFAULT_PLACE, DEFAULT_SIGNER_TITLE, REPORT_TITLE, DocumentInfo, document_frame
from dangbo.organizations.models import Organization


def report_subtitle(year: int) -> str:
    return f"Kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}"


def document_info(
    organization: Organization,
    *,
    year: int,
    day: dt.date,
    number: str = "",
    symbol: str = "",
    place: str = DEFAULT_PLACE,
    on_behalf: str = "",
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_name: str = "",
    recipients: list[str] | None = None,
    superior: str | None = None,
) -> DocumentInfo:
    """The frame of the year report by `organization`'s committee (see `document_frame`)."""
    return document_frame(
        organization, title=REPORT_TITLE, subtitle=report_subtitle(year), day=day, number=number, symbol=symbol,
        place=place, on_behalf=on_behalf, signer_title=signer_title, signer_name=signer_name,
        recipients=recipients, superior=superior,
    )  # fmt: skip
