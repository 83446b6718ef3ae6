"""The admissions API: candidacies in and out of scope, proposals, every kind of refusal of a step, the whole
path from proposal to full member, quotas and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import Candidate, Quota, Transition
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from tests.admissions.pipeline import MAIN, SHEET, advance, propose_one, step_data
from tests.conftest import World

from .conftest import ids

pytestmark = pytest.mark.django_db


def iso(value: Any) -> Any:
    """Step data as JSON sends it: dates as yyyy-mm-dd."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    return value


def detail_url(candidate: Candidate) -> str:
    return reverse("api-candidate-detail", args=[candidate.pk])


def post_step(client: APIClient, candidate: Candidate, step: Step, data: dict[str, Any], version: int | None = None):
    body = {"step": str(step), "expected_version": version or candidate.version, "data": iso(data)}
    return client.post(reverse("api-candidate-steps", args=[candidate.pk]), body, format="json")


def denied() -> list[tuple[Any, str, str]]:
    entries = AuditEntry.objects.filter(action="core.access.denied")
    return [(e.actor, e.object_type, e.object_id) for e in entries]


# ---- scope ---------------------------------------------------------------------------------------


def test_candidates_in_scope_are_listed_and_the_outsider_sees_none(world: World, api_officer, api_outsider) -> None:
    candidate = propose_one(world)
    listed = api_officer.get(reverse("api-candidate-list"))
    assert listed.status_code == 200 and ids(listed) == [candidate.pk]
    row = listed.json()["results"][0]
    assert row["full_name"] == "Lê Thị Mai" and row["stage"] == "proposed" and "citizen_id" not in row
    assert ids(api_outsider.get(reverse("api-candidate-list"))) == []


def test_a_plain_member_is_refused_every_admissions_endpoint(world: World, api_member) -> None:
    candidate = propose_one(world)
    for url in (reverse("api-candidate-list"), detail_url(candidate), reverse("api-admission-quota-list"),
                reverse("api-admission-deadline-list")):  # fmt: skip
        response = api_member.get(url)
        assert response.status_code == 403, url
        assert response.json()["detail"] == "Bạn không có quyền xem hồ sơ kết nạp đảng viên."


def test_without_credentials_the_answer_is_401(world: World, api_anonymous) -> None:
    assert api_anonymous.get(reverse("api-candidate-list")).status_code == 401


def test_the_full_record_is_logged_and_out_of_scope_is_404_and_logged(world: World, api_officer, api_outsider):
    candidate = advance(propose_one(world), world, to=Step.CELL_VOTE)
    response = api_officer.get(detail_url(candidate))
    assert response.status_code == 200
    body = response.json()
    assert body["citizen_id"] == SHEET["citizen_id"] and body["stage"] == "sponsored"
    assert [t["step"] for t in body["transitions"]] == ["course", "application", "verify", "sponsors"]
    assert body["transitions"][0]["data"] == {
        "certificate_number": "GCN-123", "course_passed_on": "2024-10-15",
        "certificate_from": "Nhập tay: không tìm thấy giấy chứng nhận còn giá trị trong hồ sơ đào tạo (theo số CCCD, "
        "hoặc họ tên và ngày sinh).",
    }  # fmt: skip
    assert {s["member"] for s in body["sponsors"]} == {world.m1.pk, world.m2.pk}
    assert body["available_steps"] == ["cell_vote", "withdraw", "reject", "correct"]
    viewed = AuditEntry.objects.get(action="admissions.candidate.viewed")
    assert (viewed.actor, viewed.object_id, viewed.data["via"]) == (world.officer, str(candidate.pk), "api")

    assert api_outsider.get(detail_url(candidate)).status_code == 404
    assert denied() == [(world.outsider, "candidate", str(candidate.pk))]


def test_filters_narrow_the_list_and_refuse_an_organization_out_of_scope(world: World, api_officer) -> None:
    mai = propose_one(world)
    other = propose_one(world, cell=world.cell_a2, sheet={"given_name": "Hương", "citizen_id": "034098000456"},
                        proposed_on=dt.date(2025, 9, 2))  # fmt: skip
    mai = advance(mai, world, to=Step.CEREMONY)  # decided in 2025
    url = reverse("api-candidate-list")
    assert ids(api_officer.get(url, {"organization": world.cell_a2.pk})) == [other.pk]
    assert ids(api_officer.get(url, {"stage": "decided"})) == [mai.pk]
    assert ids(api_officer.get(url, {"year": 2025})) == sorted([mai.pk, other.pk], key=lambda pk: pk != other.pk)
    assert ids(api_officer.get(url, {"year": 2024})) == []
    assert ids(api_officer.get(url, {"q": "le thi mai"})) == [mai.pk]  # without accents
    assert ids(api_officer.get(url, {"q": "HUONG"})) == [other.pk]
    assert ids(api_officer.get(url, {"q": "034098000456"})) == [other.pk]
    assert api_officer.get(url, {"stage": "nowhere"}).status_code == 400
    assert api_officer.get(url, {"organization": world.org_b.pk}).status_code == 404
    assert denied() == [(world.officer, "organization", str(world.org_b.pk))]


