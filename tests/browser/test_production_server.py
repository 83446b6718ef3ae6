"""Production smoke test: `scripts/serve` on a PostgreSQL database of its own, with the production settings.

It migrates, collects the static files (manifest and compression) and starts gunicorn and the background worker
as in production; Chromium then logs an officer in with a password and a TOTP code, opens the main pages, starts
an Excel export that the worker builds and downloads it; /metrics answers this machine. Everything is stopped at
the end and no process may be left. HTTPS is real: gunicorn is given a throwaway self-signed certificate (in
production nginx holds the certificate), so the production settings run unchanged (HTTPS redirect, secure
cookies, HSTS). Runs in the PostgreSQL pass of scripts/test only (marker `production_smoke`).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import openpyxl
import psycopg
import pytest
from django_otp.oath import totp

from .conftest import shot

pytestmark = [pytest.mark.production_smoke, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 900  # migrate and collectstatic on a busy two-core machine


@dataclass
class Served:
    url: str
    log: Path
    totp_key: bytes


def _pg_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if os.environ.get("CI") == "true":
            pytest.fail("the production smoke test needs DATABASE_URL on PostgreSQL (scripts/test's PostgreSQL pass)")
        pytest.skip("production smoke test: runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    return url


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throwaway certificate
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"scripts/serve stopped (status {process.returncode}):\n{log.read_text()[-5000:]}")
        try:
            if _get(url + "/suc-khoe/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"scripts/serve not ready after {START_TIMEOUT} s:\n{log.read_text()[-5000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """TERM to scripts/serve, which stops gunicorn and the worker; then nothing of its process group may remain."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("scripts/serve did not stop within 90 s of TERM")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("a process of scripts/serve was still running after it stopped")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server_url = _pg_url()
    name = f"dangbo_smoke_{secrets.token_hex(4)}"
    admin = _with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("production")
    cert, key = _certificate(folder)
    port = _free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANGBO_", "DATABASE_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "dangbo.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _with_database(server_url, name),
        "DANGBO_VAR_DIR": str(folder / "var"),
        "DANGBO_WEB_BIND": f"127.0.0.1:{port}",
        "DANGBO_WEB_WORKERS": "2",
        "DANGBO_WEB_THREADS": "2",
        "DANGBO_EXPORT_INLINE_MAX_ROWS": "1",  # every export goes to the background worker
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_CMD_ARGS": f"--certfile {cert} --keyfile {key}",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    url = f"https://127.0.0.1:{port}"
    try:
        _wait_ready(process, url, log)
        data = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "browser" / "production_data.py")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert data.returncode == 0, data.stderr
        yield Served(url=url, log=log, totp_key=bytes.fromhex(data.stdout.strip().splitlines()[-1]))
    finally:
        try:
            _stop(process)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _log_in_with_code(page, served: Served) -> None:  # type: ignore[no-untyped-def]
    page.goto(served.url + "/tai-khoan/dang-nhap/")
    page.fill("#id_username", "canbo_a")
    page.fill("#id_password", "matkhau-thu-123")
    page.click("button[type=submit]")
    page.wait_for_url(served.url + "/tai-khoan/xac-thuc-hai-buoc/**")
    page.fill("#id_token", f"{totp(served.totp_key, step=30, t0=0, digits=6):06d}")
    page.click("button[type=submit]")
    page.wait_for_url(served.url + "/")


MAIN_PAGES = ["/", "/to-chuc/", "/dang-vien/", "/sinh-hoat/", "/dang-phi/", "/bao-cao/", "/thong-bao/"]


def test_officer_logs_in_with_a_code_browses_and_exports_through_the_worker(browser, served):
    context = browser.new_context(locale="vi-VN", ignore_https_errors=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _log_in_with_code(page, served)
        for path in MAIN_PAGES:
            response = page.goto(served.url + path)
            assert response is not None and response.status == 200, path
            assert "no-store" in response.headers["cache-control"], path
        shot(page, "production-00-trang")
        # The style sheet is the collected, hashed copy, served compressed by WhiteNoise.
        css = page.locator("link[rel=stylesheet]").first.get_attribute("href") or ""
        assert css.startswith("/static/css/app.") and css != "/static/css/app.css"
        status, headers, _ = _get(served.url + css, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        page.goto(served.url + "/dang-vien/")
        page.click("text=Xuất Excel")
        page.click("text=Bắt đầu xuất")
        link = page.locator("text=Tải tệp kết quả")
        link.wait_for(timeout=120_000)  # built by the background worker
        with page.expect_download() as info:
            link.click()
        with open(info.value.path(), "rb") as handle:
            rows = [[c.value for c in row] for row in openpyxl.load_workbook(handle).active.iter_rows()]
        names = {" ".join(str(v) for v in r[:3] if v) for r in rows if r[0] in ("Nguyễn", "Đặng")}
        assert names == {"Nguyễn Văn Hùng", "Đặng Thị Lan"}
        shot(page, "production-01-xuat-excel")
    finally:
        context.close()


def test_metrics_answer_this_machine_and_logs_are_json_lines(served):
    status, _, body = _get(served.url + "/metrics")
    assert status == 200
    text = body.decode()
    assert "dangbo_jobs_queued 0.0" in text and "dangbo_jobs_failed_last_24h 0.0" in text
    assert 'dangbo_http_request_duration_seconds_count{method="GET",route="core:health",status="2xx"}' in text
    assert _get(served.url + "/metrics", **{"X-Forwarded-For": "203.0.113.9"})[0] == 404  # relayed: refused
    status, headers, _ = _get(served.url + "/suc-khoe/")
    request_id = headers["X-Request-ID"]
    deadline = time.monotonic() + 10
    while request_id not in served.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    lines = [json.loads(line) for line in served.log.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert [(m["logger"], m["path"], m["status"]) for m in mine] == [("dangbo.requests", "/suc-khoe/", 200)]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
