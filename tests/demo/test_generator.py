"""The demo generator: reproducible, the requested size, valid data, history and demo accounts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import Role, User
from dangbo.accounts.scope import scope_for
from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate
from dangbo.core.dates import age_on
from dangbo.core.text import normalize_search
from dangbo.demo.generator import BLOC_NAME, build_demo, grassroots_count
from dangbo.demo.recognition import DISCIPLINE_PLAN
from dangbo.discipline.models import Discipline
from dangbo.evaluations.models import RatingCampaign
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.members.selectors import members_for, search_members
from dangbo.members.validation import check_member_dates
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind, RestructuringKind
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, Restructuring
from dangbo.organizations.selectors import tree_as_of

TODAY = dt.date(2026, 11, 27)
SMALL = 300


def _fingerprint() -> list[tuple[Any, ...]]:
    return list(
        Member.objects.order_by("citizen_id").values_list(
            "family_name", "middle_name", "given_name", "birth_date", "citizen_id", "card_number",
            "admission_decision_date", "status", "organization__code",
        )
    )  # fmt: skip


def _build_and_fingerprint(seed: int) -> list[tuple[Any, ...]]:
    with transaction.atomic():
        build_demo(members=SMALL, seed=seed, today=TODAY, ratings=False)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


@pytest.fixture
def demo(db: None) -> Any:
    return build_demo(members=SMALL, seed=2024, today=TODAY, ratings=False)  # the ratings: test_ratings.py


@pytest.mark.django_db
def test_generator_same_seed_gives_same_members() -> None:
    first = _build_and_fingerprint(2024)
    second = _build_and_fingerprint(2024)
    assert len(first) == SMALL
    assert first == second


@pytest.mark.django_db
def test_generator_other_seed_gives_other_members() -> None:
    first = _build_and_fingerprint(2024)
    other = _build_and_fingerprint(7)
    assert {row[4] for row in first} != {row[4] for row in other}


def test_generator_builds_requested_size(demo: Any) -> None:
    assert Member.objects.count() == SMALL == demo.members
    grassroots = Organization.objects.filter(kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL])
    assert grassroots.count() == grassroots_count(SMALL) == demo.grassroots
    assert Organization.objects.filter(kind=OrgKind.UPPER, name=BLOC_NAME, dissolved_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_generator_registry_only_stops_after_members_history_and_accounts() -> None:
    """The search benchmark's data: every member in the tree (no transfers in), the tree's history and the
    demo accounts, and none of the later activity (candidacies, disciplines)."""
    result = build_demo(members=SMALL, seed=2024, today=TODAY, ratings=False, registry_only=True)
    assert Member.objects.count() == SMALL == result.members
    assert result.restructurings == Restructuring.objects.count() > 0
    assert User.objects.filter(username__in=["coso", "bantochuc"]).count() == 2
    assert not Candidate.objects.exists()
    assert not Discipline.objects.exists()


def test_generator_scales_grassroots_and_cells_like_a_bloc() -> None:
    assert grassroots_count(10_000) == 149
    assert grassroots_count(1_000_000) == 14_925


def test_generator_members_pass_the_registry_checks(demo: Any) -> None:
    members = list(Member.objects.all())
    for m in members:
        check_member_dates(
            birth_date=m.birth_date,
            admission_decision_date=m.admission_decision_date,
            ceremony_date=m.ceremony_date,
            full_membership_date=m.full_membership_date,
            today=TODAY,
        )
        assert age_on(m.birth_date, m.admission_decision_date) >= 18
        assert 22 <= age_on(m.birth_date, TODAY) <= 75
        assert len(m.citizen_id) == 12 and m.citizen_id.isdigit() and m.citizen_id.startswith("034")
        assert m.family_name and m.given_name and m.search_name and m.sort_key
    assert len({m.citizen_id for m in members}) == len(members)
    assert len({m.card_number for m in members}) == len(members)
    statuses = Counter(m.status for m in members)
    # Off the rolls: only the few struck off the probationary list (their candidacy says so: tests/demo/
    # test_admissions.py) and the few transferred out of the tree (tests/demo/test_movements_dues.py).
    assert set(statuses) <= set(ON_ROLLS) | {MemberStatus.STRUCK_OFF, MemberStatus.TRANSFERRED_OUT}
    assert statuses[MemberStatus.STRUCK_OFF] <= 0.01 * SMALL
    assert statuses[MemberStatus.TRANSFERRED_OUT] <= 0.01 * SMALL
    assert 0 < statuses[MemberStatus.PROBATIONARY] < 0.08 * SMALL
    assert statuses[MemberStatus.FULL] > 0.85 * SMALL
    awaiting = set(  # probation over, recognition vote due, overdue or escalated
        Candidate.objects.filter(stage=Stage.PROBATION, probation_ends_on__lte=TODAY).values_list(
            "member_id", flat=True
        )
    )
    for m in members:
        if m.status in (MemberStatus.PROBATIONARY, MemberStatus.STRUCK_OFF):
            assert m.full_membership_date is None
            assert (
                (TODAY - m.admission_decision_date).days < 365
                or m.pk in awaiting
                or (m.status == MemberStatus.STRUCK_OFF)
            )
        else:
            assert m.full_membership_date is not None and m.full_membership_date <= TODAY


def test_generator_puts_every_member_in_exactly_one_cell(demo: Any) -> None:
    open_memberships = Counter(CellMembership.objects.filter(end__isnull=True).values_list("member_id", flat=True))
    on_rolls = Member.objects.filter(status__in=ON_ROLLS)
    assert set(open_memberships) == set(on_rolls.values_list("pk", flat=True))
    assert set(open_memberships.values()) == {1}
    for m in on_rolls.select_related("organization"):
        membership = CellMembership.objects.get(member=m, end__isnull=True)
        assert membership.organization_id == m.organization_id
        assert m.organization.kind in MEMBER_HOLDING_KINDS and m.organization.is_active


def test_generator_status_history_matches_current_status(demo: Any) -> None:
    open_periods = dict(MemberStatusPeriod.objects.filter(end__isnull=True).values_list("member_id", "status"))
    current = dict(Member.objects.values_list("pk", "status"))
    assert open_periods == current


def test_generator_replays_the_seed_history(demo: Any) -> None:
    kinds = Counter(Restructuring.objects.values_list("kind", flat=True))
    assert kinds[RestructuringKind.MERGE] == 1
    assert kinds[RestructuringKind.REPARENT] >= 1
    assert kinds[RestructuringKind.ABSORB] >= 1
    old_blocs = Organization.objects.filter(code__in=["KCQ", "KDN"])
    assert [o.dissolved_on for o in old_blocs] == [dt.date(2021, 1, 1)] * 2
    bloc = Organization.objects.get(name=BLOC_NAME)
    before_merge = {p.name for _depth, p in tree_as_of(old_blocs[0], dt.date(2020, 12, 31))}
    assert "Đảng bộ Sở Tài chính" in before_merge
    now = {p.name for _depth, p in tree_as_of(bloc, TODAY)}
    assert "Đảng bộ Sở Tài chính" in now and "Đảng bộ Sở Kế hoạch và Đầu tư" not in now
    vu_thu = Organization.objects.get(name="Đảng bộ huyện Vũ Thư")
    handed = Organization.objects.filter(parent=vu_thu)
    assert handed.exists() and all(o.org_type == "non_state_enterprise" for o in handed)


def test_generator_gives_grassroots_committees_a_committee(demo: Any) -> None:
    for org in Organization.objects.filter(kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True):
        committee = Committee.objects.filter(organization=org, term_end__isnull=True).get()
        positions = Counter(CommitteeSeat.objects.filter(committee=committee).values_list("position", flat=True))
        assert positions["secretary"] == 1 and positions["deputy_secretary"] >= 1
        assert positions["committee_member"] >= 1
        seat_members = Member.objects.filter(committee_seats__committee=committee)
        assert all(m.organization.path.startswith(org.path) for m in seat_members.select_related("organization"))


def test_generator_demo_accounts_hold_their_roles(demo: Any) -> None:
    roles = {r.user.username: r for r in Role.objects.select_related("user", "organization")}
    bloc = Organization.objects.get(name=BLOC_NAME)
    expected_bloc = {
        "bantochuc": RoleKind.BLOC_ORGANIZATION_OFFICER,
        "kiemtra": RoleKind.BLOC_INSPECTION_OFFICER,
        "vanphong": RoleKind.BLOC_OFFICE_OFFICER,
        "tuyengiao": RoleKind.BLOC_PROPAGANDA_OFFICER,
    }
    for username, kind in expected_bloc.items():
        assert roles[username].kind == kind and roles[username].organization == bloc
    assert roles["coso"].kind == RoleKind.GRASSROOTS_OFFICER
    assert roles["coso"].organization.kind == OrgKind.GRASSROOTS_COMMITTEE
    assert roles["chibo"].kind == RoleKind.CELL_SECRETARY
    assert roles["chibo"].organization.parent == roles["coso"].organization
    assert roles["dangvien"].kind == RoleKind.MEMBER
    dangvien = User.objects.get(username="dangvien")
    assert dangvien.member.organization == roles["chibo"].organization
    assert list(members_for(scope_for(dangvien))) == [dangvien.member]
    assert not User.objects.filter(is_superuser=True).exists()  # the command adds `admin`, never the generator
    assert all(u.check_password(demo.password) for u in User.objects.all())


def test_generator_scopes_the_grassroots_officer_to_their_subtree(demo: Any) -> None:
    coso = User.objects.get(username="coso")
    org = Role.objects.get(user=coso).organization
    visible = members_for(scope_for(coso))
    assert visible.count() == Member.objects.filter(organization__path__startswith=org.path).count() > 0
    assert (
        members_for(scope_for(User.objects.get(username="bantochuc"))).count()
        == Member.objects.filter(organization__path__startswith=Organization.objects.get(name=BLOC_NAME).path).count()
    )


def test_generator_names_are_searchable_without_accents(demo: Any) -> None:
    member = Member.objects.filter(family_name="Nguyễn").order_by("pk").first()
    assert member is not None
    typed = f"nguyen {normalize_search(member.middle_name)} {normalize_search(member.given_name)}"
    assert typed.isascii()
    assert member in search_members(Member.objects.all(), typed)


@pytest.mark.django_db
def test_seed_demo_command_builds_and_prints_accounts() -> None:
    out = StringIO()
    call_command("seed_demo", "--members", "120", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert Member.objects.count() == 120
    assert "DangBo@2025" in text and "bantochuc" in text and "dangvien" in text
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    assert "Đánh giá, xếp loại chất lượng: đã khóa các năm" in text
    assert RatingCampaign.objects.count() >= 3


@pytest.mark.django_db
def test_seed_demo_command_leaves_out_the_ratings_when_asked() -> None:
    call_command("seed_demo", "--members", "100", "--quiet", "--no-ratings", stdout=StringIO())
    assert Member.objects.count() == 100
    assert not RatingCampaign.objects.exists()
    assert Discipline.objects.count() <= len(DISCIPLINE_PLAN)  # only those the badge lists need


@pytest.mark.django_db
def test_seed_demo_command_skips_a_database_with_data_when_asked() -> None:
    call_command("seed_demo", "--members", "100", "--quiet", "--no-ratings", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--members", "100", "--flush-if-empty-only", stdout=out)
    assert Member.objects.count() == 100
    assert "giữ nguyên" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_command_refuses_to_seed_over_data() -> None:
    call_command("seed_demo", "--members", "100", "--quiet", "--no-ratings", stdout=StringIO())
    with pytest.raises(CommandError, match="đã có"):
        call_command("seed_demo", "--members", "100", "--quiet", stdout=StringIO())
    assert Member.objects.count() == 100
