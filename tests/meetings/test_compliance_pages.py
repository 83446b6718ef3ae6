"""The quarterly compliance page: who sees what (bloc → grassroots → cells → a cell), units that missed first,
bad filters, out-of-scope units (404 and logged), and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangbo.core.models import AuditEntry
from dangbo.meetings.compliance import recompute
from dangbo.meetings.compliance_selectors import summary_quarter
from dangbo.meetings.enums import MeetingKind
from dangbo.organizations.models import Organization

from ..conftest import World, login
from ..factories import make_org
from .test_compliance_rows import full_quarter, held

URL = reverse("meetings:compliance")


def last_quarter() -> tuple[int, int]:
    return summary_quarter(timezone.localdate())


def quarter_data(world: World) -> tuple[int, int]:
    """A1 complete (green), A2 without its thematic meeting (red), B1 complete (green), in the last ended quarter."""
    year, quarter = last_quarter()
    full_quarter(world.cell_a1, quarter=quarter, year=year)
    first = 3 * (quarter - 1) + 1
    for month in (first, first + 1, first + 2):
        held(world.cell_a2, dt.date(year, month, 12))
    full_quarter(world.cell_b1, quarter=quarter, year=year)
    recompute(year=year, quarter=quarter, root=world.bloc)
    return year, quarter


def page(client: Client, **params: object) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_grassroots_officer_sees_its_cells_red_first(world: World, as_officer: Client) -> None:
    year, quarter = quarter_data(world)
    html = page(as_officer, nam=year, quy=quarter)
    assert html.index(world.cell_a2.name) < html.index(world.cell_a1.name)  # red before green
    assert world.cell_b1.name not in html
    assert "đã kết thúc mà chưa đủ buổi sinh hoạt chuyên đề" in html
    assert "kpi-badge kpi-red" in html and "kpi-badge kpi-green" in html


@pytest.mark.django_db
def test_bloc_officer_sees_grassroots_then_cells_then_a_cell(world: World, as_bloc_officer: Client) -> None:
    year, quarter = quarter_data(world)
    html = page(as_bloc_officer, nam=year, quy=quarter)
    assert "Theo tổ chức cơ sở đảng" in html
    assert html.index(world.org_a.name) < html.index(world.org_b.name)  # A has a red cell
    assert world.cell_a1.name not in html
    html = page(as_bloc_officer, nam=year, quy=quarter, to_chuc=world.org_a.pk)
    assert world.cell_a2.name in html and world.cell_a1.name in html and world.cell_b1.name not in html
    html = page(as_bloc_officer, nam=year, quy=quarter, to_chuc=world.cell_a2.pk)
    assert f"Các quý năm {year}" in html and "Chưa đạt" in html
    assert world.org_a.name in html  # the breadcrumb back up


@pytest.mark.django_db
def test_out_of_scope_unit_is_404_and_logged(world: World, as_outsider: Client) -> None:
    quarter_data(world)
    assert as_outsider.get(URL, {"to_chuc": world.cell_a1.pk}).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.object_type, entry.object_id) == ("organization", str(world.cell_a1.pk))
    assert as_outsider.get(URL, {"to_chuc": "abc"}).status_code == 404
    assert as_outsider.get(URL, {"to_chuc": 999999}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1  # a missing id is not logged


@pytest.mark.django_db
def test_member_without_the_right_is_refused(world: World, as_member: Client) -> None:
    assert as_member.get(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "message"), [
    ({"nam": "99999"}, "Năm phải đến 2100 trở về trước."),
    ({"nam": "1"}, "Năm phải từ 2000 trở đi."),
    ({"nam": "năm ngoái"}, "Năm phải là một số, ví dụ 2025."),
    ({"quy": "7"}, "Quý phải từ 1 đến 4."),
    ({"quy": "x"}, "Quý phải từ 1 đến 4."),
])  # fmt: skip
def test_bad_filters_say_so_and_show_the_default_quarter(
    world: World, as_officer: Client, params: dict[str, str], message: str
) -> None:
    html = page(as_officer, **params)
    assert message in html
    assert "Đang hiển thị quý" in html


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_one_or_many_cells(world: World, as_bloc_officer: Client) -> None:
    year, quarter = quarter_data(world)

    def count(**params: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            page(as_bloc_officer, nam=year, quy=quarter, **params)
        return len(captured.captured_queries)

    before_bloc, before_cells = count(), count(to_chuc=world.org_a.pk)
    for n in range(3):
        extra = make_org(name=f"Chi bộ thêm {n}", parent=world.org_a)
        make_org(name=f"Đảng bộ thêm {n}", kind="grassroots_committee", parent=world.bloc)
        full_quarter(extra, quarter=quarter, year=year)
    recompute(year=year, quarter=quarter, root=world.bloc)
    assert count() == before_bloc
    assert count(to_chuc=world.org_a.pk) == before_cells


@pytest.mark.django_db
def test_stale_rows_are_flagged_and_can_be_recomputed(
    world: World, as_officer: Client, django_capture_on_commit_callbacks: Any
) -> None:
    year, quarter = last_quarter()
    html = page(as_officer, nam=year, quy=quarter)
    assert "Quý này chưa được tính số liệu." in html
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(reverse("meetings:recompute_compliance", args=[world.org_a.pk]),
                                   {"nam": year, "quy": quarter})  # fmt: skip
    assert response.status_code == 302 and "/tac-vu/" in response["Location"]
    html = page(as_officer, nam=year, quy=quarter)
    assert "chưa được tính" not in html and "Chưa đạt" in html  # no meetings: both cells red


@pytest.mark.django_db
def test_recompute_is_refused_outside_the_scope_and_without_the_right(
    world: World, as_outsider: Client, as_bloc_officer: Client
) -> None:
    year, quarter = last_quarter()
    url = reverse("meetings:recompute_compliance", args=[world.org_a.pk])
    assert as_outsider.post(url, {"nam": year, "quy": quarter}).status_code == 404
    inspector = login(make_inspector(world))
    assert inspector.post(url, {"nam": year, "quy": quarter}).status_code == 403


def make_inspector(world: World) -> object:
    from dangbo.accounts.enums import RoleKind

    from ..factories import make_user

    return make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc)


@pytest.mark.django_db
def test_cell_secretary_sees_its_cell(world: World) -> None:
    from dangbo.accounts.enums import RoleKind

    from ..factories import make_user

    year, quarter = quarter_data(world)
    secretary = login(make_user("bithu", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2))
    html = page(secretary, nam=year, quy=quarter)
    assert f"Các quý năm {year}" in html and world.cell_a2.name in html
    assert secretary.get(URL, {"to_chuc": world.cell_a1.pk}).status_code == 404
    assert "Khóa số liệu quý" in html and "compliance-lock-button" not in html  # a cell cannot lock


@pytest.mark.django_db
def test_grassroots_cell_and_thematic_only_cells(world: World, as_bloc_officer: Client) -> None:
    year, quarter = last_quarter()
    cell = make_org(name="Chi bộ cơ sở Trường THPT", kind="grassroots_cell", parent=world.bloc)
    first = 3 * (quarter - 1) + 1
    held(cell, dt.date(year, first, 5), MeetingKind.COMBINED)
    recompute(year=year, quarter=quarter, root=world.bloc)
    html = page(as_bloc_officer, nam=year, quy=quarter)
    assert cell.name in html
    assert Organization.objects.filter(pk=cell.pk).exists()
