"""Each request gets an id (the trusted proxy's, or a new one), sent back in X-Request-ID and written on its log
lines with the user's numeric id; the request line carries no query string; production logs are JSON lines."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import override_settings
from pythonjsonlogger.json import JsonFormatter

from dangbo.core.requestlog import RequestContextFilter
from dangbo.serving.logs import json_formatter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="dangbo.requests")
    caplog.handler.addFilter(RequestContextFilter())
    yield lambda: [r for r in caplog.records if r.name == "dangbo.requests"]
    caplog.handler.removeFilter(caplog.handler.filters[-1])


def test_a_new_id_is_sent_back_and_logged_with_the_user_id(as_officer, world, request_lines):
    response = as_officer.get("/dang-vien/?q=Nguyen+Van+Hung")
    request_id = response["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)
    (line,) = request_lines()
    assert (line.request_id, line.user_id, line.method, line.path, line.route, line.status) == (
        request_id, world.officer.pk, "GET", "/dang-vien/", "members:list", 200
    )  # fmt: skip
    assert line.duration_ms >= 0
    assert "Nguyen" not in json.dumps({k: str(v) for k, v in vars(line).items()})


def test_an_anonymous_request_is_logged_without_a_user(client, db, request_lines):
    client.get("/tai-khoan/dang-nhap/")
    (line,) = request_lines()
    assert line.user_id is None and line.status == 200


def test_each_request_gets_its_own_id(client, db):
    assert client.get("/suc-khoe/")["X-Request-ID"] != client.get("/suc-khoe/")["X-Request-ID"]


@override_settings(DANGBO_TRUSTED_PROXIES=["127.0.0.1"])
def test_the_trusted_proxys_id_is_kept(client, db, request_lines):
    response = client.get("/suc-khoe/", HTTP_X_REQUEST_ID="nginx-4f2a9c1e77")
    assert response["X-Request-ID"] == "nginx-4f2a9c1e77"
    assert request_lines()[0].request_id == "nginx-4f2a9c1e77"


@pytest.mark.parametrize("given", ["short", "x" * 65, "id with spaces", "id\r\nSet-Cookie: a=b", "<script>1234"])
@override_settings(DANGBO_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_malformed_id_is_replaced(client, db, given):
    assert HEX_ID.fullmatch(client.get("/suc-khoe/", HTTP_X_REQUEST_ID=given)["X-Request-ID"])


def test_an_id_from_a_client_that_is_not_a_proxy_is_replaced(client, db):
    response = client.get("/suc-khoe/", HTTP_X_REQUEST_ID="gia-mao-12345678", REMOTE_ADDR="203.0.113.9")
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_production_log_lines_are_json_with_vietnamese_readable():
    spec = {k: v for k, v in json_formatter().items() if k != "()"}
    formatter = JsonFormatter(**spec)
    record = logging.LogRecord("dangbo.jobs", logging.ERROR, __file__, 1, "tác vụ %s lỗi", (7,), None)
    record.request_id = "abc12345"
    line = formatter.format(record)
    assert "\n" not in line and "tác vụ 7 lỗi" in line
    data = json.loads(line)
    assert (data["level"], data["logger"], data["message"], data["request_id"]) == (
        "ERROR", "dangbo.jobs", "tác vụ 7 lỗi", "abc12345"
    )  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", data["time"])
