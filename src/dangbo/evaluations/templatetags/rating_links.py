"""Links into the rating round from pages of other apps (the organization page), without those apps
importing this one: `{% open_round_for org as campaign %}`."""

from __future__ import annotations

from typing import Any

from django import template

from dangbo.accounts.scope import scope_for
from dangbo.organizations.models import Organization

from ..models import RatingCampaign
from ..selectors import open_campaign_over

register = template.Library()


@register.simple_tag(takes_context=True)
def open_round_for(context: dict[str, Any], organization: Organization) -> RatingCampaign | None:
    """The open round covering `organization`, when the user sees its members (one query; none otherwise)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return open_campaign_over(scope_for(request.user), organization)
