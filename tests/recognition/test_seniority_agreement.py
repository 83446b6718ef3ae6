"""One seniority figure everywhere: the member's page, the member API and the badge list give the same years,
months and days for a member whose seniority has a gap, on the same day."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from dangbo.members import services as member_services
from tests.api.test_recognition import client
from tests.conftest import login

from .conftest import D, admitted

AWARD = D(2025, 9, 2)  # previous: 03/02/2025


def test_member_page_member_api_and_badge_list_agree_on_a_member_with_a_gap(world, cell, monkeypatch):
    m = admitted(cell, D(1995, 3, 1))  # 30 years on 01/03/2025 without the gap
    member_services.change_status(actor=None, member=m, status="struck_off", on=D(2000, 1, 10))
    member_services.change_status(actor=None, member=m, status="full", on=D(2000, 7, 25))  # 6 months 15 days
    monkeypatch.setattr(timezone, "localdate", lambda *args: AWARD)

    rows = client(world.officer).get("/api/v1/badges/due/", {"award_date": AWARD.isoformat()}).json()["results"]
    (row,) = [r for r in rows if r["member"] == m.pk]
    listed = row["seniority"]
    member_api = client(world.officer).get(f"/api/v1/members/{m.pk}/").json()["party_seniority"]
    page = login(world.officer).get(reverse("members:detail", args=[m.pk])).content.decode()
    shown = re.search(r'id="member-seniority">([^<]*)<', page)

    assert row["verdict"] == "due" and row["milestone"] == 30  # the gap moved the milestone into this round
    assert listed == member_api
    assert (listed["years"], listed["months"]) == (30, 0)  # 30 years less than a month ago, not 30 years 6 months
    assert shown is not None and shown.group(1).strip() == listed["text"]
    list_page = login(world.officer).get(reverse("recognition:badges", args=[AWARD.isoformat()]),
                                         {"to_chuc": world.org_a.pk}).content.decode()  # fmt: skip
    assert f'id="row-{m.pk}-30"' in list_page and listed["text"] in list_page
