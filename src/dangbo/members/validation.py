"""Checks of the member sheet shared by the form, the import and the API: Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dangbo.core.date_limits import EARLIEST, PARTY_FOUNDED
from dangbo.core.dates import age_on
from dangbo.core.errors import DomainError

from .models import Member

CITIZEN_ID_RE = re.compile(r"^\d{12}$")
MIN_ADMISSION_AGE = 18


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


def check_unique_ids(*, citizen_id: str | None, card_number: str | None, exclude_pk: Any = None) -> None:
    if citizen_id:
        if not CITIZEN_ID_RE.match(citizen_id):
            raise DomainError("Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id")
        if Member.objects.filter(citizen_id=citizen_id).exclude(pk=exclude_pk).exists():
            raise DomainError(f"Số CCCD {citizen_id} đã có trong danh sách đảng viên.", field="citizen_id")
    if card_number and Member.objects.filter(card_number=card_number).exclude(pk=exclude_pk).exists():
        raise DomainError(f"Số thẻ đảng viên {card_number} đã được cấp cho đảng viên khác.", field="card_number")
