"""The party document's frame (Hướng dẫn 36-HD/VPTW): issuer, number and symbol, place and date, the kind of
document and its subject, recipients and signature block. Every generated document uses it: the year report
(`reporting`, laid out by its DOCX and PDF writers), the decisions rendered from Word templates (`rendering`).

The kind of document (BÁO CÁO, QUYẾT ĐỊNH, …) sets the first part of the symbol: "BC/ĐU", "QĐ/ĐU"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
DEFAULT_PLACE = "Thái Bình"
DEFAULT_SIGNER_TITLE = "BÍ THƯ"
REPORT_TITLE = "BÁO CÁO"
DECISION_TITLE = "QUYẾT ĐỊNH"
# The abbreviation of each kind of document, first part of the symbol (Hướng dẫn 36-HD/VPTW, appendix).
KIND_ABBREVIATIONS = {
    REPORT_TITLE: "BC",
    DECISION_TITLE: "QĐ",
    "NGHỊ QUYẾT": "NQ",
    "KẾ HOẠCH": "KH",
    "THÔNG BÁO": "TB",
    "TỜ TRÌNH": "TTr",
    "CÔNG VĂN": "CV",
}


def committee_name(organization: Organization) -> str:
    """The body that issues documents for an organization: "Đảng bộ Sở Tài chính" → "Đảng ủy Sở Tài chính";
    a cell issues as itself."""
    name = organization.name
    if name.startswith("Đảng bộ "):
        return "Đảng ủy " + name.removeprefix("Đảng bộ ")
    return name


def default_superior(organization: Organization) -> str:
    """The line above the issuer: the organization directly above in the tree ("Đảng bộ Khối …" over a
    grassroots committee); for a top organization of the tree, the setting `DANGBO_DOCUMENT_SUPERIOR` (the
    provincial party organization, "Đảng bộ tỉnh Thái Bình", which the tree does not hold)."""
    parent = organization.parent
    if parent is not None:
        return parent.name
    return str(getattr(settings, "DANGBO_DOCUMENT_SUPERIOR", ""))


def keep_last_words(text: str) -> str:
    """A no-break space between the last two words, so a wrapped title never leaves one word alone on its
    last line."""
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space else text


def default_symbol(organization: Organization, title: str = REPORT_TITLE) -> str:
    """The symbol after the number: the kind of document, then the issuer — BC/ĐUK for a report of the bloc
    committee, QĐ/ĐU for a decision of a grassroots committee, BC/CB for a cell's report (editable on forms)."""
    kind = KIND_ABBREVIATIONS.get(title.strip().upper(), "")
    prefix = f"{kind}/" if kind else ""
    if organization.kind == OrgKind.UPPER:
        rest = organization.name.removeprefix("Đảng bộ ").strip()
        return f"{prefix}ĐU{rest[:1].upper()}" if rest else f"{prefix}ĐU"
    if organization.kind == OrgKind.GRASSROOTS_COMMITTEE:
        return f"{prefix}ĐU"
    return f"{prefix}CB"


def default_on_behalf(organization: Organization) -> str:
    if organization.kind == OrgKind.UPPER:
        return "T/M BAN THƯỜNG VỤ"
    if organization.kind == OrgKind.GRASSROOTS_COMMITTEE:
        return "T/M ĐẢNG ỦY"
    return "T/M CHI BỘ"


def default_recipients(organization: Organization) -> list[str]:
    parent = organization.parent
    above = f"Ban Thường vụ {committee_name(parent)}" if parent is not None else "Ban Thường vụ Tỉnh ủy"
    return [f"{above} (để báo cáo)", "Các tổ chức đảng trực thuộc", "Lưu Văn phòng"]


def date_line(place: str, day: dt.date) -> str:
    """ "Thái Bình, ngày 05 tháng 12 năm 2025": a zero before days under 10 and the months January and February,
    as the document format rules ask."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class DocumentInfo:
    issuer: str  # the issuing committee, e.g. "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
    superior: str  # the superior line printed above the issuer, or "" for none
    number: str  # "" leaves room for the office to write it in
    symbol: str
    place: str
    day: dt.date
    subtitle: str
    on_behalf: str
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    title: str = REPORT_TITLE  # the kind of document, printed in capitals above the subject

    @property
    def number_line(self) -> str:
        number = self.number.strip() or "\u00a0" * 6
        return f"Số {number}-{self.symbol}"

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.day)

    @property
    def header_left(self) -> list[str]:
        lines = [self.superior.upper()] if self.superior else []
        return [*lines, self.issuer.upper()]

    def recipient_lines(self) -> list[str]:
        """Each recipient on its line, "- " first, a comma after all but the last, which ends with a full stop."""
        items = [r.strip().lstrip("-").strip().rstrip(",.") for r in self.recipients if r.strip()]
        return [f"- {item}{'.' if i == len(items) - 1 else ','}" for i, item in enumerate(items)]


def document_frame(
    organization: Organization,
    *,
    title: str = REPORT_TITLE,
    subtitle: str,
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
    """The frame of a document of kind `title` ("BÁO CÁO", "QUYẾT ĐỊNH", …) about `subtitle`, issued by
    `organization`'s committee; blank parts take the defaults above (a superior line of None takes
    `default_superior`, "" prints none)."""
    return DocumentInfo(
        issuer=committee_name(organization),
        superior=default_superior(organization) if superior is None else superior.strip(),
        number=number,
        symbol=symbol or default_symbol(organization, title),
        place=place or DEFAULT_PLACE,
        day=day,
        subtitle=subtitle,
        on_behalf=on_behalf or default_on_behalf(organization),
        signer_title=signer_title or DEFAULT_SIGNER_TITLE,
        signer_name=signer_name,
        recipients=recipients if recipients is not None else default_recipients(organization),
        title=title,
    )
