"""API tokens: stored hashed, shown once, expiring, revoked at logout and at a password change, made only by a
fully authenticated session, listed in the admin without any secret, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from dangbo.accounts.models import ApiToken, User
from dangbo.accounts.tokens import digest_of, issue_token
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from tests.conftest import World, login
from tests.factories import make_user

PAGE = reverse("accounts:api_tokens")
MEMBERS = reverse("api-member-list")


def create(client: Client, name: str = "Phần mềm tổng hợp", days: int = 30) -> str:
    """Create a token on the page; the key read from the page."""
    response = client.post(PAGE, {"name": name, "days": days})
    assert response.status_code == 200, response.content
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    return key


def call_api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def verified_login(user: User) -> Client:
    """A session that has confirmed a TOTP code, as after the page «Xác thực hai bước»."""
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng", confirmed=True)
    client = login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def database_dump() -> str:
    """Every text value of every table, to search for a key that must not be there."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


# ---- the page ------------------------------------------------------------------------------------


def test_api_tokens_page_is_linked_from_the_account_menu(world: World, as_officer: Client) -> None:
    html = as_officer.get(reverse("core:home"), follow=True).content.decode()
    assert f'href="{PAGE}" id="api-tokens-link"' in html
    assert as_officer.get(PAGE).status_code == 200


def test_api_tokens_page_needs_a_login(world: World) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_api_token_is_stored_hashed_and_the_key_is_nowhere_in_the_database(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    token = ApiToken.objects.get(user=world.officer)
    assert token.digest == digest_of(key) and token.prefix == key.split(".")[0]
    dump = database_dump()
    assert key not in dump and key.split(".")[1] not in dump
    assert call_api(key).get(MEMBERS).status_code == 200


def test_api_token_key_is_shown_once(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    again = as_officer.get(PAGE).content.decode()
    assert key not in again and key.split(".")[1] not in again
    assert f"{key.split('.')[0]}…" in again  # the prefix names it in the list
    assert key not in str(dict(as_officer.session))


def test_api_token_creation_and_revocation_are_audited(world: World, as_officer: Client) -> None:
    key = create(as_officer, name="Báo cáo")
    token = ApiToken.objects.get(user=world.officer)
    created = AuditEntry.objects.get(action="accounts.api_token.created")
    assert (created.actor, created.object_id) == (world.officer, str(token.pk))
    assert key not in str(created.after)
    response = as_officer.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)
    assert "Đã thu hồi mã truy cập «Báo cáo»." in response.content.decode()
    revoked = AuditEntry.objects.get(action="accounts.api_token.revoked")
    assert (revoked.actor, revoked.data["reason"]) == (world.officer, "owner")
    refused = call_api(key).get(MEMBERS)
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Mã truy cập API đã bị thu hồi")


def test_api_token_of_someone_else_cannot_be_revoked(world: World, as_officer: Client, as_outsider: Client) -> None:
    create(as_officer)
    token = ApiToken.objects.get(user=world.officer)
    assert as_outsider.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).exists()


def test_api_tokens_page_lists_only_own_tokens(world: World, as_officer: Client, as_member: Client) -> None:
    create(as_officer, name="Của cán bộ")
    create(as_member, name="Của đảng viên")
    assert list(as_member.get(PAGE).context["tokens"].values_list("name", flat=True)) == ["Của đảng viên"]


@pytest.mark.parametrize(
    ("name", "days"),
    [("", 30), ("   ", 30), ("x" * 101, 30), ("Không hạn", 0), ("Dài quá", 91), ("Hạn âm", -5), ("Hạn lớn", 10**30)],
)
def test_api_token_bad_input_is_refused_and_saves_nothing(
    world: World, as_officer: Client, name: str, days: int
) -> None:
    response = as_officer.post(PAGE, {"name": name, "days": days})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not response.context["new_key"]
    assert not ApiToken.objects.exists()


def test_api_token_name_with_html_is_shown_as_text(world: World, as_officer: Client) -> None:
    create(as_officer, name="<script>alert(1)</script>")
    html = as_officer.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_api_tokens_page_query_count_does_not_grow_with_tokens(world: World, as_officer: Client) -> None:
    create(as_officer)
    with CaptureQueriesContext(connection) as one:
        as_officer.get(PAGE)
    for i in range(5):
        create(as_officer, name=f"Mã {i}")
    with CaptureQueriesContext(connection) as six:
        as_officer.get(PAGE)
    assert len(six.captured_queries) == len(one.captured_queries)


# ---- expiry ---------------------------------------------------------------------------------------


def test_api_token_expires_after_its_lifetime(world: World, as_officer: Client) -> None:
    key = create(as_officer, days=7)
    token = ApiToken.objects.get()
    assert dt.timedelta(days=7) - (token.expires_at - timezone.now()) < dt.timedelta(minutes=1)
    assert call_api(key).get(MEMBERS).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = call_api(key).get(MEMBERS)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Mã truy cập API đã hết hạn")
    assert response.json()["code"] == "authentication_failed"


