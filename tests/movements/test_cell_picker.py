"""The receiving cell picker of an internal transfer: the active cells of the whole tree matching what was typed
(not upper levels, not dissolved cells), for those who manage movements only; the form re-checks the chosen id and,
without JavaScript, decides from the text (one match chosen, several offered, none refused)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from dangbo.members.models import Member
from dangbo.movements.enums import MovementState
from dangbo.movements.models import Movement
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from ..conftest import World
from ..factories import make_org

pytestmark = pytest.mark.django_db

PICKER = "/bien-dong/chon-chi-bo/"


def dissolved_cell(world: World, name: str, code: str) -> Organization:
    cell = make_org(name=name, parent=world.org_b, code=code)
    Organization.objects.filter(pk=cell.pk).update(dissolved_on=dt.date(2025, 1, 1))
    return cell


def test_the_picker_lists_only_active_cells_of_the_whole_tree(world: World, as_officer: Client) -> None:
    dissolved_cell(world, "Chi bộ Phân xưởng cũ", "B9")
    page = as_officer.get(PICKER, {"to_chuc_tim": "phan xuong"}).content.decode()
    assert f'value="{world.cell_b1.pk}"' in page and 'type="radio" name="to_chuc"' in page
    assert "Phân xưởng cũ" not in page
    upper = as_officer.get(PICKER, {"to_chuc_tim": "dien luc"}).content.decode()
    assert f'value="{world.org_b.pk}"' not in upper and f'value="{world.cell_b1.pk}"' in upper  # parent's name
    assert "Không có chi bộ đang hoạt động nào khớp" in as_officer.get(PICKER, {"to_chuc_tim": "zzz"}).content.decode()
    assert as_officer.get(PICKER).content.decode().strip() == ""


def test_the_picker_needs_the_right_to_manage_movements(world: World, as_member: Client) -> None:
    assert as_member.get(PICKER, {"to_chuc_tim": "chi bo"}).status_code == 403


def test_many_cells_offer_the_first_twenty_and_ask_for_more(world: World, as_officer: Client) -> None:
    for n in range(22):
        make_org(name=f"Chi bộ Kho số {n}", parent=world.org_b, code=f"K{n}")
    page = as_officer.get(PICKER, {"to_chuc_tim": "kho"}).content.decode()
    assert page.count('type="radio"') == 20 and "hãy gõ thêm" in page


def _post(client: Client, world: World, **picked: object) -> object:
    url = f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-sinh-hoat/"
    return client.post(url, {"on": "02/03/2026", "reason": "Chuyển công tác", **picked})


def test_without_javascript_the_typed_name_decides(world: World, as_bloc_officer: Client) -> None:
    make_org(name="Chi bộ Phân xưởng 2", parent=world.org_b, code="B2")
    several = _post(as_bloc_officer, world, to_chuc_tim="phan xuong")
    assert several.status_code == 400 and not Movement.objects.exists()
    page = several.content.decode()
    assert "Có nhiều tổ chức khớp" in page and page.count('type="radio" name="to_chuc"') == 2
    none = _post(as_bloc_officer, world, to_chuc_tim="khong co")
    assert none.status_code == 400 and "Không có chi bộ đang hoạt động nào khớp" in none.content.decode()
    empty = _post(as_bloc_officer, world, to_chuc_tim="")
    assert empty.status_code == 400 and "Hãy chọn chi bộ nhận" in empty.content.decode()
    one = _post(as_bloc_officer, world, to_chuc_tim="van phong so")
    assert one.status_code == 302
    assert Member.objects.get(pk=world.m1.pk).organization_id == world.cell_a2.pk


def test_the_chosen_id_is_checked_again(world: World, as_bloc_officer: Client) -> None:
    gone = dissolved_cell(world, "Chi bộ Đã giải thể", "B8")
    for org in (gone, world.org_b, world.bloc):
        answer = _post(as_bloc_officer, world, to_chuc=org.pk, to_chuc_tim=org.name)
        assert answer.status_code == 400 and "Không tìm thấy tổ chức này" in answer.content.decode()
    assert not Movement.objects.exists()
    assert world.org_b.kind == OrgKind.GRASSROOTS_COMMITTEE
    chosen = _post(as_bloc_officer, world, to_chuc=world.cell_b1.pk, to_chuc_tim="phan")
    assert chosen.status_code == 302 and Movement.objects.get().state == MovementState.DONE
