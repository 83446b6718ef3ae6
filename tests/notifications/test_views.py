"""The pages and the API: the bell, the list (open marks read; someone else's answers 404 and is logged), mark all
read, the choices; each user sees only their own."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.accounts.tokens import issue_token
from dangbo.core.models import AuditEntry
from dangbo.notifications.models import Notification, Preference

from ..conftest import login


def note(user, key="k1", link="/sinh-hoat/cua-toi/", **extra):
    return Notification.objects.create(user=user, kind="meeting_tomorrow", key=key, title=f"Thông báo {key}",
                                       text="Nội dung", link=link, **extra)  # fmt: skip


def denied(pk) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type="notification",
                                     object_id=str(pk)).count()  # fmt: skip


@pytest.fixture
def notes(people):
    w = people.world
    return note(w.member_user, "a"), note(w.member_user, "b", link="https://evil.example/"), note(w.officer, "c")


def test_bell_list_open_and_read_all(people, notes, as_member):
    mine_a, mine_b, other = notes
    home = as_member.get("/").content.decode()
    assert 'id="nav-bell"' in home and 'class="bell-count">2<' in home
    page = as_member.get(reverse("notifications:list")).content.decode()
    assert "Thông báo a" in page and "Thông báo b" in page and "Thông báo c" not in page
    opened = as_member.post(reverse("notifications:open", args=[mine_a.pk]))
    assert opened.status_code == 302 and opened["Location"] == "/sinh-hoat/cua-toi/"
    mine_a.refresh_from_db()
    assert mine_a.read_at is not None
    offsite = as_member.post(reverse("notifications:open", args=[mine_b.pk]))
    assert offsite["Location"] == reverse("notifications:list")  # a link off the site is not followed
    note(people.world.member_user, "d")
    as_member.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=people.world.member_user, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_someone_elses_notification_404_logged(people, notes, as_member):
    other = notes[2]
    assert as_member.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert denied(other.pk) == 1 and Notification.objects.get(pk=other.pk).read_at is None
    assert as_member.get(reverse("notifications:open", args=[other.pk])).status_code == 405


def test_preferences_page(people):
    client = login(people.secretary)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Buổi sinh hoạt ngày mai" in page and "bithu@example.vn" in page
    client.post(reverse("notifications:preferences"), {"in_app": ["meeting_to_record"], "by_email": ["reports_late"]})
    rows = {p.kind: (p.in_app, p.by_email) for p in Preference.objects.filter(user=people.secretary)}
    assert rows["meeting_to_record"] == (True, False) and rows["reports_late"] == (False, True)
    refused = login(people.world.member_user).post(reverse("notifications:preferences"), {"by_email": ["reports_late"]})
    assert refused.status_code == 400 and "địa chỉ thư" in refused.content.decode()
    assert not Preference.objects.filter(user=people.world.member_user).exists()
    assert client.get(reverse("notifications:list")).status_code == 200
    assert login_anonymous_redirects()


def login_anonymous_redirects() -> bool:
    from django.test import Client

    return Client().get(reverse("notifications:list")).status_code == 302


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user, name='app', second_factor=True)[1]}")
    return client


def test_api_own_notifications_and_preferences(people, notes):
    mine_a, _mine_b, other = notes
    client = api(people.world.member_user)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert {r["id"] for r in rows} == {notes[0].pk, notes[1].pk}
    assert client.post(f"/api/v1/notifications/{mine_a.pk}/read/").json()["read_at"] is not None
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404 and denied(other.pk) == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"count": 1}
    prefs = client.get("/api/v1/notification-preferences/").json()
    assert len(prefs) == 6 and all(p["in_app"] and not p["by_email"] for p in prefs)
    body = [{"kind": "self_assessment", "in_app": True, "by_email": False}]
    assert client.put("/api/v1/notification-preferences/", body, format="json").status_code == 200
    assert Preference.objects.get(user=people.world.member_user, kind="meeting_tomorrow").in_app is False
    bad = client.put("/api/v1/notification-preferences/", [{"kind": "x", "in_app": True, "by_email": True}],
                     format="json")  # fmt: skip
    assert bad.status_code == 400
    assert APIClient().get("/api/v1/notifications/").status_code == 401
