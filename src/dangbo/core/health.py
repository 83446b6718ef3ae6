"""The checks of the health page (/suc-khoe/): cheap, and without personal data in their answers.

- database: one `SELECT 1`;
- worker: some job worker beat within `DANGBO_HEALTH_WORKER_SECONDS` (only when tasks go to the database
  backend: with the immediate backend of development and tests, jobs run in the request and need no worker);
- disk: the media folder's disk has at least `DANGBO_HEALTH_MIN_FREE_MB` free;
- the apps' own checks (`register_check`), reported but not failing the page: a daily job that did not run is
  for the operator to see, not a reason for a load balancer to take the server out.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .workers import last_worker_seen

logger = logging.getLogger("dangbo.health")

Check = dict[str, Any]
_APP_CHECKS: dict[str, Callable[[], Check]] = {}


def register_check(name: str) -> Callable[[Callable[[], Check]], Callable[[], Check]]:
    """An app's own check, named `name` on the page; it says `ok` and, when not, a `detail` without personal data."""

    def decorator(func: Callable[[], Check]) -> Callable[[], Check]:
        _APP_CHECKS[name] = func
        return func

    return decorator


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health: database unreachable")
        return {"ok": False, "detail": "database unreachable"}
    return {"ok": True, "vendor": connection.vendor}


def uses_worker() -> bool:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.startswith("django_tasks_db.")


def check_worker() -> Check:
    if not uses_worker():
        return {"ok": True, "detail": "jobs run without a worker"}
    limit = float(settings.DANGBO_HEALTH_WORKER_SECONDS)
    try:
        seen = last_worker_seen()
    except DatabaseError:
        return {"ok": False, "detail": "worker heartbeats unreadable"}
    if seen is None:
        return {"ok": False, "detail": "no job worker has ever been seen"}
    age = (timezone.now() - seen) / dt.timedelta(seconds=1)
    if age > limit:
        return {"ok": False, "detail": f"no job worker seen for {int(age)} s (limit {int(limit)} s)", "age": int(age)}
    return {"ok": True, "age": int(age)}


def free_megabytes(folder: Path) -> int:
    """Free space of the disk holding `folder` (or its nearest existing parent: the folder is made on first use)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free // (1024 * 1024)


def check_disk() -> Check:
    minimum = int(settings.DANGBO_HEALTH_MIN_FREE_MB)
    try:
        free = free_megabytes(Path(settings.MEDIA_ROOT))
    except OSError:
        return {"ok": False, "detail": "media folder unreadable"}
    if free < minimum:
        return {"ok": False, "detail": f"{free} MB free on the media disk (minimum {minimum} MB)", "free_mb": free}
    return {"ok": True, "free_mb": free}


def run_checks() -> dict[str, Check]:
    """Every check by name; those that fail the page have `critical` true."""
    database = check_database()
    checks = {
        "database": database,
        "worker": check_worker() if database["ok"] else {"ok": False, "detail": "database unreachable"},
        "disk": check_disk(),
    }
    for check in checks.values():
        check["critical"] = True
    for name, func in _APP_CHECKS.items():
        try:
            result = func() if database["ok"] else {"ok": False, "detail": "database unreachable"}
        except DatabaseError:
            result = {"ok": False, "detail": "unreadable"}
        checks[name] = {**result, "critical": False}
    return checks
