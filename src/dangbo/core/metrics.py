"""Prometheus metrics at /metrics: request latency, and the background jobs read from the database at each scrape.

Under gunicorn each worker process counts its own requests; with `PROMETHEUS_MULTIPROC_DIR` set (scripts/serve and
the systemd unit set it) they write to files in that folder and a scrape of any worker adds them up. The job
figures come from one grouped query on `core.BackgroundJob` per scrape, so every worker answers the same.

The page shows no personal data but tells the site's load and failures: it answers only a request made straight
(no `X-Forwarded-For`, so not relayed by the reverse proxy) from an address of `DANGBO_METRICS_ALLOWED`
(default: this machine), or one carrying `Authorization: Bearer <DANGBO_METRICS_TOKEN>`. Anything else gets 404.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import os
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds: a page answers in tens of milliseconds; an inline export of 5,000 rows takes seconds.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
FAILED_WINDOW = dt.timedelta(hours=24)

REQUEST_SECONDS = Histogram(
    "dangbo_http_request_duration_seconds",
    "Time to answer a request, by method, URL name (empty: static file or no match) and status class.",
    ["method", "route", "status"],
    buckets=BUCKETS,
    registry=None,
)


def observe_request(*, method: str, route: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(
        method=method if method in METHODS else "other", route=route, status=f"{status // 100}xx"
    ).observe(seconds)


class JobCollector(Collector):
    """Queue depth, age of the oldest queued job, running jobs and jobs failed in the last 24 hours."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from .models import BackgroundJob  # the logging setup imports this module before the apps are ready

        now = timezone.now()
        state = BackgroundJob.State
        rows = (
            BackgroundJob.objects.filter(
                Q(state__in=[state.QUEUED, state.RUNNING]) | Q(state=state.FAILED, finished_at__gte=now - FAILED_WINDOW)
            )
            .order_by()
            .values("state")
            .annotate(n=Count("id"), oldest=Min("created_at"))
        )
        by_state = {row["state"]: row for row in rows}
        queued = by_state.get(state.QUEUED)
        yield GaugeMetricFamily(
            "dangbo_jobs_queued", "Background jobs waiting for a worker.", queued["n"] if queued else 0
        )
        age = (now - queued["oldest"]).total_seconds() if queued else 0.0
        yield GaugeMetricFamily(
            "dangbo_jobs_oldest_queued_age_seconds", "Age of the oldest job still waiting (0: none waits).", age
        )
        running = by_state.get(state.RUNNING)
        yield GaugeMetricFamily("dangbo_jobs_running", "Background jobs being run.", running["n"] if running else 0)
        failed = by_state.get(state.FAILED)
        yield GaugeMetricFamily(
            "dangbo_jobs_failed_last_24h",
            "Background jobs that failed in the last 24 hours.",
            failed["n"] if failed else 0,
        )


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # every worker's figures
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(JobCollector())
    return registry


def _allowed(request: HttpRequest) -> bool:
    token = settings.DANGBO_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers:
        return False  # relayed by the reverse proxy: from outside, whatever the proxy's own address
    try:
        remote = ipaddress.ip_address(request.META.get("REMOTE_ADDR") or "")
    except ValueError:
        return False
    return any(remote in ipaddress.ip_network(n, strict=False) for n in settings.DANGBO_METRICS_ALLOWED)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
