"""The dues API: rule sets read, bases and reliefs added over the member's cell, ledger months listed with
filters inside the scope (ids outside it 404 and logged), a payment recorded (400 with nothing saved for a
refusal, 409 for a stale version), a member without finance rights refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.dues import ledger
from dangbo.dues.models import DuesBase, DuesMonth
from tests.conftest import World

from .conftest import api_client, ids
from .test_meetings_api import denied, refused

pytestmark = pytest.mark.django_db
FEB = dt.date(2026, 2, 1)


@pytest.fixture
def months(world: World) -> None:
    for m in (world.m1, world.m2, world.m3):
        DuesBase.objects.create(member=m, start=dt.date(2025, 1, 1), category="insured", base=8_500_000)
    ledger.compute_months(root=world.bloc, months=[dt.date(2026, 1, 1), FEB])


def test_rule_sets_are_read(world: World, api_officer, api_member) -> None:
    body = api_officer.get(reverse("api-dues-rule-set-list")).json()
    assert [r["code"] for r in body["results"]] == ["DP-342", "DP-01-2026"]
    assert body["results"][1]["params"]["categories"]["student"] == {"fixed": 5000}
    refused(api_member.get(reverse("api-dues-rule-set-list")), 403)


def test_ledger_months_are_scoped_and_filtered(world: World, months: None, api_officer) -> None:
    listed = api_officer.get(reverse("api-dues-month-list"), {"year": 2026, "month": 2})
    rows = listed.json()["results"]
    assert {r["member"] for r in rows} == {world.m1.pk, world.m2.pk}
    assert rows[0]["due"] == 85_000 and rows[0]["rule_set"] == "DP-01-2026" and "Quy định 01-QĐ/TW" in rows[0][
        "explanation"]  # fmt: skip
    assert len(ids(api_officer.get(reverse("api-dues-month-list"), {"owing": "true"}))) == 4
    theirs = DuesMonth.objects.get(member=world.m3, month=FEB)
    refused(api_officer.get(reverse("api-dues-month-detail", args=[theirs.pk])), 404)
    refused(api_officer.get(reverse("api-dues-month-list"), {"organization": world.org_b.pk}), 404)
    refused(api_officer.get(reverse("api-dues-month-list"), {"member": world.m3.pk}), 404)
    assert denied() == [
        (world.officer, "dues_month", str(theirs.pk)),
        (world.officer, "organization", str(world.org_b.pk)),
        (world.officer, "member", str(world.m3.pk)),
    ]


def test_recording_a_payment(world: World, months: None, api_officer, api_outsider) -> None:
    row = DuesMonth.objects.get(member=world.m1, month=FEB)
    url = reverse("api-dues-month-payment", args=[row.pk])
    body = {"amount": 85_000, "paid_on": "2026-03-01", "channel": "portal", "reference": "DVC-9",
            "expected_version": row.version}  # fmt: skip
    assert refused(api_officer.post(url, {**body, "amount": 0}, format="json"))["detail"].endswith("lớn hơn 0.")
    assert refused(api_officer.post(url, {**body, "expected_version": 99}, format="json"), 409)["code"] == "stale"
    assert DuesMonth.objects.get(pk=row.pk).paid == 0
    answer = api_officer.post(url, body, format="json")
    assert answer.status_code == 200 and answer.json()["paid"] == 85_000 and answer.json()["owed"] == 0
    again = {**body, "expected_version": answer.json()["version"]}
    assert "đóng thêm" in refused(api_officer.post(url, again, format="json"))["detail"]
    refused(api_outsider.post(url, body, format="json"), 404)


def test_bases_and_reliefs(world: World, months: None, api_officer) -> None:
    made = api_officer.post(reverse("api-dues-base-list"), {"member": world.m2.pk, "start": "2026-02-10",
                            "category": "insured", "base": 7_000_000}, format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["start"] == "2026-02-01"
    assert DuesMonth.objects.get(member=world.m2, month=FEB).due == 70_000
    too_long = {"member": world.m2.pk, "kind": "reduction", "percent": 70, "start": "2026-02-01", "end": "2027-02-01"}
    assert "tối đa 12 tháng" in refused(api_officer.post(reverse("api-dues-relief-list"), too_long, format="json"))[
        "detail"]  # fmt: skip
    ok = api_officer.post(reverse("api-dues-relief-list"), {**too_long, "end": "2027-01-01"}, format="json")
    assert ok.status_code == 201 and DuesMonth.objects.get(member=world.m2, month=FEB).due == 21_000
    refused(api_officer.post(reverse("api-dues-relief-list"), {**too_long, "member": world.m3.pk}, format="json"), 404)
    listed = api_client(world.officer).get(reverse("api-dues-relief-list"), {"member": world.m2.pk})
    assert ids(listed) == [ok.json()["id"]]
