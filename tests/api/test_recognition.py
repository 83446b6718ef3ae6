"""The badges and commendations API: the list of an award date with the seniority in days, proposing and awarding
with the same refusals as the pages (400, nothing saved), scope (404 and logged), rights (403), stale versions
(409), and the member endpoint's seniority."""

from __future__ import annotations

import datetime as dt

from rest_framework.test import APIClient

from dangbo.recognition.enums import BadgeState
from dangbo.recognition.models import Badge, Commendation
from tests.members.conftest import denied_count
from tests.recognition.conftest import D, admitted, discipline

BADGES = "/api/v1/badges/"


def client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_due_list_rows_with_seniority_verdict_and_reason(world):
    m = admitted(world.cell_a1, D(1995, 5, 1))
    body = client(world.officer).get(f"{BADGES}due/", {"award_date": "2025-05-19"}).json()
    (row,) = [r for r in body["results"] if r["member"] == m.pk]
    assert row["milestone"] == 30 and row["milestone_day"] == "2025-05-01" and row["verdict"] == "due"
    assert row["seniority"] == {"years": 30, "months": 0, "days": 18, "text": "30 năm 0 tháng 18 ngày"}
    assert "Quy định 24-QĐ/TW" in row["explanation"]


def test_due_list_refuses_a_day_that_is_not_an_award_date_and_a_unit_outside_the_scope(world):
    api = client(world.officer)
    assert api.get(f"{BADGES}due/", {"award_date": "2025-05-20"}).status_code == 400
    assert api.get(f"{BADGES}due/", {"award_date": "2025-05-19", "organization": world.org_b.pk}).status_code == 404
    assert denied_count("organization", world.org_b.pk) == 1
    assert api.get(f"{BADGES}due/", {"award_date": "2025-05-19", "verdict": "x"}).status_code == 400


def test_propose_award_and_refuse_twice(world):
    m = admitted(world.cell_a1, D(1995, 5, 1))
    api = client(world.officer)
    body = {"member": m.pk, "milestone": 30, "award_date": "2025-05-19", "organization": world.org_a.pk}
    created = api.post(BADGES, body, format="json")
    assert created.status_code == 201 and created.json()["state"] == "proposed"
    again = api.post(BADGES, body, format="json")
    assert again.status_code == 400 and "mỗi mốc chỉ đề nghị một lần" in again.json()["detail"]
    badge = Badge.objects.get()
    today = dt.date.today().isoformat()
    award = {"decision_number": "125-QĐ/TU", "decision_date": today, "deciding_authority": "Tỉnh ủy",
             "expected_version": 5}  # fmt: skip
    assert client(world.bloc_officer).post(f"{BADGES}{badge.pk}/award/", award, format="json").status_code == 409
    award["expected_version"] = 1
    done = client(world.bloc_officer).post(f"{BADGES}{badge.pk}/award/", award, format="json")
    assert done.status_code == 200 and done.json()["state"] == BadgeState.AWARDED


def test_propose_refused_while_a_discipline_blocks_it_nothing_saved(world):
    m = admitted(world.cell_a1, D(1995, 5, 1))
    discipline(m, form="warning", decided=D(2025, 3, 1))
    answer = client(world.officer).post(BADGES, {"member": m.pk, "milestone": 30, "award_date": "2025-05-19",
                                                 "organization": world.org_a.pk}, format="json")  # fmt: skip
    assert answer.status_code == 400 and "đang chịu kỷ luật cảnh cáo" in answer.json()["detail"]
    assert not Badge.objects.exists()


def test_out_of_scope_member_and_no_right(world):
    answer = client(world.officer).post(BADGES, {"member": world.m3.pk, "milestone": 30, "award_date": "2025-05-19",
                                                 "organization": world.org_a.pk}, format="json")  # fmt: skip
    assert answer.status_code == 404 and denied_count("member", world.m3.pk) == 1
    assert client(world.member_user).get(BADGES).status_code == 403


def test_member_endpoint_gives_the_seniority_in_years_months_days(world):
    body = client(world.officer).get(f"/api/v1/members/{world.m1.pk}/").json()
    s = body["party_seniority"]
    assert s["years"] == body["party_seniority_years"] and set(s) == {"years", "months", "days", "text"}


def test_commendation_proposed_and_decided_by_the_competent_committee(world):
    answer = client(world.officer).post("/api/v1/commendations/", {
        "kind": "dv-xuat-sac-5-nam", "level": "giay-khen-cap-tren", "year": 2025, "member": world.m1.pk,
        "proposing_organization": world.org_a.pk}, format="json")  # fmt: skip
    assert answer.status_code == 201
    c = Commendation.objects.get()
    decide = {"decision_number": "1-QĐ/ĐUK", "decided_on": c.proposed_on.isoformat(), "expected_version": 1}
    assert client(world.officer).post(f"/api/v1/commendations/{c.pk}/decide/", decide,
                                      format="json").status_code == 403  # fmt: skip
    assert client(world.bloc_officer).post(f"/api/v1/commendations/{c.pk}/decide/", decide,
                                           format="json").status_code == 200  # fmt: skip
