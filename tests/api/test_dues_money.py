"""The dues money API: remittances, reconciliation and statements with the three personas."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dangbo.core.models import AuditEntry
from dangbo.dues.models import CellDuesMonth, ReconciliationBatch, Remittance
from tests.conftest import World

FEB = dt.date(2026, 2, 1)


def test_statement_json_and_scope(world: World, as_officer: Client, as_member: Client, as_outsider: Client) -> None:
    CellDuesMonth.objects.create(organization=world.cell_a1, path=world.cell_a1.path, month=FEB, paid=100_001)
    url = f"/api/v1/dues-statements/?organization={world.org_a.pk}&year=2026&month=2"
    body = as_officer.get(url).json()
    assert body["total"]["collected"] == 100_001
    assert body["total"]["retained"] + body["total"]["to_remit"] == sum(c["to_remit"] for c in body["children"])
    assert as_member.get(url).status_code == 403
    assert as_outsider.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_a.pk)).exists()
    assert as_officer.get(url.replace("month=2", "month=13")).status_code == 400


def test_remittance_create_list_and_refusals(world: World, as_officer: Client, as_outsider: Client) -> None:
    body = {"from_organization": world.org_a.pk, "period_start": "2026-02-01", "period_end": "2026-02-01",
            "amount": 30_000, "paid_on": "2026-03-05", "channel": "bank"}  # fmt: skip
    created = as_officer.post("/api/v1/dues-remittances/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["to_organization"] == world.bloc.pk
    assert as_officer.get("/api/v1/dues-remittances/").json()["count"] == 1
    assert as_outsider.get("/api/v1/dues-remittances/").json()["count"] == 0
    zero = as_officer.post("/api/v1/dues-remittances/", {**body, "amount": 0}, content_type="application/json")
    assert zero.status_code == 400
    hidden = as_outsider.post("/api/v1/dues-remittances/", body, content_type="application/json")
    assert hidden.status_code == 404 and Remittance.objects.count() == 1


def test_reconciliation_upload_lines_review(world: World, as_officer: Client, as_outsider: Client) -> None:
    csv = "Số thẻ đảng viên,Số tiền,Ngày,Tháng\n01000001,85000,05/03/2026,02/2026\n"
    created = as_officer.post("/api/v1/dues-reconciliations/", {
        "organization": world.org_a.pk, "statement_source": "portal",
        "file": SimpleUploadedFile("cong.csv", csv.encode()),
    })  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    lines = as_officer.get(f"/api/v1/dues-reconciliations/{pk}/lines/").json()
    assert [line["status"] for line in lines] == ["matched"]
    reviewed = as_officer.post(f"/api/v1/dues-reconciliations/{pk}/review/",
                               {"version": 1, "accepted": [lines[0]["id"]]},
                               content_type="application/json")  # fmt: skip
    assert reviewed.status_code == 200 and reviewed.json()["version"] == 2
    assert as_outsider.get(f"/api/v1/dues-reconciliations/{pk}/lines/").status_code == 404
    stale = as_officer.post(f"/api/v1/dues-reconciliations/{pk}/apply/", {"version": 1},
                            content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    unknown = as_officer.post("/api/v1/dues-reconciliations/", {
        "organization": world.org_a.pk, "statement_source": "bank", "file": SimpleUploadedFile("x.csv", b"A,B\n1,2\n"),
    })  # fmt: skip
    assert unknown.status_code == 400 and "thiếu cột" in unknown.content.decode()
    assert ReconciliationBatch.objects.count() == 1
