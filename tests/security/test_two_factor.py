"""Two-factor login under the production settings: who must confirm a second factor, which pages stay open
before they do (an explicit list of URL names, no prefixes), and the admin site behind it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.accounts.middleware import EXEMPT_URL_NAMES
from dangbo.accounts.models import User
from dangbo.api.permissions import TwoFactorIfRequired

from ..factories import make_user

OTP_PAGE = "/tai-khoan/xac-thuc-hai-buoc/"
SAMPLE_BY_CONVERTER = {"int": "1", "path": "1", "str": "x", "slug": "x", "uuid": "12345678-1234-5678-1234-567812345678"}


def _regex_sample(group: str) -> str:
    """A regex group is either a plain alternation (the admin's app labels: take the first) or a number."""
    return group.split("|")[0] if re.fullmatch(r"[\w|]+", group) else "1"


def _unanchored(route: str) -> str:
    """The route without its regex anchors (a `^` inside a character class such as `[^/]` stays)."""
    return re.sub(r"(?<!\[)\^", "", route)


def _sample(route: str) -> str:
    """A concrete path matching one URL pattern: converters and regex groups filled with sample values."""
    route = re.sub(r"\(\?P<\w+>([^)]*)\)", lambda m: _regex_sample(m.group(1)), route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER[m.group(1) or "str"], route)
    return "/" + _unanchored(route).replace("$", "")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), _sample(prefix + str(pattern.pattern))


def every_url() -> list[tuple[str, str, str]]:
    """(route, sample path, view name) for every URL pattern of the project, each sample resolving to its own."""
    found = []
    for route, path in _walk(get_resolver().url_patterns):
        match = resolve(path)
        assert match.route == _unanchored(route), f"sample {path} resolves to {match.route}, not {route}"
        found.append((route, path, match.view_name))
    return found


def _verify(client: Client, user: User) -> None:
    """Confirm a TOTP device for the user and mark this session as verified, as the two-factor page does."""
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_non_exempt_url_sends_an_unverified_officer_to_two_factor(world, production_like):
    client = _client(world.officer)
    urls = every_url()
    names = {name for _, _, name in urls}
    assert {"accounts:audit", "admin:index", "api-member-list", "members:list"} <= names
    assert names >= EXEMPT_URL_NAMES, "every exempt name is a real URL name"
    checked = 0
    for route, path, name in urls:
        response = client.get(path, secure=True)
        if name in EXEMPT_URL_NAMES:
            assert response.get("Location") != OTP_PAGE, f"{route} ({name}) is exempt"
            continue
        if name == "schema":  # the API's public description: no data, served to anyone as before
            assert response.status_code == 200, route
        elif name == "api-token":  # takes no session at all: only a POST with password and TOTP code (tests/api)
            assert response.status_code == 405 and "token" not in response.json(), route
        elif route.startswith("api/") and name != "api-docs":  # the API answers JSON, not a redirect to a page
            assert response.status_code == 403, f"{route} ({name}) answered {response.status_code}"
            assert TwoFactorIfRequired.message in response.content.decode(), route  # the schema answers in YAML
        else:
            assert response.status_code == 302, f"{route} ({name}) answered {response.status_code}"
            assert response["Location"] == OTP_PAGE, f"{route} ({name}) redirected to {response['Location']}"
        checked += 1
    assert checked == len(urls) - len(EXEMPT_URL_NAMES)
    assert sum(route.startswith("api/") for route, _, _ in urls) >= 20


def test_audit_log_is_refused_before_the_second_factor(world, production_like):
    response = _client(world.officer).get("/tai-khoan/nhat-ky/", secure=True)
    assert response.status_code == 302 and response["Location"] == OTP_PAGE


def test_verified_officer_reaches_the_audit_log(world, production_like):
    client = _client(world.officer)
    _verify(client, world.officer)
    response = client.get("/tai-khoan/nhat-ky/", secure=True)
    assert response.status_code == 200


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_staff": True, "is_superuser": True}])
def test_unverified_staff_without_role_is_refused_the_admin(db, production_like, flags):
    user = make_user("quantri", **flags)
    client = _client(user)
    for path in ("/quan-tri/", "/quan-tri/axes/accessattempt/", "/"):
        response = client.get(path, secure=True)
        assert response.status_code == 302 and response["Location"] == OTP_PAGE, path


def test_staff_without_device_is_led_to_set_one_up_then_admitted_to_the_admin(db, production_like):
    user = make_user("quantri", is_staff=True, is_superuser=True)
    client = _client(user)
    page = client.get(OTP_PAGE, secure=True)
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()  # the QR code to set the device up
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post(OTP_PAGE, {"token": code}, secure=True)
    assert done.status_code == 302
    admin = client.get("/quan-tri/", secure=True)
    assert admin.status_code == 200
    assert "/quan-tri/logout/" in admin.content.decode()


def test_verified_staff_is_admitted_to_the_admin(db, production_like):
    user = make_user("quantri", is_staff=True, is_superuser=True)
    client = _client(user)
    _verify(client, user)
    assert client.get("/quan-tri/", secure=True).status_code == 200
    assert client.get("/quan-tri/axes/accessattempt/", secure=True).status_code == 200


def test_member_without_role_beyond_their_own_record_is_not_asked(world, production_like):
    assert _client(world.member_user).get("/", secure=True).status_code == 200


def test_login_and_two_factor_pages_stay_open_to_an_unverified_officer(world, production_like):
    client = _client(world.officer)
    assert client.get(OTP_PAGE, secure=True).status_code == 200
    assert client.get("/suc-khoe/", secure=True).status_code == 200
    assert client.post("/tai-khoan/dang-xuat/", secure=True)["Location"] == "/tai-khoan/dang-nhap/"
