"""Shares up the tree: exact to the dong through four levels (cell → grassroots → a level above → bloc), the
retention settings and their refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.dues.models import CellDuesMonth, RetentionSetting
from dangbo.dues.shares import explanation, flows, load_tree, rule_for_month, set_retention, split
from dangbo.dues.statements import period_months, statement
from dangbo.organizations.enums import OrgKind
from tests.conftest import World
from tests.factories import make_org, make_user

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def collect(cell: object, month: dt.date, paid: int, extra: int = 0) -> None:
    CellDuesMonth.objects.create(organization=cell, path=cell.path, month=month, paid=paid, extra=extra)  # type: ignore[attr-defined]


@pytest.mark.parametrize("amount", [0, 1, 2, 3, 7, 99, 101, 333_333, 1_000_001, 8_499_999])
@pytest.mark.parametrize("percent", [30, 33, 50, 70, 90])
def test_split_adds_up_and_floors_what_goes_up(amount: int, percent: int) -> None:
    kept, passed = split(amount, percent)
    assert kept + passed == amount
    assert passed == amount * (100 - percent) // 100
    assert kept >= amount * percent // 100


@pytest.fixture
def four_levels(db: None) -> dict[str, object]:
    bloc = make_org(name="Đảng bộ Khối", kind=OrgKind.UPPER, code="K")
    upper = make_org(name="Đảng bộ Tổng công ty", kind=OrgKind.UPPER, parent=bloc, code="TCT")
    grassroots = make_org(name="Đảng bộ Công ty con", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=upper, code="CT")
    cells = [make_org(name=f"Chi bộ {i}", parent=grassroots, code=f"CB{i}") for i in (1, 2, 3)]
    lone = make_org(name="Chi bộ cơ sở Xí nghiệp", kind=OrgKind.GRASSROOTS_CELL, parent=bloc, code="CBCS")
    return {"bloc": bloc, "upper": upper, "grassroots": grassroots, "cells": cells, "lone": lone}


def test_shares_add_up_exactly_through_four_levels(four_levels: dict[str, object]) -> None:
    bloc, upper, grassroots, cells, lone = (four_levels[k] for k in ("bloc", "upper", "grassroots", "cells", "lone"))
    RetentionSetting.objects.create(organization=cells[1], start=JAN, percent=33)  # type: ignore[index]
    RetentionSetting.objects.create(organization=cells[2], start=FEB, percent=50)  # type: ignore[index]
    amounts = {0: [85_001, 3, 1], 1: [12_345, 7, 999_999], 2: [1, 2, 33_333]}
    for c, per_month in amounts.items():
        for month, paid in zip((JAN, FEB, MAR), per_month, strict=True):
            collect(cells[c], month, paid, extra=1 if c == 2 else 0)  # type: ignore[index]
    collect(lone, FEB, 70_007)
    months = [JAN, FEB, MAR]
    result = flows(load_tree(bloc, months), months)  # type: ignore[arg-type]
    collected = sum(sum(v) for v in amounts.values()) + 3 + 70_007

    f = {name: result[org.pk] for name, org in (("bloc", bloc), ("upper", upper), ("g", grassroots))}  # type: ignore[attr-defined]
    cell_flows = [result[c.pk] for c in cells]  # type: ignore[attr-defined, union-attr]
    lone_flow = result[lone.pk]  # type: ignore[attr-defined]
    # every unit keeps what it does not pass up
    for flow in [*f.values(), *cell_flows, lone_flow]:
        assert flow.retained + flow.to_remit == flow.received
        assert flow.retained >= 0 and flow.to_remit >= 0
    # what each level receives is what the level below passed up
    assert f["g"].received == sum(c.to_remit for c in cell_flows)
    assert f["upper"].received == f["g"].to_remit
    assert f["bloc"].received == f["upper"].to_remit + lone_flow.to_remit
    # collected counts the whole subtree, paid and voluntary extra
    assert f["bloc"].collected == collected
    # and all that was kept plus what the bloc passes on to the province is what was collected, to the dong
    kept = sum(r.retained for r in result.values())
    assert kept + f["bloc"].to_remit == collected
    # the grassroots organization as a whole keeps 70% of each month's collection: 30% (rounded down) goes up
    by_month = [sum(amounts[c][i] + (1 if c == 2 else 0) for c in amounts) for i in range(3)]
    assert f["g"].to_remit == sum(total * 30 // 100 for total in by_month)
    assert f["upper"].to_remit == sum((t * 30 // 100) * 50 // 100 for t in by_month)


def test_month_by_month_sums_equal_the_quarter(four_levels: dict[str, object]) -> None:
    bloc, cells = four_levels["bloc"], four_levels["cells"]
    for i, cell in enumerate(cells):  # type: ignore[arg-type]
        for month in (JAN, FEB, MAR):
            collect(cell, month, 10_001 * (i + 1) + month.month)
    quarter = statement(bloc, period_months(2026, quarter=1))  # type: ignore[arg-type]
    monthly = [statement(bloc, [m]) for m in (JAN, FEB, MAR)]  # type: ignore[arg-type]
    assert quarter.total.collected == sum(s.total.collected for s in monthly)
    assert quarter.total.retained == sum(s.total.retained for s in monthly)
    assert quarter.total.to_remit == sum(s.total.to_remit for s in monthly)


def test_grassroots_keeps_seventy_percent_of_its_whole_collection(four_levels: dict[str, object]) -> None:
    grassroots, cells = four_levels["grassroots"], four_levels["cells"]
    collect(cells[0], FEB, 100_003)  # type: ignore[index]
    collect(cells[1], FEB, 50_001)  # type: ignore[index]
    result = flows(load_tree(grassroots, [FEB]), [FEB])  # type: ignore[arg-type]
    g = result[grassroots.pk]  # type: ignore[attr-defined]
    assert g.collected == 150_004
    assert g.to_remit == 150_004 * 30 // 100  # 45 001 up to the level above
    c0, c1 = result[cells[0].pk], result[cells[1].pk]  # type: ignore[index]
    assert (c0.retained, c0.to_remit) == (100_003 - 100_003 * 70 // 100, 100_003 * 70 // 100)  # 30% by default
    assert g.retained + c0.retained + c1.retained + g.to_remit == 150_004


def test_the_shares_say_they_are_the_342_default_assumed_for_2026(db: None) -> None:
    text = explanation(rule_for_month(FEB))
    assert "giả định" in text and "342" in text
    assert "30–50%" in text and "70% hoặc 90%" in text and "50%" in text


# --- retention settings -----------------------------------------------------------------------------------------


def test_grassroots_officer_sets_a_cell_retention(world: World) -> None:
    scope = scope_for(world.officer)
    setting = set_retention(actor=world.officer, scope=scope, organization=world.cell_a1, start=dt.date(2026, 3, 15),
                            percent=45, decision_number="12-QĐ/ĐU")  # fmt: skip
    assert (setting.start, setting.percent) == (MAR, 45)
    assert AuditEntry.objects.filter(action="dues.retention.set", object_id=str(setting.pk)).count() == 1
    changed = set_retention(actor=world.officer, scope=scope, organization=world.cell_a1, start=MAR, percent=50,
                            expected_version=1)  # fmt: skip
    assert (changed.pk, changed.percent, changed.version) == (setting.pk, 50, 2)


@pytest.mark.parametrize(
    ("who", "org", "percent", "words"),
    [
        ("officer", "cell_a1", 29, "từ 30% đến 50%"),
        ("officer", "cell_a1", 51, "từ 30% đến 50%"),
        ("officer", "org_a", 70, "cấp ủy cấp trên trực tiếp"),  # a grassroots committee does not set its own
        ("outsider", "cell_a1", 40, "cấp ủy cấp trên trực tiếp"),
        ("office", "org_a", 80, "70% hoặc 90%"),
        ("office", "bloc", 50, "cấp ủy cấp trên trực tiếp"),
    ],
)
def test_retention_refusals_write_nothing(world: World, who: str, org: str, percent: int, words: str) -> None:
    users = {"officer": world.officer, "outsider": world.outsider}
    user = users.get(who) or make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        set_retention(actor=user, scope=scope_for(user), organization=getattr(world, org), start=MAR, percent=percent)
    assert words in refused.value.message
    assert not RetentionSetting.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_office_sets_a_grassroots_retention_of_ninety(world: World) -> None:
    office = make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    setting = set_retention(actor=office, scope=scope_for(office), organization=world.org_a, start=FEB, percent=90)
    assert setting.percent == 90


def test_flows_of_some_units_are_those_of_the_whole_tree(four_levels: dict[str, object]) -> None:
    bloc, grassroots, cells, lone = (four_levels[k] for k in ("bloc", "grassroots", "cells", "lone"))
    RetentionSetting.objects.create(organization=cells[0], start=FEB, percent=45)  # type: ignore[index]
    for i, cell in enumerate(cells):  # type: ignore[attr-defined]
        collect(cell, JAN, 10_001 * (i + 1))
        collect(cell, FEB, 333 + i, extra=i)
    collect(lone, JAN, 999)
    months = [JAN, FEB]
    tree = load_tree(bloc, months)  # type: ignore[arg-type]
    wanted = [bloc.pk, grassroots.pk, lone.pk]  # type: ignore[attr-defined]
    some = flows(tree, months, units=wanted)
    every = flows(tree, months)
    assert set(some) == set(wanted)
    assert all(some[pk] == every[pk] for pk in wanted)
    assert every[cells[0].pk].to_remit == 10_001 * 70 // 100 + 333 * 55 // 100  # type: ignore[index]
