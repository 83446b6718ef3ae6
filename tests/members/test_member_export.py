from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.urls import reverse

from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.members import exports
from tests.factories import make_member

from .conftest import denied_count

URL = reverse("members:export")


def read_rows(content: bytes) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[tuple]]:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.active
    return ws, list(ws.iter_rows(values_only=True))


def column(rows: list[tuple], header: str) -> list:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def full_names(rows: list[tuple]) -> list[str]:
    return [" ".join(p for p in (row[0], row[1], row[2]) if p) for row in rows[1:]]


def test_export_officer_gets_scoped_workbook(world, as_officer):
    response = as_officer.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    ws, rows = read_rows(response.content)
    assert rows[0][:3] == ("Họ", "Tên đệm", "Tên")
    assert "Ngày quyết định kết nạp" in rows[0] and "Tổ chức cơ sở đảng" in rows[0]
    assert full_names(rows) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]
    assert column(rows, "Chi bộ") == ["Chi bộ Phòng Ngân sách"] * 2
    assert column(rows, "Tổ chức cơ sở đảng") == ["Đảng bộ Sở Tài chính"] * 2
    assert column(rows, "Số CCCD") == ["034080000001", "034080000002"]
    assert column(rows, "Trạng thái") == ["Đảng viên chính thức"] * 2
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width > 5


def test_export_dates_are_excel_dates_in_vietnamese_format(world, as_officer):
    ws, rows = read_rows(as_officer.get(URL).content)
    index = rows[0].index("Ngày sinh") + 1
    cell = ws.cell(row=2, column=index)
    assert cell.is_date
    assert cell.value.date() == dt.date(1980, 1, 1)
    assert cell.number_format == "DD/MM/YYYY"
    admitted = ws.cell(row=2, column=rows[0].index("Ngày quyết định kết nạp") + 1)
    assert admitted.value.date() == dt.date(2005, 5, 19)


def test_export_uses_the_same_filters_as_the_list(world, as_officer):
    make_member(organization=world.cell_a2, family_name="Đặng", middle_name="Văn", given_name="An")
    _, rows = read_rows(as_officer.get(URL, {"q": "dang"}).content)
    assert full_names(rows) == ["Đặng Văn An", "Đặng Thị Lan"]
    _, rows = read_rows(as_officer.get(URL, {"q": "dang", "to_chuc": world.cell_a1.pk}).content)
    assert full_names(rows) == ["Đặng Thị Lan"]
    _, rows = read_rows(as_officer.get(URL, {"gender": "male"}).content)
    assert full_names(rows) == ["Đặng Văn An", "Nguyễn Văn Hùng"]


def test_export_is_audited_with_filters_and_row_count(world, as_officer):
    as_officer.get(URL, {"q": "dang", "to_chuc": world.cell_a1.pk})
    entry = AuditEntry.objects.get(action="members.member.exported")
    assert entry.actor == world.officer
    assert entry.data["rows"] == 1
    assert entry.data["filters"]["text"] == "dang"
    assert entry.data["filters"]["organization_id"] == world.cell_a1.pk
    assert entry.scope_path == world.cell_a1.path


def test_export_without_subtree_is_audited_at_the_users_scope(world, as_officer):
    as_officer.get(URL)
    entry = AuditEntry.objects.get(action="members.member.exported")
    assert entry.scope_path == world.org_a.path
    assert entry.data["rows"] == 2


def test_export_member_without_right_is_refused(world, as_member):
    assert as_member.get(URL).status_code == 403
    assert not AuditEntry.objects.filter(action="members.member.exported").exists()


def test_export_outsider_gets_only_their_unit(world, as_outsider):
    _, rows = read_rows(as_outsider.get(URL).content)
    assert full_names(rows) == ["Trần Quốc Bảo"]


def test_export_outsider_subtree_of_other_unit_is_404_and_logged(world, as_outsider):
    response = as_outsider.get(URL, {"to_chuc": world.org_a.pk})
    assert response.status_code == 404
    assert denied_count("organization", world.org_a.pk) == 1
    assert not AuditEntry.objects.filter(action="members.member.exported").exists()


def test_export_large_list_offers_a_background_job(world, as_officer, settings):
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 1
    response = as_officer.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Bắt đầu xuất" in response.content.decode()
    assert not BackgroundJob.objects.exists()
    assert not AuditEntry.objects.filter(action="members.member.exported").exists()


def test_export_large_list_runs_as_job_and_writes_the_file(
    world, as_officer, settings, django_capture_on_commit_callbacks
):
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(URL + "?q=nguyen", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "core/job_status.html"
    job = BackgroundJob.objects.get()
    assert job.kind == "members.export" and job.owner == world.officer
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.result == {"rows": 1}
    with job.output_file.open("rb") as f:
        _, rows = read_rows(f.read())
    assert full_names(rows) == ["Nguyễn Văn Hùng"]
    entry = AuditEntry.objects.get(action="members.member.exported")
    assert entry.data["rows"] == 1 and entry.data["job"] == job.pk
    assert entry.actor == world.officer


def test_export_job_rechecks_scope_of_owner(world, as_outsider, settings, django_capture_on_commit_callbacks):
    """A job started with a subtree the owner cannot export fails with a Vietnamese message, nothing written."""
    job = exports.start_export_job(actor=world.outsider, filters=exports.MemberFilters(organization_id=world.org_a.pk))
    from dangbo.core.jobs import execute_job

    execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.FAILED
    assert "không thuộc phạm vi" in job.message
    assert not job.output_file
    assert not AuditEntry.objects.filter(action="members.member.exported").exists()


def test_export_large_job_page_without_htmx_shows_progress(
    world, as_officer, settings, django_capture_on_commit_callbacks
):
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(URL)
    body = response.content.decode()
    assert "<html" in body
    assert 'id="job-' in body
