"""The introduction letter (giấy giới thiệu sinh hoạt đảng) of an official transfer, as a document: what goes
into its Word template (`document_templates/giay-gioi-thieu-sinh-hoat-dang.docx`, editable in Word, filled by
`dangbo.documents.rendering`; the PDF through the documents job).

The frame is the party document's (`documents.frame`), issued by the movement's `issuing_organization` (the
committee directly above the member's grassroots organization; the grassroots committee itself for a move
between two of its cells). The letter is valid for the rule set's `transfer.present_working_days` working days
from its date (`core.calendar`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.core.calendar import add_working_days
from dangbo.documents.frame import DocumentInfo, committee_name, default_symbol, document_frame
from dangbo.members.enums import MemberStatus
from dangbo.organizations.enums import OrgKind

from .enums import MovementKind
from .models import Movement
from .rules import rules_in_force

APP = "movements"
TEMPLATE = "giay-gioi-thieu-sinh-hoat-dang.docx"
LETTER_TITLE = "GIẤY GIỚI THIỆU"
LETTER_KINDS = (MovementKind.TRANSFER_INTERNAL, MovementKind.TRANSFER_OUT)


def letter_day(movement: Movement) -> dt.date:
    """The letter's date: the recorded one, else (internal) the decision's date or the transfer date."""
    return movement.letter_date or movement.decision_date or movement.start


def _number_and_symbol(movement: Movement) -> tuple[str, str]:
    """The letter's number and symbol: "25-GGT/ĐUK" as written, or the number alone with the default symbol."""
    issuer = movement.issuing_organization
    assert issuer is not None
    number = movement.letter_number.strip()
    if "-" in number:
        head, _, tail = number.partition("-")
        return head, tail
    return number, "GGT/" + default_symbol(issuer, LETTER_TITLE)


def _destination(movement: Movement) -> tuple[str, str]:
    """(addressee, destination): to whom the letter is written, and where the member goes."""
    if movement.kind == MovementKind.TRANSFER_OUT or movement.to_organization is None:
        return movement.external_organization, movement.external_organization
    to = movement.to_organization
    parent = to.parent
    addressee = committee_name(parent) if parent is not None and to.kind != OrgKind.GRASSROOTS_CELL else to.name
    return addressee, to.qualified_name


def frame_for(movement: Movement) -> DocumentInfo:
    issuer = movement.issuing_organization
    assert issuer is not None and movement.member is not None
    number, symbol = _number_and_symbol(movement)
    addressee, _ = _destination(movement)
    return document_frame(
        issuer, title=LETTER_TITLE, subtitle="Sinh hoạt đảng chính thức", day=letter_day(movement),
        number=number, symbol=symbol,
        recipients=[f"{addressee} (để tiếp nhận)", f"Đồng chí {movement.member.full_name}",
                    f"Lưu {committee_name(issuer)}"],
    )  # fmt: skip


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def fields_for(movement: Movement) -> dict[str, Any]:
    member = movement.member
    assert member is not None
    day = letter_day(movement)
    rules = rules_in_force(day)
    n = rules.transfer_present_working_days
    addressee, destination = _destination(movement)
    from_cell = movement.from_organization.qualified_name if movement.from_organization else ""
    return {
        "addressee": addressee,
        "full_name": member.full_name,
        "birth_date": _d(member.birth_date),
        "home_town": member.home_town or "…",
        "admission_date": _d(member.ceremony_date or member.admission_decision_date),
        "full_membership_date": _d(member.full_membership_date),
        "card_number": member.card_number or "…",
        "status_label": "chính thức" if member.status != MemberStatus.PROBATIONARY else "dự bị",
        "from_cell": from_cell,
        "destination": destination,
        "reason": movement.reason or "…",
        "present_days": str(n),
        "present_by": _d(add_working_days(day, n)),
    }


def file_name(movement: Movement, extension: str) -> str:
    return f"giay-gioi-thieu-sinh-hoat-dang-{movement.pk}.{extension}"
