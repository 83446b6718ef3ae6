"""What the rating page explains: the verdict as it stands now, and the steps taken so far.

`explain_rating` runs the verdict engine on the rating's current facts and its stored sheet (the
100-point scores included), then the cap on "excellent" for the level the next step writes, so the
page shows one answer: the levels allowed, and one Vietnamese sentence per restriction naming the rule
and its document. `rating_history` turns the rating's audit entries into readable lines (step label,
level label, actor's name, time); other entries about the rating (refused access) are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry

from .enums import Level, RatingStep, SubjectKind
from .facts import RatingInputs, facts_for_ratings
from .models import Rating
from .rules import evaluate
from .verdicts import ReasonKind
from .workflow import CAPPED_FIELDS, STEP_ORDER, STEPS, excellent_cap

OVERRIDDEN = "overridden"


@dataclass(frozen=True)
class Explanation:
    """The verdict on a rating now: levels allowed (best first), and why the others are not."""

    not_rated: bool
    allowed_levels: tuple[Level, ...]
    restrictions: tuple[str, ...]  # each rules out at least one level, naming the rule and document
    notes: tuple[str, ...]  # rules considered that changed nothing; the count of "excellent" used
    score: Decimal | None = None
    error: str = ""  # the verdict could not be computed (e.g. a stored sheet no longer valid)

    @property
    def unrestricted(self) -> bool:
        return not self.error and not self.not_rated and not self.restrictions


def _capped_field(rating: Rating) -> str | None:
    """The level field the next step writes, when the cap on "excellent" applies to it."""
    at = STEP_ORDER.index(rating.step)
    if at + 1 < len(STEP_ORDER):
        field = STEPS[STEP_ORDER[at + 1]].level_field
    else:
        field = "decided_level"
    if field is None:  # verification confirms the decided level: the cap counted at the decision
        field = "decided_level"
    return field if field in CAPPED_FIELDS else None


def explain_rating(rating: Rating) -> Explanation:
    """The verdict for `rating` now (rating with campaign, rule set, member and organization selected)."""
    rule_set = rating.campaign.rule_set.as_data()
    try:
        sheet = RatingInputs.from_json(rating.score_sheet).score_sheet(rule_set, SubjectKind(rating.subject_kind))
        facts = facts_for_ratings(rating.campaign, [rating])[rating.pk]
        verdict = evaluate(rule_set, facts, sheet=sheet)
    except DomainError as exc:
        return Explanation(False, (), (), (), error=exc.message)
    if verdict.not_rated:
        return Explanation(True, (), tuple(verdict.messages), (), verdict.score)
    restricting = [r for r in verdict.reasons if r.kind != ReasonKind.NOTE and r.max_level is not None]
    restrictions = [r.message for r in restricting]
    notes = [r.message for r in verdict.reasons if r not in restricting]
    allowed = list(verdict.allowed_levels)
    field = _capped_field(rating)
    if Level.EXCELLENT in allowed and field is not None:
        cap = excellent_cap(rule_set, rating, field)
        if cap.allowed:
            notes.append(cap.message)
        else:
            allowed.remove(Level.EXCELLENT)
            restrictions.append(f"Không thể xếp loại {Level.EXCELLENT.label}: {cap.message}")
    return Explanation(False, tuple(allowed), tuple(restrictions), tuple(notes), verdict.score)


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    label: str  # the step reached, in Vietnamese
    level: str  # the level's label ("" when the step sets none)
    reason: str  # the reason of an override
    reasons: tuple[str, ...]  # the grounds recorded with the step


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "—"
    return str(actor.get_full_name() or actor.username)


def _level_of(entry: AuditEntry, step: str) -> str:
    after, data = entry.after or {}, entry.data or {}
    if step == OVERRIDDEN:
        value = after.get("decided_level", "")
    else:
        field = STEPS[step].level_field or "decided_level"
        value = after.get(field) or data.get("level", "")
    return str(Level(value).label) if value in Level.values else ""


def rating_history(rating: Rating) -> list[HistoryLine]:
    """The steps taken on `rating`, oldest first (one query)."""
    entries = (
        AuditEntry.objects.filter(
            object_type="rating", object_id=str(rating.pk), action__startswith="evaluations.rating."
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    lines = []
    for entry in entries:
        step = entry.action.rsplit(".", 1)[-1]
        if step == OVERRIDDEN:
            label = _("Cấp trên điều chỉnh mức xếp loại")
        elif step in STEPS:
            label = str(RatingStep(step).label)
        else:
            continue
        after, data = entry.after or {}, entry.data or {}
        lines.append(
            HistoryLine(
                at=entry.at,
                actor=_actor_name(entry.actor),
                label=label,
                level=_level_of(entry, step),
                reason=str(data.get("reason", "")),
                reasons=tuple(str(m) for m in after.get("reasons") or ()),
            )
        )
    return lines


__all__ = ["Explanation", "HistoryLine", "explain_rating", "rating_history"]
