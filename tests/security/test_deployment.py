"""The production settings start: static files collect under the manifest storage and the deployment checks
pass with no warning. Both run in a subprocess with `dangbo.settings.production` and throwaway secrets."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(*args: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of the test process's own configuration (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser tests).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANGBO_", "DATABASE_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "dangbo.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "dangbo.example.vn",
        "DATABASE_URL": "postgres://dangbo@127.0.0.1:5432/dangbo",
        "DANGBO_VAR_DIR": str(var_dir),
        "DANGBO_TRUSTED_PROXIES": "127.0.0.1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


# `manage.py collectstatic --noinput` under the production storage, except WhiteNoise's last step (gzip and
# Brotli copies of every file): it costs a minute of processor time and cannot fail on a file's references,
# which is what the manifest step checks (a missing source map once stopped production from starting).
COLLECTSTATIC = """
import django
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

django.setup()
CompressedManifestStaticFilesStorage.compress_files = lambda self, paths: iter(())
call_command("collectstatic", "--noinput")
"""


def test_collectstatic_succeeds_with_production_settings(tmp_path):
    done = _python("-c", COLLECTSTATIC, var_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/htmx.min.js", "vendor/chart.umd.min.js", "js/app.js", "css/app.css"):
        assert manifest[name] != name and (tmp_path / "static" / manifest[name]).is_file(), name


def test_deploy_check_has_no_warning_with_production_settings(tmp_path):
    done = _python("manage.py", "check", "--deploy", "--fail-level", "WARNING", var_dir=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNINGS:" not in done.stderr and "ERRORS:" not in done.stderr
