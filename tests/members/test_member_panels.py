"""The member page renders the panels of the apps above, in order, each to the viewers it is meant for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.enums import Right
from dangbo.members import panels


@pytest.fixture
def test_panels(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", {})
    monkeypatch.setattr(panels, "render_to_string", lambda name, context, request=None: f"<{name}:{context['x']}>")
    seen = []

    def context(ctx):
        seen.append(ctx)
        return {"x": ctx.member.given_name}

    panels.register_panel(panels.MemberPanel(key="b", template="second", right=Right.VIEW_MEMBERS, context=context,
                                             order=20))  # fmt: skip
    panels.register_panel(panels.MemberPanel(key="a", template="first", right=Right.VIEW_MEMBERS, context=context,
                                             order=10))  # fmt: skip
    panels.register_panel(panels.MemberPanel(key="hidden", template="none", right=Right.VIEW_MEMBERS,
                                             context=lambda ctx: None))  # fmt: skip
    panels.register_panel(panels.MemberPanel(key="officers", template="officers", right=Right.VIEW_MEMBERS,
                                             context=context, own=False, order=30))  # fmt: skip
    return seen


def test_officer_sees_the_panels_in_order(world, as_officer, test_panels):
    body = as_officer.get(reverse("members:detail", args=[world.m1.pk])).content.decode()
    assert body.index("<first:Hùng>") < body.index("<second:Hùng>") < body.index("<officers:Hùng>")
    assert "<none" not in body
    assert test_panels[0].member == world.m1 and test_panels[0].scope.has_right(Right.VIEW_MEMBERS)


def test_member_sees_own_panels_but_not_the_officers_only_one(world, as_member, test_panels):
    body = as_member.get(reverse("members:detail", args=[world.m1.pk])).content.decode()
    assert "<first:Hùng>" in body and "<second:Hùng>" in body
    assert "<officers:" not in body
