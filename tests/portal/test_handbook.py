"""The member's handbook: the member's own summary only, audited; refused to accounts that are no member; the web
app's manifest, service worker and offline page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.library.models import PartyDocument
from dangbo.members.models import MemberStatusPeriod

from ..conftest import World, login

pytestmark = pytest.mark.django_db
URL = "/so-tay/"
DAY = dt.date(2026, 11, 27)


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("dangbo.portal.views.timezone.localdate", lambda: DAY)
    return DAY


def test_the_member_sees_their_own_summary(world: World, on_day: dt.date) -> None:
    response = login(world.member_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    m1 = world.m1
    for text in (m1.full_name, "01/01/1980", "19/05/2005", "01/06/2006", "01000001", "Chi bộ Phòng Ngân sách"):
        assert text in html
    # 19/05/2005 → 19/05/2026 is 21 years, → 19/11/2026 six months more, → 27/11/2026 eight days.
    assert "21 năm 6 tháng 8 ngày" in html
    assert world.m2.full_name not in html and "01000002" not in html
    entry = AuditEntry.objects.get(action="portal.handbook.viewed")
    assert entry.actor == world.member_user and entry.object_id == str(m1.pk)


def test_a_gap_in_membership_is_left_out_of_seniority(world: World, on_day: dt.date) -> None:
    """Struck off for one year (01/01/2010 → 01/01/2011), the member's seniority is a year shorter."""
    first = MemberStatusPeriod.objects.get(member=world.m1, end__isnull=True)
    first.end = dt.date(2010, 1, 1)
    first.save()
    MemberStatusPeriod.objects.create(member=world.m1, status="struck_off", start=dt.date(2010, 1, 1),
                                      end=dt.date(2011, 1, 1))  # fmt: skip
    MemberStatusPeriod.objects.create(member=world.m1, status=first.status, start=dt.date(2011, 1, 1))
    assert "20 năm 6 tháng 8 ngày" in login(world.member_user).get(URL).content.decode()


def test_the_page_costs_the_same_few_queries_whatever_the_records(world: World, on_day: dt.date) -> None:
    client = login(world.member_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(queries) <= 25, [q["sql"] for q in queries.captured_queries]


def test_accounts_that_are_no_member_are_refused(world: World, client) -> None:  # type: ignore[no-untyped-def]
    assert login(world.officer).get(URL).status_code == 403
    assert login(world.bloc_officer).get(URL).status_code == 403
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert not AuditEntry.objects.filter(action="portal.handbook.viewed").exists()


def test_the_member_reaches_it_from_the_home_page(world: World) -> None:
    home = login(world.member_user).get("/").content.decode()
    assert 'id="nav-handbook"' in home and 'id="home-handbook"' in home
    assert 'id="nav-handbook"' not in login(world.officer).get("/").content.decode()


def test_the_web_app_manifest(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:manifest"))
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["start_url"] == URL and body["display"] == "standalone" and body["name"] == "Đảng bộ số"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert sizes == {"192x192", "512x512"}
    for size in (192, 512):
        found = finders.find(f"portal/icon-{size}.png")
        assert found is not None
        with open(found, "rb") as icon:
            assert icon.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_service_worker_and_the_offline_page(client) -> None:  # type: ignore[no-untyped-def]
    worker = client.get(reverse("portal:service_worker"))
    assert worker.status_code == 200 and worker["Content-Type"] == "text/javascript"
    assert worker["Service-Worker-Allowed"] == "/"
    script = worker.content.decode()
    assert reverse("portal:offline") in script and "caches.delete(DOCUMENTS)" in script
    offline = client.get(reverse("portal:offline"))
    assert offline.status_code == 200 and "Không có kết nối mạng" in offline.content.decode()
    home = client.get(reverse("accounts:login")).content.decode()
    assert f'data-service-worker="{reverse("portal:service_worker")}"' in home
    assert f'rel="manifest" href="{reverse("portal:manifest")}"' in home


def test_the_api_gives_the_same_summary_to_the_member_only(world: World, on_day: dt.date) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.member_user)
    body = api.get("/api/v1/me/").json()
    assert body["member"]["id"] == world.m1.pk and body["member"]["card_number"] == "01000001"
    assert body["seniority"] == {"years": 21, "months": 6, "days": 8, "text": "21 năm 6 tháng 8 ngày"}
    assert body["ratings"] == [] and body["dues_owed"] == 0 and body["tasks"]["year"] == 2026
    entry = AuditEntry.objects.get(action="portal.handbook.viewed")
    assert entry.data == {"via": "api"} and entry.object_id == str(world.m1.pk)
    api.force_authenticate(world.officer)
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 403 and "không gắn với đảng viên" in refused.json()["detail"]
    api.force_authenticate(None)
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_the_handbook_counts_what_is_left_to_study_and_the_questions_waiting(world: World, on_day: dt.date) -> None:
    from dangbo.library import services as library
    from dangbo.library.study import mark_studied
    from dangbo.questions.services import ask

    def publish(number: str) -> Any:
        return library.create_document(
            actor=world.bloc_officer, keeper=world.bloc, issuer=world.bloc, number=number, symbol="NQ/ĐUK",
            kind="resolution", title=f"Nghị quyết {number}", issued_on=dt.date(2026, 1, 5), today=DAY,
        )  # fmt: skip

    first = publish("1")
    publish("2")
    mark_studied(actor=world.member_user, member=world.m1, document=first, today=DAY)
    ask(actor=world.member_user, member=world.m1, addressee=world.cell_a1, subject="Hỏi về sinh hoạt",
        body="Chi bộ họp ngày nào?", today=DAY)  # fmt: skip
    book = login(world.member_user).get(URL).context["book"]
    # Published to the member: the two new resolutions and the preloaded documents of the whole system.
    preloaded = PartyDocument.objects.filter(path="").count()
    assert book.to_study == preloaded + 1 and book.questions_waiting == 1