@override_settings(DANGBO_API_TOKEN_DAYS=10, DANGBO_API_TOKEN_MAX_DAYS=20)
def test_api_token_lifetime_is_bounded_by_the_settings(world: World) -> None:
    token, _key = issue_token(user=world.member_user, name="Mặc định", second_factor=False)
    assert dt.timedelta(days=9) < token.expires_at - timezone.now() <= dt.timedelta(days=10)
    with pytest.raises(DomainError, match="từ 1 đến 20 ngày"):
        issue_token(user=world.member_user, name="Quá dài", days=21, second_factor=False)
    assert ApiToken.objects.count() == 1


def test_api_token_records_its_last_use(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    assert ApiToken.objects.get().last_used_at is None
    call_api(key).get(MEMBERS)
    assert ApiToken.objects.get().last_used_at is not None


def test_api_token_with_a_wrong_secret_is_refused(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    response = call_api(forged).get(MEMBERS)
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API không đúng."


# ---- revocation at logout and at a password change -----------------------------------------------


def test_api_tokens_are_revoked_at_logout(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    as_officer.post(reverse("accounts:logout"))
    assert ApiToken.objects.get().revoked_at is not None
    assert call_api(key).get(MEMBERS).status_code == 401
    entry = AuditEntry.objects.get(action="accounts.api_token.revoked")
    assert entry.data["reason"] == "logout"


def test_api_tokens_are_revoked_at_a_password_change(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    user = User.objects.get(pk=world.officer.pk)
    user.set_password("mat-khau-moi-456")
    user.save()
    assert call_api(key).get(MEMBERS).status_code == 401
    assert AuditEntry.objects.get(action="accounts.api_token.revoked").data["reason"] == "password_changed"


def test_api_tokens_survive_other_saves_of_the_user(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    user = User.objects.get(pk=world.officer.pk)
    user.first_name = "An"
    user.save()
    assert call_api(key).get(MEMBERS).status_code == 200


# ---- a fully authenticated session ---------------------------------------------------------------


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_api_token_is_refused_to_a_session_without_two_factor(world: World, as_officer: Client) -> None:
    # The two-factor middleware sends the unverified session to the second factor before the page is reached.
    assert as_officer.get(PAGE)["Location"] == reverse("accounts:otp")
    response = as_officer.post(PAGE, {"name": "Lén", "days": 30})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:otp")
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="accounts.api_token.created").exists()


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_api_token_is_issued_to_a_session_verified_by_two_factor(world: World) -> None:
    key = create(verified_login(world.officer))
    assert call_api(key).get(MEMBERS).status_code == 200


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_api_token_needs_no_second_factor_for_a_plain_member(world: World, as_member: Client) -> None:
    create(as_member)
    assert ApiToken.objects.filter(user=world.member_user).count() == 1


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_api_token_for_staff_needs_two_factor(db: None) -> None:
    staff = make_user("quantri", is_staff=True)  # holds no role: staff status alone asks for the second factor
    assert login(staff).post(PAGE, {"name": "Quản trị", "days": 30})["Location"] == reverse("accounts:otp")
    assert not ApiToken.objects.exists()
    create(verified_login(staff))
    assert ApiToken.objects.count() == 1


# ---- the admin ------------------------------------------------------------------------------------


def test_admin_lists_tokens_without_any_secret(world: World, as_officer: Client) -> None:
    key = create(as_officer, name="Đồng bộ")
    token = ApiToken.objects.get()
    admin = make_user("sieu", is_staff=True, is_superuser=True)
    client = verified_login(admin)
    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert token.prefix in html and "Đồng bộ" in html and world.officer.username in html
    assert key.split(".")[1] not in html and token.digest not in html
    change = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert key.split(".")[1] not in change and token.digest not in change
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_admin_revokes_tokens_with_an_audit_entry(world: World, as_officer: Client) -> None:
    key = create(as_officer)
    token = ApiToken.objects.get()
    admin = make_user("sieu", is_staff=True, is_superuser=True)
    client = verified_login(admin)
    client.post(reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert call_api(key).get(MEMBERS).status_code == 401
    entry = AuditEntry.objects.get(action="accounts.api_token.revoked")
    assert (entry.actor, entry.data["reason"]) == (admin, "admin")


# ---- the migration of the old clear-text tokens ---------------------------------------------------


class _Editor:
    """What the data migration uses of a schema editor (SQLite refuses a real one inside a test transaction)."""

    def __init__(self) -> None:
        self.connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_migration_hashes_old_clear_text_tokens_and_drops_their_table(world: World) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("dangbo.accounts.migrations.0004_hash_old_tokens")
    old_key = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, created date)")
        cursor.execute(
            "INSERT INTO authtoken_token (key, user_id, created) VALUES (%s, %s, %s)",
            [old_key, world.officer.pk, "2026-01-01"],
        )
    migration.hash_old_tokens(apps, _Editor())
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=world.officer)
    assert old_key not in database_dump()
    assert token.prefix == old_key[:8] and token.expires_at > timezone.now()
    assert call_api(old_key).get(MEMBERS).status_code == 200
