"""A cell's ledger as Excel from its page, for a month or a year: read back with openpyxl, audited, a note that
looks like a formula kept as text; who may export it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.dues.ledger import excuse_month
from dangbo.dues.models import DuesMonth

from ..conftest import login
from .conftest import FEB, Ledger

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://example.com","bấm")'


def test_the_month_export_from_the_cell_page(computed: Ledger) -> None:
    w = computed.world
    row = DuesMonth.objects.get(member=computed.student, month=FEB)
    excuse_month(actor=computed.secretary, member=computed.student, month=FEB, reason=FORMULA,
                 expected_version=row.version)  # fmt: skip
    client = login(computed.secretary)
    page = client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + "?thang=2026-02").content.decode()
    url = reverse("dues:cell_export", args=[w.cell_a1.pk]) + "?thang=2026-02"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and "so-dang-phi-2026-02.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == [m.full_name for m in sorted(computed.members, key=lambda m: m.sort_key)]
    m1 = next(r for r in rows if r[1] == w.m1.full_name)
    assert (m1[0], m1[3], m1[4], m1[5], m1[7]) == ("02/2026", 8_500_000, 85_000, 0, 85_000)
    assert "Quy định 01-QĐ/TW" in m1[12]
    cell = next(c for c in sheet.iter_rows(min_row=3) if c[1].value == computed.student.full_name)[11]
    assert (cell.value, cell.data_type) == (FORMULA, "s")
    entry = AuditEntry.objects.get(action="dues.ledger.exported", actor=computed.secretary)
    assert entry.data["rows"] == 4 and entry.data["from"] == entry.data["to"] == "2026-02"


def test_the_year_export(computed: Ledger) -> None:
    w = computed.world
    response = login(w.officer).get(reverse("dues:cell_export", args=[w.cell_a1.pk]) + "?nam=2025")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == DuesMonth.objects.filter(organization=w.cell_a1, month__year=2025).count()
    assert rows[0][0] == "01/2025" and rows[-1][0] == "12/2025"
    assert AuditEntry.objects.get(action="dues.ledger.exported").data == {"from": "2025-01", "to": "2025-12",
                                                                          "rows": len(rows)}  # fmt: skip


def test_who_may_export_a_cells_ledger(computed: Ledger) -> None:
    w = computed.world
    url = reverse("dues:cell_export", args=[w.cell_a1.pk]) + "?thang=2026-02"
    assert login(w.member_user).get(url).status_code == 403
    assert login(w.outsider).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider).exists()
    assert not AuditEntry.objects.filter(action="dues.ledger.exported").exists()
