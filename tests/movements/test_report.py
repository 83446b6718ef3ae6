"""The movements report: figures as of a day before, during and after each movement, the same after later
movements are recorded; internal moves counted only below the unit they stay in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.members import services as member_services
from dangbo.movements import standing
from dangbo.movements.enums import MovementKind, MovementState, TemporaryPurpose
from dangbo.movements.models import Movement
from dangbo.movements.report import movements_report

TODAY = dt.date(2026, 6, 30)


def row(report: Any, org: Any) -> Any:
    return next(r.figures for r in report.rows if r.organization == org)


def transfer_internal(world: Any, member: Any, to: Any, on: dt.date) -> Movement:
    """An internal transfer as recorded: the movement with both sides' paths, its effect through the registry."""
    movement = Movement.objects.create(kind=MovementKind.TRANSFER_INTERNAL, state=MovementState.DONE, member=member,
                                       from_organization=member.organization, from_path=member.organization.path,
                                       to_organization=to, to_path=to.path, start=on)  # fmt: skip
    member_services.move_to_cell(actor=world.officer, member=member, organization=to, on=on)
    return movement


def test_temporary_attachment_before_during_after(world: Any) -> None:
    standing.record_temporary_out(actor=world.officer, member=world.m1, start=dt.date(2026, 3, 1),
                                  planned_end=dt.date(2026, 8, 31), purpose=TemporaryPurpose.WORK,
                                  to_organization=world.cell_b1, today=TODAY)  # fmt: skip
    before = movements_report(world.bloc, day=dt.date(2026, 2, 28))
    assert row(before, world.org_a).temporary_out == 0 and row(before, world.org_a).temporary_out_now == 0
    during = movements_report(world.bloc, day=dt.date(2026, 3, 15))
    a, b = row(during, world.org_a), row(during, world.org_b)
    assert (a.on_rolls, a.temporary_out, a.temporary_out_now) == (2, 1, 1)  # still counted at home
    assert (b.on_rolls, b.temporary_in) == (1, 1)  # the host counts the attachment, not the member
    assert during.total.on_rolls == 3 and during.total.temporary_out == 0  # inside the bloc: no one left it
    cells = movements_report(world.org_a, day=dt.date(2026, 3, 15))
    assert row(cells, world.cell_a1).temporary_out == 1 and row(cells, world.cell_a2).temporary_out == 0
    last_year = movements_report(world.bloc, day=dt.date(2025, 12, 31))
    assert row(last_year, world.org_a).temporary_out == 0


def test_internal_transfer_counts_out_and_in_only_across_units(world: Any) -> None:
    transfer_internal(world, world.m2, world.cell_b1, dt.date(2026, 4, 1))
    before = movements_report(world.bloc, day=dt.date(2026, 3, 31))
    assert (row(before, world.org_a).on_rolls, row(before, world.org_b).on_rolls) == (2, 1)
    after = movements_report(world.bloc, day=dt.date(2026, 4, 1))
    a, b = row(after, world.org_a), row(after, world.org_b)
    assert (a.on_rolls, a.transferred_out, b.on_rolls, b.transferred_in) == (1, 1, 2, 1)
    assert after.total.transferred_in == after.total.transferred_out == 0


def test_figures_as_of_a_day_reproduce_after_later_movements(world: Any) -> None:
    transfer_internal(world, world.m2, world.cell_a2, dt.date(2026, 2, 1))
    day = dt.date(2026, 2, 15)
    first = movements_report(world.org_a, day=day)
    assert row(first, world.cell_a1).transferred_out == 1 and row(first, world.cell_a2).transferred_in == 1
    assert movements_report(world.bloc, day=day).total.transferred_out == 0  # stayed in org A
    transfer_internal(world, world.m2, world.cell_b1, dt.date(2026, 5, 1))  # later, and the member moves again
    member_services.change_status(actor=world.officer, member=world.m1, status="exempt", on=dt.date(2026, 5, 2))
    again = movements_report(world.org_a, day=day)
    assert again == first


def test_transfer_out_counts_on_the_hand_over_day_and_a_cancelled_one_never(world: Any) -> None:
    Movement.objects.create(kind=MovementKind.TRANSFER_OUT, member=world.m1, from_organization=world.cell_a1,
                            from_path=world.cell_a1.path, external_organization="Đảng bộ tỉnh khác",
                            start=dt.date(2026, 1, 10), handed_over_on=dt.date(2026, 2, 20))  # fmt: skip
    Movement.objects.create(kind=MovementKind.ABROAD, state=MovementState.CANCELLED, member=world.m2,
                            from_organization=world.cell_a1, from_path=world.cell_a1.path,
                            start=dt.date(2026, 1, 12))  # fmt: skip
    assert movements_report(world.bloc, day=dt.date(2026, 2, 19)).total.transferred_out == 0
    after = movements_report(world.bloc, day=dt.date(2026, 2, 20))
    assert after.total.transferred_out == 1 and after.total.abroad == 0


def test_report_costs_a_fixed_number_of_queries(world: Any, django_assert_max_num_queries: Any) -> None:
    transfer_internal(world, world.m2, world.cell_b1, dt.date(2026, 4, 1))
    with django_assert_max_num_queries(7):
        movements_report(world.bloc, day=TODAY)


def test_report_page_and_export_with_the_personas(world: Any, as_bloc_officer: Any, as_officer: Any,
                                                  as_member: Any, as_outsider: Any) -> None:  # fmt: skip
    from io import BytesIO

    from openpyxl import load_workbook

    from dangbo.core.models import AuditEntry

    transfer_internal(world, world.m2, world.cell_b1, dt.date(2026, 4, 1))
    page = as_bloc_officer.get("/bien-dong/bao-cao/", {"ngay": "30/06/2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert world.org_a.name in html and world.org_b.name in html and 'id="report-export"' in html
    export = as_bloc_officer.get("/bien-dong/bao-cao/xuat-excel/", {"to_chuc": world.bloc.pk, "ngay": "30/06/2026"})
    assert export.status_code == 200
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][:2] == (world.bloc.qualified_name, 3)
    assert any(r[0] == world.org_a.qualified_name and r[6] == 1 for r in rows[3:])  # transferred out
    assert AuditEntry.objects.filter(action="movements.report.exported").count() == 1
    cells = as_officer.get("/bien-dong/bao-cao/", {"to_chuc": world.org_a.pk, "ngay": "31/03/2026"})
    assert cells.status_code == 200 and world.cell_a1.name in cells.content.decode()
    assert as_member.get("/bien-dong/bao-cao/").status_code == 403
    assert as_outsider.get("/bien-dong/bao-cao/", {"to_chuc": world.org_a.pk}).status_code == 404
    assert as_outsider.get("/bien-dong/bao-cao/xuat-excel/", {"to_chuc": world.org_a.pk}).status_code in (403, 404)
    assert AuditEntry.objects.filter(action="core.access.denied").exists()
