"""The inspection report: cases opened and concluded per unit by kind, as of a day; the Excel export (formulas in
names stay text, audited); a unit outside the scope is 404 and logged."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.inspection.conclusion import conclude
from dangbo.inspection.enums import Body, ConclusionResult, Stage
from dangbo.inspection.report import inspection_report
from dangbo.inspection.steps import add_finding
from dangbo.organizations.models import Organization
from tests.conftest import login

from .conftest import TODAY, advance, open_case

pytestmark = pytest.mark.django_db


def _concluded(world: Any, **kwargs: Any) -> Any:
    case = advance(open_case(world, **kwargs), until=Stage.VERIFICATION)
    add_finding(actor=None, case=case, found_on=dt.date(2026, 3, 20), text="Không vi phạm", is_violation=False,
                expected_version=case.version, today=TODAY)  # fmt: skip
    case = advance(type(case).objects.get(pk=case.pk), until=Stage.DRAFT)
    return conclude(actor=None, case=case, expected_version=case.version, concluded_on=dt.date(2026, 4, 10),
                    result=ConclusionResult.NO_VIOLATION, conclusion="Thực hiện tốt", today=TODAY)  # fmt: skip


def test_report_counts_opened_and_concluded_by_unit_and_kind_as_of_a_day(world: Any) -> None:
    _concluded(world)  # A's inspection committee: opened 02/03, concluded 10/04
    open_case(world, organization=world.cell_a1, body=Body.COMMITTEE, kind="routine_supervision", member=world.m2)
    open_case(world, organization=world.bloc, subject=world.org_b, kind="party_finance", on=dt.date(2026, 5, 4))
    open_case(world, on=dt.date(2025, 6, 2), violation=dt.date(2025, 1, 1), member=world.m2)  # another year
    report = inspection_report(world.bloc, day=dt.date(2026, 4, 30))
    assert (report.total.opened_total, report.total.concluded_total) == (2, 1)
    rows = {row.organization.code: row.figures for row in report.rows}
    assert rows["KHOI"].opened_total == 0  # the party-finance case of the bloc is decided after 30/04
    assert rows["A"].opened == {"suspected_violation": 1, "routine_supervision": 1}
    assert rows["A"].concluded == {"suspected_violation": 1, "routine_supervision": 0}
    assert rows["B"].opened_total == 0
    later = inspection_report(world.bloc, day=dt.date(2026, 12, 31))
    assert {row.organization.code: row.figures.opened_total for row in later.rows} == {"KHOI": 1, "A": 2, "B": 0}
    assert inspection_report(world.bloc, day=dt.date(2026, 3, 31)).total.concluded_total == 0
    drill = inspection_report(world.org_a, day=dt.date(2026, 12, 31))
    assert [(r.organization.code, r.figures.opened_total) for r in drill.rows] == [("A", 1), ("A1", 1), ("A2", 0)]


def test_export_keeps_formulas_as_text_and_is_audited(world: Any) -> None:
    Organization.objects.filter(pk=world.cell_a1.pk).update(name='=HYPERLINK("http://x","y")')
    open_case(world, organization=world.cell_a1, body=Body.COMMITTEE, kind="routine_supervision", member=world.m2)
    client = login(world.officer)
    response = client.get(reverse("inspection:report_export"), {"to_chuc": world.org_a.pk, "ngay": "31/12/2026"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=3)]
    cell = next(row[0] for row in sheet.iter_rows(min_row=3) if str(row[0].value).startswith("="))
    assert cell.data_type == "s" and len(names) == 4
    assert AuditEntry.objects.filter(action="inspection.report.exported", actor=world.officer).exists()


def test_report_page_and_out_of_scope_unit(world: Any, as_officer: Any, as_outsider: Any) -> None:
    open_case(world)
    page = as_officer.get(reverse("inspection:report"), {"ngay": "31/12/2026"}).content.decode()
    assert 'id="report-total"' in page and "Kiểm tra khi có dấu hiệu vi phạm" in page
    assert as_outsider.get(reverse("inspection:report"), {"to_chuc": world.org_a.pk}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider,
                                     object_id=str(world.org_a.pk)).exists()  # fmt: skip
