"""The login lockout is keyed on username + the real client address: X-Forwarded-For is believed only from a
configured trusted proxy, so nobody can lock an officer out for everyone or dodge the lockout by spoofing it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.core.models import AuditEntry
from dangbo.core.network import client_ip

PROXY = "10.0.0.2"
LOGIN = "/tai-khoan/dang-nhap/"
GOOD = {"username": "canbo_a", "password": "matkhau-thu-123"}
BAD = {"username": "canbo_a", "password": "sai"}


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@override_settings(DANGBO_TRUSTED_PROXIES=["10.0.0.0/24"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.5", "203.0.113.5"),  # through the proxy: the address it saw
        (PROXY, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own header text is left of the proxy's
        (PROXY, "203.0.113.5, 10.0.0.7", "203.0.113.5"),  # two proxies in the trusted network
        (PROXY, "2001:db8::1", "2001:db8::1"),
        (PROXY, None, PROXY),  # the proxy itself (a health probe)
        (PROXY, "not-an-address", PROXY),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the proxy: the header is ignored
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxy(remote, forwarded, expected):
    assert _ip(remote, forwarded) == expected


def test_client_ip_without_trusted_proxies_is_the_peer_address():
    assert _ip(PROXY, "203.0.113.5") == PROXY


def _client(remote: str, forwarded: str | None = None) -> Client:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return Client(REMOTE_ADDR=remote, **extra)


def _fail_three_times(client: Client) -> None:
    for _ in range(3):
        client.post(LOGIN, BAD, secure=True)


def test_behind_trusted_proxy_clients_are_counted_separately(world, production_like):
    with override_settings(DANGBO_TRUSTED_PROXIES=[PROXY], AXES_FAILURE_LIMIT=3):
        attacker = _client(PROXY, "203.0.113.66")
        _fail_three_times(attacker)
        assert attacker.post(LOGIN, GOOD, secure=True).status_code == 429
        # The officer, from another address through the same proxy, still logs in.
        officer = _client(PROXY, "198.51.100.10")
        assert officer.post(LOGIN, GOOD, secure=True).status_code == 302
        assert "_auth_user_id" in officer.session
    attempt = AccessAttempt.objects.get(username="canbo_a")
    assert attempt.ip_address == "203.0.113.66"


def test_request_not_from_proxy_cannot_spoof_forwarded_for(world, production_like):
    with override_settings(DANGBO_TRUSTED_PROXIES=[PROXY], AXES_FAILURE_LIMIT=3):
        for n in range(3):  # a new forged address each time: still one client
            _client("203.0.113.66", f"198.51.100.{n}").post(LOGIN, BAD, secure=True)
        spoofer = _client("203.0.113.66", "198.51.100.99")
        assert spoofer.post(LOGIN, GOOD, secure=True).status_code == 429
        assert AccessAttempt.objects.get(username="canbo_a").ip_address == "203.0.113.66"
        # Nor can it borrow the officer's address to lock them out: the officer's own address is unaffected.
        assert _client(PROXY, "203.0.113.66").post(LOGIN, GOOD, secure=True).status_code == 429
        assert _client(PROXY, "198.51.100.10").post(LOGIN, GOOD, secure=True).status_code == 302


def test_audit_entries_record_the_real_client_address(world, production_like):
    with override_settings(DANGBO_TRUSTED_PROXIES=[PROXY]):
        client = _client(PROXY, "198.51.100.10")
        client.force_login(world.officer)
        client.get("/tai-khoan/xac-thuc-hai-buoc/", secure=True)
        device = TOTPDevice.objects.get(user=world.officer)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        client.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": code}, secure=True)
    entry = AuditEntry.objects.get(action="accounts.otp.enabled")
    assert entry.ip_address == "198.51.100.10"
