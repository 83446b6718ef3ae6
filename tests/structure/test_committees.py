"""Committees, seats, shares and oversight assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.organizations.enums import CommitteePosition as P
from dangbo.organizations.models import Committee, CommitteeSeat, OversightAssignment
from dangbo.structure import committees as c
from dangbo.structure.selectors import current_committee, oversight_of
from tests.conftest import World
from tests.factories import make_member

START = dt.date(2025, 7, 1)


@pytest.fixture
def committee(world: World) -> Committee:
    return c.create_committee(
        actor=world.officer, organization=world.org_a, term_label="2025–2030", term_start=START, secretary_is_head=True
    )


def counts() -> tuple[int, int, int, int]:
    return (
        Committee.objects.count(),
        CommitteeSeat.objects.filter(end__isnull=True).count(),
        OversightAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(call: Any, match: str) -> None:
    before = counts()
    with pytest.raises(DomainError, match=match):
        call()
    assert counts() == before


def test_create_committee_is_audited_on_the_organization(world: World, committee: Committee) -> None:
    entry = AuditEntry.objects.get(action="organizations.committee.created")
    assert (entry.object_type, entry.object_id) == ("organization", str(world.org_a.pk))
    assert entry.after["secretary_is_head"] is True and entry.after["term_label"] == "2025–2030"


def test_create_committee_closes_open_previous_term(world: World, committee: Committee) -> None:
    c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    new = c.create_committee(
        actor=None, organization=world.org_a, term_label="2030–2035", term_start=dt.date(2030, 7, 1)
    )
    committee.refresh_from_db()
    assert committee.term_end == dt.date(2030, 7, 1)
    assert CommitteeSeat.objects.get(member=world.m1).end == dt.date(2030, 7, 1)
    assert current_committee(scope_for(world.officer), org=world.org_a, on=dt.date(2031, 1, 1)).committee == new  # type: ignore[union-attr]


def test_create_committee_with_bad_dates_is_refused(world: World, committee: Committee) -> None:
    refused(
        lambda: c.create_committee(
            actor=None, organization=world.org_a, term_label="X", term_start=START, term_end=START
        ),
        "phải sau ngày bắt đầu",
    )
    refused(
        lambda: c.create_committee(
            actor=None, organization=world.org_a, term_label="2020–2025", term_start=dt.date(2020, 7, 1)
        ),
        "phải bắt đầu sau nhiệm kỳ 2025–2030",
    )
    refused(
        lambda: c.create_committee(actor=None, organization=world.org_b, term_label=" ", term_start=START),
        "không được để trống",
    )


def test_add_seat_requires_member_of_subtree_on_rolls_and_full(world: World, committee: Committee) -> None:
    refused(
        lambda: c.add_seat(actor=None, committee=committee, member=world.m3, position=P.COMMITTEE_MEMBER, start=START),
        "không sinh hoạt trong “Đảng bộ Sở Tài chính”",
    )
    probationary = make_member(organization=world.cell_a2, full_membership_date=None)
    assert probationary.status == MemberStatus.PROBATIONARY
    refused(
        lambda: c.add_seat(
            actor=None, committee=committee, member=probationary, position=P.COMMITTEE_MEMBER, start=START
        ),
        "dự bị",
    )
    world.m2.status = MemberStatus.DECEASED
    world.m2.save(update_fields=["status"])
    refused(
        lambda: c.add_seat(actor=None, committee=committee, member=world.m2, position=P.COMMITTEE_MEMBER, start=START),
        "không còn trong danh sách",
    )
    refused(
        lambda: c.add_seat(
            actor=None, committee=committee, member=world.m1, position=P.COMMITTEE_MEMBER, start=dt.date(2025, 1, 1)
        ),
        "trong nhiệm kỳ",
    )


def test_add_seat_allows_one_secretary_at_a_time(world: World, committee: Committee) -> None:
    seat = c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    refused(
        lambda: c.add_seat(actor=None, committee=committee, member=world.m2, position=P.SECRETARY, start=START),
        "đã có Bí thư \\(Nguyễn Văn Hùng\\)",
    )
    refused(
        lambda: c.add_seat(actor=None, committee=committee, member=world.m1, position=P.DEPUTY_SECRETARY, start=START),
        "đang là cấp ủy viên",
    )
    c.end_seat(actor=None, seat=seat, end=dt.date(2026, 1, 1))
    c.add_seat(actor=None, committee=committee, member=world.m2, position=P.SECRETARY, start=dt.date(2026, 1, 1))
    assert AuditEntry.objects.filter(action__startswith="organizations.committee.seat_").count() == 3


def test_end_seat_before_start_or_twice_is_refused(world: World, committee: Committee) -> None:
    seat = c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    refused(lambda: c.end_seat(actor=None, seat=seat, end=START), "phải sau ngày bắt đầu")
    c.end_seat(actor=None, seat=seat, end=dt.date(2026, 1, 1))
    with pytest.raises(DomainError, match="đã kết thúc ngày 01/01/2026"):
        c.end_seat(actor=None, seat=seat, end=dt.date(2026, 2, 1))


def test_shares_count_women_and_under_40_among_seated(world: World, committee: Committee) -> None:
    young = make_member(
        organization=world.cell_a2,
        birth_date=dt.date(1990, 6, 1),
        gender="male",
        admission_decision_date=dt.date(2012, 5, 19),
        ceremony_date=dt.date(2012, 6, 1),
        full_membership_date=dt.date(2013, 6, 1),
    )
    c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    c.add_seat(actor=None, committee=committee, member=world.m2, position=P.DEPUTY_SECRETARY, start=START)
    c.add_seat(actor=None, committee=committee, member=young, position=P.COMMITTEE_MEMBER, start=START)
    overview = current_committee(scope_for(world.officer), org=world.org_a, on=dt.date(2026, 1, 1))
    assert overview is not None
    assert [s.member for s in overview.seats] == [world.m1, world.m2, young]
    assert (overview.shares.seated, overview.shares.women, overview.shares.under_40) == (3, 1, 1)
    assert overview.shares.women_percent == 33.3
    # on 01/06/2030 the young member turns 40
    later = current_committee(scope_for(world.officer), org=world.org_a, on=dt.date(2030, 6, 1))
    assert later is not None and later.shares.under_40 == 0
    assert current_committee(scope_for(world.outsider), org=world.org_a, on=dt.date(2026, 1, 1)) is None


def test_shares_of_empty_committee_are_none(world: World, committee: Committee) -> None:
    overview = current_committee(scope_for(world.officer), org=world.org_a, on=START)
    assert overview is not None and overview.shares.women_percent is None


def test_update_committee_with_stale_version_is_refused(world: World, committee: Committee) -> None:
    c.update_committee(
        actor=None,
        committee=committee,
        expected_version=1,
        term_label="2025–2030",
        term_end=dt.date(2030, 7, 1),
        secretary_is_head=False,
    )
    with pytest.raises(ConcurrentEditError):
        c.update_committee(
            actor=None, committee=committee, expected_version=1, term_label="X", term_end=None, secretary_is_head=True
        )
    committee.refresh_from_db()
    assert (committee.term_label, committee.secretary_is_head, committee.version) == ("2025–2030", False, 2)


def test_oversight_needs_an_upper_committee_member(world: World, committee: Committee) -> None:
    bloc_committee = c.create_committee(actor=None, organization=world.bloc, term_label="2025–2030", term_start=START)
    c.add_seat(actor=None, committee=bloc_committee, member=world.m3, position=P.STANDING_COMMITTEE, start=START)
    c.add_seat(actor=None, committee=committee, member=world.m1, position=P.SECRETARY, start=START)
    refused(
        lambda: c.assign_oversight(actor=None, organization=world.org_a, member=world.m1, start=START),
        "không phải cấp ủy viên cấp trên",
    )
    assignment = c.assign_oversight(actor=None, organization=world.org_a, member=world.m3, start=START, note="Khối")
    refused(
        lambda: c.assign_oversight(actor=None, organization=world.org_a, member=world.m3, start=START), "đang phụ trách"
    )
    assert oversight_of(scope_for(world.officer), org=world.org_a, on=START) == [assignment]
    c.end_oversight(actor=None, assignment=assignment, end=dt.date(2026, 1, 1))
    assert oversight_of(scope_for(world.officer), org=world.org_a, on=dt.date(2026, 1, 1)) == []
    assert (
        AuditEntry.objects.filter(action__startswith="organizations.oversight.", object_id=str(world.org_a.pk)).count()
        == 2
    )
