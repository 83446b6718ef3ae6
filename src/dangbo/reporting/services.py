"""Making the year's report: checked and queued by the page, written by the background job, audited.

One job per format (Excel, Word or PDF): each job produces one file the user downloads from the job's
progress box. The job re-checks the owner's scope when it runs, so a right lost in the meantime does not
leak the figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.jobs import start_job
from dangbo.core.models import BackgroundJob
from dangbo.documents.frame import DocumentInfo
from dangbo.organizations.models import Organization

from .document import document_info
from .docx_report import build_docx
from .excel import build_workbook
from .fonts import font_files
from .pdf_report import build_pdf
from .year_report import YearReport, check_reportable, year_report

JOB_KIND = "reporting.year_report"
Writer = Callable[[YearReport, DocumentInfo], bytes]


@dataclass(frozen=True)
class ReportFormat:
    code: str
    label: str
    extension: str
    writer: Writer
    needs_font: bool


FORMATS: dict[str, ReportFormat] = {
    f.code: f
    for f in (
        ReportFormat("pdf", "PDF (.pdf)", "pdf", build_pdf, True),
        ReportFormat("docx", "Word (.docx)", "docx", build_docx, True),  # its chart images use the font
        ReportFormat("xlsx", "Excel (.xlsx)", "xlsx", build_workbook, False),
    )
}
STEPS = 4  # read the figures, write the document, save the file, record it


@dataclass(frozen=True)
class DocumentParams:
    """The parts of the document frame the user types (blank ones take the organization's defaults)."""

    number: str = ""
    symbol: str = ""
    place: str = ""
    day: dt.date | None = None
    on_behalf: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] | None = None
    superior: str | None = None  # None: the organization's default superior line; "": none

    def as_params(self) -> dict[str, Any]:
        return {
            "number": self.number, "symbol": self.symbol, "place": self.place,
            "day": self.day.isoformat() if self.day else "", "on_behalf": self.on_behalf,
            "signer_title": self.signer_title, "signer_name": self.signer_name,
            "recipients": list(self.recipients) if self.recipients is not None else None,
            "superior": self.superior,
        }  # fmt: skip

    def frame(self, today: dt.date) -> dict[str, Any]:
        """The keyword arguments of `documents.frame.document_frame` (the day defaults to `today`)."""
        return {
            "day": self.day or today, "number": self.number, "symbol": self.symbol, "place": self.place,
            "on_behalf": self.on_behalf, "signer_title": self.signer_title, "signer_name": self.signer_name,
            "recipients": list(self.recipients) if self.recipients is not None else None, "superior": self.superior,
        }  # fmt: skip

    @classmethod
    def from_params(cls, data: dict[str, Any]) -> DocumentParams:
        recipients = data.get("recipients")
        superior = data.get("superior")
        return cls(
            number=str(data.get("number", "")), symbol=str(data.get("symbol", "")),
            place=str(data.get("place", "")),
            day=dt.date.fromisoformat(data["day"]) if data.get("day") else None,
            on_behalf=str(data.get("on_behalf", "")), signer_title=str(data.get("signer_title", "")),
            signer_name=str(data.get("signer_name", "")),
            recipients=tuple(str(r) for r in recipients) if recipients is not None else None,
            superior=str(superior) if superior is not None else None,
        )  # fmt: skip


def report_format(code: str) -> ReportFormat:
    found = FORMATS.get(code)
    if found is None:
        raise DomainError(
            _("Định dạng báo cáo “%(code)s” không có; hãy chọn PDF, Word hoặc Excel.") % {"code": code},
            field="dinh_dang",
        )
    return found


def info_for(organization: Organization, *, year: int, params: DocumentParams, today: dt.date) -> DocumentInfo:
    return document_info(organization, year=year, **params.frame(today))


def report_filename(organization: Organization, *, year: int, fmt: ReportFormat) -> str:
    return f"bao-cao-danh-gia-xep-loai-{year}-{slugify(organization.code) or organization.pk}.{fmt.extension}"


def _check_scope(scope: Scope, organization: Organization) -> None:
    if not scope.covers_path(Right.VIEW_ORGS, organization.path):
        raise DomainError(_("Bạn không có quyền lập báo cáo của tổ chức đảng này."), field="to_chuc")


def start_year_report(
    *, actor: Any, scope: Scope, organization: Organization, year: int, fmt: str, params: DocumentParams
) -> BackgroundJob:
    """Queue the report. Steps: check the organization is in the actor's scope, the format exists, the
    organization carries figures for the year and (PDF, Word) the font is installed; create the job (it runs
    once the transaction commits)."""
    _check_scope(scope, organization)
    chosen = report_format(fmt)
    check_reportable(organization, year)
    if chosen.needs_font:
        font_files()
    return start_job(
        kind=JOB_KIND,
        owner=actor,
        params={
            "organization_id": organization.pk,
            "organization_name": organization.name,
            "year": year,
            "format": chosen.code,
            "document": params.as_params(),
        },
    )


@dataclass(frozen=True)
class GeneratedReport:
    filename: str
    content: bytes
    report: YearReport


def generate_year_report(
    *,
    actor: Any,
    scope: Scope,
    organization: Organization,
    year: int,
    fmt: str,
    params: DocumentParams,
    today: dt.date,
    store: Callable[[str, bytes], None],
    on_step: Callable[[int, str], None] | None = None,
    job_id: int | None = None,
) -> GeneratedReport:
    """Write and store the report file. Steps: check scope, format and figures; gather the figures
    (`year_report`); lay out the document in the chosen format; `store(filename, content)`; record
    "reporting.year_report.generated" with the year and format. `on_step(done, message)` reports progress.

    Only the audit entry is written in a transaction: the progress written by `on_step` must reach the page
    polling it while the report is being made, and the report reads only.
    """

    def step(done: int, message: str) -> None:
        if on_step is not None:
            on_step(done, message)

    _check_scope(scope, organization)
    chosen = report_format(fmt)
    step(0, _("Đang đọc số liệu chỉ tiêu…"))
    report = year_report(organization, year=year)
    info = info_for(organization, year=year, params=params, today=today)
    step(1, _("Đang vẽ biểu đồ và trình bày văn bản…"))
    content = chosen.writer(report, info)
    step(2, _("Đang lưu tệp…"))
    filename = report_filename(organization, year=year, fmt=chosen)
    store(filename, content)
    step(3, _("Đang ghi nhật ký…"))
    data: dict[str, Any] = {"year": year, "format": chosen.code, "bytes": len(content)}
    if job_id is not None:
        data["job"] = job_id
    with transaction.atomic():
        log_action(
            "reporting.year_report.generated",
            actor=actor,
            object_type="organization",
            object_id=organization.pk,
            object_repr=organization.name,
            scope_path=organization.path,
            data=data,
        )
    return GeneratedReport(filename, content, report)
