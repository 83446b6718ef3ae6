"""Site-wide pages that belong to no domain app: the landing page, health, job progress, the CSRF failure page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import health as health_checks
from .audit import log_action, log_denied
from .errors import DomainError
from .jobs import rerun_job
from .models import BackgroundJob
from .workers import sweep

HomeView = Callable[[HttpRequest], HttpResponse]
_HOME: list[HomeView] = []


def register_home(view: HomeView) -> HomeView:
    """Let the top layer (the `home` app) serve the landing page: it reads every domain app, which core may not."""
    _HOME[:] = [view]
    return view


def query_without(request: HttpRequest, *names: str) -> str:
    """The list's query string without the page (and `names`), for the links of its pages and filters."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _own_job_or_404(request: HttpRequest, job_id: int, **conditions: object) -> BackgroundJob:
    """One of the user's own jobs. Another user's job answers 404 like a missing one, and the attempt is
    logged (`core.access.denied`), as every refused access is."""
    job = BackgroundJob.objects.filter(pk=job_id, owner_id=request.user.pk, **conditions).first()
    if job is None:
        if BackgroundJob.objects.filter(pk=job_id).exclude(owner_id=request.user.pk).exists():
            log_denied(actor=request.user, what="job", object_id=job_id, request=request)
        raise Http404
    return job


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the registered role home page, else the plain list of sections."""
    if _HOME:
        return _HOME[0](request)
    return render(request, "core/home.html")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer and monitoring, without login: the database, a live job worker, free disk space, and
    the apps' own checks (the daily notifications' last run).

    200 when the first three pass, else 503; the apps' failing checks are listed as warnings. The body names each
    check and its outcome, and nothing personal."""
    checks = health_checks.run_checks()
    failed = [name for name, check in checks.items() if not check["ok"] and check["critical"]]
    warnings = [name for name, check in checks.items() if not check["ok"] and not check["critical"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "warnings": warnings}
    return JsonResponse({**body, "checks": checks}, status=503 if failed else 200)


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress of one of the user's own jobs; polled by htmx every second until it ends. A running job whose
    worker died is marked failed here too, without waiting for a worker's sweep."""
    job = _own_job_or_404(request, job_id)
    if job.state == BackgroundJob.State.RUNNING and sweep(job_ids=[job.pk]):
        job.refresh_from_db()
    return render(request, "core/job_status.html", {"job": job})


@login_required
@require_POST
def job_rerun(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """The "Chạy lại" button: a failed job of the user's own started again with the same parameters. htmx swaps
    the new job's progress in place of the failed one's; without htmx the user goes back to the page they were on."""
    job = _own_job_or_404(request, job_id, state=BackgroundJob.State.FAILED)
    try:
        new = rerun_job(actor=request.user, job=job, request=request)
    except DomainError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "core/job_status.html", {"job": job, "refusal": exc.message}, status=409)
        messages.error(request, exc.message)
        new = job
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/job_status.html", {"job": new})
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "core:home"
    return redirect(back)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The file a finished job produced, for its owner only (exports hold personal data); each download is logged."""
    job = _own_job_or_404(request, job_id, state=BackgroundJob.State.DONE)
    if not job.output_file:
        raise Http404
    log_action(
        "core.job.downloaded",
        actor=request.user,
        object_type="job",
        object_id=job.pk,
        object_repr=job.kind,
        data={"file": job.output_file.name},
        request=request,
    )
    return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.download_name)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: the refused form in the site's layout, in plain words, with a way back.

    Django's own page speaks English and of "CSRF tokens"; the user only needs to know that nothing was saved
    and that reloading the page fixes it. The technical reason stays out of the page.
    """
    return render(request, "403_csrf.html", status=403)
