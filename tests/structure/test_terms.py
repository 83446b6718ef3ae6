"""Ending a committee's term after a confirmation page, and restoring a term ended by mistake the same day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from dangbo.core.audit_guard import audit_unlocked
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.organizations.enums import CommitteePosition as P
from dangbo.organizations.models import Committee, CommitteeSeat
from dangbo.structure import committees as c
from dangbo.structure import terms
from tests.conftest import World, login
from tests.factories import make_user

START = dt.date(2025, 7, 1)


@pytest.fixture
def committee(world: World) -> Committee:
    committee = c.create_committee(actor=None, organization=world.org_a, term_label="2025–2030", term_start=START)
    c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    c.add_seat(actor=None, committee=committee, member=world.m2, position=P.COMMITTEE_MEMBER, start=START)
    committee.refresh_from_db()
    return committee


def _url(world: World, committee: Committee, what: str = "ket-thuc") -> str:
    return f"/to-chuc/{world.org_a.pk}/cap-uy/{committee.pk}/{what}/"


def _end_today(committee: Committee) -> Committee:
    return terms.end_term(actor=None, committee=committee, end=timezone.localdate(), expected_version=committee.version)


def _open_seats(committee: Committee) -> int:
    return CommitteeSeat.objects.filter(committee=committee, end__isnull=True).count()


def _state(committee: Committee) -> tuple[dt.date | None, int, int]:
    committee.refresh_from_db()
    return committee.term_end, _open_seats(committee), AuditEntry.objects.filter(action__contains="term_").count()


def test_end_term_page_lists_the_seats_that_end(world: World, committee: Committee, as_officer: Client) -> None:
    text = as_officer.get(_url(world, committee)).content.decode()
    table = text[text.index("seats-ending") : text.index("</table>")]
    assert "Nguyễn Văn Hùng" in table and "Đặng Thị Lan" in table and "Bí thư" in table
    assert 'name="confirm"' in text and "khôi phục" in text
    assert _state(committee) == (None, 2, 0)


def test_end_term_post_without_confirmation_changes_nothing(
    world: World, committee: Committee, as_officer: Client
) -> None:
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = as_officer.post(_url(world, committee), {"version": committee.version, "end": today})
    assert response.status_code == 400
    assert "Hãy đánh dấu ô xác nhận để kết thúc nhiệm kỳ." in response.content.decode()
    assert _state(committee) == (None, 2, 0)


def test_end_term_confirmed_closes_term_and_seats_then_restore(
    world: World, committee: Committee, as_officer: Client
) -> None:
    today = timezone.localdate()
    data = {"version": committee.version, "end": today.strftime("%d/%m/%Y"), "confirm": "on"}
    response = as_officer.post(_url(world, committee), data)
    assert response.status_code == 302
    assert _state(committee) == (today, 0, 1)
    entry = AuditEntry.objects.get(action="organizations.committee.term_ended")
    assert sorted(s["member"] for s in entry.data["seats"]) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]
    page = as_officer.get(f"/to-chuc/{world.org_a.pk}/").content.decode()
    assert "Khôi phục nhiệm kỳ" in page and "Chưa có cấp ủy đương nhiệm." in page
    history = as_officer.get(f"/to-chuc/{world.org_a.pk}/nhat-ky/").content.decode()
    assert "Kết thúc nhiệm kỳ cấp ủy" in history
    restored = as_officer.post(_url(world, committee, "khoi-phuc"), {"version": committee.version})
    assert restored.status_code == 302
    assert _state(committee) == (None, 2, 2)
    assert "Nguyễn Văn Hùng" in as_officer.get(f"/to-chuc/{world.org_a.pk}/").content.decode()


def test_restore_keeps_a_seat_ended_before_the_term(world: World, committee: Committee) -> None:
    seat = CommitteeSeat.objects.get(member=world.m2)
    c.end_seat(actor=None, seat=seat, end=dt.date(2025, 9, 1))
    ended = terms.end_term(
        actor=None, committee=committee, end=timezone.localdate(), expected_version=committee.version
    )
    terms.restore_term(actor=None, committee=ended, expected_version=ended.version)
    assert CommitteeSeat.objects.get(pk=seat.pk).end == dt.date(2025, 9, 1)
    assert _open_seats(committee) == 1


def test_restore_refused_on_a_later_day(world: World, committee: Committee) -> None:
    ended = terms.end_term(
        actor=None, committee=committee, end=timezone.localdate(), expected_version=committee.version
    )
    with audit_unlocked():  # the entry written the day before (the log refuses any other change)
        AuditEntry.objects.filter(action="organizations.committee.term_ended").update(
            at=timezone.now() - dt.timedelta(days=1)
        )
    assert terms.restorable_committee(world.org_a, today=timezone.localdate()) is None
    with pytest.raises(DomainError, match="Chỉ khôi phục được trong ngày đã kết thúc nhiệm kỳ"):
        terms.restore_term(actor=None, committee=ended, expected_version=ended.version)
    assert _state(committee)[:2] == (timezone.localdate(), 0)


def test_restore_refused_after_a_newer_committee(world: World, committee: Committee) -> None:
    day = timezone.localdate() - dt.timedelta(days=1)
    ended = terms.end_term(actor=None, committee=committee, end=day, expected_version=committee.version)
    c.create_committee(actor=None, organization=world.org_a, term_label="2026–2031", term_start=timezone.localdate())
    with pytest.raises(DomainError, match="Đã có cấp ủy nhiệm kỳ sau"):
        terms.restore_term(actor=None, committee=ended, expected_version=ended.version)


@pytest.mark.parametrize(
    ("end", "match"),
    [
        (dt.date(2025, 7, 1), "phải sau ngày bắt đầu nhiệm kỳ"),
        (dt.date(1900, 1, 1), "phải sau ngày bắt đầu nhiệm kỳ"),
        (dt.date(2999, 1, 1), "không được sau hôm nay"),
    ],
)
def test_end_term_absurd_dates_are_refused(world: World, committee: Committee, end: dt.date, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        terms.end_term(actor=None, committee=committee, end=end, expected_version=committee.version)
    assert _state(committee) == (None, 2, 0)


def test_end_term_stale_version_shows_message(world: World, committee: Committee, as_officer: Client) -> None:
    data = {"version": committee.version - 1, "end": timezone.localdate().strftime("%d/%m/%Y"), "confirm": "on"}
    assert as_officer.post(_url(world, committee), data).status_code == 400
    assert _state(committee) == (None, 2, 0)


def test_end_term_refused_to_member_and_read_only_officer(
    world: World, committee: Committee, as_member: Client
) -> None:
    reader = login(make_user("tuyengiao", role="bloc_propaganda_officer", organization=world.bloc))
    data = {"version": committee.version, "end": timezone.localdate().strftime("%d/%m/%Y"), "confirm": "on"}
    for client in (as_member, reader):
        assert client.get(_url(world, committee)).status_code == 403
        assert client.post(_url(world, committee), data).status_code == 403
        assert client.post(_url(world, committee, "khoi-phuc"), {"version": committee.version}).status_code == 403
    assert _state(committee) == (None, 2, 0)


def test_end_term_out_of_scope_is_not_found_and_logged(
    world: World, committee: Committee, as_outsider: Client, as_officer: Client
) -> None:
    data = {"version": committee.version, "end": timezone.localdate().strftime("%d/%m/%Y"), "confirm": "on"}
    assert as_outsider.post(_url(world, committee), data).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.outsider).count() == 1
    # A committee id of another organization under an organization the officer manages: 404, logged.
    other = c.create_committee(actor=None, organization=world.org_b, term_label="2025–2030", term_start=START)
    wrong = f"/to-chuc/{world.org_a.pk}/cap-uy/{other.pk}/ket-thuc/"
    assert as_officer.post(wrong, data).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", actor=world.officer, object_type="committee").exists()
    assert _state(committee) == (None, 2, 0)
    other.refresh_from_db()
    assert other.term_end is None
