"""Settings of the job worker process that the worker tests start and kill (tests/core/test_worker_kill.py).

The test settings, plus: the database backend for tasks, uploads in a folder both processes share, a short
heartbeat window, and jobs slowed down so that the test can kill the worker in the middle of one.
"""

import os
from pathlib import Path

from .test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MEDIA_ROOT = Path(os.environ["DANGBO_TEST_MEDIA_ROOT"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DANGBO_JOB_HEARTBEAT_SECONDS = 0.5
DANGBO_JOB_STALE_SECONDS = 3
DANGBO_JOB_SWEEP_SECONDS = 1
DANGBO_JOB_PROGRESS_EVERY = 10
DANGBO_JOB_STEP_DELAY_SECONDS = float(os.environ.get("DANGBO_TEST_JOB_STEP_DELAY", "0.05"))
DANGBO_IMPORT_BATCH = 5  # an import writes its members in several batches, so it can be killed between two
