"""The pages and the Excel files: each persona's reach, the refusals (Vietnamese message, nothing written), the
file holding the page's figures, formula-like text written as text, and the large register as a background job."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry, BackgroundJob
from tests.conftest import World

from .helpers import build

pytestmark = pytest.mark.django_db

EXPORTED = "statforms.form.exported"


def url(code: str, *, excel: bool = False) -> str:
    return reverse("statforms:export" if excel else "statforms:form", args=[code])


def denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type="organization").count()


def test_hub_card_leads_to_the_list_and_a_form(as_officer: Client, world: World) -> None:
    hub = as_officer.get(reverse("plans_hub:hub")).content.decode()
    assert 'id="plans-statforms"' in hub and reverse("statforms:index") in hub
    listing = as_officer.get(reverse("statforms:index")).content.decode()
    for code in ("DV-GIOI-TINH", "DV-DO-TUOI", "DV-TANG-GIAM", "7-HSDV", "DOI-CHIEU-QUY", "TC-LOAI"):
        assert f'id="statform-{code}"' in listing


def test_member_without_the_right_is_refused(as_member: Client, world: World) -> None:
    assert 'id="plans-statforms"' not in as_member.get(reverse("plans_hub:hub")).content.decode()
    assert as_member.get(reverse("statforms:index")).status_code == 403
    assert as_member.get(url("DV-GIOI-TINH")).status_code == 403


def test_officer_sees_their_unit_on_a_past_day(as_officer: Client, world: World) -> None:
    build(world)
    page = as_officer.get(url("DV-GIOI-TINH"), {"to_chuc": world.org_a.pk, "ngay": "31/12/2025"})
    html = page.content.decode()
    assert page.status_code == 200
    # A's total then its two cells of that day (A1 3 members, A2 2), each a link down.
    assert f'id="row-{world.org_a.pk}"' in html and f'id="row-{world.cell_a1.pk}"' in html
    assert f'id="row-{world.cell_a2.pk}"' in html and 'class="responsive"' in html
    assert 'data-label="Nữ"' in html and "31/12/2025" in html
    # The default unit is the officer's top unit.
    assert f'id="row-{world.org_a.pk}"' in as_officer.get(url("DV-GIOI-TINH")).content.decode()


def test_bloc_officer_sees_the_whole_tree(as_bloc_officer: Client, world: World) -> None:
    build(world)
    html = as_bloc_officer.get(url("TC-LOAI"), {"ngay": "31/12/2025"}).content.decode()
    assert f'id="row-{world.bloc.pk}"' in html and f'id="row-{world.org_b.pk}"' in html


def test_outsider_gets_404_and_the_attempt_is_logged(as_outsider: Client, world: World) -> None:
    before = denied()
    assert as_outsider.get(url("DV-GIOI-TINH"), {"to_chuc": world.org_a.pk}).status_code == 404
    assert as_outsider.get(url("DV-GIOI-TINH", excel=True), {"to_chuc": world.cell_a1.pk}).status_code == 404
    assert denied() == before + 2
    assert not AuditEntry.objects.filter(action=EXPORTED).exists()


def test_refusals_say_why_and_write_nothing(as_officer: Client, world: World) -> None:
    data = build(world)
    assert data.a12 is not None
    entries = AuditEntry.objects.count()
    future = as_officer.get(url("DV-GIOI-TINH", excel=True), {"to_chuc": world.org_a.pk, "ngay": "01/01/2030"})
    assert future.status_code == 400 and "chưa đến" in future.content.decode()
    early = as_officer.get(url("DV-GIOI-TINH", excel=True), {"to_chuc": data.a12.pk, "ngay": "31/12/2025"})
    assert early.status_code == 400 and "trước ngày thành lập" in early.content.decode()
    gone = as_officer.get(url("DV-GIOI-TINH"), {"to_chuc": world.cell_a1.pk, "ngay": "30/06/2026"})
    assert gone.status_code == 400 and "thôi hoạt động" in gone.content.decode()
    unknown = as_officer.get(url("KHONG-CO", excel=True), {"to_chuc": world.org_a.pk})
    assert unknown.status_code == 404 and "Không có biểu thống kê “KHONG-CO”" in unknown.content.decode()
    bad = as_officer.get(url("DV-GIOI-TINH"), {"to_chuc": world.org_a.pk, "ngay": "31/02/2025"})
    assert bad.status_code == 400
    assert AuditEntry.objects.count() == entries and not BackgroundJob.objects.exists()


def test_excel_holds_the_page_figures_and_is_audited(as_officer: Client, world: World) -> None:
    build(world)
    response = as_officer.get(url("DV-TANG-GIAM", excel=True), {"to_chuc": world.org_a.pk, "ngay": "31/12/2025"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "Đơn vị")
    assert list(rows[header][1:4]) == ["Kết nạp", "Trong đó: nữ", "Trong đó: đoàn viên"]
    table = {r[0]: list(r[1:]) for r in rows[header + 1 :]}
    assert table["Đảng bộ Sở Tài chính"] == [1, 1, 1, 2, 0, 1, 0, 0, 1, 0]
    assert table["Chi bộ Phòng Ngân sách"] == [0, 0, 0, 1, 0, 1, 0, 0, 1, 0]
    assert any("31/12/2025" in str(r[0]) for r in rows[:header])
    entry = AuditEntry.objects.get(action=EXPORTED)
    assert entry.data["form"] == "DV-TANG-GIAM" and entry.object_id == str(world.org_a.pk)


def test_register_writes_formula_like_names_as_text(as_officer: Client, world: World) -> None:
    build(world)
    response = as_officer.get(url("7-HSDV", excel=True), {"to_chuc": world.org_a.pk, "ngay": "31/12/2025"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+1 Hải"]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
    names = [r[1] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(names) == 5
    page = as_officer.get(url("7-HSDV"), {"to_chuc": world.org_a.pk, "ngay": "31/12/2025"}).content.decode()
    assert "=1+1 Hải" in page and 'id="register-unfilled"' in page


def test_large_register_runs_as_a_job(as_officer: Client, world: World, settings: object) -> None:
    build(world)
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 2  # type: ignore[attr-defined]
    query = {"to_chuc": world.org_a.pk, "ngay": "31/12/2025"}
    offer = as_officer.get(url("7-HSDV", excel=True), query)
    assert offer.status_code == 200 and 'id="register-start"' in offer.content.decode()
    assert not BackgroundJob.objects.exists()
    started = as_officer.post(url("7-HSDV", excel=True) + f"?to_chuc={world.org_a.pk}&ngay=31/12/2025")
    job = BackgroundJob.objects.get()
    assert started.status_code == 200 and job.kind == "statforms.register"
    from dangbo.core.jobs import execute_job

    execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.done == 5 and job.output_file
    sheet = load_workbook(job.output_file.open("rb")).active
    assert sum(1 for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)) == 5
    assert AuditEntry.objects.filter(action=EXPORTED, data__job=job.pk).exists()
