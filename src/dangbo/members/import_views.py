"""Excel import pages: upload, template download, preview with row errors, confirmation.

Only the job's owner sees its preview or confirms it; anyone else gets 404 (and the attempt is logged).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.core.errors import DomainError
from dangbo.core.models import BackgroundJob
from dangbo.core.workers import sweep

from .import_container import ImportLimits
from .import_forms import ImportConfirmForm, ImportUploadForm
from .import_jobs import APPLY, UPLOAD_GONE, VALIDATE, import_jobs_of, request_apply, start_validation
from .import_template import CONTENT_TYPE, FILE_NAME, build_template
from .importing import check_upload, format_megabytes

WHAT = "import_job"
RECENT_JOBS = 10
SHOWN_ERRORS = 500


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload page: the file's size and zip container are checked before anything is stored; nothing is parsed
    in this request (sheets, columns and rows are checked by the validation job)."""
    require_right(request, Right.IMPORT)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, limits=ImportLimits.from_settings())
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            job = start_validation(owner=request.user, upload=upload)
            return redirect("imports:preview", job_id=job.pk)
    context = {
        "form": form,
        "recent": list(import_jobs_of(request.user)[:RECENT_JOBS]),
        "max_size": format_megabytes(settings.DANGBO_IMPORT_MAX_BYTES),
        "validate_kind": VALIDATE,
    }
    return render(request, "members/import_start.html", context)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The documented Excel template (no data in it)."""
    require_right(request, Right.IMPORT)
    response = HttpResponse(build_template(max_bytes=settings.DANGBO_IMPORT_MAX_BYTES), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}"'
    return response


def _job_context(job: BackgroundJob) -> dict[str, Any]:
    result = job.result or {}
    context: dict[str, Any] = {
        "job": job,
        "running": job.state in (BackgroundJob.State.QUEUED, BackgroundJob.State.RUNNING),
        "is_validation": job.kind == VALIDATE,
        "is_apply": job.kind == APPLY,
        "result": result,
        "upload_gone_text": UPLOAD_GONE,
    }
    if job.kind == VALIDATE and job.state == BackgroundJob.State.DONE:
        errors = result.get("errors", [])
        apply_job_id = result.get("apply_job_id")
        context.update(
            errors=errors[:SHOWN_ERRORS],
            hidden_errors=int(result.get("error_count", 0)) - min(len(errors), SHOWN_ERRORS),
            confirm_form=ImportConfirmForm(),
            upload_gone=not job.input_file,
            apply_job=(
                BackgroundJob.objects.filter(pk=int(apply_job_id), owner=job.owner_id, kind=APPLY).first()
                if apply_job_id
                else None
            ),
        )
    if job.kind == APPLY:
        context["source_id"] = job.params.get("source_job_id")
    return context


@login_required
@require_GET
def import_preview(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress of an import job, then its outcome: the preview of a check, or the counts of an import.

    htmx polls this page while the job runs and swaps in the panel alone. A running job whose worker died
    is marked failed here (docs/decisions/0050).
    """
    require_right(request, Right.IMPORT)
    job = get_in_scope_or_404(request, import_jobs_of(request.user), job_id, what=WHAT)
    if job.state == BackgroundJob.State.RUNNING and sweep(job_ids=[job.pk]):  # its worker died
        job.refresh_from_db()
    template = "members/import_job_panel.html" if request.htmx else "members/import_job.html"  # type: ignore[attr-defined]
    return render(request, template, _job_context(job))


@login_required
@require_POST
def import_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    """Queue the import of a previewed file; refused when rows failed unless "only the valid rows" is ticked."""
    require_right(request, Right.IMPORT)
    job = get_in_scope_or_404(request, import_jobs_of(request.user).filter(kind=VALIDATE), job_id, what=WHAT)
    form = ImportConfirmForm(request.POST)
    only_valid = form.is_valid() and bool(form.cleaned_data["only_valid"])
    try:
        apply_job = request_apply(owner=request.user, source=job, only_valid=only_valid)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", job_id=job.pk)
    messages.success(request, _("Đã bắt đầu nhập dữ liệu."))
    return redirect("imports:preview", job_id=apply_job.pk)
