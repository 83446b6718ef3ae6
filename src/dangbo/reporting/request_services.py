"""Writes to the reports a committee asks of its lower levels: one entry point per change, each checked, audited and
refused in Vietnamese with nothing written.

- `create_request`: the committee (an organization) asks some units under it for a report of a kind and period,
  by a due date, with the key figures it wants and an optional template file.
- `submit_report`: a unit asked for the report sends it (a file and the figures); each sending is a new version.
- `remind` / `remind_late`: a reminder to one unit that has not sent it, or to every late unit (one audit entry
  per reminder).
- `accept_report` / `return_report`: the committee's answer to the latest version, with a comment (required when
  returned); a returned report is sent again, an accepted one is closed.

Files are judged by their content, not their name (`dangbo.core.uploads`): PDF, Word (.docx) or Excel (.xlsx), not
empty, at most `max_bytes()`; the stored name is made by the server, the user's name kept only as a label.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dangbo.core import uploads
from dangbo.core.audit import log_action
from dangbo.core.dates import add_years
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.organizations.models import Organization

from .enums import OWING, PERIODS_PER_YEAR, RecipientStatus, RequestKind
from .models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission

FILE_KINDS = (uploads.PDF, uploads.DOCX, uploads.XLSX)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TITLE_LENGTH, NOTE_LENGTH, COMMENT_LENGTH = 255, 2000, 2000
FIGURE_NAME_LENGTH, MAX_FIGURES, MAX_FIGURE_VALUE = 120, 20, 10**9
MAX_DUE_YEARS = 2  # a due date more than two years after the request is a typing error
FIRST_YEAR = 1930


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_REPORT_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _store(field_file: Any, uploaded: UploadedFile, *, field: str = "file") -> tuple[str, str]:
    """Check the file (content of a kind in `FILE_KINDS`, not empty, at most `max_bytes()`) and save it under a
    name made here; its content type and its name as sent."""
    kind, original, _ = uploads.check_upload(
        uploaded, allowed=FILE_KINDS, max_bytes=max_bytes(), field=field, unnamed="bao-cao"
    )
    field_file.save(f"{uuid.uuid4().hex}.{kind.code}", uploaded, save=False)
    return kind.content_type, original


def _text(value: Any, *, label: str, field: str, max_length: int, required: bool = False, lines: bool = False) -> str:
    text = str(value or "").strip() if lines else " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


def clean_figure_names(names: Iterable[Any]) -> list[str]:
    """The figures' names with single spaces, empty ones dropped; refused when repeated, too long or too many."""
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(str(raw or "").split())
        if not name:
            continue
        if len(name) > FIGURE_NAME_LENGTH:
            raise DomainError(f"Tên số liệu “{name[:40]}…” dài quá {FIGURE_NAME_LENGTH} ký tự.", field="figures")
        if name.casefold() in {n.casefold() for n in cleaned}:
            raise DomainError(f"Số liệu “{name}” được nhập hai lần.", field="figures")
        cleaned.append(name)
    if len(cleaned) > MAX_FIGURES:
        raise DomainError(f"Một báo cáo yêu cầu tối đa {MAX_FIGURES} số liệu chủ yếu.", field="figures")
    return cleaned


def _check_period(*, kind: str, year: int, period: int, today: dt.date) -> None:
    if kind not in RequestKind.values:
        raise DomainError("Loại báo cáo không hợp lệ.", field="kind")
    if not FIRST_YEAR <= year <= today.year + 1:
        raise DomainError(f"Năm báo cáo phải từ {FIRST_YEAR} đến {today.year + 1}.", field="year")
    periods = PERIODS_PER_YEAR.get(kind, 0)
    if periods and not 1 <= period <= periods:
        label = "6 tháng (1 hoặc 2)" if periods == 2 else "quý (1 đến 4)"
        raise DomainError(f"Chưa chọn kỳ báo cáo: {label}.", field="period")
    if not periods and period:
        raise DomainError("Loại báo cáo này không chia kỳ trong năm.", field="period")


def _check_units(requester: Organization, units: list[Organization]) -> list[Organization]:
    if not units:
        raise DomainError("Chưa chọn đơn vị phải gửi báo cáo.", field="units")
    seen: dict[int, Organization] = {}
    for unit in units:
        if unit.pk == requester.pk or not unit.path.startswith(requester.path):
            raise DomainError(f"“{unit.name}” không trực thuộc {requester.name}.", field="units")
        if not unit.is_active:
            raise DomainError(f"“{unit.name}” đã giải thể.", field="units")
        seen.setdefault(unit.pk, unit)
    return list(seen.values())


def _request_audit(action: str, *, actor: Any, request: ReportRequest, data: dict[str, Any]) -> None:
    log_action(
        f"reporting.request.{action}", actor=actor, object_type="report_request", object_id=request.pk,
        object_repr=request.title, scope_path=request.path, data=data,
    )  # fmt: skip


