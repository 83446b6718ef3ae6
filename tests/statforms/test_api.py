"""The API: the forms list, one form's figures (the same as the page's), the Excel file (audited), refusals."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from dangbo.core.models import AuditEntry
from dangbo.statforms.models import StatForm
from tests.conftest import World

from .helpers import build

pytestmark = pytest.mark.django_db
BASE = "/api/v1/statistical-forms/"


def client_for(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def form_id(code: str) -> int:
    return StatForm.objects.get(code=code).pk


def test_list_and_figures(world: World) -> None:
    build(world)
    api = client_for(world.officer)
    listed = api.get(BASE).json()
    assert {"DV-GIOI-TINH", "7-HSDV", "DV-TANG-GIAM"} <= {f["code"] for f in listed}
    answer = api.get(
        f"{BASE}{form_id('DV-GIOI-TINH')}/figures/", {"organization": world.org_a.pk, "ngay": "2025-12-31"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["columns"] == ["Tổng số", "Nam", "Nữ"] and body["day"] == "2025-12-31"
    # A: m1, m8, m7 men; m2, m4 women (see helpers).
    assert body["rows"][0] == {"organization": world.org_a.pk, "name": "Đảng bộ Sở Tài chính", "depth": 0,
                               "parent_id": None, "values": [5, 3, 2]}  # fmt: skip
    assert [r["values"] for r in body["rows"][1:]] == [[3, 2, 1], [2, 1, 1]]


def test_excel_file_and_its_audit(world: World) -> None:
    build(world)
    api = client_for(world.officer)
    answer = api.get(f"{BASE}{form_id('DV-DO-TUOI')}/xlsx/", {"organization": world.org_a.pk, "ngay": "2025-12-31"})
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert ("Đảng bộ Sở Tài chính", 5, 2, 1, 2, 0, 0) in rows
    assert AuditEntry.objects.filter(action="statforms.form.exported", data__via="api").count() == 1


def test_refusals(world: World) -> None:
    data = build(world)
    assert data.a12 is not None
    entries = AuditEntry.objects.count()
    api = client_for(world.officer)
    gender = form_id("DV-GIOI-TINH")
    future = api.get(f"{BASE}{gender}/figures/", {"organization": world.org_a.pk, "ngay": "2030-01-01"})
    assert future.status_code == 400 and "chưa đến" in future.json()["detail"]
    # A12 was formed on 01/03/2026: no form for it on 31/12/2025, by the figures nor by the file.
    early = api.get(f"{BASE}{gender}/figures/", {"organization": data.a12.pk, "ngay": "2025-12-31"})
    assert early.status_code == 400 and "trước ngày thành lập" in early.json()["detail"]
    early_file = api.get(f"{BASE}{gender}/xlsx/", {"organization": data.a12.pk, "ngay": "2025-12-31"})
    assert early_file.status_code == 400
    assert api.get(f"{BASE}999999/figures/").status_code == 404
    assert AuditEntry.objects.count() == entries
    outsider = client_for(world.outsider)
    assert outsider.get(f"{BASE}{gender}/figures/", {"organization": world.org_a.pk}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_type="organization").count() == 1
    member = client_for(world.member_user)
    assert member.get(BASE).status_code == 403
