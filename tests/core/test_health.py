"""The health page: database, a live job worker, free disk space; 503 naming what failed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone

from dangbo.core.models import WorkerHeartbeat

URL = "/suc-khoe/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def with_worker_backend(settings):
    settings.TASKS = DB_TASKS
    settings.DANGBO_HEALTH_WORKER_SECONDS = 120
    settings.DANGBO_HEALTH_MIN_FREE_MB = 1


def seen(seconds_ago: float, worker: str = "w") -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker, host="may-1", pid=1, last_seen=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )


def test_healthy_with_a_live_worker(db, with_worker_backend):
    seen(10)
    response = Client().get(URL)
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok" and body["failed"] == []
    assert {"database", "worker", "disk"} <= set(body["checks"])
    assert all(body["checks"][name]["critical"] for name in ("database", "worker", "disk"))
    assert body["checks"]["worker"]["age"] >= 10


def test_no_worker_ever_seen_fails_the_worker_check(db, with_worker_backend):
    response = Client().get(URL)
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"] and response.json()["status"] == "fail"


def test_a_stale_worker_fails_the_worker_check(db, with_worker_backend):
    seen(600, "old")
    seen(300, "newer")
    response = Client().get(URL)
    worker = response.json()["checks"]["worker"]
    assert response.status_code == 503 and worker["ok"] is False and worker["age"] >= 300


def test_low_disk_fails_the_disk_check(db, with_worker_backend, settings):
    seen(1)
    settings.DANGBO_HEALTH_MIN_FREE_MB = 10**12  # a million terabytes: more than any disk has free
    response = Client().get(URL)
    assert response.status_code == 503 and response.json()["failed"] == ["disk"]
    assert response.json()["checks"]["disk"]["free_mb"] >= 0


def test_media_folder_not_made_yet_reads_its_parent_disk(db, with_worker_backend, settings, tmp_path):
    seen(1)
    settings.MEDIA_ROOT = tmp_path / "chua-co" / "media"
    assert Client().get(URL).status_code == 200


def test_database_down_fails_database_and_worker(db, with_worker_backend, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = Client().get(URL)
    assert response.status_code == 503 and response.json()["failed"] == ["database", "worker"]


def test_without_a_worker_backend_the_worker_is_not_needed(db, settings):
    settings.DANGBO_HEALTH_MIN_FREE_MB = 1
    assert Client().get(URL).json()["status"] == "ok"


def test_health_says_nothing_personal(db, with_worker_backend, world):
    seen(1)
    text = Client().get(URL).content.decode()
    for personal in (world.m1.citizen_id, world.officer.username, "may-1", world.org_a.name):
        assert personal not in text
