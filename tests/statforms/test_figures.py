"""Every shipped form against the dataset of `helpers` counted by hand, on 31/12/2025 (before the merge of A1 and
A2 and the hand-over of B1 to A) and on 30/06/2026 (after them). The figures of the earlier day do not change with
the later restructuring: they follow the tree of that day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.organizations.models import Organization
from dangbo.statforms import compute as compute_module
from dangbo.statforms.compute import compute, register_rows
from dangbo.statforms.models import StatForm
from tests.conftest import World

from .helpers import AFTER, BEFORE, build

pytestmark = pytest.mark.django_db

BLOC, A, B = "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh", "Đảng bộ Sở Tài chính", "Đảng bộ Công ty Điện lực"
A1, A2, B1, A12 = "Chi bộ Phòng Ngân sách", "Chi bộ Văn phòng Sở", "Chi bộ Phân xưởng", "Chi bộ Sở hợp nhất"


def figures(code: str, unit: Organization, day: dt.date) -> dict[str, list[int | None]]:
    table = compute(StatForm.objects.get(code=code), unit, day)
    return {row.name: row.values for row in table.rows}


def test_gender(world: World) -> None:
    build(world)
    # 31/12/2025 on the rolls: A1 m1 (M), m2 (F), m8 (M); A2 m4 (F), m7 (M); B1 m3 (M), m5 (M). m6, m9 left.
    assert figures("DV-GIOI-TINH", world.bloc, BEFORE) == {
        BLOC: [7, 5, 2], A: [5, 3, 2], A1: [3, 2, 1], A2: [2, 1, 1], B: [2, 2, 0], B1: [2, 2, 0]}  # fmt: skip
    # 30/06/2026: A12 holds A1 and A2's five; B1 (two men) now under A; B empty.
    assert figures("DV-GIOI-TINH", world.bloc, AFTER) == {
        BLOC: [7, 5, 2], A: [7, 5, 2], A12: [5, 3, 2], B1: [2, 2, 0], B: [0, 0, 0]}  # fmt: skip


def test_age_bands(world: World) -> None:
    build(world)
    # Ages on 31/12/2025: m1, m2, m3 45 (41–50); m4 25 and m8 30 (≤ 30); m7 40 (31–40); m5 70 (≥ 61).
    assert figures("DV-DO-TUOI", world.bloc, BEFORE) == {
        BLOC: [7, 2, 1, 3, 0, 1], A: [5, 2, 1, 2, 0, 0], A1: [3, 1, 0, 2, 0, 0], A2: [2, 1, 1, 0, 0, 0],
        B: [2, 0, 0, 1, 0, 1], B1: [2, 0, 0, 1, 0, 1]}  # fmt: skip
    # On 30/06/2026 m8 is 31: ≤ 30 only m4; 31–40 m7 (still 40) and m8.
    assert figures("DV-DO-TUOI", world.bloc, AFTER)[BLOC] == [7, 1, 2, 3, 0, 1]
    assert figures("DV-DO-TUOI", world.bloc, AFTER)[A12] == [5, 1, 2, 2, 0, 0]


def test_ethnicity_religion_education_theory(world: World) -> None:
    build(world)
    # Kinh m1 m2 m3 m7; Tày m4; Mường m8; Ê Đê m5 (other).
    assert figures("DV-DAN-TOC", world.bloc, BEFORE)[BLOC] == [7, 4, 1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert figures("DV-DAN-TOC", world.bloc, BEFORE)[A2] == [2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    # No religion: five; Buddhist m4; Catholic m5.
    assert figures("DV-TON-GIAO", world.bloc, BEFORE)[BLOC] == [7, 5, 1, 1, 0, 0, 0, 0]
    assert figures("DV-TON-GIAO", world.bloc, BEFORE)[B1] == [2, 1, 0, 1, 0, 0, 0, 0]
    # University m4, master m5, five not recorded.
    assert figures("DV-HOC-VAN", world.bloc, BEFORE)[BLOC] == [7, 0, 0, 0, 0, 1, 1, 0, 5]
    # Theory: none five, elementary m4, advanced m5.
    assert figures("DV-LY-LUAN", world.bloc, BEFORE)[BLOC] == [7, 5, 1, 0, 1, 0]
    assert figures("DV-LY-LUAN", world.org_a, BEFORE) == {A: [5, 4, 1, 0, 0, 0], A1: [3, 3, 0, 0, 0, 0],
                                                         A2: [2, 1, 1, 0, 0, 0]}  # fmt: skip
    # 30/06/2026: A12 holds m1 m2 m4 m7 m8; B1 (m3, m5) now under A; B empty.
    assert figures("DV-DAN-TOC", world.bloc, AFTER) == {
        BLOC: [7, 4, 1, 0, 1, 0, 0, 0, 0, 0, 1], A: [7, 4, 1, 0, 1, 0, 0, 0, 0, 0, 1],
        A12: [5, 3, 1, 0, 1, 0, 0, 0, 0, 0, 0], B1: [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], B: [0] * 11}  # fmt: skip
    assert figures("DV-TON-GIAO", world.bloc, AFTER) == {
        BLOC: [7, 5, 1, 1, 0, 0, 0, 0], A: [7, 5, 1, 1, 0, 0, 0, 0], A12: [5, 4, 1, 0, 0, 0, 0, 0],
        B1: [2, 1, 0, 1, 0, 0, 0, 0], B: [0] * 8}  # fmt: skip
    assert figures("DV-HOC-VAN", world.bloc, AFTER) == {
        BLOC: [7, 0, 0, 0, 0, 1, 1, 0, 5], A: [7, 0, 0, 0, 0, 1, 1, 0, 5], A12: [5, 0, 0, 0, 0, 1, 0, 0, 4],
        B1: [2, 0, 0, 0, 0, 0, 1, 0, 1], B: [0] * 9}  # fmt: skip
    assert figures("DV-LY-LUAN", world.bloc, AFTER) == {
        BLOC: [7, 5, 1, 0, 1, 0], A: [7, 5, 1, 0, 1, 0], A12: [5, 4, 1, 0, 0, 0], B1: [2, 1, 0, 0, 1, 0],
        B: [0] * 6}  # fmt: skip
    # The earlier day's figures do not move with the later restructuring.
    assert figures("DV-LY-LUAN", world.org_a, BEFORE)[A] == [5, 4, 1, 0, 0, 0]


def test_seniority_bands(world: World) -> None:
    build(world)
    # 31/12/2025: m1 m2 m3 (2005) 20 years; m4 (2025) 0 and m8 (2018) 7: under 10; m7 (2012) 13; m5 (1975) 50,
    # also in "of them 40 years or more".
    assert figures("DV-TUOI-DANG", world.bloc, BEFORE)[BLOC] == [7, 2, 1, 3, 0, 0, 1, 1]
    assert figures("DV-TUOI-DANG", world.bloc, BEFORE)[B1] == [2, 0, 0, 1, 0, 0, 1, 1]
    # 30/06/2026: m1 m2 m3 21 years; m4 1 and m8 8; m7 14; m5 51. A12: m1 m2 m4 m7 m8; B1 (m3, m5) under A.
    assert figures("DV-TUOI-DANG", world.bloc, AFTER) == {
        BLOC: [7, 2, 1, 3, 0, 0, 1, 1], A: [7, 2, 1, 3, 0, 0, 1, 1], A12: [5, 2, 1, 2, 0, 0, 0, 0],
        B1: [2, 0, 0, 1, 0, 0, 1, 1], B: [0] * 8}  # fmt: skip


def test_seniority_leaves_out_a_gap(world: World) -> None:
    """A member struck off for ten years and admitted again counts the years in between out."""
    from dangbo.members import services as registry
    from dangbo.members.models import MemberStatusPeriod

    build(world, restructure=False)
    # m3, admitted 19/05/2005: 20 years on 31/12/2025; with a gap 01/01/2010–01/01/2020, 10 years (10–19).
    MemberStatusPeriod.objects.filter(member=world.m3).delete()
    MemberStatusPeriod.objects.create(
        member=world.m3, status="full", start=dt.date(2005, 5, 19), end=dt.date(2010, 1, 1)
    )
    MemberStatusPeriod.objects.create(member=world.m3, status="struck_off", start=dt.date(2010, 1, 1),
                                      end=dt.date(2020, 1, 1))  # fmt: skip
    MemberStatusPeriod.objects.create(member=world.m3, status="full", start=dt.date(2020, 1, 1))
    assert registry  # the registry's own services wrote everything else
    assert figures("DV-TUOI-DANG", world.bloc, BEFORE)[B1] == [2, 0, 1, 0, 0, 0, 1, 1]


def test_status(world: World) -> None:
    build(world)
    # Full: m1 m2 m3 m5 m7 m8; probationary: m4.
    assert figures("DV-TRANG-THAI", world.bloc, BEFORE)[BLOC] == [7, 6, 1, 0, 0, 0]
    assert figures("DV-TRANG-THAI", world.bloc, AFTER)[A] == [7, 6, 1, 0, 0, 0]


def test_organizations_by_kind(world: World) -> None:
    build(world)
    # 31/12/2025 under the bloc: A, B (grassroots committees), A1, A2, B1 (cells).
    assert figures("TC-LOAI", world.bloc, BEFORE)[BLOC] == [5, 0, 2, 0, 0, 3, 0]
    # 30/06/2026: A, B; A12 and B1 (both under A).
    assert figures("TC-LOAI", world.bloc, AFTER) == {
        BLOC: [4, 0, 2, 0, 0, 2, 0], A: [2, 0, 0, 0, 0, 2, 0], A12: [0] * 7, B1: [0] * 7, B: [0] * 7}  # fmt: skip


def test_increases_and_decreases(world: World) -> None:
    build(world)
    # 2025: admitted m4 in A2 (a woman, Youth Union); m8 arrived in A1 from outside the bloc; m7 moved B1 → A2
    # (in for A2 and A, out for B1 and B, nothing for the bloc); m9 struck off and m6 died in A1; m5 disciplined
    # in B1.           adm  nữ  đoàn  đến  đi  xóa  khai  ra  chết  kỷ luật
    assert figures("DV-TANG-GIAM", world.bloc, BEFORE) == {
        BLOC: [1, 1, 1, 1, 0, 1, 0, 0, 1, 1],
        A: [1, 1, 1, 2, 0, 1, 0, 0, 1, 0],
        A1: [0, 0, 0, 1, 0, 1, 0, 0, 1, 0],
        A2: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        B: [0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
        B1: [0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    }
    # 2026 to 30/06: the merge moved five members into A12 and B1 changed parent: neither is a transfer.
    assert all(values == [0] * 10 for values in figures("DV-TANG-GIAM", world.bloc, AFTER).values())


def test_reconciliation(world: World) -> None:
    build(world)
    # Quarter from 01/10/2025: nobody moved in it. Each level equals its direct members plus its children.
    assert figures("DOI-CHIEU-QUY", world.bloc, BEFORE) == {
        BLOC: [7, 7, 0, 7, 0], A: [5, 5, 0, 5, 0], A1: [3, 3, 3, 0, 0], A2: [2, 2, 2, 0, 0],
        B: [2, 2, 0, 2, 0], B1: [2, 2, 2, 0, 0]}  # fmt: skip
    # Quarter from 01/04/2026, the day B1 came under A.
    assert figures("DOI-CHIEU-QUY", world.bloc, AFTER) == {
        BLOC: [7, 7, 0, 7, 0], A: [7, 7, 0, 7, 0], A12: [5, 5, 5, 0, 0], B1: [2, 2, 2, 0, 0],
        B: [0, 0, 0, 0, 0]}  # fmt: skip
    # A12 was formed on 01/03/2026: in the quarter from 01/01/2026 its opening count is empty.
    assert figures("DOI-CHIEU-QUY", world.org_a, dt.date(2026, 3, 31))[A12] == [None, 5, 5, 0, 0]


def test_register(world: World) -> None:
    data = build(world)
    form = StatForm.objects.get(code="7-HSDV")
    table = compute(form, world.org_a, BEFORE)
    rows = list(register_rows(table))
    # A on 31/12/2025: A1 m1, m2, m8 then A2 m4, m7, in Vietnamese order within each cell.
    names = [row[1] for row in rows]
    assert sorted(names[:3]) == sorted(["Nguyễn Văn Hùng", "Đặng Thị Lan", "=1+1 Hải"])
    assert sorted(names[3:]) == sorted(["Lò Thị Hoa", "Nguyễn Văn Phúc"])
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]
    hoa = rows[names.index("Lò Thị Hoa")]
    assert hoa[2] is None and hoa[3] == dt.date(2000, 3, 1)  # a woman: the birth date in the women's column
    assert hoa[7] == dt.date(2025, 3, 10) and hoa[8] is None  # admitted, not yet full
    phuc = rows[names.index("Nguyễn Văn Phúc")]
    assert phuc[11] == dt.date(2025, 6, 1)  # came to the cell on the move
    assert table.unfilled == ["Nơi chuyển đến, chuyển đi", "Ghi chú"]
    assert all(row[12] == "" and row[13] == "" for row in rows)
    # After the merge the same five stand in A12, with B1's two (m3, m5), handed to A, in one numbering.
    after = list(register_rows(compute(form, world.org_a, AFTER)))
    assert len(after) == 7 and data.a12 is not None
    assert sorted(row[1] for row in after) == sorted([*names, world.m3.full_name, data.m5.full_name])
    assert [row[0] for row in after] == [1, 2, 3, 4, 5, 6, 7]
    # The earlier day's register of A does not move with the later restructuring.
    assert [row[1] for row in register_rows(compute(form, world.org_a, BEFORE))] == names


def test_register_is_the_same_read_one_cell_a_query(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The register reads its cells in groups (`CELLS_PER_QUERY`): groups of one cell give the same rows, in the
    tree's order of cells and one numbering."""
    build(world)
    form = StatForm.objects.get(code="7-HSDV")
    table = compute(form, world.bloc, AFTER)
    grouped = list(register_rows(table))
    monkeypatch.setattr(compute_module, "CELLS_PER_QUERY", 1)
    assert list(register_rows(table)) == grouped
    assert len(grouped) > 5 and [row[0] for row in grouped] == list(range(1, len(grouped) + 1))


def test_queries_do_not_grow_with_members(world: World) -> None:
    build(world)
    form = StatForm.objects.get(code="DV-DO-TUOI")
    with CaptureQueriesContext(connection) as few:
        compute(form, world.bloc, BEFORE)
    for n in range(20):
        from tests.factories import make_member

        make_member(organization=world.cell_b1, given_name=f"Thêm{n}")
    with CaptureQueriesContext(connection) as many:
        compute(form, world.bloc, BEFORE)
    assert len(many) == len(few) <= 4


def test_rows_follow_tree_as_of(world: World) -> None:
    """The forms' rows are the tree of `organizations.selectors.tree_as_of`, in the same order and depth."""
    from dangbo.organizations.selectors import tree_as_of
    from dangbo.statforms.tree import tree_rows

    build(world)
    for day in (BEFORE, AFTER):
        expected = [(p.organization_id, p.name, depth) for depth, p in tree_as_of(world.bloc, day)]
        assert [(r.organization_id, r.name, r.depth) for r in tree_rows(world.bloc, day)] == expected