def _recipient_audit(action: str, *, actor: Any, recipient: ReportRecipient, data: dict[str, Any]) -> None:
    log_action(
        f"reporting.request.{action}", actor=actor, object_type="report_request", object_id=recipient.request_id,
        object_repr=f"{recipient.request.title} — {recipient.organization.name}", scope_path=recipient.path,
        data={"recipient_id": recipient.pk, "organization_id": recipient.organization_id, **data},
    )  # fmt: skip


@transaction.atomic
def create_request(
    *, actor: Any, requester: Organization, kind: str, year: int, period: int = 0, title: str, due_on: dt.date,
    units: list[Organization], figures: Iterable[Any] = (), note: str = "", template: UploadedFile | None = None,
    today: dt.date | None = None,
) -> ReportRequest:  # fmt: skip
    """Ask units for a report. Steps: clean the title, note and figure names; check the kind and its period, the
    year, the due date (not before today, at most two years ahead), the units (under the requester, active, at
    least one), the template's content (PDF, Word or Excel); save the request and one row per unit; audit."""
    today = today or timezone.localdate()
    title = _text(title, label="tên báo cáo", field="title", max_length=TITLE_LENGTH, required=True)
    note = _text(note, label="ghi chú", field="note", max_length=NOTE_LENGTH, lines=True)
    names = clean_figure_names(figures)
    _check_period(kind=kind, year=year, period=period, today=today)
    if due_on < today:
        raise DomainError(f"Hạn gửi ({d(due_on)}) không được trước ngày yêu cầu ({d(today)}).", field="due_on")
    latest = add_years(today, MAX_DUE_YEARS)
    if due_on > latest:
        raise DomainError(f"Hạn gửi không được sau ngày {d(latest)}.", field="due_on")
    if not requester.is_active:
        raise DomainError(f"“{requester.name}” đã giải thể.", field="requester")
    chosen = _check_units(requester, units)
    request = ReportRequest(
        requester=requester, path=requester.path, kind=kind, year=year, period=period, title=title,
        requested_on=today, due_on=due_on, figures=names, note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    if template is not None:
        request.template_content_type, request.template_name = _store(request.template, template, field="template")
    request.save()
    ReportRecipient.objects.bulk_create(
        [ReportRecipient(request=request, organization=unit, path=unit.path) for unit in chosen]
    )
    _request_audit("created", actor=actor, request=request, data={
        "kind": kind, "year": year, "period": period, "due_on": due_on.isoformat(), "figures": names,
        "units": [unit.pk for unit in chosen],
    })  # fmt: skip
    return request


def clean_figures(request: ReportRequest, values: Mapping[str, Any]) -> dict[str, int]:
    """Every figure the request asks for, as a whole number from 0 to 10⁹; unknown names refused."""
    unknown = [name for name in values if name not in request.figures]
    if unknown:
        raise DomainError(f"Báo cáo này không yêu cầu số liệu “{unknown[0]}”.", field="figures")
    cleaned: dict[str, int] = {}
    for name in request.figures:
        raw = values.get(name)
        if raw is None or str(raw).strip() == "":
            raise DomainError(f"Chưa nhập số liệu “{name}”.", field="figures")
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise DomainError(f"Số liệu “{name}” phải là số nguyên.", field="figures") from None
        if not 0 <= number <= MAX_FIGURE_VALUE:
            raise DomainError(
                f"Số liệu “{name}” phải từ 0 đến {MAX_FIGURE_VALUE:,}.".replace(",", "."), field="figures"
            )
        cleaned[name] = number
    return cleaned


@transaction.atomic
def submit_report(
    *, actor: Any, request: ReportRequest, organization: Organization, uploaded: UploadedFile,
    figures: Mapping[str, Any], note: str = "", today: dt.date | None = None,
) -> ReportSubmission:  # fmt: skip
    """A unit sends the report (a new version each time). Refused: the unit was not asked for this report; it was
    already accepted; the figures are missing or not whole numbers; the file is empty, too large or not PDF, Word or
    Excel by its content. The unit's row becomes "submitted" with the day; audit."""
    today = today or timezone.localdate()
    recipient = (
        ReportRecipient.objects.select_for_update()
        .select_related("request", "organization")
        .filter(request=request, organization=organization)
        .first()
    )
    if recipient is None:
        raise DomainError(f"{organization.name} không được yêu cầu gửi báo cáo “{request.title}”.", field="request")
    if recipient.status == RecipientStatus.ACCEPTED:
        raise DomainError("Báo cáo đã được cấp trên tiếp nhận: không gửi lại được.", field="request")
    note = _text(note, label="ghi chú", field="note", max_length=NOTE_LENGTH, lines=True)
    values = clean_figures(recipient.request, figures)
    number = (recipient.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    submission = ReportSubmission(
        recipient=recipient, number=number, submitted_on=today, size=uploaded.size or 0,
        figures=values, note=note, submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    submission.content_type, submission.original_name = _store(submission.file, uploaded)
    submission.save()
    recipient.status, recipient.submitted_on = RecipientStatus.SUBMITTED, today
    recipient.version += 1
    recipient.save(update_fields=["status", "submitted_on", "version", "updated_at"])
    _recipient_audit("submitted", actor=actor, recipient=recipient, data={
        "number": number, "file": submission.original_name, "size": submission.size, "figures": values,
        "late": today > recipient.request.due_on,
    })  # fmt: skip
    return submission


def _remind(*, actor: Any, recipient: ReportRecipient, today: dt.date) -> ReportReminder:
    reminder = ReportReminder.objects.create(
        recipient=recipient, sent_on=today, sent_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    ReportRecipient.objects.filter(pk=recipient.pk).update(last_reminded_on=today)
    _recipient_audit("reminded", actor=actor, recipient=recipient, data={"reminder_id": reminder.pk})
    return reminder


@transaction.atomic
def remind(*, actor: Any, recipient: ReportRecipient, today: dt.date | None = None) -> ReportReminder:
    """Remind one unit that has not sent the report (not sent yet, or returned). Refused when it has sent it."""
    today = today or timezone.localdate()
    locked = ReportRecipient.objects.select_for_update().select_related("request", "organization").get(pk=recipient.pk)
    if locked.status not in OWING:
        raise DomainError(f"{locked.organization.name} đã gửi báo cáo: không cần nhắc.", field="recipient")
    return _remind(actor=actor, recipient=locked, today=today)


@transaction.atomic
def remind_late(*, actor: Any, request: ReportRequest, today: dt.date | None = None) -> list[ReportReminder]:
    """Remind every unit late with the report (owing it after the due date): one reminder and one audit entry
    each. Refused when no unit is late."""
    today = today or timezone.localdate()
    late = list(
        ReportRecipient.objects.select_for_update()
        .select_related("request", "organization")
        .filter(request=request, status__in=OWING, request__due_on__lt=today)
        .order_by("organization__sort_key", "id")
    )
    if not late:
        raise DomainError("Không có đơn vị nào quá hạn gửi báo cáo.", field="request")
    return [_remind(actor=actor, recipient=recipient, today=today) for recipient in late]


def _review(
    *, actor: Any, recipient: ReportRecipient, expected_version: int, outcome: str, comment: str, today: dt.date
) -> ReportRecipient:
    locked = ReportRecipient.objects.select_for_update().select_related("request", "organization").get(pk=recipient.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.status != RecipientStatus.SUBMITTED:
        raise DomainError(f"{locked.organization.name} chưa gửi báo cáo mới để xem xét.", field="recipient")
    required = outcome == RecipientStatus.RETURNED
    comment = _text(comment, label="lý do trả lại" if required else "ý kiến", field="comment",
                    max_length=COMMENT_LENGTH, required=required, lines=True)  # fmt: skip
    latest = locked.submissions.order_by("-number").first()
    assert latest is not None  # a submitted row has a version
    latest.outcome, latest.review_comment, latest.reviewed_on = outcome, comment, today
    latest.save(update_fields=["outcome", "review_comment", "reviewed_on", "updated_at"])
    locked.status = outcome
    locked.accepted_on = today if outcome == RecipientStatus.ACCEPTED else None
    locked.version += 1
    locked.save(update_fields=["status", "accepted_on", "version", "updated_at"])
    _recipient_audit(outcome, actor=actor, recipient=locked, data={"number": latest.number, "comment": comment})
    return locked


@transaction.atomic
def accept_report(
    *, actor: Any, recipient: ReportRecipient, expected_version: int, comment: str = "", today: dt.date | None = None
) -> ReportRecipient:
    """Accept the latest version sent (an optional comment). Refused unless a version waits for an answer; a stale
    version → ConcurrentEditError."""
    return _review(actor=actor, recipient=recipient, expected_version=expected_version,
                   outcome=RecipientStatus.ACCEPTED, comment=comment, today=today or timezone.localdate())  # fmt: skip


@transaction.atomic
def return_report(
    *, actor: Any, recipient: ReportRecipient, expected_version: int, comment: str, today: dt.date | None = None
) -> ReportRecipient:
    """Return the latest version sent with the reason (required): the unit sends it again. Refused unless a
    version waits for an answer; a stale version → ConcurrentEditError."""
    return _review(actor=actor, recipient=recipient, expected_version=expected_version,
                   outcome=RecipientStatus.RETURNED, comment=comment, today=today or timezone.localdate())  # fmt: skip


def record_file_viewed(*, actor: Any, submission: ReportSubmission, request: Any = None) -> None:
    """Audit one opening of a unit's sent file (the page's link or the API's download)."""
    recipient = submission.recipient
    log_action(
        "reporting.request.file_viewed", actor=actor, object_type="report_request", object_id=recipient.request_id,
        object_repr=f"{recipient.request.title} — {recipient.organization.name}", scope_path=recipient.path,
        request=request, data={"submission_id": submission.pk},
    )  # fmt: skip


def submission_filename(submission: ReportSubmission) -> str:
    """The name a sent file downloads under: "bao-cao-<id>" with the extension it was stored with."""
    return f"bao-cao-{submission.pk}.{submission.file.name.rsplit('.', 1)[-1]}"
