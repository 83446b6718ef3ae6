"""A meeting's minutes as documents: DOCX at once, PDF by the background job of `documents.rendering`, both from
the same Word template and both audited; read within the user's scope (404 and logged outside it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.documents.rendering import PDF_JOB_KIND, render_docx, start_pdf

from .. import documents, services
from ..models import Meeting
from ..review import review
from .common import meeting_in_scope

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECENT_JOBS = 5


def _values(meeting: Meeting) -> dict[str, object]:
    report = review(meeting, today=timezone.localdate())
    guests = [g.member.full_name for g in meeting.guests.select_related("member").order_by("member__sort_key")]
    return documents.fields_for(meeting, report, guests)


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk)
    try:
        content = render_docx(documents.APP, documents.TEMPLATE, documents.frame_for(meeting), _values(meeting))
    except DomainError as exc:  # a missing or broken template (an office's edited copy): say which
        context = {"meeting": meeting, "error": exc.message, "recent": []}
        return render(request, "meetings/minutes_pdf.html", context, status=500)
    services.audit("minutes_downloaded", actor=request.user, meeting=meeting, data={"format": "docx"})
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(meeting, "docx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_CELL_LIFE)
    meeting = meeting_in_scope(request, scope, pk)
    job: BackgroundJob | None = None
    error = ""
    filename = documents.file_name(meeting, "pdf")
    if request.method == "POST":
        try:
            job = start_pdf(
                owner=request.user, app_label=documents.APP, name=documents.TEMPLATE,
                info=documents.frame_for(meeting), fields=_values(meeting), filename=filename,
            )  # fmt: skip
        except DomainError as exc:
            error = exc.message
        else:
            services.audit("minutes_pdf_requested", actor=request.user, meeting=meeting,
                           data={"format": "pdf", "job": job.pk})  # fmt: skip
        if request.htmx and job is not None:  # type: ignore[attr-defined]
            return render(request, "core/job_status.html", {"job": job})
    recent = BackgroundJob.objects.filter(owner_id=request.user.pk, kind=PDF_JOB_KIND, params__filename=filename)
    context = {
        "meeting": meeting,
        "job": job,
        "error": error,
        "recent": list(recent.order_by("-created_at")[:RECENT_JOBS]),
    }
    return render(request, "meetings/minutes_pdf.html", context, status=400 if error else 200)
