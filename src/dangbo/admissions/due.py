"""What of the admission pipeline falls due this week or is overdue, for the deadlines page and the home page."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .deadlines import Deadline, deadlines
from .enums import ACTIVE
from .models import Candidate


def week_end(today: dt.date) -> dt.date:
    """The Sunday closing today's week."""
    return today + dt.timedelta(days=6 - today.weekday())


def due_this_week(candidates: QuerySet[Candidate], *, today: dt.date) -> list[Deadline]:
    """Open deadlines of the active candidacies among `candidates` (already scoped) due by the end of this week,
    overdue first, then by date."""
    active = candidates.filter(stage__in=sorted(ACTIVE)).select_related("cell__parent")
    return deadlines(active, today=today, until=week_end(today))
