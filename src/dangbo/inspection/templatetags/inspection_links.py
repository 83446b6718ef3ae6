"""Links between inspection cases and the records around them, for templates.

- `{% load inspection_links %}{% complaint_cases complaint %}`: the cases opened from a complaint that the user may
  see, with links (read through `selectors.cases_for_complaint`), and, for a user who manages inspection over the
  letter's handling organization while the letter is being handled and no case from it is under way, the button
  that opens a case from it: for the complaint's page (the complaints app sits below this one and never imports
  it; its template loads this tag).
- `{% page_url "discipline:detail" pk as url %}`: the address of a record's page, or "" while that page does not
  exist, so a case can link its discipline decision and its complaint whatever pages are installed.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.complaints.enums import OPEN_STATES

from ..enums import CaseState
from ..selectors import cases_for_complaint

register = template.Library()


@register.simple_tag
def page_url(name: str, pk: Any) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("inspection/_complaint_cases.html", takes_context=True)
def complaint_cases(context: dict[str, Any], complaint: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"cases": [], "complaint": complaint, "may_open": False}
    scope = scope_for(user)
    cases = cases_for_complaint(scope, [complaint.pk]).get(complaint.pk, [])
    may_open = (
        complaint.state in OPEN_STATES
        and scope.covers_path(Right.MANAGE_DISCIPLINE, complaint.handling_organization.path)
        and all(case.state == CaseState.CLOSED for case in cases)
    )
    return {"cases": cases, "complaint": complaint, "may_open": may_open}
