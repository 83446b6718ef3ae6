"""The Excel exports: the meeting calendar and the compliance per cell and quarter, audited, scoped, and with
text typed as a formula kept as text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.meetings.compliance import recompute
from dangbo.meetings.enums import MeetingKind, MeetingStatus

from ..conftest import World
from .test_compliance_rows import full_quarter, held

FORMULA = '=HYPERLINK("http://example.test","Bấm vào đây")'


def sheet(content: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.django_db
def test_calendar_export_lists_the_scope_meetings_and_neutralises_formulas(world: World, as_officer: Client) -> None:
    meeting = held(world.cell_a1, dt.date(2026, 3, 10), MeetingKind.THEMATIC, present=8, expected=10)
    meeting.topic = FORMULA
    meeting.save()
    held(world.cell_a2, dt.date(2026, 4, 2), status=MeetingStatus.PLANNED)
    held(world.cell_b1, dt.date(2026, 3, 11))  # another grassroots organization: not exported
    held(world.cell_a1, dt.date(2025, 3, 11))  # another year
    response = as_officer.get(reverse("meetings:export_calendar"), {"to_chuc": world.org_a.pk, "nam": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="lich-sinh-hoat-{world.org_a.pk}-2026.xlsx"'
    rows = sheet(response.content)
    assert rows[0][:3] == ["Ngày", "Giờ dự kiến", "Chi bộ / tổ chức"]
    assert [r[2] for r in rows[1:]] == [world.cell_a1.name, world.cell_a2.name]
    assert rows[1][5] == FORMULA and rows[1][10] == 120 and rows[1][13] == "80,0%"
    cell = load_workbook(io.BytesIO(response.content)).active["F2"]
    assert cell.data_type == "s" and cell.quotePrefix
    entry = AuditEntry.objects.get(action="meetings.calendar.exported")
    assert (entry.actor, entry.object_id, entry.data) == (world.officer, str(world.org_a.pk), {"year": 2026, "rows": 2})


@pytest.mark.django_db
def test_compliance_export_one_row_per_cell_and_quarter(world: World, as_bloc_officer: Client) -> None:
    world.cell_a1.name = "=1+1 Chi bộ"
    world.cell_a1.save()
    full_quarter(world.cell_a1, quarter=1, year=2025)
    recompute(year=2025, quarter=None, root=world.bloc)
    response = as_bloc_officer.get(reverse("meetings:export_compliance"), {"to_chuc": world.bloc.pk, "nam": 2025})
    rows = sheet(response.content)
    assert len(rows) == 1 + 3 * 4
    assert rows[1][0] == world.org_b.name  # grassroots organizations in Vietnamese order, then cells, then quarters
    index = next(i for i, r in enumerate(rows) if r[1] == "=1+1 Chi bộ")
    assert rows[index][:7] == [world.org_a.name, "=1+1 Chi bộ", 1, "Đạt", 3, 3, 1]
    assert load_workbook(io.BytesIO(response.content)).active[f"B{index + 1}"].quotePrefix
    red = next(r for r in rows[1:] if r[1] == world.cell_a2.name and r[2] == 1)
    assert red[3] == "Chưa đạt" and "Tháng 01/2025, 02/2025, 03/2025 chưa có buổi sinh hoạt" in red[13]
    assert AuditEntry.objects.get(action="meetings.compliance.exported").data == {"year": 2025, "rows": 12}


@pytest.mark.django_db
def test_exports_are_scoped(world: World, as_outsider: Client, as_member: Client) -> None:
    url = reverse("meetings:export_compliance")
    assert as_outsider.get(url, {"to_chuc": world.org_a.pk}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1
    assert as_outsider.get(url, {"to_chuc": world.org_b.pk, "nam": "99999"}).status_code == 404
    assert as_member.get(url).status_code == 403
    assert not AuditEntry.objects.filter(action__endswith=".exported").exists()
    response = as_outsider.get(reverse("meetings:export_calendar"))  # the scope's own organization
    assert response.status_code == 200
