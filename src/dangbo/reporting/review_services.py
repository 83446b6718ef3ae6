"""Making a plan's review: checked and queued by the page or the API, written by the background job, audited.

One job per format (Word or PDF). The job re-checks the owner's scope when it runs, so a right lost in the
meantime does not leak the figures, and reads only the plan's tasks the owner sees then (`tasks_for`, as on the
plan's page). The audit entry of the generation is the record of the export (the file's
size, format and job); each download of the file is logged by the job's download view.
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
from dangbo.core.text import normalize_search
from dangbo.organizations.models import Organization
from dangbo.planning.models import Plan
from dangbo.planning.plan_selectors import responsibility_of, tasks_for

from .docx_report import write_docx
from .fonts import font_files
from .pdf_report import write_pdf
from .plan_review import PlanReview, check_review, plan_review, review_kind
from .review_content import review_blocks, review_info
from .services import DocumentParams

JOB_KIND = "reporting.plan_review"
STEPS = 4  # read the figures, write the document, save the file, record it


@dataclass(frozen=True)
class ReviewFormat:
    code: str
    label: str
    extension: str
    writer: Callable[..., bytes]


FORMATS: dict[str, ReviewFormat] = {
    f.code: f
    for f in (
        ReviewFormat("docx", "Word (.docx)", "docx", write_docx),
        ReviewFormat("pdf", "PDF (.pdf)", "pdf", write_pdf),
    )
}


def review_format(code: str) -> ReviewFormat:
    found = FORMATS.get(code)
    if found is None:
        raise DomainError(
            _("Định dạng “%(code)s” không có; hãy chọn Word hoặc PDF.") % {"code": code}, field="dinh_dang"
        )
    return found


def review_filename(review: PlanReview, fmt: ReviewFormat) -> str:
    plan = slugify(normalize_search(review.plan.document_number).replace("/", "-")) or str(review.plan.pk)
    org = slugify(review.organization.code) or str(review.organization.pk)
    kind = "so-ket" if review.kind == "mid_term" else "tong-ket"
    return f"bao-cao-{kind}-{plan}-{review.end_year}-{org}.{fmt.extension}"


def check_scope(scope: Scope, organization: Organization) -> None:
    if not scope.covers_path(Right.VIEW_ORGS, organization.path):
        raise DomainError(_("Bạn không có quyền lập báo cáo của tổ chức đảng này."), field="to_chuc")


@dataclass(frozen=True)
class ReviewRequest:
    """What the user asks for: which plan, which kind of review, by which organization, up to which year."""

    plan: Plan
    kind: str
    organization: Organization
    end_year: int
    fmt: str

    def check(self, scope: Scope, today: dt.date) -> ReviewFormat:
        check_scope(scope, self.organization)
        review_kind(self.kind)
        chosen = review_format(self.fmt)
        check_review(self.plan, self.organization, end_year=self.end_year, today=today)
        return chosen


def start_plan_review(
    *, actor: Any, scope: Scope, asked: ReviewRequest, params: DocumentParams, today: dt.date
) -> BackgroundJob:
    """Queue the review. Steps: check the organization is in the actor's scope, the kind, the format, the plan's
    years and the organization's place under the plan, and that the font is installed; create the job (it runs
    once the transaction commits)."""
    chosen = asked.check(scope, today)
    font_files()
    return start_job(
        kind=JOB_KIND,
        owner=actor,
        params={
            "plan_id": asked.plan.pk, "plan_number": asked.plan.document_number, "kind": asked.kind,
            "organization_id": asked.organization.pk, "organization_name": asked.organization.name,
            "year": asked.end_year, "format": chosen.code, "document": params.as_params(),
        },
    )  # fmt: skip


@dataclass(frozen=True)
class GeneratedReview:
    filename: str
    content: bytes
    review: PlanReview


def generate_plan_review(
    *,
    actor: Any,
    scope: Scope,
    asked: ReviewRequest,
    params: DocumentParams,
    today: dt.date,
    store: Callable[[str, bytes], None],
    on_step: Callable[[int, str], None] | None = None,
    job_id: int | None = None,
) -> GeneratedReview:
    """Write and store the review file. Steps: the checks of `start_plan_review`; gather the figures
    (`plan_review`, over the tasks the scope's user sees now: `tasks_for`, the plan page's rule); lay the blocks
    out in the chosen format; `store(filename, content)`; record "reporting.plan_review.generated" with the plan,
    kind, year, format, file and size. `on_step(done, message)` reports progress. Only the audit entry is written
    in a transaction (the progress must reach the polling page)."""

    def step(done: int, message: str) -> None:
        if on_step is not None:
            on_step(done, message)

    chosen = asked.check(scope, today)
    step(0, _("Đang đọc số liệu chỉ tiêu, nhiệm vụ và báo cáo của các đơn vị…"))
    seen = tasks_for(scope, responsibility_of(scope.user_id))
    review = plan_review(asked.plan, kind=asked.kind, organization=asked.organization, end_year=asked.end_year,
                         today=today, seen=seen)  # fmt: skip
    info = review_info(review, **params.frame(today))
    step(1, _("Đang trình bày văn bản…"))
    content = chosen.writer(review_blocks(review, info), info)
    step(2, _("Đang lưu tệp…"))
    filename = review_filename(review, chosen)
    store(filename, content)
    step(3, _("Đang ghi nhật ký…"))
    data: dict[str, Any] = {
        "plan_number": asked.plan.document_number, "review": review.kind_label, "year": asked.end_year,
        "format": chosen.code, "file": filename, "bytes": len(content),
    }  # fmt: skip
    if job_id is not None:
        data["job"] = job_id
    with transaction.atomic():
        log_action(
            "reporting.plan_review.generated",
            actor=actor,
            object_type="organization",
            object_id=asked.organization.pk,
            object_repr=f"{asked.plan.document_number} — {asked.organization.name}",
            scope_path=asked.organization.path,
            data=data,
        )
    return GeneratedReview(filename, content, review)
