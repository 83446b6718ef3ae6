"""`{% screening_hub_link %}`: the way to screening from the cell-life hub, shown to who may see screening
(a cell secretary goes straight to their cell's screening of the year)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.organizations.models import Organization

register = template.Library()


@register.inclusion_tag("screening/_hub_link.html", takes_context=True)
def screening_hub_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    scope = scope_for(user)
    paths = scope.paths(Right.VIEW_SCREENING)
    if not paths:
        return {"url": None}
    tops = list(Organization.objects.filter(path__in=paths).only("pk", "kind"))
    if len(tops) == 1 and tops[0].holds_members:
        year = timezone.localdate().year
        return {"url": f"{reverse('screening:cell', args=[tops[0].pk])}?nam={year}"}
    return {"url": reverse("screening:list")}
