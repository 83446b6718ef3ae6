"""The daily run: stored once however often it runs, the users' choices kept, mails sent in batches to those who
chose them, the run recorded, and the warnings when it did not run (home page, `manage.py check`)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from dangbo.core.jobs import execute_job, start_job
from dangbo.evaluations.models import RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.meetings.enums import MeetingKind
from dangbo.notifications import services
from dangbo.notifications.checks import daily_run_check
from dangbo.notifications.daily import run_daily
from dangbo.notifications.models import Notification, Run
from dangbo.notifications.selectors import health

from ..conftest import login
from ..meetings.helpers import plan
from .conftest import DAY


@pytest.fixture
def busy(people):
    w = people.world
    plan(w.cell_a1, day=DAY + dt.timedelta(days=1), kind=MeetingKind.THEMATIC, topic="Ngày mai")
    plan(w.cell_a1, day=DAY - dt.timedelta(days=2))
    campaign = open_campaign(actor=w.bloc_officer, organization=w.bloc, year=2026)
    RatingCampaign.objects.filter(pk=campaign.pk).update(self_assessment_due=DAY + dt.timedelta(days=2))
    return people


def test_two_runs_store_once_and_record_counts(busy):
    first = run_daily(today=DAY)
    stored = set(Notification.objects.values_list("user_id", "key"))
    second = run_daily(today=DAY)
    assert set(Notification.objects.values_list("user_id", "key")) == stored
    assert first.ok and second.ok and first.finished_at >= first.started_at
    # the seed plan's task overdue that day goes to the bloc's office
    assert first.counts["new"] == {"meeting_tomorrow": 2, "self_assessment": 3, "meeting_to_record": 1,
                                   "plan_tasks_overdue": 1}  # fmt: skip
    assert second.counts["new"] == {}
    assert Run.objects.count() == 2


def test_turned_off_in_app_gets_nothing_of_that_kind(busy):
    w = busy.world
    services.set_choices(actor=w.member_user, in_app={"self_assessment"}, by_email=set())
    run_daily(today=DAY)
    kinds = set(Notification.objects.filter(user=w.member_user).values_list("kind", flat=True))
    assert kinds == {"self_assessment"}


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                   DANGBO_NOTIFICATIONS={"deadline_warning_days": 7, "stale_hours": 26, "email_batch": 1,
                                         "site_url": "https://dangbo.example.vn"})  # fmt: skip
def test_mail_to_those_who_chose_it_once(busy):
    services.set_choices(actor=busy.m3_user, in_app={"self_assessment"}, by_email={"self_assessment"})
    services.set_choices(actor=busy.secretary, in_app={"meeting_to_record"}, by_email={"meeting_to_record"})
    run = run_daily(today=DAY)
    assert run.emailed == 2 and len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"m3@example.vn", "bithu@example.vn"}
    assert "tự đánh giá" in by_to["m3@example.vn"].body and "https://dangbo.example.vn/thong-bao/" in by_to[
        "m3@example.vn"].body  # fmt: skip
    assert not Notification.objects.filter(user=busy.m3_user, emailed_at__isnull=True).exists()
    assert Notification.objects.filter(user=busy.world.member_user, emailed_at__isnull=True).exists()
    run_daily(today=DAY)
    assert len(mail.outbox) == 2


def test_email_needs_an_address(people):
    from dangbo.core.errors import DomainError

    with pytest.raises(DomainError, match="địa chỉ thư"):
        services.set_choices(actor=people.world.member_user, in_app=set(), by_email={"self_assessment"})
    with pytest.raises(DomainError, match="không hợp lệ"):
        services.set_choices(actor=people.secretary, in_app={"bogus"}, by_email=set())


def test_failed_run_recorded_and_not_counted_as_success(busy, monkeypatch):
    from dangbo.notifications import daily

    def broken(today):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(daily.SOURCES, "reports_late", broken)
    with pytest.raises(RuntimeError):
        run_daily(today=DAY)
    run = Run.objects.get()
    assert not run.ok and "hỏng" in run.error and run.finished_at is not None
    assert health().stale and health().last_success is None


def test_health_check_and_office_home(busy):
    w = busy.world
    assert health().stale
    assert [m.id for m in daily_run_check()] == ["notifications.W001"]
    office = login(w.bloc_officer)
    assert 'id="notify-stale"' in office.get("/").content.decode()
    assert 'id="notify-stale"' not in login(w.member_user).get("/").content.decode()
    run = run_daily(today=DAY)
    assert not health().stale and daily_run_check() == []
    assert 'id="notify-stale"' not in office.get("/").content.decode()
    Run.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(hours=27))
    assert health().stale and "không chạy từ" in health().message


def test_health_page_warns_of_a_late_daily_run_without_failing(busy):
    """The health page lists the daily run as a warning when it is late; a load balancer still sees 200."""
    page = Client().get("/suc-khoe/")
    body = page.json()
    assert page.status_code == 200 and body["status"] == "ok" and body["warnings"] == ["notifications"]
    assert body["checks"]["notifications"] == {
        "ok": False, "last_success": None, "critical": False,
        "detail": "no successful daily notification run for more than 26 h",
    }  # fmt: skip
    run = run_daily(today=DAY)
    body = Client().get("/suc-khoe/").json()
    assert body["warnings"] == [] and body["checks"]["notifications"]["ok"]
    assert body["checks"]["notifications"]["last_success"] == run.finished_at.isoformat()


def test_command_and_job(busy):
    out = StringIO()
    call_command("send_notifications", "--day", DAY.strftime("%d/%m/%Y"), stdout=out)
    assert "7 thông báo mới" in out.getvalue()
    job = start_job(kind="notifications.daily", owner=busy.world.bloc_officer)
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and Run.objects.filter(trigger="job", ok=True).exists()
