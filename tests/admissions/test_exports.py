"""The candidate and probationary-member lists as Excel: the columns, the filters by organization and year,
hostile names kept as text, the recognition vote's due date on the working-day calendar, scope and audit."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.admissions.enums import Stage
from dangbo.core.models import AuditEntry

from ..conftest import World
from .document_helpers import HOSTILE_NAME, make_candidate


def _rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _sheet(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content)).active


def test_candidate_list_columns_and_dates(world: World, as_officer: Client) -> None:
    make_candidate(world.cell_a1, stage=Stage.APPLIED, given_name="An", proposed_on=dt.date(2025, 2, 3))
    make_candidate(world.cell_a2, stage=Stage.DECIDED, given_name="Bình")
    make_candidate(world.cell_b1, stage=Stage.PROPOSED, given_name="Cúc")  # another grassroots organization
    response = as_officer.get(reverse("admissions:export_candidates"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = _rows(response.content)
    assert rows[0][:6] == ["Họ và tên", "Ngày sinh", "Chi bộ", "Tổ chức giới thiệu", "Giai đoạn", "Ngày giới thiệu"]
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == ["Lê Thị An", "Lê Thị Bình"]
    an = next(row for row in rows if row[0] == "Lê Thị An")
    assert an[1] == dt.datetime(1998, 3, 7)
    assert an[2] == "Chi bộ Phòng Ngân sách"
    assert an[3] == "Đoàn Thanh niên: Đoàn Thanh niên Sở Tài chính"
    assert an[4] == "Đã có đơn và lý lịch"
    assert an[5] == dt.datetime(2025, 2, 3)
    assert _sheet(response.content)["B2"].number_format == "DD/MM/YYYY"
    entry = AuditEntry.objects.get(action="admissions.candidates.exported")
    assert entry.data == {"year": None, "rows": 2}
    assert entry.scope_path == world.org_a.path


def test_filters_by_organization_and_year(world: World, as_bloc_officer: Client) -> None:
    make_candidate(world.cell_a1, stage=Stage.APPLIED, given_name="An", proposed_on=dt.date(2025, 2, 3))
    make_candidate(world.cell_a2, stage=Stage.APPLIED, given_name="Bình", proposed_on=dt.date(2024, 5, 1))
    make_candidate(world.cell_b1, stage=Stage.APPLIED, given_name="Cúc", proposed_on=dt.date(2025, 6, 1))
    url = reverse("admissions:export_candidates")
    names = lambda query: sorted(r[0] for r in _rows(as_bloc_officer.get(url, query).content)[1:])  # noqa: E731
    assert names({}) == ["Lê Thị An", "Lê Thị Bình", "Lê Thị Cúc"]
    assert names({"to_chuc": world.org_a.pk}) == ["Lê Thị An", "Lê Thị Bình"]
    assert names({"to_chuc": world.cell_a2.pk}) == ["Lê Thị Bình"]
    assert names({"nam": 2025}) == ["Lê Thị An", "Lê Thị Cúc"]
    assert names({"to_chuc": world.org_a.pk, "nam": 2025}) == ["Lê Thị An"]
    entry = AuditEntry.objects.filter(action="admissions.candidates.exported").order_by("-pk").first()
    assert entry is not None and entry.data == {"year": 2025, "rows": 1}
    assert (entry.object_id, entry.scope_path) == (str(world.org_a.pk), world.org_a.path)


@pytest.mark.parametrize("name", ["admissions:export_candidates", "admissions:export_probationary"])
def test_an_organization_out_of_scope_is_404_and_logged(world: World, as_outsider: Client, name: str) -> None:
    make_candidate(world.cell_a1, stage=Stage.PROBATION)
    response = as_outsider.get(reverse(name), {"to_chuc": world.org_a.pk})
    assert response.status_code == 404
    denied = AuditEntry.objects.get(action="core.access.denied")
    assert (denied.actor_id, denied.object_id) == (world.outsider.pk, str(world.org_a.pk))
    assert not AuditEntry.objects.filter(action__endswith=".exported").exists()
    # unfiltered, the outsider gets their own part of the tree only
    rows = _rows(as_outsider.get(reverse(name)).content)
    assert len(rows) == 1


@pytest.mark.parametrize("query", [{"nam": "abc"}, {"nam": "20255"}, {"nam": "1800"}, {"to_chuc": "x1"},
                                   {"to_chuc": "999999"}])  # fmt: skip
def test_bad_filters_are_404_and_export_nothing(world: World, as_officer: Client, query: dict[str, str]) -> None:
    response = as_officer.get(reverse("admissions:export_candidates"), query)
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action__endswith=".exported").exists()


def test_a_member_without_the_right_is_refused(world: World, as_member: Client) -> None:
    assert as_member.get(reverse("admissions:export_candidates")).status_code == 403
    assert as_member.get(reverse("admissions:export_probationary")).status_code == 403


def test_hostile_names_stay_text_in_excel(world: World, as_officer: Client) -> None:
    make_candidate(world.cell_a1, stage=Stage.PROBATION, middle_name=HOSTILE_NAME, proposer_name="=1+2")
    for name in ("admissions:export_candidates", "admissions:export_probationary"):
        sheet = _sheet(as_officer.get(reverse(name)).content)
        cell = sheet["A2"]
        assert cell.value == f"Lê {HOSTILE_NAME} Mai"
        assert cell.data_type == "s"
    proposer = _sheet(as_officer.get(reverse("admissions:export_candidates")).content)["D2"]
    assert proposer.value == "Đoàn Thanh niên: =1+2"  # not a formula: it does not start with "="
    make_candidate(world.cell_a2, stage=Stage.APPLIED, family_name="=HYPERLINK(\"http://x\")", given_name="X",
                   citizen_id=None)  # fmt: skip
    sheet = _sheet(as_officer.get(reverse("admissions:export_candidates")).content)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    hostile = next(c for c in cells if str(c.value).startswith("="))
    assert hostile.data_type == "s" and hostile.quotePrefix


def test_probationary_list_with_the_recognition_vote_due_date(world: World, as_officer: Client) -> None:
    # ceremony 06/01/2025: probation ends 06/01/2026 (Tuesday); 30 working days counted from 07/01/2026 skip
    # the weekends and Tết 14–22/02/2026: the 30th is 24/02/2026
    make_candidate(world.cell_a1, stage=Stage.PROBATION, given_name="An")
    # ceremony 15/03/2026: probation ends 15/03/2027, in a year whose calendar is not entered
    make_candidate(world.cell_a1, stage=Stage.PROBATION, given_name="Bình", ceremony_on=dt.date(2026, 3, 15),
                   probation_ends_on=None)  # fmt: skip
    make_candidate(world.cell_a1, stage=Stage.DECIDED, given_name="Cúc")  # not yet a probationary member
    make_candidate(world.cell_a1, stage=Stage.FULL, given_name="Dung")  # already full
    response = as_officer.get(reverse("admissions:export_probationary"))
    rows = _rows(response.content)
    assert rows[0] == ["Họ và tên", "Ngày sinh", "Chi bộ", "Ngày lễ kết nạp", "Ngày hết thời gian dự bị",
                       "Hạn biểu quyết công nhận chính thức", "Ghi chú"]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Lê Thị An", "Lê Thị Bình"}
    assert by_name["Lê Thị An"][3:6] == [dt.datetime(2025, 1, 6), dt.datetime(2026, 1, 6), dt.datetime(2026, 2, 24)]
    assert by_name["Lê Thị An"][6] is None
    assert by_name["Lê Thị Bình"][4] == dt.datetime(2027, 3, 15)
    assert by_name["Lê Thị Bình"][5] == dt.datetime(2027, 4, 26)
    assert "tạm tính" in by_name["Lê Thị Bình"][6]
    assert AuditEntry.objects.get(action="admissions.probationary.exported").data == {"year": None, "rows": 2}
    year_rows = _rows(as_officer.get(reverse("admissions:export_probationary"), {"nam": 2026}).content)
    assert [row[0] for row in year_rows[1:]] == ["Lê Thị Bình"]
