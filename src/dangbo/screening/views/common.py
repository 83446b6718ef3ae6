"""What the screening pages share: the year asked for, the audited view of a member's evidence, the names of
who decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from dangbo.core.audit import log_action
from dangbo.evaluations.enums import Level

from ..enums import Signal
from ..forms import YEAR_MAX, YEAR_MIN


def year_asked(request: HttpRequest, today: dt.date) -> int:
    """`?nam=` when it is a sane year, else the current year."""
    value = request.GET.get("nam", "")
    if value.isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX:
        return int(value)
    return today.year


def log_evidence_viewed(
    request: HttpRequest, *, members: list[Any], scope_path: str, what: str, object_id: Any
) -> None:
    """Reading members' screening evidence is a full-record view: recorded like any other (one entry per page,
    naming every member shown; nothing when the page shows nobody)."""
    if not members:
        return
    first = members[0]
    log_action(
        "screening.evidence.viewed",
        actor=request.user,
        object_type="member",
        object_id=first.pk,
        object_repr=first.full_name if len(members) == 1 else f"{first.full_name} và {len(members) - 1} đảng viên khác",
        scope_path=scope_path,
        data={"what": what, "id": object_id, "members": [m.pk for m in members], "path": request.path},
        request=request,
    )


def person(user: Any) -> str:
    """A user as the pages name them."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.username)


def _day(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else "—"


def present(signal: dict[str, Any]) -> dict[str, Any]:
    """A signal (a stored hit, or one copied onto a review) ready for the page: its label, the sentence naming
    the rule and source, the period, and the evidence in dd/mm/yyyy."""
    evidence = signal.get("evidence") or {}
    shown: dict[str, Any] = {
        "code": signal["signal"],
        "label": Signal(signal["signal"]).label,
        "explanation": signal.get("explanation", ""),
        "period": f"{_day(signal.get('period_start'))} – {_day(signal.get('period_end'))}",
        "interpretation": bool(evidence.get("interpretation")),
    }
    months = evidence.get("months") or []
    if months and isinstance(months[0], dict):
        shown["absences"] = [
            {"month": m["month"], "items": [{"day": _day(a["day"]), "cell": a["cell"]} for a in m["absences"]]}
            for m in months
        ]
    elif months:
        shown["dues_months"] = months
    if evidence.get("years"):
        shown["years"] = [{"year": y["year"], "level": Level(y["level"]).label} for y in evidence["years"]]
    if evidence.get("review_id"):
        shown["help"] = {
            "cell": evidence.get("cell", ""),
            "vote_date": _day(evidence.get("vote_date")),
            "votes": f"{evidence.get('votes_for')}/{evidence.get('eligible')}",
            "help_from": _day(evidence.get("help_from")),
            "help_until": _day(evidence.get("help_until")),
        }
    return shown
