"""The dues ledger as screening's source of unpaid months (`DANGBO_SCREENING_DUES_PROVIDER`, see
`screening/dues.py`): a month is unpaid when less was paid than was due and no valid reason was recorded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import F

from .models import DuesMonth


def unpaid_months(year: int, path: str) -> dict[int, list[int]] | None:
    """{member_id: [months 1–12 of `year` unpaid without reason]} for the members whose current cell lies under
    `path`; None when the subtree has no ledger rows for that year. Two queries, whatever the subtree's size."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    in_year = DuesMonth.objects.filter(month__gte=first, month__lte=last)
    if not in_year.filter(path__startswith=path).exists():
        return None
    found: dict[int, list[int]] = defaultdict(list)
    unpaid = (
        in_year.filter(member__organization__path__startswith=path, due__gt=F("paid"), excused_reason="")
        .values_list("member_id", "month")
        .order_by("member_id", "month")
    )
    for member_id, month in unpaid.iterator(chunk_size=20_000):
        found[member_id].append(month.month)
    return dict(found)
