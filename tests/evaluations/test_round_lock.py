"""Locking a round after a confirmation page, and reopening it: the bloc only, audited, nothing saved otherwise."""

from __future__ import annotations

from typing import Any

from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import CampaignState, Level
from dangbo.evaluations.models import RatingCampaign
from dangbo.evaluations.services import open_campaign

from .conftest import decide, rating_of


def _state() -> str:
    return RatingCampaign.objects.get().state


def _locks() -> int:
    return AuditEntry.objects.filter(action="evaluations.campaign.locked").count()


def _url(campaign: Any, what: str = "khoa") -> str:
    return f"/danh-gia/{campaign.pk}/{what}/"


def test_lock_page_lists_what_is_pending_per_unit(world, round_2024, as_bloc_officer):
    decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    response = as_bloc_officer.get(_url(round_2024))
    text = response.content.decode()
    assert response.status_code == 200 and _state() == CampaignState.OPEN
    assert "Đảng viên đã có kết quả xếp loại: 1/3" in text and "Đảng viên còn chờ (chưa có quyết định): 2" in text
    assert "Tổ chức đảng đã có kết quả xếp loại: 0/5" in text and "Tổng số đối tượng còn chờ: 7" in text
    table = text[text.index("pending-table") : text.index("</table>", text.index("pending-table"))]
    assert f'href="/danh-gia/{round_2024.pk}/don-vi/{world.org_a.pk}/"' in table
    assert f'href="/danh-gia/{round_2024.pk}/don-vi/{world.org_b.pk}/"' in table
    assert 'name="confirm"' in text


def test_lock_post_without_confirmation_changes_nothing(world, round_2024, as_bloc_officer):
    response = as_bloc_officer.post(_url(round_2024), {"version": round_2024.version})
    assert response.status_code == 400
    assert "Hãy đánh dấu ô xác nhận để khóa đợt đánh giá." in response.content.decode()
    assert _state() == CampaignState.OPEN and _locks() == 0


def test_lock_post_with_confirmation_locks_and_audits_the_pending(world, round_2024, as_bloc_officer):
    response = as_bloc_officer.post(_url(round_2024), {"version": round_2024.version, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == f"/danh-gia/{round_2024.pk}/"
    assert _state() == CampaignState.LOCKED
    entry = AuditEntry.objects.get(action="evaluations.campaign.locked")
    assert entry.data == {"total": 8, "not_rated": 0, "decided": 0, "pending": 8}
    page = as_bloc_officer.get(f"/danh-gia/{round_2024.pk}/").content.decode()
    assert "Mở lại đợt đánh giá" in page and 'class="button lock"' not in page
    # The confirmation page of a locked round sends back to the round.
    assert as_bloc_officer.get(_url(round_2024)).status_code == 302


def test_lock_with_stale_version_is_refused(world, round_2024, as_bloc_officer):
    response = as_bloc_officer.post(_url(round_2024), {"version": round_2024.version - 1, "confirm": "on"})
    assert response.status_code == 400 and _state() == CampaignState.OPEN and _locks() == 0


def test_lock_refused_to_grassroots_officer_and_member(world, round_2024, as_officer, as_member):
    assert as_officer.get(_url(round_2024)).status_code == 403
    assert as_officer.post(_url(round_2024), {"version": round_2024.version, "confirm": "on"}).status_code == 403
    assert as_member.post(_url(round_2024), {"version": round_2024.version, "confirm": "on"}).status_code == 403
    assert _state() == CampaignState.OPEN and _locks() == 0
    assert 'class="button lock"' not in as_officer.get(f"/danh-gia/{round_2024.pk}/").content.decode()


def test_lock_out_of_scope_is_not_found_and_logged(world, as_outsider):
    campaign = open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    assert as_outsider.get(_url(campaign)).status_code == 404
    assert as_outsider.post(_url(campaign), {"version": campaign.version, "confirm": "on"}).status_code == 404
    assert as_outsider.post(_url(campaign, "mo-lai"), {"version": campaign.version, "reason": "x"}).status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider, object_type="campaign")
    assert denied.count() == 3 and _state() == CampaignState.OPEN


def test_reopen_by_the_bloc_with_a_reason_is_audited(world, round_2024, as_bloc_officer, as_officer):
    as_bloc_officer.post(_url(round_2024), {"version": round_2024.version, "confirm": "on"})
    campaign = RatingCampaign.objects.get()
    assert as_officer.post(_url(campaign, "mo-lai"), {"version": campaign.version, "reason": "x"}).status_code == 403
    as_bloc_officer.post(_url(campaign, "mo-lai"), {"version": campaign.version, "reason": "  "})
    assert _state() == CampaignState.LOCKED
    response = as_bloc_officer.post(_url(campaign, "mo-lai"), {"version": campaign.version, "reason": "Sửa chi bộ A1"})
    assert response.status_code == 302 and _state() == CampaignState.OPEN
    entry = AuditEntry.objects.get(action="evaluations.campaign.reopened")
    assert (entry.actor, entry.data) == (world.bloc_officer, {"reason": "Sửa chi bộ A1"})
