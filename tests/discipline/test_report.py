"""The report "kỷ luật theo hình thức và cấp": per unit and year as of a day, by form and deciding level; the Excel
export keeps a note typed as a formula as text and is audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from dangbo.core.models import AuditEntry
from dangbo.discipline.report import discipline_report
from dangbo.discipline.services import record_appeal, record_discipline, settle_appeal
from dangbo.organizations.enums import OrgLevel
from tests.conftest import World, login
from tests.factories import make_user

TODAY = dt.date(2026, 11, 27)


def decide(world: World, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "actor": None, "member": world.m1, "form": "warning", "violation_date": dt.date(2025, 2, 3),
        "decision_date": dt.date(2025, 4, 1), "decision_number": "1", "deciding_organization": world.org_a,
        "today": TODAY,
    }  # fmt: skip
    data.update(overrides)
    return record_discipline(**data)


def test_figures_by_form_and_level_per_unit_as_of_a_day(world: World) -> None:
    decide(world)
    decide(world, member=world.m2, form="reprimand", deciding_organization=world.cell_a1, decision_number="2")
    decide(world, member=None, organization=world.cell_a2, form="reprimand", decision_number="3")
    decide(world, member=world.m3, deciding_organization=world.org_b, decision_number="4")
    changed = decide(world, member=world.m2, decision_date=dt.date(2025, 5, 5), decision_number="5")
    changed = record_appeal(actor=None, discipline=changed, filed_on=dt.date(2025, 5, 6), expected_version=1,
                            today=TODAY)  # fmt: skip
    settle_appeal(actor=None, discipline=changed, result="changed", new_form="reprimand",
                  decided_on=dt.date(2025, 7, 1), decision_number="6", expected_version=2, today=TODAY)  # fmt: skip
    report = discipline_report(world.bloc, year=2025, day=dt.date(2025, 6, 30))
    assert report.total.total == 5 and report.total.members == {"reprimand": 1, "warning": 3, "dismissal": 0,
                                                                "expulsion": 0}  # fmt: skip
    assert report.total.organizations["reprimand"] == 1 and report.total.appealed == 1
    assert report.total.levels == {OrgLevel.BELOW_GRASSROOTS: 1, OrgLevel.GRASSROOTS: 4, OrgLevel.UPPER: 0}
    rows = {r.organization: r.figures for r in report.rows}
    assert rows[world.org_a].total == 4 and rows[world.org_b].total == 1
    later = discipline_report(world.bloc, year=2025, day=dt.date(2025, 7, 1))  # the changed form counts from then
    assert later.total.members["warning"] == 2 and later.total.members["reprimand"] == 2
    cells = discipline_report(world.org_a, year=2025, day=dt.date(2025, 12, 31))
    assert {r.organization: r.figures.total for r in cells.rows} == {world.cell_a1: 3, world.cell_a2: 1}
    assert discipline_report(world.bloc, year=2024, day=TODAY).total.total == 0


def test_an_annulled_decision_counts_as_annulled_from_the_settlement(world: World) -> None:
    d = record_appeal(actor=None, discipline=decide(world), filed_on=dt.date(2025, 4, 2), expected_version=1,
                      today=TODAY)  # fmt: skip
    settle_appeal(actor=None, discipline=d, result="annulled", decided_on=dt.date(2025, 6, 2), decision_number="2",
                  expected_version=2, today=TODAY)  # fmt: skip
    before = discipline_report(world.bloc, year=2025, day=dt.date(2025, 6, 1)).total
    after = discipline_report(world.bloc, year=2025, day=dt.date(2025, 6, 2)).total
    assert (before.total, before.annulled) == (1, 0)
    assert (after.total, after.annulled) == (0, 1)


def test_the_page_and_the_export_keep_a_formula_as_text_and_audit_the_export(world: World) -> None:
    decide(world, note='=HYPERLINK("http://x","y")')
    inspector = make_user("ubkt", role="bloc_inspection_officer", organization=world.bloc)
    client = login(inspector)
    html = client.get(f"/ky-luat/bao-cao/?to_chuc={world.bloc.pk}&nam=2025").content.decode()
    assert 'id="report-total"' in html and "Đảng bộ Sở Tài chính" in html
    response = client.get(f"/ky-luat/bao-cao/xuat-excel/?to_chuc={world.bloc.pk}&nam=2025")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    figures, listing = book.worksheets
    assert [c.value for c in figures[3]][:3] == [world.bloc.qualified_name, 1, 0]
    note = listing.cell(row=2, column=8)
    assert note.value == '=HYPERLINK("http://x","y")' and note.data_type == "s" and note.quotePrefix
    assert AuditEntry.objects.filter(action="discipline.report.exported", object_id=str(world.bloc.pk)).exists()


def test_the_report_of_a_unit_outside_the_scope_answers_404_and_is_logged(world: World) -> None:
    response = login(world.officer).get(f"/ky-luat/bao-cao/?to_chuc={world.org_b.pk}")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_b.pk)).exists()
    assert login(world.member_user).get("/ky-luat/bao-cao/").status_code == 403
