"""Starting in production: a missing secret or database stops the start with one clear sentence, not a traceback
(the preflight, gunicorn's start hook and scripts/serve), and the systemd units are valid for systemd itself."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ("dangbo-web.service", "dangbo-worker.service")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # free once closed: nothing listens there


def _env(**values: str | None) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANGBO_", "DATABASE_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "dangbo.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"postgres://dangbo@127.0.0.1:{_closed_port()}/dangbo",
        "PYTHONPATH": str(ROOT / "src"),
    }
    for name, value in values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


PREFLIGHT = [sys.executable, "-m", "dangbo.serving.preflight"]


@pytest.mark.parametrize("variable", ["DJANGO_SECRET_KEY", "DATABASE_URL"])
def test_preflight_names_a_missing_variable_in_both_languages(variable):
    done = _run(PREFLIGHT, _env(**{variable: None}))
    assert done.returncode == 1
    assert f"Thiếu biến môi trường {variable}" in done.stderr
    assert f"The environment variable {variable} is missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_preflight_treats_a_blank_secret_as_missing():
    done = _run(PREFLIGHT, _env(DJANGO_SECRET_KEY="   "))
    assert done.returncode == 1 and "DJANGO_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_preflight_says_the_database_cannot_be_reached_without_its_password():
    port = _closed_port()
    done = _run(PREFLIGHT, _env(DATABASE_URL=f"postgres://dangbo:bi-mat-9@127.0.0.1:{port}/dangbo"))
    assert done.returncode == 1
    assert f"Không kết nối được cơ sở dữ liệu 127.0.0.1:{port}/dangbo" in done.stderr
    assert f"Cannot reach the database 127.0.0.1:{port}/dangbo" in done.stderr
    assert "bi-mat-9" not in done.stderr and "Traceback" not in done.stderr


def test_preflight_names_a_mistyped_proxy_address():
    done = _run(PREFLIGHT, _env(DANGBO_TRUSTED_PROXIES="10.0.0.300"))
    assert done.returncode == 1
    assert "Cấu hình sai / Bad setting" in done.stderr and "10.0.0.300" in done.stderr
    assert "Traceback" not in done.stderr


def test_gunicorn_refuses_to_start_without_a_secret_with_the_sentence_and_no_traceback():
    env = _env(DJANGO_SECRET_KEY=None, DANGBO_WEB_BIND=f"127.0.0.1:{_closed_port()}")
    done = _run([sys.executable, "-m", "gunicorn", "-c", "python:dangbo.serving.gunicorn_conf"], env)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "Thiếu biến môi trường DJANGO_SECRET_KEY" in output and "Traceback" not in output
    assert "Booting worker" not in output  # refused before any worker started


def test_serve_checks_the_database_before_starting_anything():
    done = _run([str(ROOT / "scripts" / "serve"), "web"], _env())
    assert done.returncode == 1
    assert "Không kết nối được cơ sở dữ liệu" in done.stderr and "Traceback" not in done.stderr
    assert "Not started: fix the settings or database above" in done.stderr
    assert "Starting gunicorn" not in done.stdout + done.stderr


def test_serve_rejects_an_unknown_command():
    done = _run([str(ROOT / "scripts" / "serve"), "lam-gi"], _env())
    assert done.returncode == 2 and "usage: scripts/serve" in done.stderr


def test_worker_command_is_named_once():
    serve = (ROOT / "scripts" / "serve").read_text()
    assert len(re.findall(r"manage\.py \w*worker", serve)) == 1
    for unit in UNITS:
        assert "worker" not in (ROOT / "deploy" / unit).read_text().split("ExecStart=")[1].split()[0]


def _verify(unit_dir: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
    names = sorted(str(p) for p in unit_dir.glob("*.service"))
    return subprocess.run([analyze, "verify", "--man=no", *names], capture_output=True, text=True, timeout=60)


def _units_here(tmp_path: Path) -> Path:
    """The units as shipped, with the install folder replaced by this checkout so ExecStart resolves."""
    for unit in UNITS:
        text = (ROOT / "deploy" / unit).read_text().replace("/srv/dangbo/app", str(ROOT))
        (tmp_path / unit).write_text(text)
    return tmp_path


def test_systemd_units_verify_without_a_warning(tmp_path):
    done = _verify(_units_here(tmp_path))
    assert done.returncode == 0 and done.stdout + done.stderr == "", done.stdout + done.stderr


def test_systemd_verify_would_catch_a_mistyped_unit(tmp_path):
    folder = _units_here(tmp_path)
    unit = folder / "dangbo-worker.service"
    unit.write_text(unit.read_text().replace("Restart=always", "Restart=sometimes").replace("UMask=", "Umask="))
    output = _verify(folder).stderr
    assert "Failed to parse service restart specifier" in output and "Unknown key 'Umask'" in output


def test_systemd_units_run_serve_as_a_dedicated_user_with_hardening():
    for unit in UNITS:
        text = (ROOT / "deploy" / unit).read_text()
        assert "User=dangbo" in text and "EnvironmentFile=/etc/dangbo/dangbo.env" in text
        for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes"):
            assert option in text, (unit, option)
    assert "Restart=always" in (ROOT / "deploy" / "dangbo-worker.service").read_text()
    assert "ExecStart=/srv/dangbo/app/scripts/serve web" in (ROOT / "deploy" / "dangbo-web.service").read_text()
