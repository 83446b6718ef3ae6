"""Panels of the member page that apps above `members` contribute (badges, training records...).

An app registers its panel in its `AppConfig.ready`::

    from dangbo.members.panels import MemberPanel, register_panel

    register_panel(MemberPanel(key="recognition", template="recognition/member_panel.html",
                               right=Right.VIEW_MEMBERS, context=member_panel_context, order=20))

The member page renders, in `order` (then key), each panel whose `right` the viewer holds over the member's
organization, or that is `own` and opened by the member themself; a context function returning None hides its
panel. Context functions read only: the page has already checked access and audited the view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dangbo.accounts.scope import Scope

from .models import Member


@dataclass(frozen=True)
class PanelContext:
    """What a panel's context function receives."""

    request: HttpRequest
    scope: Scope
    member: Member
    today: dt.date


@dataclass(frozen=True)
class MemberPanel:
    key: str
    template: str
    right: str
    context: Callable[[PanelContext], dict[str, Any] | None]
    order: int = 100
    own: bool = True  # also shown to the member on their own page


_PANELS: dict[str, MemberPanel] = {}


def register_panel(panel: MemberPanel) -> None:
    """Add (or replace, by key) a panel; called from an `AppConfig.ready`."""
    _PANELS[panel.key] = panel


def registered_panels() -> list[MemberPanel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def may_see(panel: MemberPanel, *, scope: Scope, member: Member) -> bool:
    if scope.covers_path(panel.right, member.organization.path):
        return True
    return panel.own and scope.member_id is not None and scope.member_id == member.pk


def render_panels(*, request: HttpRequest, scope: Scope, member: Member, today: dt.date) -> list[SafeString]:
    """The HTML of the panels the viewer may see, in order."""
    ctx = PanelContext(request=request, scope=scope, member=member, today=today)
    rendered = []
    for panel in registered_panels():
        if not may_see(panel, scope=scope, member=member):
            continue
        context = panel.context(ctx)
        if context is None:
            continue
        rendered.append(SafeString(render_to_string(panel.template, {"member": member, **context}, request=request)))
    return rendered
