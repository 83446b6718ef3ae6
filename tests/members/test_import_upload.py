"""Excel import: the template, the upload checks (refused before parsing), personas and the progress panel."""

from __future__ import annotations

import io
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.members import import_jobs, importing
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

from .test_import_support import (
    MEMBER_HEADERS,
    ORG_HEADERS,
    confirm,
    last_job,
    make_xlsx,
    member_row,
    org_row,
    page_text,
    upload,
)

START = reverse("imports:start")
TEMPLATE = reverse("imports:template")


def counts() -> tuple[int, int, int]:
    return Organization.objects.count(), Member.objects.count(), BackgroundJob.objects.count()


def file_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(str(e) for e in response.context["form"].errors["file"])


# -- template ------------------------------------------------------------------------------------


def test_template_downloads_with_sheets_headers_and_guide(world, as_officer):
    response = as_officer.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert {"Tổ chức", "Đảng viên", "Hướng dẫn"} <= set(book.sheetnames)
    assert [c.value for c in book["Tổ chức"][1]] == ORG_HEADERS
    assert [c.value for c in book["Đảng viên"][1]] == MEMBER_HEADERS
    guide = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for text in ("dd/mm/yyyy", "Chi bộ trực thuộc", "đảng viên dự bị", "Trung cấp", "chỉ nhập các dòng hợp lệ",
                 "Số thẻ đảng viên", "Mã chi bộ", "không phân biệt chữ hoa"):  # fmt: skip
        assert text in guide, text
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in book["Đảng viên"].data_validations.dataValidation}
    assert "D2" in ranges and "R2" in ranges  # gender and theory level drop-downs


