"""The import at scale: a file of 100 members checked with a fixed number of queries, written in batches, all or
nothing; duplicates inside the file and against the database; the bulk-written members complete (search and sort
keys, status history, cell membership, one audit entry each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.core.text import vietnamese_sort_key
from dangbo.members import import_jobs, importing_apply
from dangbo.members.import_container import ImportLimits
from dangbo.members.importing import read_workbook
from dangbo.members.importing_validation import validate_rows
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from tests.factories import make_member

from .test_import_support import confirm, errors_of, last_job, make_xlsx, member_row, page_text, upload

ROWS = 100


def hundred_members(**row_99: str) -> bytes:
    """100 members in A1 and A2 (Excel rows 2 to 101); `row_99` changes the member on Excel row 99."""
    members = [member_row(n, "A1" if n % 2 else "A2") for n in range(1, ROWS + 1)]
    members[97].update(row_99)  # the 98th member sits on Excel row 99
    return make_xlsx([], members)


def report_of(content: bytes, world):
    book = read_workbook(content, limits=ImportLimits.from_settings())
    return validate_rows(book=book, scope=scope_for(world.officer), today=timezone.localdate())


def test_bad_row_99_of_100_is_named_and_nothing_is_written(world, as_officer, django_capture_on_commit_callbacks):
    before = (Member.objects.count(), AuditEntry.objects.filter(action="members.member.created").count())
    upload(as_officer, hundred_members(**{"Ngày sinh": "30/02/1985"}), django_capture_on_commit_callbacks)
    job = last_job()
    assert errors_of(job) == ["Dòng 99, cột Ngày sinh: '30/02/1985' không phải ngày hợp lệ (dd/mm/yyyy)."]
    response = confirm(as_officer, job, django_capture_on_commit_callbacks)
    assert "Tệp có 1 dòng lỗi nên không nhập gì" in page_text(as_officer.get(response["Location"]))
    assert not BackgroundJob.objects.filter(kind=import_jobs.APPLY).exists()
    assert (Member.objects.count(), AuditEntry.objects.filter(action="members.member.created").count()) == before


def test_id_taken_after_the_check_stops_the_write_at_its_row(world):
    report = report_of(hundred_members(), world)
    assert report.invalid_rows == 0 and len(report.members) == ROWS
    # Someone registers the person of row 99 between the check and the write.
    make_member(organization=world.cell_a2, citizen_id="034185000098", card_number="X98")
    before = (Member.objects.count(), MemberStatusPeriod.objects.count(), CellMembership.objects.count(),
              AuditEntry.objects.count())  # fmt: skip

    with pytest.raises(DomainError) as refused:
        importing_apply.apply_import(actor=world.officer, report=report, only_valid=False, job_id=1,
                                     today=timezone.localdate())  # fmt: skip

    assert refused.value.message == (
        "Dòng 99 trang “Đảng viên”: Số CCCD 034185000098 đã có trong danh sách đảng viên. "
        "Không có dữ liệu nào được nhập."
    )
    after = (Member.objects.count(), MemberStatusPeriod.objects.count(), CellMembership.objects.count(),
             AuditEntry.objects.count())  # fmt: skip
    assert after == before


def test_failure_in_a_later_batch_rolls_back_the_earlier_ones(world, monkeypatch):
    report = report_of(hundred_members(), world)
    monkeypatch.setattr(importing_apply, "BATCH", 30)  # four batches: the fourth fails
    real_bulk_create = CellMembership.objects.bulk_create
    batches = []

    def failing(objs, *args, **kwargs):
        batches.append(len(objs))
        if len(batches) == 4:
            raise RuntimeError("mất kết nối cơ sở dữ liệu")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(CellMembership.objects, "bulk_create", failing)
    before = (Member.objects.count(), CellMembership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuntimeError):
        importing_apply.apply_import(actor=world.officer, report=report, only_valid=False, job_id=1,
                                     today=timezone.localdate())  # fmt: skip
    assert batches == [30, 30, 30, 10]
    assert (Member.objects.count(), CellMembership.objects.count(), AuditEntry.objects.count()) == before


def test_duplicate_card_numbers_inside_the_file_name_both_rows(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, hundred_members(**{"Số thẻ đảng viên": "93000010"}), django_capture_on_commit_callbacks)
    message = "Số thẻ đảng viên '93000010' xuất hiện nhiều lần trong tệp (dòng 11, 99)."
    assert errors_of(last_job()) == [f"Dòng 11, cột Số thẻ đảng viên: {message}",
                                     f"Dòng 99, cột Số thẻ đảng viên: {message}"]  # fmt: skip


def test_duplicate_card_number_against_the_database(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, hundred_members(**{"Số thẻ đảng viên": "01000002"}), django_capture_on_commit_callbacks)
    assert errors_of(last_job()) == [
        "Dòng 99, cột Số thẻ đảng viên: Số thẻ đảng viên 01000002 đã được cấp cho đảng viên khác."
    ]


def test_checking_a_file_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    small = report_of(make_xlsx([], [member_row(n, "A1") for n in range(1, 4)]), world)
    assert small.invalid_rows == 0
    # The organizations of the file, then the citizen ids and card numbers in one query each: not two a row.
    with django_assert_max_num_queries(3):
        report = report_of(hundred_members(), world)
    assert report.invalid_rows == 0 and len(report.members) == ROWS


def test_bulk_written_members_are_complete(world, as_officer, django_capture_on_commit_callbacks):
    upload(as_officer, hundred_members(**{"Họ": "Đặng", "Tên đệm": "Văn", "Tên": "Ánh"}),
           django_capture_on_commit_callbacks)  # fmt: skip
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert applied.state == "done", applied.message
    imported = Member.objects.filter(citizen_id__startswith="0341850")
    assert imported.count() == ROWS
    anh = imported.get(citizen_id="034185000098")
    assert anh.search_name == "dang van anh"
    assert anh.sort_key == vietnamese_sort_key(given_name="Ánh", family_name="Đặng", middle_name="Văn")
    assert anh.organization == world.cell_a2 and anh.status == "full"
    assert list(anh.status_periods.values_list("status", "start", "end")) == [
        ("probationary", dt.date(2010, 5, 19), dt.date(2011, 6, 1)), ("full", dt.date(2011, 6, 1), None)]  # fmt: skip
    assert list(anh.memberships.values_list("organization", "start", "end")) == [
        (world.cell_a2.pk, dt.date(2010, 5, 19), None)]  # fmt: skip
    entries = AuditEntry.objects.filter(action="members.member.created", data__import=applied.pk)
    assert entries.count() == ROWS
    entry = entries.get(object_id=str(anh.pk))
    assert (entry.actor, entry.object_repr, entry.scope_path) == (world.officer, "Đặng Văn Ánh", world.cell_a2.path)
    assert entry.after["citizen_id"] == "034185000098" and entry.after["organization_id"] == world.cell_a2.pk
    summary = AuditEntry.objects.get(action="members.import.applied", object_id=str(applied.pk))
    assert summary.data["members"] == ROWS and summary.scope_path == world.org_a.path
