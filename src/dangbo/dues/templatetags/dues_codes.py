"""`{{ codes|code_for:row }}`: the payment code the view prepared for a ledger row ({} when none)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def code_for(codes: dict[int, dict[str, str]] | None, row: Any) -> dict[str, str]:
    pk = getattr(row, "pk", None)
    return (codes or {}).get(pk, {}) if isinstance(pk, int) else {}
