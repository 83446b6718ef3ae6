"""Security headers: a strict Content-Security-Policy and a Permissions-Policy on every response (in every
environment), `Cache-Control: no-store` on everything answered to a logged-in user, and templates written so the
policy needs no inline allowance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.core.models import BackgroundJob
from dangbo.settings import base as base_settings

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "dangbo"


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    directives = [d.strip().split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _assert_strict(response) -> None:  # type: ignore[no-untyped-def]
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_test_settings_policy_is_the_production_one_plus_eval_for_the_browser_driver(db):
    policy = _policy(Client().get("/tai-khoan/dang-nhap/"))
    expected = {k: list(v) for k, v in base_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}
    expected["script-src"].append("'unsafe-eval'")
    assert policy == expected


def test_login_page_carries_strict_csp_and_permissions_policy_under_production_settings(db, production_like):
    response = Client().get("/tai-khoan/dang-nhap/", secure=True)
    assert response.status_code == 200
    _assert_strict(response)
    assert "max-age=" in response["Strict-Transport-Security"]


def test_personal_pages_are_not_stored_but_anonymous_health_may_be(world, as_officer):
    assert "no-store" not in Client().get("/suc-khoe/").get("Cache-Control", "")
    response = as_officer.get(reverse("members:detail", args=[world.m1.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"] and "frame-ancestors" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url", ["/", "/dang-vien/", "/tai-khoan/nhat-ky/", "/api/v1/members/", "/api/schema/", "/dang-vien/nhap/mau.xlsx"]
)
def test_answers_to_a_logged_in_user_are_not_stored(world, as_officer, url):
    response = as_officer.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"], url


def test_file_download_is_not_stored(world, as_officer):
    job = BackgroundJob.objects.create(kind="members.export", owner=world.officer, state=BackgroundJob.State.DONE)
    job.output_file.save("dang-vien.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    response = as_officer.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_redirects_of_a_logged_in_user_are_not_stored_either(world, as_officer):
    response = as_officer.get("/tai-khoan/dang-nhap/")  # a logged-in user is sent home
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]


# Templates printed to PDF by WeasyPrint on the server, never sent to a browser: their CSS lives inside them.
PRINTED_NOT_SERVED = {"year_report_document.html"}


def _template_sources() -> list[Path]:
    return [p for p in TEMPLATES.rglob("*.html") if "templates" in p.parts and p.name not in PRINTED_NOT_SERVED]


def test_templates_hold_no_inline_script_handler_or_style():
    offences = []
    for path in _template_sources():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offences.append(f"{path.name}: inline script {tag}")
        offences += [f"{path.name}: handler {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offences += [f"{path.name}: style attribute" for _ in re.findall(r"\sstyle\s*=", text)]
        offences += [f"{path.name}: <style> block" for _ in re.findall(r"<style\b", text)]
        offences += [f"{path.name}: javascript: URL" for _ in re.findall(r"javascript:", text, re.IGNORECASE)]
    assert len(_template_sources()) > 20
    assert offences == []


def test_api_answer_to_a_client_authenticated_without_session_is_not_stored(world):
    client = APIClient()
    client.force_authenticate(world.officer)  # as a token does: the user is known only inside the API view
    response = client.get("/api/v1/members/")
    assert response.status_code == 200 and "sessionid" not in client.cookies
    assert "no-store" in response["Cache-Control"]
