"""Excel import: preview with row-level errors, all-or-nothing apply, "only the valid rows", duplicates, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.core.jobs import execute_job
from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.members import import_jobs
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from tests.factories import make_member

from .test_import_support import confirm, errors_of, last_job, make_xlsx, member_row, org_row, page_text, upload


def good_file() -> bytes:
    """Two new cells (one under a new sub-committee) and three members, one in an existing cell."""
    orgs = [
        org_row("A-BP", "A", **{"Tên": "Đảng bộ bộ phận Thanh tra", "Loại tổ chức": "Đảng bộ bộ phận"}),
        org_row("A-BP-1", "A-BP", **{"Loại tổ chức": "chi bo truc thuoc"}),
        org_row("A3", "A"),
    ]
    members = [member_row(1, "A1"), member_row(2, "A-BP-1"), member_row(3, "A3", **{"Ngày công nhận chính thức": ""})]
    return make_xlsx(orgs, members)


def test_import_good_file_creates_orgs_and_members_with_audit(world, as_officer, django_capture_on_commit_callbacks):
    response = upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    job = last_job()
    assert response.status_code == 302 and response["Location"] == reverse("imports:preview", args=[job.pk])
    job.refresh_from_db()
    assert job.state == "done", job.message
    assert (job.result["valid_rows"], job.result["invalid_rows"]) == (6, 0)
    assert Organization.objects.filter(code__in=["A-BP", "A-BP-1", "A3"]).count() == 0  # preview writes nothing

    response = confirm(as_officer, job, django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    assert response["Location"] == reverse("imports:preview", args=[applied.pk])
    applied.refresh_from_db()
    assert applied.state == "done", applied.message
    assert applied.result["organizations"] == 3 and applied.result["members"] == 3

    sub = Organization.objects.get(code="A-BP")
    cell = Organization.objects.get(code="A-BP-1")
    assert sub.parent == world.org_a and cell.parent == sub and cell.path.startswith(world.org_a.path)
    hoa2 = Member.objects.get(citizen_id="034185000002")
    assert (hoa2.organization, hoa2.status, hoa2.gender, hoa2.political_theory_level) == (
        cell,
        "full",
        "female",
        "intermediate",
    )
    assert Member.objects.get(card_number="93000003").status == "probationary"
    assert AuditEntry.objects.filter(action="organizations.organization.created", actor=world.officer).count() == 3
    assert AuditEntry.objects.filter(action="members.member.created", actor=world.officer).count() == 3
    summary = AuditEntry.objects.get(action="members.import.applied")
    assert summary.data["organizations"] == 3 and summary.data["members"] == 3
    assert summary.scope_path == world.org_a.path


def one_bad_row_file() -> bytes:
    members = [
        member_row(1, "A1"),
        member_row(2, "A1", **{"Ngày sinh": "31/02/1980"}),
        member_row(3, "A2"),
    ]
    return make_xlsx([org_row("A3", "A")], members)


def test_import_one_bad_row_previews_error_and_imports_nothing(world, as_officer, django_capture_on_commit_callbacks):
    orgs_before, members_before = Organization.objects.count(), Member.objects.count()
    upload(as_officer, one_bad_row_file(), django_capture_on_commit_callbacks)
    job = last_job()
    expected = "Dòng 3, cột Ngày sinh: '31/02/1980' không phải ngày hợp lệ (dd/mm/yyyy)."
    assert errors_of(job) == [expected]
    page = page_text(as_officer.get(reverse("imports:preview", args=[job.pk])))
    assert expected in page and "Chỉ nhập các dòng hợp lệ" in page

    response = confirm(as_officer, job, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("imports:preview", args=[job.pk])
    follow = page_text(as_officer.get(response["Location"]))
    assert "Tệp có 1 dòng lỗi nên không nhập gì" in follow
    assert not BackgroundJob.objects.filter(kind=import_jobs.APPLY).exists()
    assert (Organization.objects.count(), Member.objects.count()) == (orgs_before, members_before)
    assert not AuditEntry.objects.filter(action="members.import.applied").exists()


def test_import_only_valid_rows_imports_the_others(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, one_bad_row_file(), django_capture_on_commit_callbacks)
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks, only_valid=True)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert applied.state == "done", applied.message
    assert applied.result == {"organizations": 1, "members": 2, "skipped_rows": 1, "source_job_id": last_job().pk}
    assert set(Member.objects.filter(given_name__startswith="Hoa").values_list("given_name", flat=True)) == {
        "Hoa1", "Hoa3"
    }  # fmt: skip
    assert Organization.objects.filter(code="A3").exists()
    assert AuditEntry.objects.get(action="members.import.applied").data["skipped_rows"] == 1
    page = page_text(as_officer.get(reverse("imports:preview", args=[applied.pk])))
    assert "Đã nhập xong" in page


def test_import_duplicates_against_database_are_refused(world, as_officer, django_capture_on_commit_callbacks):
    members = [
        member_row(1, "A1", **{"Số CCCD": world.m1.citizen_id}),
        member_row(2, "A1", **{"Số thẻ đảng viên": world.m2.card_number}),
    ]
    upload(as_officer, make_xlsx([org_row("A1", "A")], members), django_capture_on_commit_callbacks)
    errors = errors_of(last_job())
    assert "Dòng 2, cột Mã: Mã tổ chức 'A1' đã có trong hệ thống." in errors
    assert f"Dòng 2, cột Số CCCD: Số CCCD {world.m1.citizen_id} đã có trong danh sách đảng viên." in errors
    assert (
        f"Dòng 3, cột Số thẻ đảng viên: Số thẻ đảng viên {world.m2.card_number} đã được cấp cho đảng viên khác."
        in errors
    )
    assert last_job().result["valid_rows"] == 0


def test_import_duplicates_within_file_are_refused(world, as_officer, django_capture_on_commit_callbacks):
    orgs = [org_row("N1", "A"), org_row("N1", "A", Tên="Chi bộ khác")]
    members = [
        member_row(1, "A1"),
        member_row(2, "A1", **{"Số CCCD": "034185000001"}),
        member_row(3, "A1", **{"Số thẻ đảng viên": "93000001"}),
    ]
    upload(as_officer, make_xlsx(orgs, members), django_capture_on_commit_callbacks)
    errors = errors_of(last_job())
    assert "Dòng 2, cột Mã: Mã tổ chức 'N1' xuất hiện nhiều lần trong tệp (dòng 2, 3)." in errors
    assert "Dòng 3, cột Mã: Mã tổ chức 'N1' xuất hiện nhiều lần trong tệp (dòng 2, 3)." in errors
    assert "Dòng 2, cột Số CCCD: Số CCCD '034185000001' xuất hiện nhiều lần trong tệp (dòng 2, 3)." in errors
    assert (
        "Dòng 4, cột Số thẻ đảng viên: Số thẻ đảng viên '93000001' xuất hiện nhiều lần trong tệp (dòng 2, 4)." in errors
    )
    assert last_job().result["valid_rows"] == 0


def test_import_row_targeting_cell_out_of_scope_is_an_error(world, as_officer, django_capture_on_commit_callbacks):
    orgs = [org_row("B2", "B")]
    members = [member_row(1, "B1"), member_row(2, "A1")]
    upload(as_officer, make_xlsx(orgs, members), django_capture_on_commit_callbacks)
    job = last_job()
    errors = errors_of(job)
    assert (
        "Dòng 2, cột Mã tổ chức cấp trên: Không tìm thấy tổ chức mã 'B' trong phạm vi bạn được nhập dữ liệu." in errors
    )
    assert "Dòng 2, cột Mã chi bộ: Không tìm thấy tổ chức mã 'B1' trong phạm vi bạn được nhập dữ liệu." in errors
    assert job.result["valid_rows"] == 1
    denied = AuditEntry.objects.filter(action="core.access.denied", actor=world.officer, object_type="organization")
    assert set(denied.values_list("object_id", flat=True)) == {"B", "B1"}


def test_import_apply_is_all_or_nothing(world, as_officer, django_capture_on_commit_callbacks, monkeypatch):
    from dangbo.members import importing_apply

    calls = []

    def failing_log_actions(entries, **kwargs):
        # The members, their periods and memberships are inserted by now: the failure comes after them.
        calls.append(list(entries))
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(importing_apply, "log_actions", failing_log_actions)
    counts_before = (Organization.objects.count(), Member.objects.count(), AuditEntry.objects.count())
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert [len(entries) for entries in calls] == [3]
    assert applied.state == "failed" and "mất kết nối" in applied.message
    assert (Organization.objects.count(), Member.objects.count(), AuditEntry.objects.count()) == counts_before
    assert not Organization.objects.filter(code__in=["A-BP", "A-BP-1", "A3"]).exists()


def test_import_revalidates_at_apply_time(world, as_officer, django_capture_on_commit_callbacks):
    from tests.factories import make_member

    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    # Someone registers one of the file's people between the preview and the confirmation.
    make_member(organization=world.cell_a2, citizen_id="034185000002", card_number="X1")
    members_before = Member.objects.count()
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert applied.state == "failed"
    assert "Tệp có 1 dòng lỗi" in applied.message and "Không có dữ liệu nào được nhập" in applied.message
    assert Member.objects.count() == members_before
    assert not Organization.objects.filter(code="A3").exists()


def test_import_scope_is_rechecked_at_apply_time(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    world.officer.roles.all().delete()
    world.officer._dangbo_scope = None
    job = last_job()
    # The confirmation itself is refused (no right); the job would refuse too.
    assert as_officer.post(reverse("imports:confirm", args=[job.pk])).status_code == 403
    # Had it been queued before the role ended, the job itself re-checks the scope when it runs.
    applied = import_jobs.request_apply(owner=world.officer, source=job, only_valid=False)
    execute_job(applied.pk)
    applied.refresh_from_db()
    assert applied.state == "failed" and "không còn quyền nhập dữ liệu" in applied.message
    assert not Organization.objects.filter(code="A3").exists()


def test_failed_import_removes_the_upload_and_sends_the_user_to_upload_again(
    world, as_officer, django_capture_on_commit_callbacks
):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.input_file
    # Between the preview and the confirmation, one of the file's members was recorded by hand: the import's
    # second check finds the duplicate, and the whole import is refused.
    make_member(organization=world.cell_a1, citizen_id=member_row(1, "A1")["Số CCCD"])
    confirm(as_officer, job, django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    job.refresh_from_db()
    assert applied.state == "failed" and not job.input_file
    assert not Member.objects.filter(given_name__startswith="Hoa").exists()
    page = page_text(as_officer.get(reverse("imports:preview", args=[job.pk])))
    assert import_jobs.UPLOAD_GONE in page and "Xác nhận nhập" not in page and "đã được nhập" not in page
    response = confirm(as_officer, job, django_capture_on_commit_callbacks)
    refused = page_text(as_officer.get(response["Location"]))
    assert import_jobs.UPLOAD_GONE in refused and "đã được nhập" not in refused
    assert BackgroundJob.objects.filter(kind=import_jobs.APPLY).count() == 1
    failed_page = page_text(as_officer.get(reverse("imports:preview", args=[applied.pk])))
    assert "Tải tệp lên lại" in failed_page and "Chạy lại" not in failed_page


def test_import_confirm_twice_is_refused(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    job = last_job()
    confirm(as_officer, job, django_capture_on_commit_callbacks)
    response = confirm(as_officer, job, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("imports:preview", args=[job.pk])
    assert "Tệp này đã được nhập" in page_text(as_officer.get(response["Location"]))
    assert BackgroundJob.objects.filter(kind=import_jobs.APPLY).count() == 1
    assert Member.objects.filter(given_name__startswith="Hoa").count() == 3


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"Ngày sinh": "01/01/2000", "Ngày quyết định kết nạp": "01/06/2016", "Ngày lễ kết nạp": "",
          "Ngày công nhận chính thức": ""},
         "Dòng 2, cột Ngày quyết định kết nạp: Đảng viên chưa đủ 18 tuổi tại ngày quyết định kết nạp (01/06/2016)."),
        ({"Ngày lễ kết nạp": "01/01/2010"},
         "Dòng 2, cột Ngày lễ kết nạp: Ngày lễ kết nạp không được trước ngày quyết định kết nạp."),
        ({"Giới tính": "khác"}, "Dòng 2, cột Giới tính: 'khác' không phải giá trị hợp lệ. Chọn một trong: Nam, Nữ."),
        ({"Tên": ""}, "Dòng 2, cột Tên: Bắt buộc phải điền."),
        ({"Số CCCD": "12345"}, "Dòng 2, cột Số CCCD: Số CCCD phải gồm đúng 12 chữ số."),
        ({"Số CCCD": "", "Số thẻ đảng viên": ""},
         "Dòng 2, cột Số CCCD: Cần có số CCCD hoặc số thẻ đảng viên để không nhập trùng đảng viên."),
        ({"Email": "khong-phai-email"}, "Dòng 2, cột Email: 'khong-phai-email' không phải địa chỉ thư điện tử hợp lệ."),
        ({"Mã chi bộ": "A"},
         ("Dòng 2, cột Mã chi bộ: 'Đảng bộ Sở Tài chính' (Đảng bộ cơ sở) không phải chi bộ: đảng viên chỉ sinh hoạt "
          "tại chi bộ trực thuộc hoặc chi bộ cơ sở.")),
        ({"Mã chi bộ": "KHONG-CO"},
         "Dòng 2, cột Mã chi bộ: Không tìm thấy tổ chức mã 'KHONG-CO' trong phạm vi bạn được nhập dữ liệu."),
    ],
)  # fmt: skip
def test_import_member_rules_give_vietnamese_row_errors(
    world, as_officer, django_capture_on_commit_callbacks, overrides, expected
):
    upload(as_officer, make_xlsx([], [member_row(1, "A1", **overrides)]), django_capture_on_commit_callbacks)
    assert expected in errors_of(last_job())


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([org_row("X1", "X0"), org_row("X0", "A", **{"Loại tổ chức": "Đảng bộ bộ phận"})],
         "Dòng 2, cột Mã tổ chức cấp trên: Tổ chức cấp trên mã 'X0' phải nằm ở một dòng phía trên dòng này."),
        ([org_row("X0", "A", **{"Ngày thành lập": "1/1/1999"}), org_row("X1", "X0")],
         "Dòng 3, cột Mã tổ chức cấp trên: Tổ chức mã 'X0' ở dòng 2 trang “Tổ chức” có lỗi."),
        ([org_row("X0", "A1")],
         "Dòng 2, cột Mã tổ chức cấp trên: “Chi bộ trực thuộc” không thể trực thuộc “Chi bộ trực thuộc”."),
        ([org_row("X0", "A", **{"Loại hình": "Hợp tác xã"})],
         "Dòng 2, cột Loại hình: 'Hợp tác xã' không phải giá trị hợp lệ."),
        ([org_row("X0", "A", **{"Ngày thành lập": f"31/12/{dt.date.today().year + 1}"})],
         "Dòng 2, cột Ngày thành lập: Ngày thành lập không được sau ngày hôm nay."),
    ],
)  # fmt: skip
def test_import_organization_rules_give_vietnamese_row_errors(
    world, as_officer, django_capture_on_commit_callbacks, rows, expected
):
    upload(as_officer, make_xlsx(rows, []), django_capture_on_commit_callbacks)
    assert any(e.startswith(expected) for e in errors_of(last_job())), errors_of(last_job())


def test_import_accepts_labels_without_accents_and_numeric_ids(world, as_officer, django_capture_on_commit_callbacks):
    import datetime as dt

    row = member_row(
        1, "A1",
        **{"Giới tính": "NAM", "Trình độ lý luận chính trị": "cao cap", "Trình độ học vấn": "thac si",
           "Số CCCD": 34185000001, "Ngày sinh": dt.datetime(1985, 5, 12)},
    )  # fmt: skip
    upload(as_officer, make_xlsx([], [row]), django_capture_on_commit_callbacks)
    assert errors_of(last_job()) == []
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    member = Member.objects.get(citizen_id="034185000001")
    assert (member.gender, member.political_theory_level, member.education, member.birth_date) == (
        "male",
        "advanced",
        "master",
        dt.date(1985, 5, 12),
    )
    # Joined the cell on the admission decision (the cell existed already).
    assert member.memberships.get().start == dt.date(2010, 5, 19)
