"""The dues pages with the three personas: a member sees only their own dues, a cell secretary records the
whole cell's month in one request, officers read collected vs due per unit and the arrears; out-of-scope ids
answer 404 and are logged; the member's page and the export are audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.dues import ledger as services
from dangbo.dues.models import CellDuesMonth, DuesMonth

from ..conftest import login
from .conftest import FEB, Ledger, inspector

pytestmark = pytest.mark.django_db
Q = "?thang=2026-02"


def test_home_routes_each_persona(computed: Ledger) -> None:
    w = computed.world
    assert login(w.member_user).get(reverse("dues:home"))["Location"] == reverse("dues:mine")
    assert login(computed.secretary).get(reverse("dues:home"))["Location"] == reverse("dues:cell", args=[w.cell_a1.pk])
    assert login(w.officer).get(reverse("dues:home"))["Location"] == reverse("dues:units")
    assert login(inspector(computed)).get(reverse("dues:home"))["Location"] == reverse("dues:units")
    assert login(w.outsider).get(reverse("dues:home"))["Location"] == reverse("dues:units")


def test_a_member_sees_their_own_dues_and_nothing_else(computed: Ledger) -> None:
    w = computed.world
    client = login(w.member_user)
    page = client.get(reverse("dues:mine") + "?nam=2026").content.decode()
    assert "85.000 đ" in page and "Quy định 01-QĐ/TW" in page and w.m2.full_name not in page
    assert AuditEntry.objects.filter(action="dues.own.viewed", object_id=str(w.m1.pk)).exists()
    assert client.get(reverse("dues:cell", args=[w.cell_a1.pk])).status_code == 403
    assert client.get(reverse("dues:units")).status_code == 403


def test_the_secretary_records_the_whole_cell_in_one_request(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    page = client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + Q).content.decode()
    assert "Ghi sổ tháng 02/2026" in page and page.count('name="m"') == 4
    rows = {r.member_id: r for r in DuesMonth.objects.filter(organization=w.cell_a1, month=FEB)}
    data = {"paid_on": "01/03/2026", "channel": "cash", "trang": "1",
            "m": [str(pk) for pk in rows], **{f"version-{pk}": str(r.version) for pk, r in rows.items()},
            **{f"paid-{pk}": "1" for pk in rows if pk != computed.student.pk},
            f"reason-{computed.student.pk}": "Thi học kỳ", f"amount-{w.m2.pk}": "30.000"}  # fmt: skip
    response = client.post(reverse("dues:cell_record", args=[w.cell_a1.pk]) + Q, data)
    assert response.status_code == 302
    assert DuesMonth.objects.get(member=w.m1, month=FEB).paid == 85_000
    assert DuesMonth.objects.get(member=w.m2, month=FEB).paid == 30_000
    assert DuesMonth.objects.get(member=computed.student, month=FEB).excused_reason == "Thi học kỳ"
    assert CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB).paid == 85_000 + 30_000 + 30_000


def test_a_member_id_from_another_cell_in_the_body_is_404_and_logged(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    response = client.post(reverse("dues:cell_record", args=[w.cell_a1.pk]) + Q,
                           {"paid_on": "01/03/2026", "channel": "cash", "m": [str(w.m3.pk)],
                            f"paid-{w.m3.pk}": "1", f"version-{w.m3.pk}": "1"})  # fmt: skip
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(w.m3.pk)).exists()
    assert DuesMonth.objects.get(member=w.m3, month=FEB).paid == 0


def test_a_refused_line_shows_its_message_and_writes_nothing(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    row = DuesMonth.objects.get(member=w.m1, month=FEB)
    response = client.post(reverse("dues:cell_record", args=[w.cell_a1.pk]) + Q,
                           {"paid_on": "01/03/2026", "channel": "cash", "m": [str(w.m1.pk)],
                            f"paid-{w.m1.pk}": "1", f"version-{w.m1.pk}": str(row.version),
                            f"amount-{w.m1.pk}": "9000000"})  # fmt: skip
    assert response.status_code == 422
    assert "lớn hơn số phải đóng 85.000 đ" in response.content.decode()
    assert DuesMonth.objects.get(member=w.m1, month=FEB).paid == 0


def test_out_of_scope_cells_and_units_are_404_and_logged(computed: Ledger) -> None:
    w = computed.world
    client = login(w.outsider)
    assert client.get(reverse("dues:cell", args=[w.cell_a1.pk])).status_code == 404
    assert client.get(reverse("dues:units") + f"?to_chuc={w.org_a.pk}").status_code == 404
    assert client.get(reverse("dues:arrears") + f"?to_chuc={w.org_a.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider).count() == 3
    assert client.post(reverse("dues:cell_open", args=[w.cell_a1.pk]) + Q).status_code == 404


def test_units_drill_down_from_the_bloc_to_a_cell(computed: Ledger) -> None:
    w = computed.world
    services.record_payment(actor=computed.secretary, member=w.m1, month=FEB, amount=85_000,
                            paid_on=dt.date(2026, 3, 1), channel="cash", today=dt.date(2026, 3, 1))  # fmt: skip
    client = login(inspector(computed))
    top = client.get(reverse("dues:units") + Q).content.decode()
    assert f'id="unit-{w.bloc.pk}"' in top and "180.000" in top and "85.000" in top
    bloc = client.get(reverse("dues:units") + f"{Q}&to_chuc={w.bloc.pk}").content.decode()
    assert f'id="unit-{w.org_a.pk}"' in bloc and f'id="unit-{w.org_b.pk}"' in bloc and "47%" in bloc
    org_a = client.get(reverse("dues:units") + f"{Q}&to_chuc={w.org_a.pk}").content.decode()
    assert reverse("dues:cell", args=[w.cell_a1.pk]) in org_a
    cell = client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + Q).content.decode()
    assert 'id="cell-ledger"' in cell and "Ghi sổ" not in cell  # the bloc reads, the cell records


def test_arrears_list_and_its_audited_export(computed: Ledger) -> None:
    w = computed.world
    client = login(w.officer)
    page = client.get(reverse("dues:arrears") + f"?nam=2025&to_chuc={w.org_a.pk}").content.decode()
    assert w.m1.full_name in page and "12 tháng, còn nợ 1.020.000 đ" in page
    response = client.get(reverse("dues:arrears_export") + f"?nam=2025&to_chuc={w.org_a.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert w.m1.full_name in names and w.m3.full_name not in names
    assert AuditEntry.objects.filter(action="dues.arrears.exported", actor=w.officer).exists()
