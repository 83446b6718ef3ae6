"""The list of decisions the pages and the API show: filtered by unit (the unit at decision or the subject's
current one, under it), year of decision, form, the subject's name (accent-insensitive, at the start of a word) and
where each stands on a day (in force, appealed, lapsed, annulled). The state depends on the subject's other
decisions (a later violation holds an earlier decision in force), so it is computed for the filtered decisions from
their subjects' whole history: two queries whatever the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from dangbo.core.text import normalize_search, word_prefix_q
from dangbo.organizations.models import Organization

from .enums import DisciplineState
from .models import Discipline
from .rules import RulesByDate
from .selectors import lapse_days, state_on


@dataclass(frozen=True)
class Row:
    discipline: Discipline
    state: str
    lapses_on: dt.date | None

    @property
    def state_label(self) -> str:
        return str(DisciplineState(self.state).label)


def filter_disciplines(qs: QuerySet[Discipline], data: dict[str, Any]) -> QuerySet[Discipline]:
    """The filters other than the state: `to_chuc` (Organization), `nam`, `hinh_thuc`, `q`."""
    unit: Organization | None = data.get("to_chuc")
    if unit is not None:
        qs = qs.filter(
            Q(organization_at_decision__path__startswith=unit.path)
            | Q(member__organization__path__startswith=unit.path)
            | Q(organization__path__startswith=unit.path)
        )
    if data.get("nam"):
        qs = qs.filter(decision_date__year=data["nam"])
    if data.get("hinh_thuc"):
        qs = qs.filter(form=data["hinh_thuc"])
    key = normalize_search(data.get("q") or "")
    if key:
        qs = qs.filter(word_prefix_q(key, "member__search_name") | word_prefix_q(key, "organization__search_name"))
    return qs


def rows_on(qs: QuerySet[Discipline], *, on: dt.date, state: str = "") -> list[Row]:
    """Each decision of `qs` with where it stands on `on` (only those in `state` when given), newest first."""
    decisions = list(
        qs.select_related("member", "organization", "organization_at_decision", "deciding_organization").order_by(
            "-decision_date", "-id"
        )
    )
    if not decisions:
        return []
    subjects = Q(member_id__in=qs.filter(member__isnull=False).values("member_id")) | Q(
        organization_id__in=qs.filter(organization__isnull=False).values("organization_id")
    )
    shown = {d.pk for d in decisions}
    history = [d for d in Discipline.objects.filter(subjects) if d.pk not in shown]
    lapse = lapse_days([*decisions, *history], RulesByDate())
    rows = [Row(d, state_on(d, on, lapse[d.pk]), lapse[d.pk]) for d in decisions]
    return [r for r in rows if not state or r.state == state]
