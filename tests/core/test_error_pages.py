"""The error pages: Vietnamese (English when chosen), in the site's layout, a way home, never a traceback."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

TRACEBACK_WORDS = ("Traceback", "secret-traceback-marker", "DEBUG = True", "CSRF verification failed", "CSRF token")


def assert_error_page(response, *, status: int, text: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    assert 'href="/"' in html and "Về trang chủ" in html
    for word in TRACEBACK_WORDS:
        assert word not in html
    return html


def test_not_found_page_is_vietnamese_in_layout(world, as_officer):
    html = assert_error_page(as_officer.get("/khong-co-trang-nay/"), status=404, text="Không tìm thấy trang")
    assert 'class="topbar"' in html and "Đăng xuất" in html


def test_out_of_scope_object_shows_not_found_page(world, as_outsider):
    response = as_outsider.get(reverse("members:detail", args=[world.m1.pk]))
    assert_error_page(response, status=404, text="Không tìm thấy trang")


def test_forbidden_page_is_vietnamese_in_layout(world, as_member):
    html = assert_error_page(as_member.get(reverse("accounts:audit")), status=403, text="không có quyền truy cập")
    assert 'class="topbar"' in html


def test_forbidden_page_in_english_when_chosen(world, as_member):
    as_member.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = as_member.get(reverse("accounts:audit")).content.decode()
    assert "You do not have access to this page" in html and "Back to the home page" in html


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_renders_without_request_context(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    html = assert_error_page(client.get("/loi-thu/"), status=500, text="Hệ thống gặp lỗi")
    assert "/static/css/app.css" in html
    assert "Đăng xuất" not in html  # static page: no user, no navigation read from the database


def test_csrf_failure_page_when_form_posted_without_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post(reverse("accounts:logout"))
    html = assert_error_page(response, status=403, text="Biểu mẫu đã hết hạn")
    assert "chưa có gì được lưu" in html and 'class="topbar"' in html


def test_csrf_failure_page_in_english_when_chosen(world):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post(reverse("accounts:login"), {"username": "x", "password": "y"}).content.decode()
    assert "The form has expired" in html and "Back to the home page" in html


def test_demo_settings_keep_debug_off():
    from dangbo.settings import local

    assert local.DEBUG is False
