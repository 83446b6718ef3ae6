"""Checks of the member sheet shared by the form, the import and the API: Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dangbo.core.date_limits import EARLIEST, PARTY_FOUNDED
from dangbo.core.dates import age_on
from dangbo.core.errors import DomainError

from .models import Member

CITIZEN_ID_RE = re.compile(r"^\d{12}$")
MIN_ADMISSION_AGE = 18
ID_BATCH = 900  # ids asked about in one query: under SQLite's 999 parameters


def check_birth_date(birth_date: dt.date, *, today: dt.date) -> None:
    """A birth date before today and not before the earliest date the system accepts (also the candidate's)."""
    if birth_date >= today:
        raise DomainError("Ngày sinh phải trước ngày hôm nay.", field="birth_date")
    if birth_date < EARLIEST:
        raise DomainError(f"Ngày sinh không được trước {EARLIEST:%d/%m/%Y}.", field="birth_date")


def check_member_dates(
    *,
    birth_date: dt.date,
    admission_decision_date: dt.date,
    ceremony_date: dt.date | None,
    full_membership_date: dt.date | None,
    today: dt.date,
) -> None:
    check_birth_date(birth_date, today=today)
    if admission_decision_date < PARTY_FOUNDED:
        raise DomainError(
            f"Ngày quyết định kết nạp không được trước ngày thành lập Đảng ({PARTY_FOUNDED:%d/%m/%Y}).",
            field="admission_decision_date",
        )
    if admission_decision_date > today:
        raise DomainError("Ngày quyết định kết nạp không được sau ngày hôm nay.", field="admission_decision_date")
    if age_on(birth_date, admission_decision_date) < MIN_ADMISSION_AGE:
        raise DomainError(
            f"Đảng viên chưa đủ {MIN_ADMISSION_AGE} tuổi tại ngày quyết định kết nạp "
            f"({admission_decision_date:%d/%m/%Y}).",
            field="admission_decision_date",
        )
    if ceremony_date is not None and ceremony_date < admission_decision_date:
        raise DomainError("Ngày lễ kết nạp không được trước ngày quyết định kết nạp.", field="ceremony_date")
    if full_membership_date is not None:
        if full_membership_date < admission_decision_date:
            raise DomainError(
                "Ngày công nhận đảng viên chính thức không được trước ngày quyết định kết nạp.",
                field="full_membership_date",
            )
        if ceremony_date is not None and full_membership_date < ceremony_date:
            raise DomainError(
                "Ngày công nhận đảng viên chính thức không được trước ngày lễ kết nạp.", field="full_membership_date"
            )


@dataclass(frozen=True)
class TakenIds:
    """Citizen ids and card numbers already held by members (those asked about, not all of them)."""

    citizen_ids: frozenset[str]
    card_numbers: frozenset[str]


def taken_ids(*, citizen_ids: Iterable[str], card_numbers: Iterable[str], exclude_pk: Any = None) -> TakenIds:
    """Which of these ids members already hold, asked in batches (one query per `ID_BATCH` ids of each kind),
    so that checking a file of many thousands of rows does not cost two queries a row."""

    def held(field: str, values: Iterable[str]) -> frozenset[str]:
        wanted = sorted({v for v in values if v})
        found: set[str] = set()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            rows = Member.objects.filter(**{f"{field}__in": batch}).exclude(pk=exclude_pk)
            found.update(rows.values_list(field, flat=True))
        return frozenset(found)

    return TakenIds(held("citizen_id", citizen_ids), held("card_number", card_numbers))


def check_unique_ids(
    *, citizen_id: str | None, card_number: str | None, exclude_pk: Any = None, taken: TakenIds | None = None
) -> None:
    """A citizen id of 12 digits that no other member holds, a card number no other member holds. `taken`: the ids
    already looked up for a whole file (`taken_ids`); without it they are asked for here."""
    if citizen_id and not CITIZEN_ID_RE.match(citizen_id):
        raise DomainError("Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id")
    if taken is None:
        taken = taken_ids(
            citizen_ids=[citizen_id] if citizen_id else [],
            card_numbers=[card_number] if card_number else [],
            exclude_pk=exclude_pk,
        )
    if citizen_id and citizen_id in taken.citizen_ids:
        raise DomainError(f"Số CCCD {citizen_id} đã có trong danh sách đảng viên.", field="citizen_id")
    if card_number and card_number in taken.card_numbers:
        raise DomainError(f"Số thẻ đảng viên {card_number} đã được cấp cho đảng viên khác.", field="card_number")
