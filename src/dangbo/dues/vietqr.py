"""VietQR payment codes (NAPAS, on EMVCo's merchant-presented QR) for cells that collect dues by bank transfer.

The payload is a string of ID-length-value fields: format "01", initiation "12" (an amount is set) or "11",
merchant account information (ID 38: NAPAS's GUID A000000727, the beneficiary = the bank's BIN and the account
number, the service QRIBFTTA "to an account"), currency 704, the amount in dong, country VN, the memo (ID 62, 08)
and the CRC (ID 63: CRC-16/CCITT-FALSE over everything before it, "6304" included). The memo names the member
and the month without diacritics, as banks carry it. The SVG is drawn by the `qrcode` library.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import qrcode
import qrcode.image.svg

from .models import CollectionAccount

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
MEMO_LENGTH = 25  # the longest memo banks pass on (ID 62, sub-field 08)


def field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def plain(text: str) -> str:
    """Text without diacritics ("Đ" → "D"), only letters, digits and spaces, as bank memos carry it."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 ]", " ", text)).strip()


def payload(*, bank_bin: str, account_number: str, amount: int | None, memo: str) -> str:
    """The VietQR string for a transfer of `amount` dong (None: the payer types it) to the account."""
    beneficiary = field("00", bank_bin) + field("01", account_number)
    account = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", SERVICE_TO_ACCOUNT)
    parts = [field("00", "01"), field("01", "12" if amount else "11"), field("38", account), field("53", "704")]
    if amount:
        parts.append(field("54", str(amount)))
    parts.append(field("58", "VN"))
    memo = plain(memo)[:MEMO_LENGTH].strip()
    if memo:
        parts.append(field("62", field("08", memo)))
    body = "".join(parts) + "6304"
    return body + crc16(body)


def dues_memo(*, card_number: str, name: str, month: dt.date) -> str:
    """ "DP 01000001 T022026 Nguyen Van Hung": the card number and the month first, so the reconciliation finds
    them even when the bank cuts the memo short."""
    return plain(f"DP {card_number} T{month:%m%Y} {name}")


def dues_payload(account: CollectionAccount, *, card_number: str, name: str, month: dt.date, amount: int) -> str:
    return payload(
        bank_bin=account.bank_bin, account_number=account.account_number, amount=amount or None,
        memo=dues_memo(card_number=card_number, name=name, month=month),
    )  # fmt: skip


def svg(data: str) -> str:
    """The QR code of `data` as an inline SVG element (paths, no script, no style attribute on the page)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode()
    return text[text.index("<svg") :]


def collection_account_of(organization_path: str) -> CollectionAccount | None:
    """The account dues are collected into for a cell: its own, else the nearest unit above that has one."""
    step = 8  # a path segment: seven digits and a dot
    paths = [organization_path[: i + step] for i in range(0, len(organization_path), step)]
    accounts = CollectionAccount.objects.filter(organization__path__in=paths).select_related("organization")
    return max(accounts, key=lambda a: len(a.organization.path), default=None)


def payment_code(*, organization_path: str, card_number: str, name: str, month: dt.date, amount: int) -> dict[str, str]:
    """What the include `dues/money/_vietqr.html` shows: the account, the memo, the payload and its SVG; {} when
    no unit on the path collects by bank transfer."""
    account = collection_account_of(organization_path)
    if account is None:
        return {}
    data = dues_payload(account, card_number=card_number, name=name, month=month, amount=amount)
    memo = dues_memo(card_number=card_number, name=name, month=month)
    return {"bank": account.bank_name, "account": account.account_number, "holder": account.account_name,
            "memo": memo, "payload": data, "svg": svg(data)}  # fmt: skip
