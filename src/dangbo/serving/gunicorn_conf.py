"""gunicorn's configuration (`gunicorn -c python:dangbo.serving.gunicorn_conf`), every figure from the environment.

Threaded workers (`gthread`): most of a request's time is spent waiting on PostgreSQL, so threads share a worker's
memory instead of each request holding a process. Defaults: one worker per core plus one, at most 8 (each holds
the whole application, ~150 MB), four threads each, 60 s before a stuck request's worker is replaced (large
work runs in the background worker, not in a request). Workers are replaced after ~1,000 requests so that a
slow leak cannot grow. See docs/deployment.md for sizing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from dangbo.serving.logs import json_formatter


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "dangbo.wsgi:application"
bind = os.environ.get("DANGBO_WEB_BIND", "127.0.0.1:8000").split(",")
worker_class = "gthread"
workers = _int("DANGBO_WEB_WORKERS", min((os.cpu_count() or 1) + 1, 8))
threads = _int("DANGBO_WEB_THREADS", 4)
timeout = _int("DANGBO_WEB_TIMEOUT", 60)
graceful_timeout = _int("DANGBO_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("DANGBO_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# X-Forwarded-Proto is believed from the reverse proxies only (the Django settings name it too).
forwarded_allow_ips = os.environ.get("DANGBO_TRUSTED_PROXIES", "").strip() or "127.0.0.1,::1"
# Each request is logged by the application (core/requestlog.py), with its id and user id: no access log here.
accesslog = None
control_socket_disable = True  # no management socket in the service user's home: systemctl reload is enough
errorlog = "-"
loglevel = os.environ.get("DANGBO_LOG_LEVEL", "info").lower()
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": json_formatter()},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False}},
}
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # the workers' heartbeat files; a disk-backed /tmp can stall them


def on_starting(server: Any) -> None:
    """Refuse to start, with the preflight's sentence, when a setting is missing or the database is unreachable.

    Run in a child process so that the master never imports the application (a reload must load new code)."""
    done = subprocess.run([sys.executable, "-m", "dangbo.serving.preflight"], capture_output=True, text=True)
    if done.returncode != 0:
        server.log.error(done.stderr.strip())
        sys.exit(done.returncode)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
