"""Restructuring operations: the tree now, the tree as of a past date, member counts, and refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member
from dangbo.members.selectors import member_counts_as_of
from dangbo.organizations.enums import OrgKind, RestructuringKind
from dangbo.organizations.models import Organization, OrganizationPeriod, Restructuring
from dangbo.organizations.selectors import roots_as_of, tree_as_of
from dangbo.structure import restructuring as r
from tests.conftest import World
from tests.factories import make_member, make_org, make_user

from .conftest import AFTER, BEFORE, EFFECTIVE, Deep


def shape(root: Organization, day: dt.date) -> list[tuple[int, str]]:
    """The as-of tree as (depth, name) rows."""
    return [(depth, p.name) for depth, p in tree_as_of(root, day)]


def counts(world: World, day: dt.date) -> dict[int, int]:
    return member_counts_as_of(scope_for(world.bloc_officer), day=day)


def state() -> dict[str, Any]:
    """Everything a refused operation must leave untouched."""
    return {
        "orgs": sorted(Organization.objects.values_list("pk", "name", "parent_id", "path", "depth", "dissolved_on")),
        "periods": OrganizationPeriod.objects.count(),
        "restructurings": Restructuring.objects.count(),
        "memberships": sorted(CellMembership.objects.values_list("member_id", "organization_id", "end")),
        "audit": AuditEntry.objects.count(),
    }


def refused(call: Any, match: str) -> None:
    before = state()
    with pytest.raises(DomainError, match=match):
        call()
    assert state() == before


# --- rename ------------------------------------------------------------------------------------------------


def test_rename_keeps_old_name_before_effective_date(world: World, decision: r.Decision) -> None:
    r.rename(
        actor=world.bloc_officer,
        org=world.org_a,
        new_name="Đảng bộ Sở Tài chính – Kế hoạch",
        effective_date=EFFECTIVE,
        decision=decision,
    )
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Đảng bộ Sở Tài chính – Kế hoạch"
    assert "ke hoach" in world.org_a.search_name
    assert (1, "Đảng bộ Sở Tài chính") in shape(world.bloc, BEFORE)
    assert (1, "Đảng bộ Sở Tài chính – Kế hoạch") in shape(world.bloc, EFFECTIVE)
    assert (1, "Đảng bộ Sở Tài chính") not in shape(world.bloc, EFFECTIVE)
    periods = list(OrganizationPeriod.objects.filter(organization=world.org_a).order_by("valid_from"))
    assert [(p.name, p.valid_to) for p in periods] == [
        ("Đảng bộ Sở Tài chính", EFFECTIVE),
        ("Đảng bộ Sở Tài chính – Kế hoạch", None),
    ]
    row = Restructuring.objects.get()
    assert (row.kind, row.effective_date, row.decision_number, row.decision_date) == (
        RestructuringKind.RENAME,
        EFFECTIVE,
        "125-QĐ/ĐUK",
        dt.date(2024, 3, 20),
    )
    assert periods[1].restructuring == row
    entry = AuditEntry.objects.get(action="organizations.restructured.rename")
    assert entry.object_id == str(world.org_a.pk)
    assert entry.before == {"name": "Đảng bộ Sở Tài chính", "short_name": ""}
    assert entry.after["name"] == "Đảng bộ Sở Tài chính – Kế hoạch"
    assert entry.actor == world.bloc_officer


def test_rename_empty_or_unchanged_name_is_refused(world: World) -> None:
    refused(
        lambda: r.rename(actor=None, org=world.org_a, new_name="  ", effective_date=EFFECTIVE), "không được để trống"
    )
    refused(
        lambda: r.rename(actor=None, org=world.org_a, new_name="Đảng bộ Sở Tài chính", effective_date=EFFECTIVE),
        "đã mang tên",
    )


def test_rename_before_current_period_is_refused(world: World) -> None:
    r.rename(actor=None, org=world.org_a, new_name="Tên 2024", effective_date=EFFECTIVE)
    refused(
        lambda: r.rename(actor=None, org=world.org_a, new_name="Tên 2023", effective_date=dt.date(2023, 1, 1)),
        "đã có thay đổi từ ngày 01/04/2024",
    )


# --- reparent ----------------------------------------------------------------------------------------------


def test_reparent_moves_subtree_and_keeps_history(world: World, deep: Deep, decision: r.Decision) -> None:
    r.reparent(
        actor=world.bloc_officer, org=world.org_b, new_parent=deep.upper, effective_date=EFFECTIVE, decision=decision
    )
    world.org_b.refresh_from_db()
    world.cell_b1.refresh_from_db()
    assert world.org_b.parent == deep.upper
    assert world.org_b.path == f"{deep.upper.path}{world.org_b.pk:07d}."
    assert world.cell_b1.path == f"{world.org_b.path}{world.cell_b1.pk:07d}."
    assert (world.org_b.depth, world.cell_b1.depth) == (2, 3)
    before, after = shape(world.bloc, BEFORE), shape(world.bloc, EFFECTIVE)
    assert before[before.index((1, "Đảng bộ Công ty Điện lực")) + 1] == (2, "Chi bộ Phân xưởng")
    start = after.index((1, "Đảng bộ Tổng công ty"))
    assert after[start : start + 7] == [
        (1, "Đảng bộ Tổng công ty"),
        (2, "Đảng bộ Công ty con"),
        (3, "Đảng bộ bộ phận Nhà máy"),
        (4, "Chi bộ Phân xưởng 1"),
        (5, "Tổ đảng Ca 1"),
        (2, "Đảng bộ Công ty Điện lực"),
        (3, "Chi bộ Phân xưởng"),
    ]
    assert (1, "Đảng bộ Công ty Điện lực") not in after
    assert counts(world, BEFORE)[deep.upper.pk] == 0
    assert counts(world, EFFECTIVE)[deep.upper.pk] == 1
    assert counts(world, EFFECTIVE)[world.bloc.pk] == 3
    # the member did not move: the cell moved with them
    assert CellMembership.objects.filter(member=world.m3).count() == 1
    entry = AuditEntry.objects.get(action="organizations.restructured.reparent")
    assert entry.before["parent_id"] == world.bloc.pk and entry.after["parent_id"] == deep.upper.pk
    assert entry.data["subtree_size"] == 2


def test_reparent_rewrites_paths_of_deep_subtree(world: World, deep: Deep) -> None:
    r.reparent(actor=None, org=deep.sub, new_parent=world.org_a, effective_date=EFFECTIVE)
    for org in (deep.sub, deep.cell, deep.group):
        org.refresh_from_db()
    assert deep.sub.path == world.org_a.path + f"{deep.sub.pk:07d}."
    assert deep.cell.path == deep.sub.path + f"{deep.cell.pk:07d}."
    assert deep.group.path == deep.cell.path + f"{deep.group.pk:07d}."
    assert (deep.sub.depth, deep.cell.depth, deep.group.depth) == (2, 3, 4)
    # the subtree left its old branch entirely
    assert (
        not Organization.objects.filter(path__startswith=deep.grassroots.path).exclude(pk=deep.grassroots.pk).exists()
    )
    # and the officer of A now covers it
    assert scope_for(world.officer).covers_path("manage_orgs", deep.group.path)


def test_reparent_up_the_tree_shortens_paths(world: World, deep: Deep) -> None:
    r.reparent(actor=None, org=deep.grassroots, new_parent=world.bloc, effective_date=EFFECTIVE)
    deep.group.refresh_from_db()
    assert deep.group.depth == 4
    assert deep.group.path.startswith(world.bloc.path + f"{deep.grassroots.pk:07d}.")
    assert len(deep.group.path) == 5 * 8


def test_reparent_under_own_descendant_is_refused(world: World, deep: Deep) -> None:
    refused(
        lambda: r.reparent(actor=None, org=world.bloc, new_parent=deep.upper, effective_date=EFFECTIVE),
        "chính “Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh” hoặc tổ chức cấp dưới",
    )
    refused(
        lambda: r.reparent(actor=None, org=deep.upper, new_parent=deep.upper, effective_date=EFFECTIVE),
        "tổ chức cấp dưới",
    )


def test_reparent_under_dissolved_or_unfit_parent_is_refused(world: World, deep: Deep) -> None:
    r.dissolve(actor=None, org=world.cell_a2, effective_date=EFFECTIVE)
    refused(
        lambda: r.reparent(actor=None, org=deep.group, new_parent=world.cell_a2, effective_date=AFTER), "đã giải thể"
    )
    refused(
        lambda: r.reparent(actor=None, org=world.cell_a1, new_parent=world.bloc, effective_date=AFTER),
        "“Chi bộ trực thuộc” không thể trực thuộc “Đảng bộ cấp trên cơ sở”",
    )
    refused(
        lambda: r.reparent(actor=None, org=world.cell_a1, new_parent=world.org_a, effective_date=AFTER), "đã trực thuộc"
    )


# --- merge -------------------------------------------------------------------------------------------------


def test_merge_committees_moves_children_and_dissolves_sources(world: World, decision: r.Decision) -> None:
    new = r.merge(
        actor=world.bloc_officer,
        orgs=[world.org_a, world.org_b],
        code="AB",
        name="Đảng bộ Sở Tài chính và Điện lực",
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        parent=world.bloc,
        effective_date=EFFECTIVE,
        decision=decision,
    )
    for org in (world.org_a, world.org_b, world.cell_a1, world.cell_b1):
        org.refresh_from_db()
    assert world.org_a.dissolved_on == EFFECTIVE and world.org_b.dissolved_on == EFFECTIVE
    assert world.cell_a1.parent == new and world.cell_b1.parent == new
    assert world.cell_b1.path == new.path + f"{world.cell_b1.pk:07d}."
    assert new.founded_on == EFFECTIVE
    assert not OrganizationPeriod.objects.filter(
        organization__in=[world.org_a, world.org_b], valid_to__isnull=True
    ).exists()
    assert shape(world.bloc, BEFORE) == [
        (0, "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"),
        (1, "Đảng bộ Công ty Điện lực"),
        (2, "Chi bộ Phân xưởng"),
        (1, "Đảng bộ Sở Tài chính"),
        (2, "Chi bộ Phòng Ngân sách"),
        (2, "Chi bộ Văn phòng Sở"),
    ]
    assert shape(world.bloc, EFFECTIVE) == [
        (0, "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"),
        (1, "Đảng bộ Sở Tài chính và Điện lực"),
        (2, "Chi bộ Phân xưởng"),
        (2, "Chi bộ Phòng Ngân sách"),
        (2, "Chi bộ Văn phòng Sở"),
    ]
    before, after = counts(world, BEFORE), counts(world, EFFECTIVE)
    assert (before[world.org_a.pk], before[world.org_b.pk], before.get(new.pk)) == (2, 1, None)
    assert after[new.pk] == 3 and world.org_a.pk not in after
    row = Restructuring.objects.get()
    assert set(row.sources.all()) == {world.org_a, world.org_b} and list(row.results.all()) == [new]
    actions = AuditEntry.objects.filter(action="organizations.restructured.merge")
    assert {e.object_id for e in actions} == {
        str(o.pk) for o in (world.org_a, world.org_b, new, world.cell_a1, world.cell_a2, world.cell_b1)
    }


def test_merge_cells_moves_members_with_dated_membership(world: World) -> None:
    new = r.merge(
        actor=None,
        orgs=[world.cell_a1, world.cell_a2],
        code="A12",
        name="Chi bộ Tổng hợp",
        kind=OrgKind.CELL,
        parent=world.org_a,
        effective_date=EFFECTIVE,
    )
    world.m1.refresh_from_db()
    assert world.m1.organization == new
    assert world.m1.status == MemberStatus.FULL
    old = CellMembership.objects.get(member=world.m1, organization=world.cell_a1)
    assert old.end == EFFECTIVE
    before, after = counts(world, BEFORE), counts(world, EFFECTIVE)
    assert before[world.cell_a1.pk] == 2 and after[new.pk] == 2
    assert before[world.org_a.pk] == after[world.org_a.pk] == 2


def test_merge_with_itself_or_alone_is_refused(world: World) -> None:
    def go(orgs: list[Organization]) -> Any:
        return lambda: r.merge(
            actor=None,
            orgs=orgs,
            code="X",
            name="X",
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            parent=world.bloc,
            effective_date=EFFECTIVE,
        )

    refused(go([world.org_a, world.org_a]), "Không thể hợp nhất một tổ chức với chính nó")
    refused(go([world.org_a]), "ít nhất hai tổ chức")
    refused(go([world.org_a, world.cell_a1]), "tổ chức cấp dưới")


def test_merge_grassroots_cells_without_member_destination_is_refused(world: World) -> None:
    g1 = make_org(name="Chi bộ cơ sở Trường 1", kind=OrgKind.GRASSROOTS_CELL, parent=world.bloc)
    g2 = make_org(name="Chi bộ cơ sở Trường 2", kind=OrgKind.GRASSROOTS_CELL, parent=world.bloc)
    make_member(organization=g1)
    make_member(organization=g2)
    refused(
        lambda: r.merge(
            actor=None,
            orgs=[g1, g2],
            code="TR",
            name="Đảng bộ Trường",
            parent=world.bloc,
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            effective_date=EFFECTIVE,
        ),
        "Còn 2 đảng viên",
    )
    new = r.merge(
        actor=None,
        orgs=[g1, g2],
        code="TR",
        name="Đảng bộ Trường",
        parent=world.bloc,
        kind=OrgKind.GRASSROOTS_COMMITTEE,
        effective_date=EFFECTIVE,
        members_to=world.cell_a2,
    )
    assert Member.objects.filter(organization=world.cell_a2).count() == 2
    assert new.dissolved_on is None


def test_merge_with_code_in_use_saves_nothing(world: World) -> None:
    refused(
        lambda: r.merge(
            actor=None,
            orgs=[world.org_a, world.org_b],
            code="A1",
            name="X",
            parent=world.bloc,
            kind=OrgKind.GRASSROOTS_COMMITTEE,
            effective_date=EFFECTIVE,
        ),
        "đã được dùng",
    )


# --- absorb ------------------------------------------------------------------------------------------------


def test_absorb_cell_moves_members_and_dissolves_source(world: World) -> None:
    r.absorb(actor=None, source=world.cell_a1, into=world.cell_a2, effective_date=EFFECTIVE)
    world.cell_a1.refresh_from_db()
    assert world.cell_a1.dissolved_on == EFFECTIVE
    assert set(Member.objects.filter(organization=world.cell_a2)) == {world.m1, world.m2}
    assert counts(world, BEFORE)[world.cell_a1.pk] == 2
    assert counts(world, EFFECTIVE)[world.cell_a2.pk] == 2
    assert world.cell_a1.pk not in counts(world, EFFECTIVE)
    assert AuditEntry.objects.filter(action="organizations.restructured.absorb").count() == 2
    assert AuditEntry.objects.filter(action="members.member.moved").count() == 2


def test_absorb_committee_moves_children(world: World) -> None:
    r.absorb(actor=None, source=world.org_b, into=world.org_a, effective_date=EFFECTIVE)
    world.cell_b1.refresh_from_db()
    assert world.cell_b1.parent == world.org_a
    assert world.cell_b1.path.startswith(world.org_a.path)
    assert counts(world, EFFECTIVE)[world.org_a.pk] == 3


def test_absorb_into_itself_or_own_descendant_is_refused(world: World) -> None:
    refused(lambda: r.absorb(actor=None, source=world.org_a, into=world.org_a, effective_date=EFFECTIVE), "chính nó")
    refused(
        lambda: r.absorb(actor=None, source=world.org_a, into=world.cell_a1, effective_date=EFFECTIVE),
        "tổ chức cấp dưới",
    )


# --- split -------------------------------------------------------------------------------------------------


def test_split_cell_assigns_each_member_once(world: World) -> None:
    parts = [
        r.SplitPart(code="A1a", name="Chi bộ Ngân sách 1", kind=OrgKind.CELL, member_ids=[world.m1.pk]),
        r.SplitPart(code="A1b", name="Chi bộ Ngân sách 2", kind=OrgKind.CELL, member_ids=[world.m2.pk]),
    ]
    created = r.split(actor=None, source=world.cell_a1, parts=parts, effective_date=EFFECTIVE)
    world.m1.refresh_from_db()
    world.m2.refresh_from_db()
    assert (world.m1.organization, world.m2.organization) == (created[0], created[1])
    assert all(o.parent_id == world.org_a.pk for o in created)
    assert shape(world.org_a, EFFECTIVE) == [
        (0, "Đảng bộ Sở Tài chính"),
        (1, "Chi bộ Ngân sách 1"),
        (1, "Chi bộ Ngân sách 2"),
        (1, "Chi bộ Văn phòng Sở"),
    ]
    assert shape(world.org_a, BEFORE) == [
        (0, "Đảng bộ Sở Tài chính"),
        (1, "Chi bộ Phòng Ngân sách"),
        (1, "Chi bộ Văn phòng Sở"),
    ]
    after = counts(world, EFFECTIVE)
    assert (after[created[0].pk], after[created[1].pk]) == (1, 1)


def test_split_committee_moves_children(world: World) -> None:
    parts = [
        r.SplitPart(code="A-X", name="Đảng bộ X", kind=OrgKind.GRASSROOTS_COMMITTEE, child_ids=[world.cell_a1.pk]),
        r.SplitPart(code="A-Y", name="Đảng bộ Y", kind=OrgKind.GRASSROOTS_COMMITTEE, child_ids=[world.cell_a2.pk]),
    ]
    x, y = r.split(actor=None, source=world.org_a, parts=parts, effective_date=EFFECTIVE)
    world.cell_a1.refresh_from_db()
    assert world.cell_a1.parent == x and world.cell_a1.path.startswith(x.path)
    assert counts(world, EFFECTIVE)[x.pk] == 2 and counts(world, EFFECTIVE)[y.pk] == 0


def test_split_with_unassigned_or_doubly_assigned_member_is_refused(world: World) -> None:
    def go(ids1: list[int], ids2: list[int]) -> Any:
        parts = [
            r.SplitPart(code="P1", name="Chi bộ 1", kind=OrgKind.CELL, member_ids=ids1),
            r.SplitPart(code="P2", name="Chi bộ 2", kind=OrgKind.CELL, member_ids=ids2),
        ]
        return lambda: r.split(actor=None, source=world.cell_a1, parts=parts, effective_date=EFFECTIVE)

    refused(go([world.m1.pk], []), "Còn 1 đảng viên chưa được phân")
    refused(go([world.m1.pk, world.m2.pk], [world.m2.pk]), "chỉ được phân về một tổ chức mới")
    refused(go([world.m1.pk, world.m3.pk], [world.m2.pk]), "không thuộc tổ chức chia tách")


def test_split_into_one_part_is_refused(world: World) -> None:
    parts = [r.SplitPart(code="P1", name="Chi bộ 1", kind=OrgKind.CELL, member_ids=[world.m1.pk, world.m2.pk])]
    refused(lambda: r.split(actor=None, source=world.cell_a1, parts=parts, effective_date=EFFECTIVE), "ít nhất hai")


# --- dissolve ----------------------------------------------------------------------------------------------


def test_dissolve_with_members_and_no_destination_is_refused(world: World) -> None:
    refused(
        lambda: r.dissolve(actor=None, org=world.cell_a1, effective_date=EFFECTIVE),
        "còn 2 đảng viên đang sinh hoạt: hãy chọn chi bộ tiếp nhận",
    )
    refused(lambda: r.dissolve(actor=None, org=world.org_a, effective_date=EFFECTIVE), "còn 2 tổ chức trực thuộc")


def test_dissolve_moves_members_without_changing_status(world: World, decision: r.Decision) -> None:
    world.m2.status = MemberStatus.PROBATIONARY
    world.m2.save(update_fields=["status"])
    r.dissolve(actor=None, org=world.cell_a1, members_to=world.cell_a2, effective_date=EFFECTIVE, decision=decision)
    world.cell_a1.refresh_from_db()
    world.m2.refresh_from_db()
    assert world.cell_a1.dissolved_on == EFFECTIVE
    assert world.m2.organization == world.cell_a2 and world.m2.status == MemberStatus.PROBATIONARY
    assert (1, "Chi bộ Phòng Ngân sách") in shape(world.org_a, BEFORE)
    assert (1, "Chi bộ Phòng Ngân sách") not in shape(world.org_a, EFFECTIVE)
    assert counts(world, BEFORE)[world.cell_a2.pk] == 0 and counts(world, EFFECTIVE)[world.cell_a2.pk] == 2


def test_dissolve_into_own_subtree_is_refused(world: World) -> None:
    refused(
        lambda: r.dissolve(actor=None, org=world.org_a, children_to=world.cell_a1, effective_date=EFFECTIVE),
        "tổ chức cấp dưới",
    )
    refused(
        lambda: r.dissolve(actor=None, org=world.cell_a1, members_to=world.cell_a1, effective_date=EFFECTIVE),
        "sẽ giải thể",
    )


def test_dissolve_twice_is_refused(world: World) -> None:
    r.dissolve(actor=None, org=world.cell_a2, effective_date=EFFECTIVE)
    refused(lambda: r.dissolve(actor=None, org=world.cell_a2, effective_date=AFTER), "đã giải thể ngày 01/04/2024")


# --- history -------------------------------------------------------------------------------------------------


def test_bloc_formed_by_merge_shows_former_blocs_as_of_earlier_date(world: World) -> None:
    other = make_org(name="Đảng bộ Khối Doanh nghiệp", kind=OrgKind.UPPER, code="KHOI2")
    new_bloc = r.merge(
        actor=None,
        orgs=[world.bloc, other],
        code="KHOI-MOI",
        name="Đảng bộ Khối mới",
        kind=OrgKind.UPPER,
        parent=None,
        effective_date=dt.date(2025, 2, 1),
    )
    world.org_a.refresh_from_db()
    assert world.org_a.parent == new_bloc and world.org_a.depth == 1
    assert [o.name for o in roots_as_of([new_bloc], dt.date(2024, 12, 31))] == [
        "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh",
        "Đảng bộ Khối Doanh nghiệp",
    ]
    assert roots_as_of([new_bloc], dt.date(2025, 2, 1)) == [new_bloc]
    # an officer of the new bloc sees the former blocs' counts for the earlier date
    officer = make_user("bantochuc_moi", role=RoleKind.BLOC_ORGANIZATION_OFFICER, organization=new_bloc)
    earlier = member_counts_as_of(scope_for(officer), day=dt.date(2024, 12, 31))
    assert (earlier[world.bloc.pk], earlier[other.pk], earlier[world.org_a.pk]) == (3, 0, 2)
    assert new_bloc.pk not in earlier
    assert member_counts_as_of(scope_for(officer), day=dt.date(2025, 2, 1))[new_bloc.pk] == 3


def test_counts_as_of_are_limited_to_the_scope(world: World) -> None:
    scoped = member_counts_as_of(scope_for(world.officer), day=EFFECTIVE)
    assert scoped == {world.org_a.pk: 2, world.cell_a1.pk: 2, world.cell_a2.pk: 0}
    assert member_counts_as_of(scope_for(world.member_user), day=EFFECTIVE) == {}
