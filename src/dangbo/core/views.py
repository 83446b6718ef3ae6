"""Site-wide pages that belong to no domain app: the landing page, health, job progress, the CSRF failure page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .audit import log_action, log_denied
from .models import BackgroundJob

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
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress of one of the user's own jobs; polled by htmx every second until it ends."""
    job = _own_job_or_404(request, job_id)
    return render(request, "core/job_status.html", {"job": job})


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
    name = job.output_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=name)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: the refused form in the site's layout, in plain words, with a way back.

    Django's own page speaks English and of "CSRF tokens"; the user only needs to know that nothing was saved
    and that reloading the page fixes it. The technical reason stays out of the page.
    """
    return render(request, "403_csrf.html", status=403)
