"""/metrics: answered only to this machine (or with the token), never through the proxy; the job figures come from
one query on the jobs table; each request is counted in the latency histogram by URL name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from dangbo.core.models import BackgroundJob

URL = "/metrics"


def _value(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert found, name
    return float(found.group(1))


def test_metrics_answer_this_machine(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "10.0.0.5"},
        # Relayed by the reverse proxy on this machine: from outside, whatever REMOTE_ADDR says.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
    ],
)
def test_metrics_are_not_found_from_elsewhere(client, db, extra):
    assert client.get(URL, **extra).status_code == 404


@override_settings(DANGBO_METRICS_ALLOWED=["10.0.0.0/24"])
def test_metrics_answer_an_allowed_network(client, db):
    assert client.get(URL, REMOTE_ADDR="10.0.0.5").status_code == 200
    assert client.get(URL, REMOTE_ADDR="127.0.0.1").status_code == 404


@override_settings(DANGBO_METRICS_TOKEN="ma-bi-mat-do-luong-123")
def test_metrics_answer_the_token_from_anywhere_and_nothing_else(client, db):
    far = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ma-bi-mat-do-luong-123", **far).status_code == 200
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ma-bi-mat-do-luong-12", **far).status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="ma-bi-mat-do-luong-123", **far).status_code == 404
    assert client.get(URL, **far).status_code == 404


def test_an_empty_token_setting_accepts_no_token(client, db):
    far = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ", **far).status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer", **far).status_code == 404


def test_metrics_refuse_a_post(client, db):
    assert client.post(URL).status_code == 405


def _job(owner, state: str, *, age: dt.timedelta = dt.timedelta(0), finished_ago: dt.timedelta | None = None):
    job = BackgroundJob.objects.create(kind="members.export", owner=owner, state=state)
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(
        created_at=now - age, finished_at=None if finished_ago is None else now - finished_ago
    )
    return job


def test_job_figures_queue_depth_oldest_age_running_and_recent_failures(client, world, django_assert_num_queries):
    state = BackgroundJob.State
    _job(world.officer, state.QUEUED, age=dt.timedelta(minutes=10))
    _job(world.officer, state.QUEUED, age=dt.timedelta(minutes=1))
    _job(world.officer, state.RUNNING, age=dt.timedelta(hours=2))
    _job(world.officer, state.FAILED, age=dt.timedelta(hours=2), finished_ago=dt.timedelta(hours=1))
    _job(world.officer, state.FAILED, age=dt.timedelta(days=3), finished_ago=dt.timedelta(days=3))
    _job(world.officer, state.DONE, age=dt.timedelta(days=1), finished_ago=dt.timedelta(days=1))
    with django_assert_num_queries(1):
        text = client.get(URL).content.decode()
    assert _value(text, "dangbo_jobs_queued") == 2
    assert 600 <= _value(text, "dangbo_jobs_oldest_queued_age_seconds") < 660
    assert _value(text, "dangbo_jobs_running") == 1
    assert _value(text, "dangbo_jobs_failed_last_24h") == 1


def test_job_figures_are_zero_with_no_job(client, db):
    text = client.get(URL).content.decode()
    for name in ("dangbo_jobs_queued", "dangbo_jobs_oldest_queued_age_seconds", "dangbo_jobs_running",
                 "dangbo_jobs_failed_last_24h"):  # fmt: skip
        assert _value(text, name) == 0


def _count(text: str, route: str, status: str) -> float:
    name = f'dangbo_http_request_duration_seconds_count{{method="GET",route="{route}",status="{status}"}}'
    return _value(text, name) if name in text else 0.0


def test_each_request_is_counted_by_url_name_and_status_class(client, as_officer, world):
    before = client.get(URL).content.decode()
    as_officer.get("/dang-vien/?q=Nguyen")
    client.get("/khong-co-trang-nay/")
    after = client.get(URL).content.decode()
    assert _count(after, "members:list", "2xx") == _count(before, "members:list", "2xx") + 1
    assert _count(after, "", "4xx") == _count(before, "", "4xx") + 1  # no URL matched: no path in the label
    assert "Nguyen" not in after and "khong-co-trang-nay" not in after
