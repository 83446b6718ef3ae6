"""Authentication of the API: token and session, refusal of anonymous calls, two-factor for officers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from dangbo.accounts.models import ApiToken
from dangbo.accounts.tokens import digest_of
from tests.conftest import World
from tests.factories import make_user

from .conftest import ids

TOKEN = reverse("api-token")
PASSWORD = "matkhau-thu-123"  # the password tests/factories.py gives every user
LISTS = [reverse("api-organization-list"), reverse("api-committee-list"), reverse("api-member-list")]


def test_token_is_issued_for_the_right_password_and_opens_the_api(world: World) -> None:
    response = APIClient().post(TOKEN, {"username": "canbo_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.get(user=world.officer).digest == digest_of(key)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert ids(client.get(LISTS[2])) == [world.m1.pk, world.m2.pk]


def test_token_is_refused_for_a_wrong_password(world: World) -> None:
    response = APIClient().post(TOKEN, {"username": "canbo_a", "password": "sai-mat-khau"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_call_is_refused_with_401(world: World, api_anonymous: APIClient, url: str) -> None:
    response = api_anonymous.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"].startswith("Chưa xác thực")


def test_unknown_token_is_refused(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-phai-token")
    assert client.get(LISTS[2]).status_code == 401


def test_anonymous_write_is_refused_and_saves_nothing(world: World, api_anonymous: APIClient) -> None:
    response = api_anonymous.post(LISTS[2], {"given_name": "A"}, format="json")
    assert response.status_code == 401


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_officer_token_needs_a_totp_code_when_two_factor_is_required(world: World) -> None:
    device = TOTPDevice.objects.create(user=world.officer, name="Ứng dụng", confirmed=True)
    without = APIClient().post(TOKEN, {"username": "canbo_a", "password": PASSWORD}, format="json")
    assert without.status_code == 400
    assert without.json() == {
        "detail": "Tài khoản này cần mã xác thực hai bước hợp lệ.",
        "code": "invalid",
        "field": "otp_token",
        "errors": {"otp_token": ["Tài khoản này cần mã xác thực hai bước hợp lệ."]},
    }
    wrong = APIClient().post(TOKEN, {"username": "canbo_a", "password": PASSWORD, "otp_token": "000000"})
    assert wrong.status_code == 400
    assert not ApiToken.objects.exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a wrong code counts towards the device's throttle
    device.throttle_reset()
    right = APIClient().post(TOKEN, {"username": "canbo_a", "password": PASSWORD, "otp_token": _code(device)})
    assert right.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert client.get(LISTS[2]).status_code == 200


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_member_token_needs_no_totp_code(world: World) -> None:
    response = APIClient().post(TOKEN, {"username": "dangvien_m1", "password": PASSWORD}, format="json")
    assert response.status_code == 200


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_officer_session_without_two_factor_is_refused(world: World, api_officer: APIClient) -> None:
    response = api_officer.get(LISTS[2])
    assert response.status_code == 403
    assert response.json()["detail"] == "Cán bộ phải xác thực hai bước trước khi dùng API."


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_member_session_needs_no_two_factor(world: World, api_member: APIClient) -> None:
    assert ids(api_member.get(LISTS[2])) == [world.m1.pk]


def test_token_endpoint_is_throttled_after_repeated_failures(world: World) -> None:
    client = APIClient()
    for _ in range(4):
        assert client.post(TOKEN, {"username": "canbo_a", "password": "sai-mat-khau"}).status_code == 400
    # The fifth failure (AXES_FAILURE_LIMIT) locks the username+IP pair out.
    assert client.post(TOKEN, {"username": "canbo_a", "password": "sai-mat-khau"}).status_code == 429
    # Even the right password is refused while the username+IP pair is locked out.
    locked = client.post(TOKEN, {"username": "canbo_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Bạn đã nhập sai mật khẩu quá nhiều lần.")
    assert not ApiToken.objects.exists()


def test_token_endpoint_answers_the_prefix_and_expiry_and_stores_no_key(world: World) -> None:
    response = APIClient().post(TOKEN, {"username": "canbo_a", "password": PASSWORD, "name": "Đồng bộ"}, format="json")
    body = response.json()
    token = ApiToken.objects.get(user=world.officer)
    assert (token.name, token.prefix) == ("Đồng bộ", body["prefix"])
    assert body["token"].startswith(f"{token.prefix}.") and body["token"] != token.digest
    assert dt.datetime.fromisoformat(body["expires_at"]) == token.expires_at


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_token_endpoint_ignores_a_session_without_two_factor(world: World, api_officer: APIClient) -> None:
    # A logged-in session that has not confirmed a code cannot turn itself into a token.
    response = api_officer.post(TOKEN, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}
    assert not ApiToken.objects.exists()


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_token_endpoint_needs_a_totp_code_for_staff(db: None) -> None:
    make_user("quantri", is_staff=True)
    response = APIClient().post(TOKEN, {"username": "quantri", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "otp_token"
    assert not ApiToken.objects.exists()


def test_old_clear_text_key_is_accepted_once_hashed_by_the_migration(world: World) -> None:
    old_key = "0123456789abcdef0123456789abcdef01234567"  # DRF's authtoken format: 40 hex characters
    ApiToken.objects.create(
        user=world.officer,
        name="Token cũ",
        prefix=old_key[:8],
        digest=digest_of(f"{old_key[:8]}.{old_key[8:]}"),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    assert client.get(LISTS[2]).status_code == 200
