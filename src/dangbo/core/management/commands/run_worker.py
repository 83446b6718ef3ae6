"""`manage.py run_worker`: the background job worker (django-tasks' database worker) with a heartbeat.

django_tasks_db's `db_worker` claims a ready task under a row lock (SKIP LOCKED on PostgreSQL, an exclusive
transaction on SQLite) and runs it; this command adds what a dead worker needs (docs/decisions/0050): the
process's heartbeat row, the sweep of jobs whose worker died (at start and every few seconds), and no
autoreloader (it would watch files for nothing, and a killed task process would leave no worker at all).
Run it under a supervisor that restarts it (systemd `Restart=always`; `scripts/start` in the demo).
"""

from __future__ import annotations

import os
import socket
from argparse import ArgumentParser
from typing import Any

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from dangbo.core.workers import beating


class Command(DbWorkerCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (có nhịp báo sống) / Run the background job worker with a heartbeat"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # host-pid-random: unique across the pool, readable in logs, within django_tasks_db's 64 characters.
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"
        parser.set_defaults(reload=False, worker_id=worker_id)

    def handle(self, *args: Any, **options: Any) -> None:
        options["reload"] = False
        with beating(worker_id=options["worker_id"]):
            super().handle(*args, **options)
