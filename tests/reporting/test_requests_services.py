"""The reports asked of lower levels, through their services: every state a unit's row goes through (not sent,
late from the day after the due date, sent, returned, sent again, accepted), reminders, and every refusal with
nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.reporting import request_services as services
from dangbo.reporting.enums import RecipientStatus, RequestKind, TrackingState
from dangbo.reporting.models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission
from dangbo.reporting.request_selectors import inbox_summary, recipients_of, state_of
from tests.factories import make_org

from .request_helpers import ASKED_ON, DOCX, DUE, FIGURES, PDF, XLSX, ask, send, upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def row(request: ReportRequest, unit) -> ReportRecipient:
    return ReportRecipient.objects.select_related("request").get(request=request, organization=unit)


def test_request_created_with_a_row_per_unit_and_one_audit_entry(world):
    request = ask(world)
    assert request.requested_on == ASKED_ON and request.path == world.bloc.path and request.figures == FIGURES
    assert set(request.recipients.values_list("organization_id", "status")) == {
        (world.org_a.pk, "pending"),
        (world.org_b.pk, "pending"),
    }
    entries = AuditEntry.objects.filter(action="reporting.request.created", object_id=str(request.pk))
    assert entries.count() == 1 and entries.get().scope_path == world.bloc.path


def test_tracking_states_through_the_cycle(world):
    request = ask(world)
    a = row(request, world.org_a)
    assert state_of(a, today=DUE) == TrackingState.NOT_SENT  # the due date itself: not late yet
    assert state_of(a, today=DUE + dt.timedelta(days=1)) == TrackingState.LATE
    send(world, request, world.org_a, on=DUE + dt.timedelta(days=2))
    a = row(request, world.org_a)
    assert a.status == RecipientStatus.SUBMITTED and a.submitted_on == DUE + dt.timedelta(days=2)
    assert state_of(a, today=DUE + dt.timedelta(days=3)) == TrackingState.SENT
    services.return_report(actor=world.bloc_officer, recipient=a, expected_version=a.version,
                           comment="Thiếu số liệu chi bộ", today=DUE + dt.timedelta(days=3))  # fmt: skip
    a = row(request, world.org_a)
    assert state_of(a, today=DUE + dt.timedelta(days=3)) == TrackingState.RETURNED
    first = ReportSubmission.objects.get(recipient=a, number=1)
    assert first.outcome == "returned" and first.review_comment == "Thiếu số liệu chi bộ"
    second = send(world, request, world.org_a, on=DUE + dt.timedelta(days=4),
                  figures={"Số đảng viên": "121", "Số đảng viên mới kết nạp": "5"})  # fmt: skip
    assert second.number == 2 and second.figures == {"Số đảng viên": 121, "Số đảng viên mới kết nạp": 5}
    a = row(request, world.org_a)
    assert state_of(a, today=DUE + dt.timedelta(days=4)) == TrackingState.SENT
    services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version,
                           today=DUE + dt.timedelta(days=5))  # fmt: skip
    a = row(request, world.org_a)
    assert state_of(a, today=DUE + dt.timedelta(days=5)) == TrackingState.ACCEPTED and a.accepted_on
    assert ReportSubmission.objects.filter(recipient=a).count() == 2  # versions kept
    rows = {r.recipient.organization_id: r for r in recipients_of(request, today=DUE + dt.timedelta(days=5))}
    assert rows[world.org_a.pk].latest.number == 2 and not rows[world.org_a.pk].late
    assert rows[world.org_b.pk].state == TrackingState.LATE and rows[world.org_b.pk].late


def test_each_sending_and_answer_is_audited_once(world):
    request = ask(world)
    send(world, request, world.org_a)
    a = row(request, world.org_a)
    services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version, today=DUE)
    assert AuditEntry.objects.filter(action="reporting.request.submitted").count() == 1
    assert AuditEntry.objects.filter(action="reporting.request.accepted").count() == 1


@pytest.mark.parametrize(("content", "name"), [(PDF, "Báo cáo.pdf"), (DOCX, "Báo cáo.docx"), (XLSX, "Báo cáo.xlsx")])
def test_the_three_kinds_of_file_accepted(world, content, name):
    request = ask(world)
    submission = services.submit_report(
        actor=world.officer, request=request, organization=world.org_a, uploaded=upload(content, "../x/" + name),
        figures={"Số đảng viên": 1, "Số đảng viên mới kết nạp": 0}, today=DUE,
    )  # fmt: skip
    assert submission.original_name == name and "Báo" not in submission.file.name
    assert submission.file.name.endswith(name.rsplit(".", 1)[1])


def test_remind_one_and_all_late(world):
    org_c = make_org(name="Đảng bộ Trường Chính trị", kind="grassroots_committee", parent=world.bloc, code="C")
    request = ask(world, units=[world.org_a, world.org_b, org_c])
    send(world, request, world.org_a, on=DUE)
    late_day = DUE + dt.timedelta(days=1)
    reminders = services.remind_late(actor=world.bloc_officer, request=request, today=late_day)
    assert {r.recipient.organization_id for r in reminders} == {world.org_b.pk, org_c.pk}
    assert AuditEntry.objects.filter(action="reporting.request.reminded").count() == 2
    b = row(request, world.org_b)
    assert b.last_reminded_on == late_day
    services.remind(actor=world.bloc_officer, recipient=b, today=late_day + dt.timedelta(days=1))
    assert ReportReminder.objects.filter(recipient=b).count() == 2
    summary = inbox_summary(scope_for(world.outsider), today=late_day + dt.timedelta(days=1))
    assert (summary.total, summary.owing, summary.late) == (1, 1, 1)
    assert summary.reminded_on == late_day + dt.timedelta(days=1)


def test_no_late_unit_on_the_due_date(world):
    request = ask(world)
    with pytest.raises(DomainError, match="Không có đơn vị nào quá hạn"):
        services.remind_late(actor=world.bloc_officer, request=request, today=DUE)
    assert not ReportReminder.objects.exists()


def nothing_saved(before: tuple[int, int, int, int]) -> None:
    assert counts() == before


def counts() -> tuple[int, int, int, int]:
    return (ReportRequest.objects.count(), ReportSubmission.objects.count(), ReportReminder.objects.count(),
            AuditEntry.objects.filter(action__startswith="reporting.request").count())  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"due_on": ASKED_ON - dt.timedelta(days=1)}, r"Hạn gửi \(04/01/2026\) không được trước ngày yêu cầu"),
     ({"due_on": dt.date(2031, 1, 1)}, "Hạn gửi không được sau ngày 05/01/2028"),
     ({"title": "  "}, "Chưa nhập tên báo cáo"),
     ({"kind": "weekly"}, "Loại báo cáo không hợp lệ"),
     ({"kind": RequestKind.QUARTERLY, "period": 0}, "Chưa chọn kỳ báo cáo: quý"),
     ({"kind": RequestKind.SIX_MONTHLY, "period": 3}, "Chưa chọn kỳ báo cáo: 6 tháng"),
     ({"period": 2}, "không chia kỳ"),
     ({"year": 1900}, "Năm báo cáo phải từ 1930"),
     ({"figures": ["Số đảng viên", "số đảng viên"]}, "được nhập hai lần"),
     ({"units": []}, "Chưa chọn đơn vị"),
     ({"template": upload(b"MZ\x90binary", "mau.pdf")}, "Chỉ nhận tệp PDF, Word")],
)  # fmt: skip
def test_request_refusals_save_nothing(world, extra, message):
    before = counts()
    units = extra.pop("units", None)
    with pytest.raises(DomainError, match=message):
        if units is not None:
            services.create_request(actor=world.bloc_officer, requester=world.bloc, kind="yearly", year=2025,
                                    title="X", due_on=DUE, units=units, today=ASKED_ON)  # fmt: skip
        else:
            ask(world, **extra)
    nothing_saved(before)


def test_unit_outside_the_requester_tree_refused(world):
    before = counts()
    with pytest.raises(DomainError, match="không trực thuộc Đảng bộ Sở Tài chính"):
        services.create_request(
            actor=world.bloc_officer, requester=world.org_a, kind="yearly", year=2025, title="X", due_on=DUE,
            units=[world.cell_a1, world.cell_b1], today=ASKED_ON,
        )  # fmt: skip
    with pytest.raises(DomainError, match="không trực thuộc"):
        ask(world, units=[world.bloc])
    nothing_saved(before)


def test_submission_refusals_save_nothing(world):
    request = ask(world, units=[world.org_a])
    before = counts()
    with pytest.raises(DomainError, match="Đảng bộ Công ty Điện lực không được yêu cầu gửi báo cáo"):
        send(world, request, world.org_b)
    with pytest.raises(DomainError, match="Chỉ nhận tệp PDF, Word"):
        send(world, request, world.org_a, content=b"<html><script>alert(1)</script></html>")
    with pytest.raises(DomainError, match="Chỉ nhận tệp PDF, Word"):
        send(world, request, world.org_a, content=b"PK\x03\x04broken zip")
    with pytest.raises(DomainError, match="Tệp rỗng"):
        send(world, request, world.org_a, content=b"")
    with pytest.raises(DomainError, match="Chưa nhập số liệu “Số đảng viên mới kết nạp”"):
        send(world, request, world.org_a, figures={"Số đảng viên": 3})
    with pytest.raises(DomainError, match="phải là số nguyên"):
        send(world, request, world.org_a, figures={"Số đảng viên": "=1+1", "Số đảng viên mới kết nạp": 1})
    with pytest.raises(DomainError, match="phải từ 0"):
        send(world, request, world.org_a, figures={"Số đảng viên": -1, "Số đảng viên mới kết nạp": 1})
    with pytest.raises(DomainError, match="không yêu cầu số liệu"):
        send(world, request, world.org_a, figures={"Số đảng viên": 1, "Số đảng viên mới kết nạp": 1, "Khác": 2})
    nothing_saved(before)
    assert row(request, world.org_a).status == RecipientStatus.PENDING


def test_file_over_the_limit_refused(world, settings):
    settings.DANGBO_REPORT_FILE_MAX_BYTES = 1024 * 1024
    request = ask(world)
    before = counts()
    with pytest.raises(DomainError, match="Tệp quá lớn: tối đa 1 MB"):
        send(world, request, world.org_a, content=PDF + b"0" * (1024 * 1024))
    nothing_saved(before)


def test_no_submission_after_acceptance(world):
    request = ask(world)
    send(world, request, world.org_a)
    a = row(request, world.org_a)
    services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version, today=DUE)
    before = counts()
    with pytest.raises(DomainError, match="Báo cáo đã được cấp trên tiếp nhận"):
        send(world, request, world.org_a, on=DUE + dt.timedelta(days=1))
    nothing_saved(before)


def test_reminding_a_unit_that_sent_refused(world):
    request = ask(world)
    send(world, request, world.org_a)
    before = counts()
    with pytest.raises(DomainError, match="Đảng bộ Sở Tài chính đã gửi báo cáo: không cần nhắc"):
        services.remind(actor=world.bloc_officer, recipient=row(request, world.org_a), today=DUE)
    nothing_saved(before)


def test_review_refusals(world):
    request = ask(world)
    a = row(request, world.org_a)
    before = counts()
    with pytest.raises(DomainError, match="chưa gửi báo cáo mới"):
        services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version, today=DUE)
    send(world, request, world.org_a)
    a = row(request, world.org_a)
    with pytest.raises(DomainError, match="Chưa nhập lý do trả lại"):
        services.return_report(actor=world.bloc_officer, recipient=a, expected_version=a.version, comment=" ")
    with pytest.raises(ConcurrentEditError):
        services.accept_report(actor=world.bloc_officer, recipient=a, expected_version=a.version - 1)
    assert row(request, world.org_a).status == RecipientStatus.SUBMITTED
    assert counts() == (before[0], before[1] + 1, before[2], before[3] + 1)