# ---- proposing -----------------------------------------------------------------------------------


def proposal(world: World, **overrides: Any) -> dict[str, Any]:
    body = {**iso(SHEET), "cell": world.cell_a1.pk, "proposer_kind": "trade_union",
            "proposer_name": "Công đoàn Sở Tài chính", "proposed_on": "2026-03-02"}  # fmt: skip
    return {**body, **overrides}


def test_proposing_a_candidate(world: World, api_officer) -> None:
    response = api_officer.post(reverse("api-candidate-list"), proposal(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["cell"], body["proposed_on"], body["version"]) == (
        "proposed", world.cell_a1.pk, "2026-03-02", 1,
    )  # fmt: skip
    candidate = Candidate.objects.get(pk=body["id"])
    assert candidate.full_name == "Lê Thị Mai" and candidate.proposer_kind == "trade_union"
    assert AuditEntry.objects.filter(action="admissions.candidate.proposed", object_id=str(candidate.pk)).exists()


def test_a_proposal_is_refused_with_nothing_saved(world: World, api_officer, api_member) -> None:
    url = reverse("api-candidate-list")
    taken = api_officer.post(url, proposal(world, citizen_id=world.m1.citizen_id), format="json")
    assert taken.status_code == 400 and taken.json()["field"] == "citizen_id"
    bad_day = api_officer.post(url, proposal(world, proposed_on="02/03/2026"), format="json")
    assert bad_day.status_code == 400 and bad_day.json()["field"] == "proposed_on"
    elsewhere = api_officer.post(url, proposal(world, cell=world.cell_b1.pk), format="json")
    assert elsewhere.status_code == 404
    assert denied() == [(world.officer, "organization", str(world.cell_b1.pk))]
    assert api_member.post(url, proposal(world), format="json").status_code == 403
    assert not Candidate.objects.exists()


# ---- steps ---------------------------------------------------------------------------------------


def test_a_step_out_of_order_is_400_with_the_expected_step(world: World, api_officer) -> None:
    candidate = propose_one(world)
    response = post_step(api_officer, candidate, Step.CELL_VOTE, step_data(Step.CELL_VOTE, world))
    body = response.json()
    assert response.status_code == 400 and body["code"] == "out_of_order" and body["field"] == "step"
    assert "Ghi nhận hoàn thành lớp bồi dưỡng" in body["detail"]


def test_broken_rules_answer_400_listing_each_rule(world: World, api_bloc) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = world.m3.pk  # another grassroots organization, in the bloc's scope
    data["sponsors"][0]["known_since"] = dt.date(2024, 6, 1)  # eight months
    response = post_step(api_bloc, candidate, Step.SPONSORS, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rule_broken" and body["field"] is None
    messages = [m for found in body["errors"].values() for m in found]
    assert len(messages) >= 2 and body["detail"] == messages[0]
    assert any("cùng đảng bộ" in m for m in messages) and any("12 tháng" in m for m in messages)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.VERIFIED
    assert not Transition.objects.filter(candidate=candidate, step=Step.SPONSORS).exists()


def test_a_sponsor_outside_the_scope_is_404_logged_and_never_named(world: World, api_officer) -> None:
    candidate = advance(propose_one(world), world, to=Step.SPONSORS)
    data = step_data(Step.SPONSORS, world)
    data["sponsors"][1]["member_id"] = world.m3.pk  # cell B1: not the officer's to see
    response = post_step(api_officer, candidate, Step.SPONSORS, data)
    assert response.status_code == 404
    assert "Bảo" not in response.content.decode()
    assert denied() == [(world.officer, "member", str(world.m3.pk))]
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.VERIFIED
    assert not Transition.objects.filter(candidate=candidate, step=Step.SPONSORS).exists()
    data["sponsors"][1]["member_id"] = 10**9  # no such member: the workflow's own "not found", nothing logged
    response = post_step(api_officer, candidate, Step.SPONSORS, data)
    assert response.status_code == 400 and "không tìm thấy" in response.json()["detail"]
    assert len(denied()) == 1


def test_a_stale_version_is_409_and_bad_bodies_are_400(world: World, api_officer) -> None:
    candidate = propose_one(world)
    data = step_data(Step.COURSE, world)
    assert post_step(api_officer, candidate, Step.COURSE, data, version=7).status_code == 409
    url = reverse("api-candidate-steps", args=[candidate.pk])
    assert api_officer.post(url, {"step": "fly", "expected_version": 1}, format="json").status_code == 400
    assert api_officer.post(url, {"step": "course"}, format="json").json()["field"] == "expected_version"
    bad_date = post_step(api_officer, candidate, Step.COURSE, {**iso(data), "course_passed_on": "15/10/2024"})
    assert bad_date.status_code == 400 and bad_date.json()["field"] == "course_passed_on"
    assert Candidate.objects.get(pk=candidate.pk).version == 1


def test_decision_steps_need_the_right_to_decide(world: World, api_officer, api_outsider, api_bloc) -> None:
    candidate = advance(propose_one(world), world, to=Step.DECISION)
    data = step_data(Step.DECISION, world)
    refused = post_step(api_officer, candidate, Step.DECISION, data)
    assert refused.status_code == 403 and "quyết định kết nạp" in refused.json()["detail"]
    assert post_step(api_outsider, candidate, Step.DECISION, data).status_code == 404
    decided = post_step(api_bloc, candidate, Step.DECISION, data)
    assert decided.status_code == 200 and decided.json()["stage"] == "decided"


def test_the_whole_path_by_api_makes_a_full_member(world: World, api_officer, api_bloc) -> None:
    created = api_officer.post(reverse("api-candidate-list"), proposal(world, proposed_on="2024-09-02"), format="json")
    candidate = Candidate.objects.get(pk=created.json()["id"])
    for step in MAIN:
        client = api_bloc if step == Step.DECISION else api_officer
        response = post_step(client, candidate, step, step_data(step, world))
        assert response.status_code == 200, (step, response.content)
        candidate.refresh_from_db()
    body = response.json()
    assert body["stage"] == "full" and body["full_membership_on"] == "2026-04-21"
    assert [t["step"] for t in body["transitions"]] == [str(s) for s in MAIN]
    assert [v["kind"] for v in body["votes"]] == ["admission", "recognition"]
    member = Member.objects.get(citizen_id=SHEET["citizen_id"])
    assert body["member"] == member.pk and member.organization == world.cell_a1
    assert member.status == MemberStatus.FULL
    assert (member.admission_decision_date, member.ceremony_date, member.full_membership_date) == (
        dt.date(2025, 4, 1), dt.date(2025, 4, 21), dt.date(2026, 4, 21),
    )  # fmt: skip


# ---- quotas and deadlines ------------------------------------------------------------------------


def test_quotas_are_read_in_scope_and_set_by_the_bloc_board(world: World, api_officer, api_bloc) -> None:
    url = reverse("api-admission-quota-list")
    rows = api_officer.get(url, {"year": 2026}).json()["results"]
    assert [(r["organization"], r["quota"], r["version"]) for r in rows] == [(world.org_a.pk, None, None)]
    assert api_officer.get(url, {"year": "20x6"}).status_code == 400
    detail = reverse("api-admission-quota-detail", args=[world.org_a.pk])
    assert api_officer.patch(detail, {"year": 2026, "quota": 1}, format="json").status_code == 403
    first = api_bloc.patch(detail, {"year": 2026, "quota": 1, "note": "Theo kế hoạch"}, format="json")
    assert first.status_code == 200, first.content
    assert (first.json()["quota"], first.json()["version"], first.json()["note"]) == (1, 1, "Theo kế hoạch")
    stale = api_bloc.patch(detail, {"year": 2026, "quota": 2, "expected_version": 5}, format="json")
    assert stale.status_code == 409
    too_many = api_bloc.patch(detail, {"year": 2026, "quota": 50, "expected_version": 1}, format="json")
    assert too_many.status_code == 400
    assert Quota.objects.get(organization=world.org_a, year=2026).quota == 1
    missing = api_bloc.patch(reverse("api-admission-quota-detail", args=[999_999]), {"year": 2026, "quota": 1})
    assert missing.status_code == 404


def test_deadlines_in_scope_carry_their_rule(world: World, api_officer, api_outsider, api_bloc) -> None:
    candidate = advance(propose_one(world), world, to=Step.CEREMONY)  # decision received 03/04/2025
    url = reverse("api-admission-deadline-list")
    rows = api_officer.get(url).json()["results"]
    assert [(r["candidate"], r["kind"], r["overdue"]) for r in rows] == [(candidate.pk, "ceremony", True)]
    assert "30 ngày làm việc" in rows[0]["rule"] and rows[0]["due"] > "2025-04-03"
    assert api_officer.get(url, {"overdue": "false"}).json()["results"] == []
    assert api_officer.get(url, {"overdue": "maybe"}).status_code == 400
    assert api_officer.get(url, {"until": "2025-04-10"}).json()["results"] == []
    assert api_outsider.get(url).json()["results"] == []
    assert len(api_bloc.get(url).json()["results"]) == 1
