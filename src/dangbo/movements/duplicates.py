"""Duplicate detection for a member arriving from outside the tree, against the whole registry: the same citizen
id or party card number is the same person (refused); the same full name and birth date may be (the officer
confirms it is another person before saving). The page names only the matches the officer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from dangbo.members.models import Member


@dataclass(frozen=True)
class Duplicates:
    exact: tuple[Member, ...]  # same citizen id or card number
    similar: tuple[Member, ...]  # same family, middle and given name and birth date (and not exact)

    def __bool__(self) -> bool:
        return bool(self.exact or self.similar)

    def exact_message(self) -> str:
        return (
            "Số CCCD hoặc số thẻ đảng viên đã có trong danh sách đảng viên của Đảng bộ: đây là hồ sơ đã có, không "
            "tiếp nhận thành hồ sơ mới."
        )

    def similar_message(self) -> str:
        return (
            f"Đã có {len(self.similar)} đảng viên cùng họ, tên và ngày sinh trong danh sách: hãy kiểm tra và xác "
            "nhận đây là người khác trước khi lưu."
        )


def _name(value: Any) -> str:
    return " ".join(str(value or "").split())


def find_duplicates(sheet: dict[str, Any]) -> Duplicates:
    """Members of the registry matching the sheet (cleaned by `members.services.clean_sheet`)."""
    ids = Q(pk__in=[])
    if sheet.get("citizen_id"):
        ids |= Q(citizen_id=sheet["citizen_id"])
    if sheet.get("card_number"):
        ids |= Q(card_number=sheet["card_number"])
    exact = tuple(Member.objects.filter(ids).select_related("organization").order_by("pk"))
    birth = sheet.get("birth_date")
    similar: tuple[Member, ...] = ()
    if isinstance(birth, dt.date) and sheet.get("given_name"):
        similar = tuple(
            Member.objects.filter(
                family_name__iexact=_name(sheet.get("family_name")),
                middle_name__iexact=_name(sheet.get("middle_name")),
                given_name__iexact=_name(sheet.get("given_name")),
                birth_date=birth,
            )
            .exclude(pk__in=[m.pk for m in exact])
            .select_related("organization")
            .order_by("pk")
        )
    return Duplicates(exact=exact, similar=similar)
