"""The page «Mã truy cập API» in Chromium: reached from the account menu, a token created and shown once,
used against the API, revoked; on a phone too."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .conftest import log_in, shot

pytestmark = pytest.mark.browser


def test_create_use_and_revoke_an_api_token(page, world):
    log_in(page, "canbo_a")
    page.click("#api-tokens-link")
    page.wait_for_selector("h1:has-text('Mã truy cập API')")
    page.fill("#id_name", "Phần mềm tổng hợp")
    page.fill("#id_days", "30")
    page.click("#api-token-form button[type=submit]")
    key = page.locator("#new-api-token-key").inner_text()
    shot(page, "api-01-ma-moi")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/members/").status_code == 200
    page.goto(page.base_url + "/tai-khoan/ma-truy-cap-api/")  # the key is not shown again
    assert page.locator("#new-api-token-key").count() == 0
    assert page.locator("#api-token-list").get_by_text("Còn hiệu lực").is_visible()
    page.click("#api-token-list button:has-text('Thu hồi')")
    page.wait_for_selector("text=Đã thu hồi mã truy cập «Phần mềm tổng hợp».")
    shot(page, "api-02-da-thu-hoi")
    assert client.get("/api/v1/members/").status_code == 401


def test_api_tokens_page_on_a_phone(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "dangvien_m1")
    page.click("#api-tokens-link")
    page.fill("#id_name", "Điện thoại")
    page.click("#api-token-form button[type=submit]")
    page.wait_for_selector("#new-api-token-key")
    width = page.evaluate("document.documentElement.scrollWidth")
    shot(page, "api-03-dien-thoai")
    assert width <= 390
