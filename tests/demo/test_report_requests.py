"""The demo's yearly report cycle: the bloc asked its grassroots organizations, about half accepted, a few waiting,
one returned, the rest late (all but one reminded, the demo grassroots officer's among them); its pages open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from dangbo.accounts.models import Role, User
from dangbo.demo.generator import build_demo
from dangbo.reporting.models import ReportRecipient, ReportRequest

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=600, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_a_yearly_cycle_at_every_stage(built):
    request = ReportRequest.objects.get()
    assert request.kind == "yearly" and request.year == 2026 and request.due_on < TODAY
    counts = built.report_requests.counts
    assert counts["accepted"] >= 1 and counts["submitted"] >= 1 and counts["returned"] == 1 and counts["pending"] >= 2
    late = ReportRecipient.objects.filter(request=request, status="pending")
    assert late.filter(last_reminded_on__isnull=False).count() == late.count() - 1
    coso = Role.objects.get(user__username="coso").organization_id
    assert late.filter(organization_id=coso, last_reminded_on__isnull=False).exists()


def test_the_pages_open_for_the_board_and_the_unit(built):
    board, unit = Client(), Client()
    board.force_login(User.objects.get(username="bantochuc"))
    unit.force_login(User.objects.get(username="coso"))
    request = ReportRequest.objects.get()
    page = board.get(reverse("reporting:request", args=[request.pk])).content.decode()
    assert "Bị trả lại" in page and "Đã tiếp nhận" in page and "Quá hạn" in page
    assert "Cấp trên đã nhắc gửi báo cáo ngày" in unit.get("/").content.decode()
