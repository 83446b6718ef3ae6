"""The admission documents: the two decisions as DOCX (at once) and PDF (a background job with progress), and
the candidate and probationary-member lists as Excel. Each is read within the user's scope and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.documents.rendering import PDF_JOB_KIND, render_docx, start_pdf
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organizations_for

from . import documents, exports
from .models import Candidate
from .selectors import candidates_for

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECENT_JOBS = 5


def _candidate(request: HttpRequest, scope: Scope, pk: int) -> Candidate:
    queryset = candidates_for(scope).select_related("cell", "cell__parent", "deciding_committee")
    return get_in_scope_or_404(request, queryset, pk, what="candidate")


def _not_ready(request: HttpRequest, candidate: Candidate, kind: documents.DecisionKind) -> HttpResponse:
    """The candidacy has not reached the decision yet: a plain explanation, answered as "not found"."""
    context = {"candidate": candidate, "kind": kind}
    return render(request, "admissions/documents/not_ready.html", context, status=404)


def _audit(request: HttpRequest, candidate: Candidate, kind: documents.DecisionKind, fmt: str, **data: Any) -> None:
    log_action(
        f"admissions.{kind.code}.{'downloaded' if fmt == 'docx' else 'pdf_requested'}",
        actor=request.user,
        object_type="candidate",
        object_id=candidate.pk,
        object_repr=candidate.full_name,
        scope_path=candidate.path,
        data={"format": fmt, **data},
        request=request,
    )


def _docx(request: HttpRequest, pk: int, kind: documents.DecisionKind) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    candidate = _candidate(request, scope, pk)
    if not documents.has_reached(candidate, kind.first_stage):
        return _not_ready(request, candidate, kind)
    info = documents.frame_for(candidate, kind)
    try:
        content = render_docx(documents.APP, kind.template, info, documents.fields_for(candidate, kind))
    except DomainError as exc:  # a missing or broken template (an office's edited copy): say which
        context = {"candidate": candidate, "kind": kind, "error": exc.message, "recent": []}
        return render(request, "admissions/documents/pdf.html", context, status=500)
    _audit(request, candidate, kind, "docx")
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(candidate, kind, "docx")}"'
    return response


def _pdf(request: HttpRequest, pk: int, kind: documents.DecisionKind) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    candidate = _candidate(request, scope, pk)
    if not documents.has_reached(candidate, kind.first_stage):
        return _not_ready(request, candidate, kind)
    job: BackgroundJob | None = None
    error = ""
    if request.method == "POST":
        info = documents.frame_for(candidate, kind)
        try:
            job = start_pdf(
                owner=request.user, app_label=documents.APP, name=kind.template, info=info,
                fields=documents.fields_for(candidate, kind), filename=documents.file_name(candidate, kind, "pdf"),
            )  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            _audit(request, candidate, kind, "pdf", job=job.pk)
        if request.htmx and job is not None:  # type: ignore[attr-defined]
            return render(request, "core/job_status.html", {"job": job})
    recent = BackgroundJob.objects.filter(
        owner_id=request.user.pk, kind=PDF_JOB_KIND, params__filename=documents.file_name(candidate, kind, "pdf")
    ).order_by("-created_at")[:RECENT_JOBS]
    context = {"candidate": candidate, "kind": kind, "job": job, "error": error, "recent": list(recent)}
    return render(request, "admissions/documents/pdf.html", context, status=400 if error else 200)


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _docx(request, pk, documents.ADMISSION)


@require_http_methods(["GET", "POST"])
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, documents.ADMISSION)


@require_GET
def recognition_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _docx(request, pk, documents.RECOGNITION)


@require_http_methods(["GET", "POST"])
def recognition_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, documents.RECOGNITION)


def _filters(request: HttpRequest, scope: Scope) -> tuple[Organization | None, int | None]:
    """GET `to_chuc` (an organization in the scope: out of it, 404 and logged) and `nam` (a year)."""
    organization = None
    raw = request.GET.get("to_chuc", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        organization = get_in_scope_or_404(
            request, organizations_for(scope, right=Right.VIEW_ADMISSIONS), int(raw), what="organization"
        )
    year = None
    raw_year = request.GET.get("nam", "").strip()
    if raw_year:
        if not raw_year.isdigit() or not 1930 <= int(raw_year) <= timezone.localdate().year + 1:
            raise Http404
        year = int(raw_year)
    return organization, year


def _single_path(scope: Scope) -> str:
    """The part of the tree an unfiltered export covers, when it is one subtree ("" otherwise)."""
    paths = scope.paths(Right.VIEW_ADMISSIONS)
    return paths[0] if len(paths) == 1 else ""


def _export(request: HttpRequest, scope: Scope, which: str) -> HttpResponse:
    organization, year = _filters(request, scope)
    qs = candidates_for(scope)
    if organization is not None:
        qs = qs.filter(path__startswith=organization.path)
    if which == "candidates":
        qs = exports.candidates_list(qs, year=year)
        columns, title, stem = exports.CANDIDATE_COLUMNS, "Quần chúng ưu tú", "danh-sach-quan-chung-uu-tu"
    else:
        qs = exports.probationary_list(qs, year=year)
        columns, title, stem = exports.PROBATION_COLUMNS, "Đảng viên dự bị", "danh-sach-dang-vien-du-bi"
    content, rows = exports.build_workbook(qs, columns, title=title)
    log_action(
        f"admissions.{which}.exported",
        actor=request.user,
        object_type="candidate_list",
        object_id=organization.pk if organization is not None else "",
        object_repr=organization.name if organization is not None else title,
        scope_path=organization.path if organization is not None else _single_path(scope),
        data={"year": year, "rows": rows},
        request=request,
    )
    today: dt.date = timezone.localdate()
    filename = f"{stem}{f'-{year}' if year else ''}-{today:%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_candidates(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    return _export(request, scope, "candidates")


@require_GET
def export_probationary(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    return _export(request, scope, "probationary")