def test_template_as_filled_in_is_accepted(world, as_officer, django_capture_on_commit_callbacks):
    """The downloaded template, filled in with a program, goes through the whole import."""
    book = load_workbook(io.BytesIO(as_officer.get(TEMPLATE).content))
    book["Tổ chức"].append([org_row("A9", "A")[h] for h in ORG_HEADERS])
    book["Đảng viên"].append([member_row(1, "A9")[h] for h in MEMBER_HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(as_officer, buffer.getvalue(), django_capture_on_commit_callbacks)
    job = last_job()
    job.refresh_from_db()
    assert job.result["valid_rows"] == 2 and job.result["errors"] == []


def test_template_member_is_refused(world, as_member):
    assert as_member.get(TEMPLATE).status_code == 403


def test_template_anonymous_is_sent_to_login(db, client):
    response = client.get(TEMPLATE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# -- upload checks -------------------------------------------------------------------------------


def test_upload_page_officer_sees_form_and_template_link(world, as_officer):
    response = as_officer.get(START)
    assert response.status_code == 200
    assert TEMPLATE in response.content.decode() and 'type="file"' in response.content.decode()


def test_upload_not_excel_is_refused(world, as_officer, django_capture_on_commit_callbacks):
    before = counts()
    response = upload(as_officer, "Họ,Tên\nNguyễn,Hùng\n".encode(), django_capture_on_commit_callbacks, name="ds.xlsx")
    assert "không phải tệp Excel (.xlsx) hợp lệ" in file_errors(response)
    assert counts() == before


def test_upload_zip_that_is_not_a_workbook_is_refused(world, as_officer, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải bảng tính")
    before = counts()
    response = upload(as_officer, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert "không phải tệp Excel (.xlsx) hợp lệ" in file_errors(response)
    assert counts() == before


def test_upload_old_xls_is_refused_with_advice(world, as_officer, django_capture_on_commit_callbacks):
    before = counts()
    response = upload(as_officer, make_xlsx(), django_capture_on_commit_callbacks, name="cu.xls")
    assert "(.xls) không được hỗ trợ" in file_errors(response)
    assert counts() == before


def failed_check(client, content: bytes, capture) -> str:
    """Upload a file whose container is sound: the request accepts it, the check job fails; its message."""
    before = Organization.objects.count(), Member.objects.count()
    response = upload(client, content, capture)
    assert response.status_code == 302
    job = last_job()
    assert job.state == BackgroundJob.State.FAILED
    page = page_text(client.get(reverse("imports:preview", args=[job.pk])))
    assert job.message in page and "Xác nhận nhập" not in page
    assert (Organization.objects.count(), Member.objects.count()) == before
    return job.message


def test_upload_missing_columns_are_listed_by_the_check_job(world, as_officer, django_capture_on_commit_callbacks):
    headers = [h for h in MEMBER_HEADERS if h not in ("Ngày sinh", "Mã chi bộ")]
    content = make_xlsx([], [member_row(1, "A1")], member_headers=headers)
    message = failed_check(as_officer, content, django_capture_on_commit_callbacks)
    assert "trang “Đảng viên” thiếu cột Ngày sinh, Mã chi bộ" in message


def test_upload_missing_sheet_is_named_by_the_check_job(world, as_officer, django_capture_on_commit_callbacks):
    message = failed_check(as_officer, make_xlsx(sheets=["Đảng viên"]), django_capture_on_commit_callbacks)
    assert "Tệp thiếu trang “Tổ chức”" in message


def test_upload_over_the_limit_is_refused(world, as_officer, django_capture_on_commit_callbacks, settings):
    settings.DANGBO_IMPORT_MAX_BYTES = 1000
    content = make_xlsx([org_row("A9", "A")], [member_row(1, "A1")])
    assert len(content) > 1000
    before = counts()
    assert "Tệp quá lớn" in file_errors(upload(as_officer, content, django_capture_on_commit_callbacks))
    assert counts() == before


def test_upload_fifty_megabytes_of_junk_is_refused_by_size_alone(
    world, as_officer, django_capture_on_commit_callbacks, monkeypatch
):
    def must_not_open(*args, **kwargs):
        raise AssertionError("an oversize file must not be opened")

    monkeypatch.setattr(importing, "load_workbook", must_not_open)
    junk = b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024)
    before = counts()
    message = file_errors(upload(as_officer, junk, django_capture_on_commit_callbacks))
    assert "Tệp quá lớn (50,0 MB). Dung lượng tối đa là 10,0 MB" in message
    assert counts() == before


def test_upload_empty_file_is_refused(world, as_officer, django_capture_on_commit_callbacks):
    before = counts()
    assert "rỗng" in file_errors(upload(as_officer, b"", django_capture_on_commit_callbacks))
    assert counts() == before


# -- personas ------------------------------------------------------------------------------------


def test_import_member_without_right_is_refused_everywhere(world, as_member, django_capture_on_commit_callbacks):
    job = BackgroundJob.objects.create(kind=import_jobs.VALIDATE, owner=world.member_user, state="done")
    assert as_member.get(START).status_code == 403
    assert upload(as_member, make_xlsx(), django_capture_on_commit_callbacks).status_code == 403
    assert as_member.get(reverse("imports:preview", args=[job.pk])).status_code == 403
    assert as_member.post(reverse("imports:confirm", args=[job.pk])).status_code == 403


def test_import_job_of_another_user_is_404_and_logged(
    world, as_officer, as_outsider, django_capture_on_commit_callbacks
):
    upload(as_officer, make_xlsx([org_row("A9", "A")]), django_capture_on_commit_callbacks)
    job = last_job()
    assert as_outsider.get(reverse("imports:preview", args=[job.pk])).status_code == 404
    assert confirm(as_outsider, job, django_capture_on_commit_callbacks).status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_id=str(job.pk))
    assert denied.count() == 2
    assert not BackgroundJob.objects.filter(kind=import_jobs.APPLY).exists()
    assert not Organization.objects.filter(code="A9").exists()


def test_import_outsider_rows_in_their_own_unit_pass_and_others_fail(
    world, as_outsider, django_capture_on_commit_callbacks
):
    members = [member_row(1, "B1"), member_row(2, "A1")]
    upload(as_outsider, make_xlsx([], members), django_capture_on_commit_callbacks)
    job = last_job()
    job.refresh_from_db()
    assert [e["text"] for e in job.result["errors"]] == [
        "Dòng 3, cột Mã chi bộ: Không tìm thấy tổ chức mã 'A1' trong phạm vi bạn được nhập dữ liệu."
    ]
    confirm(as_outsider, job, django_capture_on_commit_callbacks, only_valid=True)
    assert Member.objects.get(citizen_id="034185000001").organization == world.cell_b1
    assert not Member.objects.filter(citizen_id="034185000002").exists()


def test_import_bloc_officer_may_import_anywhere_in_the_tree(
    world, as_bloc_officer, django_capture_on_commit_callbacks
):
    members = [member_row(1, "B1"), member_row(2, "A1")]
    upload(as_bloc_officer, make_xlsx([], members), django_capture_on_commit_callbacks)
    confirm(as_bloc_officer, last_job(), django_capture_on_commit_callbacks)
    assert Member.objects.filter(citizen_id__in=["034185000001", "034185000002"]).count() == 2


# -- progress panel and recent list --------------------------------------------------------------


def test_preview_of_running_job_polls_and_htmx_gets_the_panel_only(world, as_officer):
    job = BackgroundJob.objects.create(
        kind=import_jobs.VALIDATE, owner=world.officer, state="running", total=10, done=4
    )
    url = reverse("imports:preview", args=[job.pk])
    full = as_officer.get(url).content.decode()
    assert "<html" in full and f'hx-get="{url}"' in full and 'id="job-' in full
    panel = as_officer.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in panel and 'id="import-job"' in panel and "4/10" in panel.replace(" ", "")


def test_preview_of_failed_job_shows_its_message(world, as_officer):
    job = BackgroundJob.objects.create(
        kind=import_jobs.VALIDATE, owner=world.officer, state="failed", message="Tệp đã tải lên không còn."
    )
    page = page_text(as_officer.get(reverse("imports:preview", args=[job.pk])))
    assert "Tệp đã tải lên không còn." in page and "hx-get" not in page.split('id="import-job"')[1].split(">")[0]


def test_upload_page_recent_jobs_cost_the_same_queries(world, as_officer):
    def make_jobs(n: int) -> None:
        for _ in range(n):
            BackgroundJob.objects.create(kind=import_jobs.VALIDATE, owner=world.officer, params={"file_name": "a.xlsx"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_officer.get(START).status_code == 200
        return len(ctx.captured_queries)

    make_jobs(1)
    one = queries()
    make_jobs(2)
    assert queries() == one
    assert page_text(as_officer.get(START)).count("a.xlsx") == 3


def test_upload_with_too_many_rows_fails_the_check_job(world, as_officer, django_capture_on_commit_callbacks, settings):
    settings.DANGBO_IMPORT_MAX_ROWS = 2
    before = Member.objects.count()
    upload(as_officer, make_xlsx([], [member_row(n, "A1") for n in range(1, 4)]), django_capture_on_commit_callbacks)
    job = last_job()
    job.refresh_from_db()
    assert job.state == "failed" and "Trang “Đảng viên” có hơn 2 dòng dữ liệu" in job.message
    page = page_text(as_officer.get(reverse("imports:preview", args=[job.pk])))
    assert "có hơn 2 dòng dữ liệu" in page and "Xác nhận nhập" not in page
    assert Member.objects.count() == before
